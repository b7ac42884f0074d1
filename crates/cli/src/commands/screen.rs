//! `interdict screen` and `interdict generate`: batch screening of whole files, and the
//! seeded customer-file generator its benchmark and tests use.

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use interdict_matcher::CandidateIndex;
use interdict_screen::{BadRecords, DateOrder, InputFormat, OutputFormat, ScreenOptions, Summary};
use interdict_store::{Snapshot, Store, VersionSpecError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{alerts_db, open_store, user_name, warn_stale};
use crate::args::{self, Cli, RecordArgs};
use crate::outfile::OutFile;
use interdict_screen::AlertReviewer;
use std::process::ExitCode;

/// What the user asked `screen` for.
pub struct ScreenArgs<'a> {
    pub input: &'a str,
    pub output: Option<&'a Path>,
    pub format: Option<&'a str>,
    pub input_format: Option<&'a str>,
    pub maps: &'a [String],
    pub schema: &'a str,
    pub threshold: f64,
    pub min_score: Option<f64>,
    pub limit: usize,
    pub lists: &'a [String],
    pub only_matches: bool,
    /// One hit per listed record, not one per party.
    pub by_record: bool,
    pub strict: bool,
    pub date_order: Option<&'a str>,
    pub bad_records: Option<&'a Path>,
    pub threads: usize,
    pub quiet: bool,
    /// Record alerts in this alert store (file or URL), and suppress what decisions cleared.
    pub alerts: Option<&'a str>,
    /// Who runs the screening (for the audit log).
    pub user: &'a str,
    /// Analysts' judgements on parties, oldest first.
    pub judgements: &'a [interdict_model::PartyJudgement],
}

/// The alert store's reviewer when `--alerts` asks for one: a new run for the lists at
/// `versions`.
fn alert_reviewer<'a>(
    a: &ScreenArgs,
    index: &'a CandidateIndex,
    versions: &std::collections::HashMap<String, u32>,
) -> Result<Option<AlertReviewer<'a>>> {
    let Some(path) = a.alerts else {
        return Ok(None);
    };
    let store = interdict_store::AlertStore::open_location(path)?;
    Ok(Some(AlertReviewer::begin(
        store,
        a.user,
        a.input,
        a.threshold,
        index,
        versions,
    )?))
}

/// Thousands separators for counts people read.
pub(crate) fn thousands(n: u64) -> String {
    interdict_validate::report::count(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The lists `--lists` chooses (`None`: all), checking that each is active.
fn wanted_lists(lists: &[String], known: &[&str]) -> Result<Option<Vec<String>>> {
    let wanted: Vec<String> = lists
        .iter()
        .flat_map(|l| l.split(','))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if wanted.is_empty() {
        return Ok(None);
    }
    for w in &wanted {
        if !known.contains(&w.as_str()) {
            bail!(
                "--lists: no active list {w:?}; active lists: {}",
                known.join(", ")
            );
        }
    }
    Ok(Some(wanted))
}

/// Keeps only the entities of the chosen lists, checking that each list exists.
pub fn select_lists(snap: Snapshot, lists: &[String]) -> Result<Vec<interdict_model::Entity>> {
    let known: Vec<&str> = snap.lists.iter().map(|l| l.list.as_str()).collect();
    let Some(wanted) = wanted_lists(lists, &known)? else {
        return Ok(snap.entities);
    };
    Ok(snap
        .entities
        .into_iter()
        .filter(|e| wanted.contains(&e.source.list))
        .collect())
}

fn options(a: &ScreenArgs) -> Result<ScreenOptions> {
    if !(0.0..=1.0).contains(&a.threshold) {
        bail!("--threshold {} is outside 0–1", a.threshold);
    }
    let min_score = a.min_score.unwrap_or(a.threshold);
    if !(0.0..=1.0).contains(&min_score) {
        bail!("--min-score {min_score} is outside 0–1");
    }
    if a.limit == 0 {
        bail!("--limit must be at least 1");
    }
    let default_schema = crate::commands::search::matchable_schema(a.schema)?;
    let date_order = match a.date_order.map(str::to_ascii_lowercase).as_deref() {
        None | Some("strict") => DateOrder::Strict,
        Some("dmy") => DateOrder::DayFirst,
        Some("mdy") => DateOrder::MonthFirst,
        Some(other) => bail!("--date-order {other:?}: use dmy (day first) or mdy (month first)"),
    };
    Ok(ScreenOptions {
        threshold: a.threshold,
        min_score,
        limit: a.limit,
        default_schema,
        date_order,
        strict: a.strict,
        overrides: a.maps.to_vec(),
        workers: a.threads,
        ..ScreenOptions::default()
    })
}

/// What `screen`, `rescreen` and `goods` check before reading a line: that neither the output
/// nor the bad-records file is the input, and the output and input formats (from the flags,
/// else the output's name).
pub(crate) fn file_formats(
    input: &str,
    output: Option<&Path>,
    bad_records: Option<&Path>,
    format: Option<&str>,
    input_format: Option<&str>,
) -> Result<(OutputFormat, Option<InputFormat>)> {
    if input != "-" {
        let input = Path::new(input);
        for (what, path) in [("the output (-o)", output), ("--bad-records", bad_records)] {
            if path.is_some_and(|p| crate::outfile::same_file(input, p)) {
                bail!(
                    "{what} is the input file {}: the run would overwrite the records it \
                     reads; write the results to another file",
                    input.display()
                );
            }
        }
    }
    let format = match (format, output) {
        (Some(f), _) => OutputFormat::from_name(f)
            .with_context(|| format!("--format {f:?}: use jsonl, csv or parquet"))?,
        (None, Some(p)) => OutputFormat::from_path(p).unwrap_or(OutputFormat::JsonLines),
        (None, None) => OutputFormat::JsonLines,
    };
    let input_format = match input_format {
        Some(f) => Some(
            InputFormat::from_name(f)
                .with_context(|| format!("--input-format {f:?}: use csv, tsv, jsonl or parquet"))?,
        ),
        None => None,
    };
    Ok((format, input_format))
}

/// The output: a file staged and renamed into place at the end (so a failed run never
/// leaves a half-written file under the final name), a device or pipe written directly, or
/// standard output.
pub(crate) struct Output {
    file: Option<OutFile>,
}

impl Output {
    pub(crate) fn open(path: Option<&Path>) -> Result<(Output, Box<dyn Write + Send>)> {
        let Some(p) = path else {
            return Ok((
                Output { file: None },
                Box::new(std::io::BufWriter::with_capacity(
                    1 << 16,
                    std::io::stdout(),
                )),
            ));
        };
        let file = OutFile::plan(p)?;
        let f = file.create()?;
        Ok((
            Output { file: Some(file) },
            Box::new(std::io::BufWriter::with_capacity(1 << 16, f)),
        ))
    }

    /// Where bad records go: `explicit`, else beside the output (`path`, as the user named
    /// it) when it is a file (a device or pipe, `-o /dev/null`, has no directory of its
    /// own), else the working directory.
    pub(crate) fn bad_records_path(&self, explicit: Option<&Path>, path: Option<&Path>) -> PathBuf {
        match (explicit, path, &self.file) {
            (Some(p), ..) => p.to_path_buf(),
            (None, Some(out), Some(file)) if file.is_file() => {
                let mut s = out.as_os_str().to_owned();
                s.push(".bad.jsonl");
                PathBuf::from(s)
            }
            _ => PathBuf::from("interdict-bad-records.jsonl"),
        }
    }

    /// The output's name in messages.
    pub(crate) fn name(path: Option<&Path>) -> String {
        path.map_or_else(|| "standard output".into(), |p| p.display().to_string())
    }

    pub(crate) fn commit(&self) -> Result<()> {
        match &self.file {
            Some(f) => f.commit(),
            None => Ok(()),
        }
    }

    pub(crate) fn abandon(&self) {
        if let Some(f) = &self.file {
            f.abandon();
        }
    }
}

pub(crate) fn progress_bar(size: Option<u64>, quiet: bool) -> ProgressBar {
    let target = if quiet {
        ProgressDrawTarget::hidden()
    } else {
        // Draws only when standard error is a terminal.
        ProgressDrawTarget::stderr_with_hz(4)
    };
    match size {
        Some(total) if total > 0 => {
            let bar = ProgressBar::with_draw_target(Some(total), target);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} [{bar:30}] {percent:>3}% {msg} · ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        }
        _ => {
            let bar = ProgressBar::with_draw_target(None, target);
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        }
    }
}

/// The input, opened and checked, with the options and output format asked for.
struct Job {
    opts: ScreenOptions,
    format: OutputFormat,
    input: interdict_screen::Input,
}

impl Job {
    fn new(a: &ScreenArgs) -> Result<Job> {
        let opts = options(a)?;
        let (format, input_format) =
            file_formats(a.input, a.output, a.bad_records, a.format, a.input_format)?;
        let input = interdict_screen::open(a.input, input_format)?;
        // Check the columns before spending a second on the index.
        if let Some(m) = interdict_screen::mapping_for(&input, &opts)? {
            if !a.quiet {
                eprintln!("{}: columns {}", input.name, m.describe());
            }
        }
        Ok(Job {
            opts,
            format,
            input,
        })
    }

    /// Screens the input against `against` into the sink `make_sink` builds, with a
    /// progress bar; the output file appears only when the run succeeds.
    fn run(
        self,
        a: &ScreenArgs,
        against: interdict_screen::ScreenTarget,
        make_sink: impl FnOnce(
            OutputFormat,
            Box<dyn Write + Send>,
            &str,
        )
            -> Result<Box<dyn interdict_screen::Sink>, interdict_screen::ScreenError>,
        review: Option<&mut dyn interdict_screen::Reviewer>,
    ) -> Result<(Summary, BadRecords)> {
        let (output, writer) = Output::open(a.output)?;
        // Named after the output when it is a file; a device or pipe (`-o /dev/null`) has
        // no directory of its own to put it beside.
        let mut bad = BadRecords::new(output.bad_records_path(a.bad_records, a.output), a.input);
        let name = Output::name(a.output);
        let sink = match make_sink(self.format, writer, &name) {
            Ok(s) => s,
            Err(e) => {
                output.abandon();
                return Err(e.into());
            }
        };
        let bar = progress_bar(self.input.size, a.quiet);
        let result = interdict_screen::run_against(
            against,
            self.input,
            &self.opts,
            sink,
            &mut bad,
            review,
            |s| {
                bar.set_position(s.bytes_read);
                bar.set_message(format!(
                    "{} records · {}/s · {} matched",
                    thousands(s.records),
                    thousands(s.rate() as u64),
                    thousands(s.matched)
                ));
            },
        );
        bar.finish_and_clear();
        match result {
            Ok(s) => {
                output.commit()?;
                Ok((s, bad))
            }
            Err(e) => {
                output.abandon();
                Err(e.into())
            }
        }
    }
}

/// Where the bad records went, for the summary line.
fn bad_note(summary: &Summary, bad: &BadRecords) -> String {
    if bad.written() {
        format!(
            " ({} not screened) listed in {}",
            thousands(summary.unscreened),
            bad.path().display()
        )
    } else {
        String::new()
    }
}

/// The index of the chosen lists, with the companies listed parties own marked (screened
/// like listed ones) and, when `per_party`, the listed records' parties.
pub(crate) fn screening_index(
    snap: Snapshot,
    lists: &[String],
    judgements: &[interdict_model::PartyJudgement],
    per_party: bool,
) -> Result<(
    CandidateIndex,
    Option<std::sync::Arc<interdict_matcher::Parties>>,
)> {
    let mut entities = select_lists(snap, lists)?;
    let marked = super::ownership::mark_derived(&mut entities, judgements);
    let parties =
        per_party.then(|| {
            std::sync::Arc::new(marked.parties.unwrap_or_else(|| {
                interdict_matcher::Parties::resolve_judged(&entities, judgements)
            }))
        });
    Ok((CandidateIndex::build(entities), parties))
}

/// Screens the input file. Returns the summary (the caller turns it into an exit code).
pub fn run(snap: Snapshot, a: &ScreenArgs) -> Result<Summary> {
    let job = Job::new(a)?;
    let started = Instant::now();
    let versions: std::collections::HashMap<String, u32> = snap
        .lists
        .iter()
        .map(|l| (l.list.clone(), l.version))
        .collect();
    let mut job = job;
    let (index, parties) = screening_index(snap, a.lists, a.judgements, !a.by_record)?;
    job.opts.parties = parties;
    if !a.quiet {
        eprintln!(
            "indexed {} names of {} listed entities in {:.1} s",
            thousands(index.len() as u64),
            thousands(index.entities().len() as u64),
            started.elapsed().as_secs_f64()
        );
    }
    let mut reviewer = alert_reviewer(a, &index, &versions)?;
    let review = reviewer
        .as_mut()
        .map(|r| r as &mut dyn interdict_screen::Reviewer);
    let only_matches = a.only_matches;
    let result = job.run(
        a,
        interdict_screen::ScreenTarget::Lists(&index),
        |format, out, name| interdict_screen::sink(format, out, name, only_matches),
        review,
    );
    drop(reviewer);
    // The process ends soon: freeing a hundred megabytes of index piece by piece would only
    // add a noticeable pause to every run.
    std::mem::forget(index);
    let (summary, bad) = result?;
    if !a.quiet {
        eprintln!(
            "screened {} records in {:.1} s ({} records/s): {} matched ({} hits){}, {} bad{}",
            thousands(summary.records),
            summary.elapsed.as_secs_f64(),
            thousands(summary.rate() as u64),
            thousands(summary.matched),
            thousands(summary.hits),
            if summary.suppressed > 0 {
                format!(
                    ", {} suppressed by earlier decisions",
                    thousands(summary.suppressed)
                )
            } else {
                String::new()
            },
            thousands(summary.bad),
            bad_note(&summary, &bad)
        );
        if let Some(p) = a.output {
            eprintln!("results in {}", p.display());
        }
    }
    Ok(summary)
}

/// Re-screens the input against what changed in the lists since the versions `since`
/// names, writing the alerts gained and lost.
pub fn rescreen(store: &Store, a: &ScreenArgs, since: &[String]) -> Result<Summary> {
    let job = Job::new(a)?;
    if job.format == OutputFormat::Parquet {
        bail!("rescreen writes JSON lines or CSV (--format jsonl or csv), not Parquet");
    }
    let started = Instant::now();
    let active = store.active_versions()?;
    let old_versions = store.versions_since(&active, since).map_err(|e| match e {
        VersionSpecError::Store(e) => anyhow::Error::from(e),
        VersionSpecError::Empty => anyhow::anyhow!("--since: {e}"),
        e => anyhow::anyhow!("--since {e}"),
    })?;
    let known: Vec<&str> = active.iter().map(|v| v.list.as_str()).collect();
    let wanted = wanted_lists(a.lists, &known)?;
    let (mut old, mut new) = (Vec::new(), Vec::new());
    let mut compared = Vec::new();
    for v in &active {
        if wanted.as_ref().is_some_and(|w| !w.contains(&v.list)) {
            continue;
        }
        new.extend(store.entities(&v.list, v.version)?);
        let from = old_versions.get(&v.list).copied().flatten();
        if let Some(o) = from {
            old.extend(store.entities(&v.list, o)?);
        }
        if from != Some(v.version) {
            compared.push(format!(
                "{} {} → {}",
                v.list,
                from.map_or_else(|| "(none)".to_string(), |o| o.to_string()),
                v.version
            ));
        }
    }
    // Companies listed parties own, on both sides, as of today: a company that listed
    // parties came to own is a gained alert.
    super::ownership::mark_derived(&mut old, a.judgements);
    let marked = super::ownership::mark_derived(&mut new, a.judgements);
    let changes = interdict_matcher::ChangeSet::new(old, new);
    let (added, removed, changed) = changes.counts();
    // The new version's parties: each hit says its party, and an alert on a record new on
    // the lists, of a party the record already matched, is that party listed once more.
    let mut job = job;
    job.opts.record_parties = Some(std::sync::Arc::new(marked.parties.unwrap_or_else(|| {
        interdict_matcher::Parties::resolve_judged(changes.new_index().entities(), a.judgements)
    })));
    if !a.quiet {
        eprintln!(
            "{}: {} entities added, {} removed, {} changed (indexed in {:.1} s)",
            if compared.is_empty() {
                "no list changed".to_string()
            } else {
                compared.join(", ")
            },
            thousands(added as u64),
            thousands(removed as u64),
            thousands(changed as u64),
            started.elapsed().as_secs_f64()
        );
    }
    let versions: std::collections::HashMap<String, u32> =
        active.iter().map(|v| (v.list.clone(), v.version)).collect();
    let mut reviewer = alert_reviewer(a, changes.new_index(), &versions)?;
    let review = reviewer
        .as_mut()
        .map(|r| r as &mut dyn interdict_screen::Reviewer);
    let result = job.run(
        a,
        interdict_screen::ScreenTarget::Change(&changes),
        interdict_screen::changes_sink,
        review,
    );
    drop(reviewer);
    std::mem::forget(changes);
    let (summary, bad) = result?;
    if !a.quiet {
        eprintln!(
            "re-screened {} records in {:.1} s ({} records/s): {} scored again (no change \
             can affect the rest), {} alerts gained{}, {} lost, {} bad{}",
            thousands(summary.records),
            summary.elapsed.as_secs_f64(),
            thousands(summary.rate() as u64),
            thousands(summary.rescored),
            thousands(summary.new_alerts),
            if summary.joined_party > 0 {
                format!(
                    " ({} on records new to a party already matched)",
                    thousands(summary.joined_party)
                )
            } else {
                String::new()
            },
            thousands(summary.resolved_alerts),
            thousands(summary.bad),
            bad_note(&summary, &bad)
        );
        if let Some(p) = a.output {
            eprintln!("changes in {}", p.display());
        }
    }
    Ok(summary)
}

/// Screens a file; exit code 1 on a match, 2 when a record could not be screened.
pub(crate) fn command(cli: &Cli, a: &args::Screen) -> Result<ExitCode> {
    let args::Screen {
        records,
        only_matches,
        by_record,
        alerts,
        user,
    } = a;
    let store = open_store(cli)?;
    let snap = store.load()?;
    if !records.quiet {
        warn_stale(&snap.lists, cli.max_age_days);
    }
    let alerts_db = alerts.then(|| alerts_db(cli, &store));
    let user = user_name(user.as_deref())?;
    let mut args = screen_args(records, &user);
    args.only_matches = *only_matches;
    args.by_record = *by_record;
    args.alerts = alerts_db.as_deref();
    let judgements = if *by_record {
        Vec::new()
    } else {
        super::party_judgements(cli, &store)?
    };
    args.judgements = &judgements;
    let summary = run(snap, &args)?;
    if summary.unscreened > 0 {
        // Every record is in the output, but not every one was screened: a clean
        // exit would tell a pipeline that the file is clear.
        eprintln!(
            "error: {} record(s) could not be screened (status \"error\" in the output, \
                 reasons in the bad-records file); fix them and screen them again",
            summary.unscreened
        );
        return Ok(ExitCode::from(2));
    }
    if summary.matched > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Re-screens a file against what changed; exit code 1 when an alert was gained.
pub(crate) fn rescreen_command(cli: &Cli, a: &args::Rescreen) -> Result<ExitCode> {
    let args::Rescreen {
        records,
        since,
        alerts,
        user,
    } = a;
    let store = open_store(cli)?;
    let alerts_db = alerts.then(|| alerts_db(cli, &store));
    let user = user_name(user.as_deref())?;
    let mut args = screen_args(records, &user);
    args.alerts = alerts_db.as_deref();
    let judgements = super::party_judgements(cli, &store)?;
    args.judgements = &judgements;
    let summary = rescreen(&store, &args, since)?;
    if summary.unscreened > 0 {
        eprintln!(
            "error: {} record(s) could not be screened (reasons in the bad-records file)",
            summary.unscreened
        );
        return Ok(ExitCode::from(2));
    }
    if summary.new_alerts > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// What `screen` and `rescreen` share, from their flags.
fn screen_args<'a>(r: &'a RecordArgs, user: &'a str) -> ScreenArgs<'a> {
    ScreenArgs {
        input: &r.input,
        output: super::output_path(r.output.as_deref()),
        format: r.format.as_deref(),
        input_format: r.input_format.as_deref(),
        maps: &r.maps,
        schema: &r.schema,
        threshold: r.threshold,
        min_score: r.min_score,
        limit: r.limit,
        lists: &r.lists,
        only_matches: false,
        // `rescreen` compares hits record by record across two list versions.
        by_record: true,
        strict: r.strict,
        date_order: r.date_order.as_deref(),
        bad_records: r.bad_records.as_deref(),
        threads: r.threads,
        quiet: r.quiet,
        alerts: None,
        user,
        judgements: &[],
    }
}
