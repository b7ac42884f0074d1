//! The validation report: one self-contained HTML page (inline CSS, inline SVG charts, a
//! few lines of script for the threshold slider; no external assets, so it can be mailed,
//! archived with the validation file and opened offline years later).
//!
//! The charts are static SVG drawn here, so the page shows everything with scripts off and
//! prints as it looks; the script only adds the slider that reads the sweep.

use crate::{Category, Detection, MissExplanation, Summary, SweepPoint};
use maud::{html, Markup, PreEscaped, DOCTYPE};

const BLUE: &str = "#2563eb";
const ORANGE: &str = "#ea580c";
const GREEN: &str = "#16a34a";
const GREY: &str = "#6b7280";
const TRACK: &str = "#eef2f7";
const GRID: &str = "#e5e7eb";
const INK: &str = "#111827";

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
fn examples(title: &str, (shown, of): (usize, usize), headers: Markup, rows: Markup) -> Markup {
    html! {
        h2 { (title) " (" (shown) " of " (count(of)) ")" }
        table { thead { tr { (headers) } } tbody { (rows) } }
    }
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
fn bars(id: &str, title: &str, groups: &[Detection]) -> Markup {
    let row = 24.0;
    let label_w = 190.0;
    let bar_w = 420.0;
    let h = row * groups.len() as f64 + 30.0;
    html! {
        svg.chart id=(id) role="img" aria-label=(title) width="760" height=(h) viewBox=(format!("0 0 760 {h}")) {
            @for (i, g) in groups.iter().enumerate() {
                @let y = 10.0 + row * i as f64;
                @let w = (bar_w * g.rate).max(1.0);
                @let colour = if g.rate >= 0.95 { GREEN } else if g.rate >= 0.8 { BLUE } else { ORANGE };
                text x=(label_w - 8.0) y=(y + 13.0) text-anchor="end" class="lbl" { (g.group) }
                rect x=(label_w) y=(y) width=(bar_w) height="16" fill=(TRACK) {}
                rect.bar x=(label_w) y=(y) width=(format!("{w:.1}")) height="16" fill=(colour) {
                    title { (g.group) ": " (g.detected) " of " (g.cases) }
                }
                text x=(label_w + bar_w + 8.0) y=(y + 13.0) class="val" {
                    (pct(g.rate)) " (" (g.detected) "/" (g.cases) ")"
                }
            }
            @for tick in [0.0, 0.5, 0.8, 1.0] {
                @let x = label_w + bar_w * tick;
                line x1=(x) x2=(x) y1="6" y2=(h - 18.0) stroke=(GREY) stroke-dasharray="2,3" stroke-width="0.6" {}
                text x=(x) y=(h - 6.0) text-anchor="middle" class="tick" { ((tick * 100.0_f64).round()) }
            }
        }
    }
}

/// Maps false alerts per 1,000 to the curve's x axis: log-like, so 0–10 is readable next to
/// hundreds.
fn fa_x(fa: f64) -> f64 {
    (1.0 + fa).log10() / 3.0
}

/// One decimal, as SVG coordinates are written here.
fn d1(x: f64) -> String {
    format!("{x:.1}")
}

/// The detection / false-alert trade-off, each point a threshold.
fn curve(points: &[SweepPoint], threshold: f64, recommended: Option<f64>) -> Markup {
    let (w, h, left, top, pw, ph) = (760.0, 380.0, 60.0, 20.0, 660.0, 310.0);
    let min_det = points
        .iter()
        .map(|p| p.detection)
        .fold(1.0_f64, f64::min)
        .min(0.5);
    let min_det = (min_det * 10.0).floor() / 10.0;
    let x = |fa: f64| left + pw * fa_x(fa).min(1.0);
    let y = |d: f64| top + ph * (1.0 - (d - min_det) / (1.0 - min_det).max(1e-9));
    let mut det_ticks = Vec::new();
    let mut d = min_det;
    while d <= 1.0 + 1e-9 {
        det_ticks.push(d);
        d += 0.1;
    }
    let path: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.false_alerts_per_1000), y(p.detection)))
        .collect();
    let mark = |t: f64, colour: &str, label: &str, id: &str| -> Markup {
        let Some(p) = points.iter().find(|p| (p.threshold - t).abs() < 0.005) else {
            return html! {};
        };
        let (px, py) = (x(p.false_alerts_per_1000), y(p.detection));
        let dy = if id == "mark-recommended" { 18.0 } else { -8.0 };
        html! {
            g id=(id) {
                circle cx=(d1(px)) cy=(d1(py)) r="7" fill="none" stroke=(colour) stroke-width="3" {}
                text x=(d1(px + 10.0)) y=(d1(py + dy)) class="mark" fill=(colour) {
                    (label) " " (format!("{:.2}", p.threshold))
                }
            }
        }
    };
    html! {
        svg.chart id="chart-curve" role="img" aria-label="detection against false alerts" width=(w) height=(h) viewBox=(format!("0 0 {w} {h}")) data-min-det=(min_det) {
            @for fa in [0.0, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0] {
                line x1=(d1(x(fa))) x2=(d1(x(fa))) y1=(top) y2=(top + ph) stroke=(GRID) {}
                text x=(d1(x(fa))) y=(top + ph + 16.0) text-anchor="middle" class="tick" { (fa) }
            }
            @for d in &det_ticks {
                line x1=(left) x2=(left + pw) y1=(d1(y(*d))) y2=(d1(y(*d))) stroke=(GRID) {}
                text x=(left - 6.0) y=(d1(y(*d) + 4.0)) text-anchor="end" class="tick" { ((d * 100.0).round()) }
            }
            polyline.curve points=(path.join(" ")) fill="none" stroke=(BLUE) stroke-width="2.5" {}
            @for p in points {
                circle cx=(d1(x(p.false_alerts_per_1000))) cy=(d1(y(p.detection))) r="2.5" fill=(BLUE) {
                    title {
                        "threshold " (format!("{:.2}", p.threshold)) ": detection " (pct(p.detection))
                        ", " (format!("{:.1}", p.false_alerts_per_1000)) " false alerts per 1,000"
                    }
                }
            }
            (mark(threshold, ORANGE, "configured", "mark-configured"))
            @if let Some(r) = recommended {
                (mark(r, GREEN, "recommended", "mark-recommended"))
            }
            circle #slider-mark cx="-20" cy="-20" r="5" fill=(INK) {}
            text x=(left + pw / 2.0) y=(h - 4.0) text-anchor="middle" class="axis" { "false alerts per 1,000 negatives (log scale)" }
            text transform=(format!("translate(14,{}) rotate(-90)", top + ph / 2.0)) text-anchor="middle" class="axis" { "detection %" }
        }
    }
}

/// Score histograms of the entities the cases must find and of the negatives' best hits,
/// each as shares of its population.
fn histograms(summary: &Summary) -> Markup {
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
    // The threshold: bins start at the floor, one bin per 0.05.
    let tx = left + bw * (1.0 + (summary.threshold - crate::SCORE_FLOOR) / 0.05);
    html! {
        svg.chart id="chart-histogram" role="img" aria-label="score histograms" width=(w) height=(h) viewBox=(format!("0 0 {w} {h}")) {
            @for i in 0..bins {
                @let x0 = left + bw * i as f64;
                @for (k, (counts, t, colour, what)) in [(hcases, tc, BLUE, "listed-name cases"), (hneg, tn, ORANGE, "negatives")].into_iter().enumerate() {
                    @let n = counts.get(i).copied().unwrap_or(0);
                    @let share = n as f64 / t;
                    @let bh = ph * share / max;
                    rect.bar x=(d1(x0 + 3.0 + k as f64 * (bw - 6.0) / 2.0)) y=(d1(top + ph - bh)) width=(d1((bw - 6.0) / 2.0)) height=(d1(bh)) fill=(colour) {
                        title { (what) ": " (n) " (" (pct(share)) ")" }
                    }
                }
                text x=(d1(x0 + bw / 2.0)) y=(top + ph + 16.0) text-anchor="middle" class="tick" {
                    @if i == 0 {
                        "<" (crate::SCORE_FLOOR)
                    } @else {
                        (format!("{:.2}", summary.histograms.edges.get(i).copied().unwrap_or(0.0)))
                    }
                }
            }
            line x1=(d1(tx)) x2=(d1(tx)) y1=(top) y2=(top + ph) stroke=(INK) stroke-dasharray="4,3" {}
            text x=(d1(tx + 4.0)) y=(top + 10.0) class="mark" { "threshold " (format!("{:.2}", summary.threshold)) }
            rect x=(left) y=(h - 22.0) width="12" height="12" fill=(BLUE) {}
            text x=(left + 16.0) y=(h - 12.0) class="lbl2" { "entity the case must find" }
            rect x=(left + 230.0) y=(h - 22.0) width="12" height="12" fill=(ORANGE) {}
            text x=(left + 246.0) y=(h - 12.0) class="lbl2" { "best hit of a negative" }
        }
    }
}

fn detection_table(groups: &[Detection], first: &str, with_description: bool) -> Markup {
    html! {
        table {
            thead { tr {
                th { (first) }
                @if with_description { th { "what" } }
                th.n { "cases" } th.n { "found" } th.n { "detection" }
            } }
            tbody {
                @for g in groups {
                    tr {
                        td { (g.group) }
                        @if with_description { td { (g.description) } }
                        td.n { (count(g.cases)) } td.n { (count(g.detected)) } td.n { (pct(g.rate)) }
                    }
                }
            }
        }
    }
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
    let rec = &summary.recommendation;
    let cap = rec.max_false_alerts_per_1000;
    let missing: Vec<&str> = Category::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| !summary.by_category.iter().any(|g| g.group == *id))
        .collect();
    let misses = html! {
        @for m in &summary.misses {
            @let r = &m.result;
            tr {
                td { (r.case.category.id()) }
                td { (r.caption) br; span.why { (r.case.entity_id) " · " (r.case.list) } }
                td { (r.case.listed_name) }
                td { (r.case.query) }
                td.n { @if r.score > 0.0 { (num(r.score)) } @else { "—" } }
                td { @if let Some(t) = &r.top { (t.caption) " (" (t.id) ") " (num(t.score)) } }
                td.why { (miss_why(m.why.as_ref(), r.score)) }
            }
        }
    };
    let false_alerts = html! {
        @for a in &summary.false_alerts {
            @let r = &a.result;
            tr {
                td { (r.name) br; span.why { (r.schema) } }
                td { (r.locale) }
                td { (r.date.as_deref().unwrap_or("—")) " · " (r.country) }
                td { @if let Some(t) = &r.top { (t.caption) " (" (t.id) ")" } }
                td.n { (num(r.score)) }
                td.why { (a.why.as_ref().map(|e| e.to_string()).unwrap_or_default()) }
            }
        }
    };
    // The sweep for the slider script, inside a <script> element: no "</" may close it early.
    let sweep_json = serde_json::to_string(&summary.sweep)
        .unwrap_or_else(|_| "[]".into())
        .replace("</", "<\\/");
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { "interdict screening validation — " (generated) }
                style { (PreEscaped(STYLE)) }
            }
            body { main {
                h1 { "Screening validation" }
                p.sub {
                    (summary.engine) " · generated " (generated) " · threshold " (num(summary.threshold))
                    " · seed " (summary.seed) " · " (count(summary.cases)) " cases from "
                    (count(summary.sampled_entities)) " of " (count(summary.listed_parties))
                    " listed parties · " (count(summary.negatives)) " generated non-listed parties"
                }
                div.cards {
                    div.card { b { (pct(summary.detection)) } span { "of listed-name cases found at " (num(summary.threshold)) } }
                    div.card { b { (format!("{:.1}", summary.false_alerts_per_1000)) } span { "false alerts per 1,000 non-listed parties" } }
                    div.card {
                        @match (rec.threshold, rec.verified_detection) {
                            (Some(t), Some(d)) => {
                                b { (num(t)) }
                                span { "recommended threshold for ≤ " (cap) " false alerts per 1,000; detection there " (pct(d)) }
                            }
                            (Some(t), None) => {
                                b { (num(t)) }
                                span { "recommended threshold for ≤ " (cap) " false alerts per 1,000" }
                            }
                            _ => {
                                b { "none" }
                                span { "no threshold up to 1.00 keeps false alerts ≤ " (cap) " per 1,000" }
                            }
                        }
                    }
                    div.card { b { (count(summary.miss_count)) } span { "misses · " (count(summary.false_alert_count)) " false alerts" } }
                }
                h2 { "Lists" }
                table {
                    thead { tr { th { "list" } th { "published" } th.n { "entities" } } }
                    tbody {
                        @for l in &summary.lists {
                            tr { td { (l.list) } td { (l.published.as_deref().unwrap_or("not stated")) } td.n { (count(l.entities)) } }
                        }
                    }
                }
                h2 { "Detection by manipulation" }
                p.note { "Share of cases whose listed entity scored at least the threshold. Green ≥ 95 %, blue ≥ 80 %, orange below." }
                (bars("chart-category", "detection by manipulation", &summary.by_category))
                (detection_table(&summary.by_category, "manipulation", true))
                @if !missing.is_empty() {
                    p.note { "No case in: " (missing.join(", ")) " (no sampled name it applies to)." }
                }
                h2 { "Detection by list" }
                (bars("chart-list", "detection by list", &summary.by_list))
                h2 { "Detection against false alerts" }
                p.note { "Each point is a threshold from 0.50 to 1.00, read from the scores (a score does not depend on the threshold screened at); the recommended threshold was screened again to confirm its figures." }
                (curve(&summary.sweep, summary.threshold, rec.threshold))
                div.slider {
                    label for="threshold-slider" { "threshold" }
                    input type="range" id="threshold-slider" min="50" max="100" step="1" value=((summary.threshold * 100.0).round());
                    output #slider-readout {}
                }
                @if let (Some(t), Some(d), Some(f)) = (rec.threshold, rec.verified_detection, rec.verified_false_alerts_per_1000) {
                    p {
                        "At the recommended threshold " b { (num(t)) } ", screened again: detection " b { (pct(d)) } ", "
                        b { (format!("{f:.1}")) } " false alerts per 1,000 (sweep: " (pct(rec.detection.unwrap_or(0.0)))
                        ", " (format!("{:.1}", rec.false_alerts_per_1000.unwrap_or(0.0))) ")."
                    }
                }
                details {
                    summary { "Sweep table" }
                    table {
                        thead { tr { th.n { "threshold" } th.n { "detection" } th.n { "false alerts per 1,000" } } }
                        tbody {
                            @for p in summary.sweep.iter().step_by(5) {
                                tr { td.n { (num(p.threshold)) } td.n { (pct(p.detection)) } td.n { (format!("{:.1}", p.false_alerts_per_1000)) } }
                            }
                        }
                    }
                }
                h2 { "Alerts by score" }
                p.note { "How far a score can be trusted: the alerts in each band that were listed parties (true) and non-listed ones (false). Precision is at this run's mix of cases and negatives — a real population holds far fewer listed parties, so read it as an upper bound; false alerts per 1,000 are what the band costs on any population." }
                table {
                    thead { tr { th { "score" } th.n { "true alerts" } th.n { "false alerts" } th.n { "precision" } th.n { "false alerts per 1,000" } } }
                    tbody {
                        @for b in &summary.score_bands {
                            tr {
                                td { (format!("{:.2}–{:.2}", b.from, b.to)) }
                                td.n { (count(b.true_alerts)) }
                                td.n { (count(b.false_alerts)) }
                                td.n { (b.precision.map_or("—".to_string(), pct)) }
                                td.n { (format!("{:.1}", b.false_alerts_per_1000)) }
                            }
                        }
                    }
                }
                h2 { "Scores" }
                p.note { "Blue: the score of the listed entity each case must find. Orange: the best score any listed entity got for a non-listed party. Each as a share of its own population." }
                (histograms(summary))
                (examples(
                    &format!("Misses at {}", num(summary.threshold)),
                    (summary.misses.len(), summary.miss_count),
                    html! { th { "manipulation" } th { "listed entity" } th { "listed name" } th { "query" } th.n { "score" } th { "top result" } th { "why" } },
                    misses,
                ))
                (examples(
                    &format!("False alerts at {}", num(summary.threshold)),
                    (summary.false_alerts.len(), summary.false_alert_count),
                    html! { th { "non-listed party" } th { "locale" } th { "date · country" } th { "hit" } th.n { "score" } th { "why" } },
                    false_alerts,
                ))
                @if let Some(p) = &summary.pairs {
                    h2 { "Labelled pairs (" (count(p.pairs)) ")" }
                    table {
                        thead { tr { th { "threshold" } th.n { "precision" } th.n { "recall" } th.n { "F1" } th.n { "true pos." } th.n { "false pos." } th.n { "false neg." } } }
                        tbody {
                            @for (label, m) in [("configured", Some(&p.at_threshold)), ("recommended", p.at_recommended.as_ref())] {
                                @if let Some(m) = m {
                                    tr {
                                        td { (label) " " (num(m.threshold)) }
                                        td.n { (format!("{:.3}", m.precision)) }
                                        td.n { (format!("{:.3}", m.recall)) }
                                        td.n { (format!("{:.3}", m.f1)) }
                                        td.n { (m.tp) } td.n { (m.fp) } td.n { (m.fn_) }
                                    }
                                }
                            }
                        }
                    }
                    p.note { "Recall of true pairs by kind, at the configured threshold:" }
                    (detection_table(&p.by_kind, "kind", false))
                }
                h2 { "Method" }
                p.note { (METHOD) }
                script type="application/json" id="sweep-data" { (PreEscaped(sweep_json)) }
                script { (PreEscaped(SCRIPT)) }
            } }
        }
    };
    page.into_string()
}

/// How the deck and the negatives are made, for the report's last section.
const METHOD: &str = "The deck renders primary names and strong aliases of a seeded sample of listed people and organizations (spread evenly over the lists) under each manipulation that applies to them; a case carries the listed birth date (85 % of people), nationality (70 %) and a listed country, as a customer record of that party would, and is found when its listed entity is among the results at or above the threshold. Negatives are generated people and companies from many locales and scripts, with dates and countries, none of them listed, and (5 %) namesakes: listed people's common names carried by someone born five or more years from every listing of the name in a country none of them names; a negative is a false alert when any listed entity scores at or above the threshold. Rerun with the same seed to reproduce these figures exactly.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_lists_is_escaped_in_tables_and_charts() {
        let groups = [Detection {
            group: r#"<script>alert("x")</script>"#.into(),
            description: "A&B's <b>".into(),
            cases: 3,
            detected: 2,
            rate: 2.0 / 3.0,
        }];
        for html in [
            detection_table(&groups, "list", true).into_string(),
            bars("chart-x", "<title>", &groups).into_string(),
        ] {
            assert!(
                !html.contains("<script>") && !html.contains("<b>"),
                "{html}"
            );
            assert!(html.contains("&lt;script&gt;"), "{html}");
        }
        let table = detection_table(&groups, "list", true).into_string();
        assert!(table.contains("A&amp;B's &lt;b&gt;"), "{table}");
        // SVG elements are closed explicitly: inside <svg> an unclosed <rect> would swallow
        // what follows.
        let svg = bars("chart-x", "t", &groups).into_string();
        assert_eq!(svg.matches("<rect").count(), svg.matches("</rect>").count());
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
