//! The validation report: one self-contained HTML page (inline CSS, inline SVG charts, a
//! few lines of script for the threshold slider; no external assets, so it can be mailed,
//! archived with the validation file and opened offline years later).
//!
//! The charts are static SVG drawn here, so the page shows everything with scripts off and
//! prints as it looks; the script only adds the slider that reads the sweep.

use crate::{Category, Detection, MissExplanation, Summary, SweepPoint};
use std::fmt::Write;

const BLUE: &str = "#2563eb";
const ORANGE: &str = "#ea580c";
const GREEN: &str = "#16a34a";
const GREY: &str = "#6b7280";
const TRACK: &str = "#eef2f7";
const GRID: &str = "#e5e7eb";
const INK: &str = "#111827";

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// A count with thousands separators ("17,888").
pub fn count(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn num(x: f64) -> String {
    format!("{x:.2}")
}

/// A section of examples: its heading with how many are shown of how many there are, and a
/// table of `rows` under `headers`.
fn examples(
    s: &mut String,
    title: &str,
    (shown, of): (usize, usize),
    headers: &str,
    rows: impl Iterator<Item = String>,
) {
    let _ = write!(
        s,
        "<h2>{title} ({shown} of {})</h2><table><thead><tr>{headers}</tr></thead><tbody>",
        count(of)
    );
    for r in rows {
        s.push_str(&r);
    }
    s.push_str("</tbody></table>");
}

fn miss_why(w: Option<&MissExplanation>, score: f64) -> String {
    match w {
        None => String::new(),
        Some(w) => {
            let found = if w.retrieved {
                "retrieved".to_string()
            } else {
                "not retrieved by the candidate index".to_string()
            };
            let direct = w
                .explanation
                .as_ref()
                .map(|e| e.to_string())
                .unwrap_or_else(|| "no name in common".into());
            if score > 0.0 || !w.retrieved {
                format!("{found}; compared directly {:.2}: {direct}", w.direct_score)
            } else {
                format!("{found}, scored below the floor; {direct}")
            }
        }
    }
}

/// Horizontal bars, one per group, with rate and counts.
fn bars(id: &str, title: &str, groups: &[Detection]) -> String {
    let row = 24.0;
    let label_w = 190.0;
    let bar_w = 420.0;
    let h = row * groups.len() as f64 + 30.0;
    let mut s = format!(
        r#"<svg class="chart" id="{id}" role="img" aria-label="{}" width="760" height="{h}" viewBox="0 0 760 {h}">"#,
        esc(title)
    );
    for (i, g) in groups.iter().enumerate() {
        let y = 10.0 + row * i as f64;
        let w = (bar_w * g.rate).max(1.0);
        let colour = if g.rate >= 0.95 {
            GREEN
        } else if g.rate >= 0.8 {
            BLUE
        } else {
            ORANGE
        };
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end" class="lbl">{}</text><rect x="{label_w}" y="{}" width="{bar_w}" height="16" fill="{TRACK}"/><rect class="bar" x="{label_w}" y="{}" width="{w:.1}" height="16" fill="{colour}"><title>{}: {} of {}</title></rect><text x="{}" y="{}" class="val">{} ({}/{})</text>"#,
            label_w - 8.0,
            y + 13.0,
            esc(&g.group),
            y,
            y,
            esc(&g.group),
            g.detected,
            g.cases,
            label_w + bar_w + 8.0,
            y + 13.0,
            pct(g.rate),
            g.detected,
            g.cases
        );
    }
    for tick in [0.0, 0.5, 0.8, 1.0] {
        let x = label_w + bar_w * tick;
        let _ = write!(
            s,
            r#"<line x1="{x}" x2="{x}" y1="6" y2="{}" stroke="{GREY}" stroke-dasharray="2,3" stroke-width="0.6"/><text x="{x}" y="{}" text-anchor="middle" class="tick">{}</text>"#,
            h - 18.0,
            h - 6.0,
            (tick * 100.0).round()
        );
    }
    s.push_str("</svg>");
    s
}

/// Maps false alerts per 1,000 to the curve's x axis: log-like, so 0–10 is readable next to
/// hundreds.
fn fa_x(fa: f64) -> f64 {
    (1.0 + fa).log10() / 3.0
}

/// The detection / false-alert trade-off, each point a threshold.
fn curve(points: &[SweepPoint], threshold: f64, recommended: Option<f64>) -> String {
    let (w, h, left, top, pw, ph) = (760.0, 380.0, 60.0, 20.0, 660.0, 310.0);
    let min_det = points
        .iter()
        .map(|p| p.detection)
        .fold(1.0_f64, f64::min)
        .min(0.5);
    let min_det = (min_det * 10.0).floor() / 10.0;
    let x = |fa: f64| left + pw * fa_x(fa).min(1.0);
    let y = |d: f64| top + ph * (1.0 - (d - min_det) / (1.0 - min_det).max(1e-9));
    let mut s = format!(
        r#"<svg class="chart" id="chart-curve" role="img" aria-label="detection against false alerts" width="{w}" height="{h}" viewBox="0 0 {w} {h}" data-min-det="{min_det}">"#
    );
    for fa in [0.0, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0] {
        let _ = write!(
            s,
            r#"<line x1="{0:.1}" x2="{0:.1}" y1="{top}" y2="{1}" stroke="{GRID}"/><text x="{0:.1}" y="{2}" text-anchor="middle" class="tick">{fa}</text>"#,
            x(fa),
            top + ph,
            top + ph + 16.0
        );
    }
    let mut d = min_det;
    while d <= 1.0 + 1e-9 {
        let _ = write!(
            s,
            r#"<line x1="{left}" x2="{0}" y1="{1:.1}" y2="{1:.1}" stroke="{GRID}"/><text x="{2}" y="{3:.1}" text-anchor="end" class="tick">{4}</text>"#,
            left + pw,
            y(d),
            left - 6.0,
            y(d) + 4.0,
            (d * 100.0).round()
        );
        d += 0.1;
    }
    let path: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.false_alerts_per_1000), y(p.detection)))
        .collect();
    let _ = write!(
        s,
        r#"<polyline class="curve" points="{}" fill="none" stroke="{BLUE}" stroke-width="2.5"/>"#,
        path.join(" ")
    );
    for p in points {
        let _ = write!(
            s,
            r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{BLUE}"><title>threshold {:.2}: detection {}, {:.1} false alerts per 1,000</title></circle>"#,
            x(p.false_alerts_per_1000),
            y(p.detection),
            p.threshold,
            pct(p.detection),
            p.false_alerts_per_1000
        );
    }
    let mark = |s: &mut String, t: f64, colour: &str, label: &str, id: &str| {
        if let Some(p) = points.iter().find(|p| (p.threshold - t).abs() < 0.005) {
            let (px, py) = (x(p.false_alerts_per_1000), y(p.detection));
            let _ = write!(
                s,
                r#"<g id="{id}"><circle cx="{px:.1}" cy="{py:.1}" r="7" fill="none" stroke="{colour}" stroke-width="3"/><text x="{:.1}" y="{:.1}" class="mark" fill="{colour}">{} {:.2}</text></g>"#,
                px + 10.0,
                py + if id == "mark-recommended" { 18.0 } else { -8.0 },
                esc(label),
                p.threshold
            );
        }
    };
    mark(&mut s, threshold, ORANGE, "configured", "mark-configured");
    if let Some(r) = recommended {
        mark(&mut s, r, GREEN, "recommended", "mark-recommended");
    }
    let _ = write!(
        s,
        r##"<circle id="slider-mark" cx="-20" cy="-20" r="5" fill="#111827"/><text x="{}" y="{}" text-anchor="middle" class="axis">false alerts per 1,000 negatives (log scale)</text><text transform="translate(14,{}) rotate(-90)" text-anchor="middle" class="axis">detection %</text></svg>"##,
        left + pw / 2.0,
        h - 4.0,
        top + ph / 2.0
    );
    s
}

/// Score histograms of the entities the cases must find and of the negatives' best hits,
/// each as shares of its population.
fn histograms(summary: &Summary) -> String {
    let hcases = &summary.histograms.cases;
    let hneg = &summary.histograms.negatives;
    let total = |h: &[usize]| h.iter().sum::<usize>().max(1) as f64;
    let (tc, tn) = (total(hcases), total(hneg));
    let max = hcases
        .iter()
        .map(|&c| c as f64 / tc)
        .chain(hneg.iter().map(|&c| c as f64 / tn))
        .fold(0.01, f64::max);
    let (w, h, left, top, ph) = (760.0, 300.0, 50.0, 20.0, 230.0);
    let bins = hcases.len();
    let bw = (w - left - 20.0) / bins as f64;
    let mut s = format!(
        r#"<svg class="chart" id="chart-histogram" role="img" aria-label="score histograms" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#
    );
    for i in 0..bins {
        let x0 = left + bw * i as f64;
        for (k, (counts, t, colour, what)) in [
            (hcases, tc, BLUE, "listed-name cases"),
            (hneg, tn, ORANGE, "negatives"),
        ]
        .into_iter()
        .enumerate()
        {
            let share = counts.get(i).copied().unwrap_or(0) as f64 / t;
            let bh = ph * share / max;
            let _ = write!(
                s,
                r#"<rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="{bh:.1}" fill="{colour}"><title>{what}: {} ({})</title></rect>"#,
                x0 + 3.0 + k as f64 * (bw - 6.0) / 2.0,
                top + ph - bh,
                (bw - 6.0) / 2.0,
                counts.get(i).copied().unwrap_or(0),
                pct(share)
            );
        }
        let edge = summary.histograms.edges.get(i).copied().unwrap_or(0.0);
        let label = if i == 0 {
            format!("<{}", crate::SCORE_FLOOR)
        } else {
            format!("{edge:.2}")
        };
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{}" text-anchor="middle" class="tick">{label}</text>"#,
            x0 + bw / 2.0,
            top + ph + 16.0
        );
    }
    // The threshold: bins start at the floor, one bin per 0.05.
    let tx = left + bw * (1.0 + (summary.threshold - crate::SCORE_FLOOR) / 0.05);
    let _ = write!(
        s,
        r#"<line x1="{tx:.1}" x2="{tx:.1}" y1="{top}" y2="{}" stroke="{INK}" stroke-dasharray="4,3"/><text x="{:.1}" y="{}" class="mark">threshold {:.2}</text>"#,
        top + ph,
        tx + 4.0,
        top + 10.0,
        summary.threshold
    );
    let _ = write!(
        s,
        r#"<rect x="{left}" y="{}" width="12" height="12" fill="{BLUE}"/><text x="{}" y="{}" class="lbl2">entity the case must find</text><rect x="{}" y="{}" width="12" height="12" fill="{ORANGE}"/><text x="{}" y="{}" class="lbl2">best hit of a negative</text></svg>"#,
        h - 22.0,
        left + 16.0,
        h - 12.0,
        left + 230.0,
        h - 22.0,
        left + 246.0,
        h - 12.0
    );
    s
}

fn detection_table(groups: &[Detection], first: &str, with_description: bool) -> String {
    let mut s = format!(
        "<table><thead><tr><th>{first}</th>{}<th class=n>cases</th><th class=n>found</th><th class=n>detection</th></tr></thead><tbody>",
        if with_description { "<th>what</th>" } else { "" }
    );
    for g in groups {
        let _ = write!(
            s,
            "<tr><td>{}</td>{}<td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            esc(&g.group),
            if with_description {
                format!("<td>{}</td>", esc(&g.description))
            } else {
                String::new()
            },
            count(g.cases),
            count(g.detected),
            pct(g.rate)
        );
    }
    s.push_str("</tbody></table>");
    s
}

const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;margin:0;background:#f8fafc}
main{max-width:1100px;margin:0 auto;padding:24px 32px 64px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.sub{color:#4b5563;margin:0 0 16px}
.cards{display:flex;gap:14px;flex-wrap:wrap;margin:18px 0}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 16px;min-width:190px}
.card b{display:block;font-size:24px}.card span{color:#4b5563;font-size:13px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:13px;width:100%}
th,td{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.n,th.n{text-align:right;white-space:nowrap}
.why{color:#374151;font-size:12px}
svg .lbl{font-size:13px}svg .lbl2{font-size:12px}svg .val{font-size:12px;fill:#374151}
svg .tick{font-size:11px;fill:#6b7280}svg .axis{font-size:12px;fill:#374151}svg .mark{font-size:12px;font-weight:600}
.slider{display:flex;align-items:center;gap:12px;margin:8px 0}
.slider input{width:320px}
.note{color:#4b5563;font-size:13px}
details{margin:8px 0}
"#;

/// The slider: reads the sweep from the embedded JSON and moves a mark along the curve.
const SCRIPT: &str = r#"
(function () {
  var data = JSON.parse(document.getElementById('sweep-data').textContent);
  var svg = document.getElementById('chart-curve');
  var input = document.getElementById('threshold-slider');
  var out = document.getElementById('slider-readout');
  var mark = document.getElementById('slider-mark');
  if (!svg || !input || !out || !mark) { return; }
  var minDet = parseFloat(svg.getAttribute('data-min-det'));
  function x(fa) { return 60 + 660 * Math.min(1, Math.log10(1 + fa) / 3); }
  function y(d) { return 20 + 310 * (1 - (d - minDet) / Math.max(1e-9, 1 - minDet)); }
  function show() {
    var t = parseInt(input.value, 10) / 100;
    var p = null;
    for (var i = 0; i < data.length; i++) {
      if (Math.abs(data[i].threshold - t) < 0.005) { p = data[i]; }
    }
    if (!p) { return; }
    mark.setAttribute('cx', x(p.false_alerts_per_1000).toFixed(1));
    mark.setAttribute('cy', y(p.detection).toFixed(1));
    out.textContent = 'threshold ' + t.toFixed(2) + ': detection ' +
      (100 * p.detection).toFixed(1) + ' %, ' + p.false_alerts_per_1000.toFixed(1) +
      ' false alerts per 1,000';
  }
  input.addEventListener('input', show);
  show();
  document.body.setAttribute('data-charts', String(document.querySelectorAll('svg.chart').length));
})();
"#;

/// Renders the report. `generated` is the date (and time) to print in its header.
pub fn render(summary: &Summary, generated: &str) -> String {
    let mut s = String::new();
    let rec = &summary.recommendation;
    let _ = write!(
        s,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>interdict screening validation — {}</title><style>{STYLE}</style></head><body><main>"#,
        esc(generated)
    );
    let _ = write!(
        s,
        r#"<h1>Screening validation</h1><p class="sub">{} · generated {} · threshold {} · seed {} · {} cases from {} of {} listed parties · {} generated non-listed parties</p>"#,
        esc(&summary.engine),
        esc(generated),
        num(summary.threshold),
        summary.seed,
        count(summary.cases),
        count(summary.sampled_entities),
        count(summary.listed_parties),
        count(summary.negatives)
    );
    let rec_card = match (rec.threshold, rec.verified_detection) {
        (Some(t), Some(d)) => format!(
            "<b>{}</b><span>recommended threshold for ≤ {} false alerts per 1,000; detection there {}</span>",
            num(t),
            rec.max_false_alerts_per_1000,
            pct(d)
        ),
        (Some(t), None) => format!(
            "<b>{}</b><span>recommended threshold for ≤ {} false alerts per 1,000</span>",
            num(t),
            rec.max_false_alerts_per_1000
        ),
        _ => format!(
            "<b>none</b><span>no threshold up to 1.00 keeps false alerts ≤ {} per 1,000</span>",
            rec.max_false_alerts_per_1000
        ),
    };
    let _ = write!(
        s,
        r#"<div class="cards"><div class="card"><b>{}</b><span>of listed-name cases found at {}</span></div><div class="card"><b>{:.1}</b><span>false alerts per 1,000 non-listed parties</span></div><div class="card">{rec_card}</div><div class="card"><b>{}</b><span>misses · {} false alerts</span></div></div>"#,
        pct(summary.detection),
        num(summary.threshold),
        summary.false_alerts_per_1000,
        count(summary.miss_count),
        count(summary.false_alert_count)
    );
    s.push_str("<h2>Lists</h2><table><thead><tr><th>list</th><th>published</th><th class=n>entities</th></tr></thead><tbody>");
    for l in &summary.lists {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=n>{}</td></tr>",
            esc(&l.list),
            esc(l.published.as_deref().unwrap_or("not stated")),
            count(l.entities)
        );
    }
    s.push_str("</tbody></table>");

    s.push_str("<h2>Detection by manipulation</h2><p class=note>Share of cases whose listed entity scored at least the threshold. Green ≥ 95 %, blue ≥ 80 %, orange below.</p>");
    s.push_str(&bars(
        "chart-category",
        "detection by manipulation",
        &summary.by_category,
    ));
    s.push_str(&detection_table(&summary.by_category, "manipulation", true));
    let missing: Vec<&str> = Category::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| !summary.by_category.iter().any(|g| g.group == *id))
        .collect();
    if !missing.is_empty() {
        let _ = write!(
            s,
            "<p class=note>No case in: {} (no sampled name it applies to).</p>",
            esc(&missing.join(", "))
        );
    }
    s.push_str("<h2>Detection by list</h2>");
    s.push_str(&bars("chart-list", "detection by list", &summary.by_list));

    s.push_str("<h2>Detection against false alerts</h2><p class=note>Each point is a threshold from 0.50 to 1.00, read from the scores (a score does not depend on the threshold screened at); the recommended threshold was screened again to confirm its figures.</p>");
    s.push_str(&curve(&summary.sweep, summary.threshold, rec.threshold));
    let _ = write!(
        s,
        r#"<div class="slider"><label for="threshold-slider">threshold</label><input type="range" id="threshold-slider" min="50" max="100" step="1" value="{}"><output id="slider-readout"></output></div>"#,
        (summary.threshold * 100.0).round()
    );
    if let (Some(t), Some(d), Some(f)) = (
        rec.threshold,
        rec.verified_detection,
        rec.verified_false_alerts_per_1000,
    ) {
        let _ = write!(
            s,
            "<p>At the recommended threshold <b>{}</b>, screened again: detection <b>{}</b>, <b>{f:.1}</b> false alerts per 1,000 (sweep: {}, {:.1}).</p>",
            num(t),
            pct(d),
            pct(rec.detection.unwrap_or(0.0)),
            rec.false_alerts_per_1000.unwrap_or(0.0)
        );
    }
    s.push_str("<details><summary>Sweep table</summary><table><thead><tr><th class=n>threshold</th><th class=n>detection</th><th class=n>false alerts per 1,000</th></tr></thead><tbody>");
    for p in summary.sweep.iter().step_by(5) {
        let _ = write!(
            s,
            "<tr><td class=n>{}</td><td class=n>{}</td><td class=n>{:.1}</td></tr>",
            num(p.threshold),
            pct(p.detection),
            p.false_alerts_per_1000
        );
    }
    s.push_str("</tbody></table></details>");

    s.push_str("<h2>Alerts by score</h2><p class=note>How far a score can be trusted: the alerts in each band that were listed parties (true) and non-listed ones (false). Precision is at this run's mix of cases and negatives — a real population holds far fewer listed parties, so read it as an upper bound; false alerts per 1,000 are what the band costs on any population.</p><table><thead><tr><th>score</th><th class=n>true alerts</th><th class=n>false alerts</th><th class=n>precision</th><th class=n>false alerts per 1,000</th></tr></thead><tbody>");
    for b in &summary.score_bands {
        let _ = write!(
            s,
            "<tr><td>{:.2}–{:.2}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{:.1}</td></tr>",
            b.from,
            b.to,
            count(b.true_alerts),
            count(b.false_alerts),
            b.precision.map_or("—".to_string(), pct),
            b.false_alerts_per_1000
        );
    }
    s.push_str("</tbody></table>");

    s.push_str("<h2>Scores</h2><p class=note>Blue: the score of the listed entity each case must find. Orange: the best score any listed entity got for a non-listed party. Each as a share of its own population.</p>");
    s.push_str(&histograms(summary));

    let misses = summary.misses.iter().map(|m| {
        let r = &m.result;
        let top = r
            .top
            .as_ref()
            .map(|t| format!("{} ({}) {:.2}", esc(&t.caption), esc(&t.id), t.score))
            .unwrap_or_default();
        format!(
            "<tr><td>{}</td><td>{}<br><span class=why>{} · {}</span></td><td>{}</td><td>{}</td><td class=n>{}</td><td>{top}</td><td class=why>{}</td></tr>",
            r.case.category.id(),
            esc(&r.caption),
            esc(&r.case.entity_id),
            esc(&r.case.list),
            esc(&r.case.listed_name),
            esc(&r.case.query),
            if r.score > 0.0 { num(r.score) } else { "—".into() },
            esc(&miss_why(m.why.as_ref(), r.score))
        )
    });
    examples(
        &mut s,
        &format!("Misses at {}", num(summary.threshold)),
        (summary.misses.len(), summary.miss_count),
        "<th>manipulation</th><th>listed entity</th><th>listed name</th><th>query</th><th class=n>score</th><th>top result</th><th>why</th>",
        misses,
    );
    let false_alerts = summary.false_alerts.iter().map(|a| {
        let r = &a.result;
        let hit = r
            .top
            .as_ref()
            .map(|t| format!("{} ({})", esc(&t.caption), esc(&t.id)))
            .unwrap_or_default();
        format!(
            "<tr><td>{}<br><span class=why>{}</span></td><td>{}</td><td>{} · {}</td><td>{hit}</td><td class=n>{}</td><td class=why>{}</td></tr>",
            esc(&r.name),
            esc(&r.schema),
            esc(&r.locale),
            esc(r.date.as_deref().unwrap_or("—")),
            esc(&r.country),
            num(r.score),
            esc(&a.why.as_ref().map(|e| e.to_string()).unwrap_or_default())
        )
    });
    examples(
        &mut s,
        &format!("False alerts at {}", num(summary.threshold)),
        (summary.false_alerts.len(), summary.false_alert_count),
        "<th>non-listed party</th><th>locale</th><th>date · country</th><th>hit</th><th class=n>score</th><th>why</th>",
        false_alerts,
    );

    if let Some(p) = &summary.pairs {
        let _ = write!(s, "<h2>Labelled pairs ({})</h2>", count(p.pairs));
        s.push_str("<table><thead><tr><th>threshold</th><th class=n>precision</th><th class=n>recall</th><th class=n>F1</th><th class=n>true pos.</th><th class=n>false pos.</th><th class=n>false neg.</th></tr></thead><tbody>");
        for (label, m) in std::iter::once(("configured", Some(&p.at_threshold)))
            .chain(std::iter::once(("recommended", p.at_recommended.as_ref())))
        {
            if let Some(m) = m {
                let _ = write!(
                    s,
                    "<tr><td>{label} {}</td><td class=n>{:.3}</td><td class=n>{:.3}</td><td class=n>{:.3}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
                    num(m.threshold),
                    m.precision,
                    m.recall,
                    m.f1,
                    m.tp,
                    m.fp,
                    m.fn_
                );
            }
        }
        s.push_str("</tbody></table><p class=note>Recall of true pairs by kind, at the configured threshold:</p>");
        s.push_str(&detection_table(&p.by_kind, "kind", false));
    }

    s.push_str(
        "<h2>Method</h2><p class=note>The deck renders primary names and strong aliases of a seeded sample of listed people and organizations (spread evenly over the lists) under each manipulation that applies to them; a case carries the listed birth date (85 % of people), nationality (70 %) and a listed country, as a customer record of that party would, and is found when its listed entity is among the results at or above the threshold. Negatives are generated people and companies from many locales and scripts, with dates and countries, none of them listed, and (5 %) namesakes: listed people's common names carried by someone born five or more years apart in a country the listing does not name; a negative is a false alert when any listed entity scores at or above the threshold. Rerun with the same seed to reproduce these figures exactly.</p>",
    );
    let sweep_json = serde_json::to_string(&summary.sweep)
        .unwrap_or_else(|_| "[]".into())
        .replace("</", "<\\/");
    let _ = write!(
        s,
        r#"<script type="application/json" id="sweep-data">{sweep_json}</script><script>{SCRIPT}</script></main></body></html>"#
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc(r#"<b>"A&B's"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(count(17888), "17,888");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(999), "999");
    }

    #[test]
    fn the_curve_axis_is_log_like() {
        assert_eq!(fa_x(0.0), 0.0);
        assert!((fa_x(999.0) - 1.0).abs() < 1e-9);
        assert!(fa_x(10.0) > 0.3 && fa_x(10.0) < 0.4);
    }
}
