//! The `interdict` command: a thin layer that parses arguments, calls the library crates and
//! prints. Nothing here decides how lists are read or stored.

mod bench;
mod display;
mod eval;
mod outfile;
mod screen;
mod search;
mod show;
mod update;
mod validate;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use display::sanitize;
use interdict_model::PartialDate;
use interdict_sources::{Format, SourceFile};
use interdict_store::{ListVersion, Store};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: matching allocates small, short-lived strings
/// and vectors on every query, and glibc's allocator took a tenth of the CPU of batch
/// screening and a fifth of the server's under load (contention between threads).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ABOUT: &str = "Sanctions and export-control screening: the official OFAC, UN, EU, UK and US \
lists in one model, searchable offline.";

const AFTER_HELP: &str = "\
Examples:
  interdict search \"AO OEZ PPT ALABUGA\"        look a name up in every active list
  interdict show ofac-45708                      everything a list says about one entity
  interdict lists                                which lists are active, how old they are
  interdict import sdn.csv add.csv alt.csv       import a new OFAC SDN CSV set
  interdict import UN_consolidated.xml           import a new UN list (format detected)
  interdict update                               download current official files, verify, activate
  interdict diff us_ofac_sdn                     what changed since the previous version
  interdict screen customers.csv --alerts -o hits.jsonl
                                                 screen a file, recording alerts for review
  interdict alerts list --status open            alerts to decide (alerts decide ID …)
  interdict validate -o validation.html          detection and false-alert rates, threshold advice

The store lives in the user data directory (override with --data-dir or INTERDICT_DATA_DIR).
On first use it is filled with the lists bundled in the binary; they are old, so every
command that screens warns when a list is older than --max-age-days.";

#[derive(Parser, Debug)]
#[command(name = "interdict", version, about = ABOUT, after_help = AFTER_HELP)]
struct Cli {
    /// Where lists are stored [default: the user data directory]
    #[arg(long, global = true, env = "INTERDICT_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Warn when a list in use was published more than this many days ago
    #[arg(
        long,
        global = true,
        env = "INTERDICT_MAX_LIST_AGE_DAYS",
        default_value_t = 30,
        value_name = "DAYS"
    )]
    max_age_days: i64,

    /// The alert store: a SQLite file, or a postgres:// URL for a shared database; add
    /// ?sslmode=verify-full[&sslrootcert=CA.pem] to encrypt and check the server
    /// [default: alerts.sqlite in the data directory]
    #[arg(
        long,
        global = true,
        env = "INTERDICT_ALERTS_DB",
        value_name = "FILE|URL"
    )]
    alerts_db: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Show each active list: publisher, publication date, age, entity counts, file sha256
    #[command(after_help = "Example:\n  interdict lists --json | jq '.[].list'")]
    Lists {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// Also show every stored version, not only the active one
        #[arg(long)]
        all: bool,
    },
    /// Import list files as a new version of their list (atomic: a bad file changes nothing)
    #[command(after_help = "\
The format is recognized from the content; the list from the format (and, for OFAC CSV,
from the file name: cons_* files are the Consolidated list). Give all files of an OFAC CSV
set together. Formats: ofac-csv, ofac-xml, ofac-enhanced-xml, un-xml, eu-xml-1.0,
eu-xml-1.1, uk-conlist-csv, uk-fcdo-xml, csl-csv, bis-dpl-txt, ftm-json, ftm-delta.
Files may be gzip-compressed.

Examples:
  interdict import sdn.csv add.csv alt.csv sdn_comments.csv
  interdict import consolidated.xml --list us_ofac_cons
  interdict import entities.ftm.json --list my_watchlist
  interdict import dpl.txt --published 2026-11-20
  interdict import sdn.csv add.csv alt.csv --max-drop 1   # a real, large drop: accept it

A new version that has lost more than 20 % of the active version's listed parties is refused (a
truncated or partial file must not replace a good list); --max-drop overrides that, and the
version's manifest (interdict lists --json --all) records the override.
List ids: 1 to 64 lower-case letters, digits, '_' or '-'.")]
    Import {
        /// The files
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Force the format instead of detecting it
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Force the list id (e.g. us_ofac_sdn)
        #[arg(long, value_name = "LIST")]
        list: Option<String>,
        /// Publication date (YYYY-MM-DD) for formats that state none (OFAC CSV, CSL)
        #[arg(long, value_name = "DATE")]
        published: Option<String>,
        /// Largest share of the active version's listed parties the new one may lose (0–1)
        /// [default: 0.2]
        #[arg(long, value_name = "SHARE")]
        max_drop: Option<f64>,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show everything a list says about one entity, and its links
    #[command(
        after_help = "Examples:\n  interdict show ofac-45708\n  interdict show un-6908402 --json"
    )]
    Show {
        /// Entity id (ofac-<uid>, un-<DATAID>, eu-<logicalId>, gb-fcdo-<UniqueID>…)
        id: String,
        /// Print the FollowTheMoney JSON entity
        #[arg(long)]
        json: bool,
    },
    /// Screen one name against the active lists: fuzzy, cross-script, explained
    #[command(after_help = "\
Finds listed parties despite transliteration (Cyrillic, Arabic, Chinese, Korean…),
reordered or missing name parts, typos, legal forms and aliases, and uses birth dates,
countries and identifiers to confirm or clear. Exit code 0 whether or not it finds a
match, 2 on errors.

Examples:
  interdict search \"AO OEZ PPT ALABUGA\"
  interdict search \"Шагивалеев Тимур\" --schema Person --explain
  interdict search \"Timur Shagivaleev\" --birth-date 1978-01-28 --country ru
  interdict search \"Kupol\" --all --limit 5 --json
  interdict search \"JSC SEZ PPT Alabuga\" --exact")]
    Search {
        /// The name
        name: String,
        /// FtM schema of the party: Person, Organization, Company, LegalEntity, Vessel, Airplane
        #[arg(long, default_value = "LegalEntity")]
        schema: String,
        /// Birth (or incorporation) date, YYYY[-MM[-DD]]; repeatable
        #[arg(long = "birth-date", value_name = "DATE")]
        birth_dates: Vec<String>,
        /// Nationality or country, name or ISO code; repeatable
        #[arg(long = "country", value_name = "COUNTRY")]
        countries: Vec<String>,
        /// An identifier (passport, tax id, registration, IMO…); repeatable
        #[arg(long = "id", value_name = "ID")]
        ids: Vec<String>,
        /// Match threshold
        #[arg(long, default_value_t = interdict_matcher::DEFAULT_THRESHOLD)]
        threshold: f64,
        /// At most this many results
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Also show the closest results below the threshold
        #[arg(long)]
        all: bool,
        /// Show why each result scored what it did
        #[arg(long)]
        explain: bool,
        /// Exact and normalized-token lookup only (no fuzzy matching)
        #[arg(long)]
        exact: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Screen every record of a file (CSV/TSV, JSON Lines, Parquet) on all cores
    #[command(after_help = SCREEN_HELP)]
    Screen {
        #[command(flatten)]
        records: RecordArgs,
        /// Write only records with a match
        #[arg(long)]
        only_matches: bool,
        /// Record every match as an alert in the alert store, and mark as suppressed the
        /// matches an analyst cleared as false positives (same record, same listed entity,
        /// neither changed since)
        #[arg(long)]
        alerts: bool,
        /// Who is screening, for the audit log [default: $USER]
        #[arg(long, env = "INTERDICT_USER", value_name = "NAME")]
        user: Option<String>,
    },
    /// Screen a file again after a list update: only against what changed, reporting the
    /// alerts gained and lost
    #[command(after_help = RESCREEN_HELP)]
    Rescreen {
        #[command(flatten)]
        records: RecordArgs,
        /// The list versions the file was last screened against: LIST:VERSION (comma-separated
        /// or repeated; other lists unchanged), or a date or RFC 3339 time (the versions
        /// imported before it)
        #[arg(long, value_name = "VERSION", required = true)]
        since: Vec<String>,
        /// Record the matches of every record scored again as alerts in the alert store (as
        /// `screen --alerts` does); a gained alert an analyst's earlier false-positive
        /// decision covers is marked suppressed
        #[arg(long)]
        alerts: bool,
        /// Who is re-screening, for the audit log [default: $USER]
        #[arg(long, env = "INTERDICT_USER", value_name = "NAME")]
        user: Option<String>,
    },
    /// Write a seeded synthetic customer file (for benchmarks and trials)
    #[command(after_help = "\
Records are fictional people and companies from 19 locales in their own scripts and in
Latin letters, with birth dates, countries, nationalities and some passport numbers. A
share of them (--listed-share) carry names taken from the active lists, as a real
customer base might. The same seed always gives the same file.

Examples:
  interdict generate --records 1000000 --seed 42 -o customers.csv
  interdict generate --records 1000 -o customers.jsonl --listed-share 0.05")]
    Generate {
        /// How many records
        #[arg(long, default_value_t = 1000)]
        records: u64,
        /// Random seed
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output file (.csv or .jsonl) [default: CSV on standard output]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Share of records that carry a listed name (0–1)
        #[arg(long, default_value_t = 0.001)]
        listed_share: f64,
    },
    /// Download the current official list files and activate them if they are sound
    #[command(after_help = "\
For each list (by default every list in the store), downloads all of its files from the
publisher, checks that each arrived whole (HTTP 2xx, the announced length), parses the set,
and refuses it when it has more than --max-drop fewer entities than the active version (a
truncated or half-published file). Only then does it become the new active version —
atomically; on any failure the active version stays and the reason is printed. Files
identical to the active version's make no new version. Exit code 0 when every list is
updated or unchanged, 1 when any was not, 2 on usage errors.

Download addresses are the publishers' (`interdict lists --json`); override them, or add
lists, in a sources file (--sources, default: sources.json in the data directory):
  {\"max_drop\": 0.2,
   \"lists\": {\"eu_fsf\": {\"urls\": [\"https://…/xmlFullSanctionsList_1_1/content?token=…\"]},
             \"us_ofac_sdn\": {\"urls\": [\"https://…/SDN.CSV\", \"https://…/ADD.CSV\",
                                     \"https://…/ALT.CSV\", \"https://…/SDN_COMMENTS.CSV\"],
                             \"max_drop\": 0.1}}}
The EU file needs a token in its URL: give it in the sources file.

Examples:
  interdict update
  interdict update us_ofac_sdn un_sc_sanctions --json
  interdict update us_ofac_sdn --max-drop 0.5   # accept a larger drop, once")]
    Update {
        /// Lists to update [default: every list in the store]
        #[arg(value_name = "LIST")]
        lists: Vec<String>,
        /// A sources file (JSON) of download URLs and limits per list
        #[arg(long, value_name = "FILE")]
        sources: Option<PathBuf>,
        /// Largest share of entities a new version may lose (0–1) [default: 0.2]
        #[arg(long, value_name = "SHARE")]
        max_drop: Option<f64>,
        /// Seconds a download may take
        #[arg(long, default_value_t = 300)]
        timeout: u64,
        /// Print the outcome per list as JSON
        #[arg(long)]
        json: bool,
    },
    /// Alerts raised by `screen --alerts`, and analysts' decisions on them
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// Show what changed between two versions of a list: entities added, removed, changed
    #[command(after_help = "\
Compares two stored versions of a list (by default the two latest) entity by entity:
ids added and removed, and for entities in both, which FollowTheMoney properties changed
(name, alias, birthDate, nationality, idNumber, address, program…). Values are compared
as sets, so a list that only reorders aliases shows no change. `interdict lists --all`
shows the stored versions.

--json prints {\"added\": [ids], \"removed\": [ids], \"changed\": [{\"id\", \"fields\"}]}.

Examples:
  interdict diff us_ofac_sdn
  interdict diff us_ofac_sdn 2 3 --json | jq '.changed[] | select(.fields | index(\"alias\"))'")]
    Diff {
        /// The list id (e.g. us_ofac_sdn)
        list: String,
        /// The older version [default: the one before NEW]
        old: Option<u32>,
        /// The newer version [default: the latest]
        new: Option<u32>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Prove the screening works: detection of listed names under realistic variation,
    /// false alerts on non-listed parties, threshold advice, an HTML report
    #[command(after_help = "\
Builds a test deck from the loaded lists: primary names and strong aliases of a seeded
sample of listed people and organizations, rendered under the manipulations screening
testers use (exact, natural order, case and punctuation, one and two typos, dropped middle
name, initials, into and out of Cyrillic and Arabic script, romanization variants,
legal-form swaps, concatenated and split words, truncation, extra words). Each case knows
the listed entity it must find, and carries what a customer record of that party would:
the listed birth date (85 % of people) and nationality (70 %), a listed country. The
negatives are generated people and companies from many locales, with dates and countries
and none of them listed, and (5 %) namesakes: listed people's common names (Daniel PEREZ,
Li Wei) carried by someone born five or more years apart in a country the listing does not
name. Both are screened with the same engine as `interdict screen`.

Prints detection by manipulation and by list, false alerts per 1,000 negatives, and the
threshold that keeps false alerts within --max-false-alerts (screened again at that
threshold to confirm). The report (-o) is one self-contained HTML file: detection bars,
the detection/false-alert curve with the thresholds marked, score histograms, and every
miss and false alert (the first 1,000 of each) with its explanation. --json writes the same figures.
The same seed gives the same deck and the same figures.

Examples:
  interdict validate -o validation.html
  interdict validate --lists us_ofac_sdn,un_sc_sanctions --sample 1000 --seed 7
  interdict validate --max-false-alerts 5/1000 --json summary.json
  interdict validate --pairs dev-pairs.jsonl")]
    Validate {
        /// Only these lists (comma-separated ids) [default: every active list]
        #[arg(long, value_name = "LIST,...")]
        lists: Vec<String>,
        /// Listed entities to build the deck from (spread evenly over the lists)
        #[arg(long, default_value_t = 500, value_name = "N")]
        sample: usize,
        /// Generated non-listed parties to screen
        #[arg(long, default_value_t = 10_000, value_name = "N")]
        negatives: usize,
        /// Seed of the deck and the negatives
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The threshold to validate
        #[arg(long, default_value_t = interdict_matcher::DEFAULT_THRESHOLD)]
        threshold: f64,
        /// False-alert budget for the recommended threshold: 1/1000, 0.001 or 0.1%
        #[arg(long, default_value = "1/1000", value_name = "RATE")]
        max_false_alerts: String,
        /// The HTML report
        #[arg(
            short,
            long,
            default_value = "interdict-validation.html",
            value_name = "FILE"
        )]
        output: PathBuf,
        /// Also write the figures as JSON (- for standard output)
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Labelled pairs (the development-set JSON lines format) to add to the report
        #[arg(long, value_name = "FILE")]
        pairs: Option<PathBuf>,
        /// Worker threads (0: one per core)
        #[arg(long, default_value_t = 0, value_name = "N")]
        threads: usize,
        /// No progress messages on stderr
        #[arg(short, long)]
        quiet: bool,
    },
    /// Serve the HTTP API (yente-compatible /match, /search, /entities, /catalog)
    #[command(after_help = "\
Routes: POST /match/{dataset}, GET /search/{dataset}?q=, GET /entities/{id}, GET /catalog,
GET /algorithms, GET /metrics (Prometheus), GET /healthz, GET /readyz, the OpenRefine
reconciliation API at /reconcile/{dataset}, and the API's description at /openapi.json and
/docs. The dataset `default` is every loaded list;
each list is also a dataset by its id. Request and response shapes follow OpenSanctions'
yente; docs/http-api.md lists the differences.

Binding to anything but loopback requires API keys (--api-key or INTERDICT_API_KEYS,
comma-separated, at least 16 characters each); clients send `Authorization: ApiKey <key>`.
New list versions are served without a restart: POST the files to /admin/import (admin key),
or run `interdict import` and the server picks the new version up within --reload-interval.

Examples:
  interdict serve
  INTERDICT_API_KEYS=$(openssl rand -hex 24) interdict serve --bind 0.0.0.0:8000
  curl -s localhost:8000/match/default -d '{\"queries\": {\"q1\": {\"schema\": \"Company\",
    \"properties\": {\"name\": [\"AO OEZ PPT Alabuga\"]}}}}'")]
    Serve {
        /// A JSON file of settings (bind, api_keys, admin_keys, max_body_bytes, max_queries,
        /// max_values, max_value_chars, max_limit, rate_limit, log_requests,
        /// reload_interval, allowed_hosts, max_connections, header_timeout_secs,
        /// request_timeout_secs, shutdown_grace_secs); flags and environment variables
        /// override it
        #[arg(long, env = "INTERDICT_CONFIG", value_name = "FILE")]
        config: Option<PathBuf>,
        /// Address to listen on [default: 127.0.0.1:8000]
        #[arg(long, env = "INTERDICT_BIND")]
        bind: Option<std::net::SocketAddr>,
        /// An accepted API key; repeatable (or INTERDICT_API_KEYS, comma-separated)
        #[arg(long = "api-key", value_name = "KEY")]
        api_keys: Vec<String>,
        /// Largest request body in bytes [default: 1048576]
        #[arg(long)]
        max_body_bytes: Option<usize>,
        /// Most queries in one /match request [default: 100]
        #[arg(long)]
        max_queries: Option<usize>,
        /// Requests per second per API key (bursts up to twice that); 0 for no limit
        /// [default: 100]
        #[arg(long)]
        rate_limit: Option<u32>,
        /// Log one JSON line per request on standard error
        #[arg(long)]
        log_requests: bool,
        /// A key for the admin routes (POST /admin/import, /admin/reload); repeatable (or
        /// INTERDICT_ADMIN_KEYS). Without one the admin routes are off
        #[arg(long = "admin-key", value_name = "KEY")]
        admin_keys: Vec<String>,
        /// Seconds between checks for list versions imported by `interdict import`; 0: never
        /// [default: 30]
        #[arg(long)]
        reload_interval: Option<u64>,
        /// A host name the server answers to besides its address (e.g. screening.bank.example);
        /// repeatable (or INTERDICT_ALLOWED_HOSTS, comma-separated). Requests naming any other
        /// Host are refused (DNS rebinding); see docs/security.md
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_hosts: Vec<String>,
    },
    /// Measure matching quality: labelled pairs, and every listed name finding itself
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure parsing and loading speed on the bundled lists
    Bench {
        /// Repetitions of each measurement (the median is reported)
        #[arg(long, default_value_t = 5)]
        iterations: usize,
    },
}

/// How to read a file of records and what to screen it against (`screen`, `rescreen`).
#[derive(clap::Args, Debug)]
struct RecordArgs {
    /// The input file, `-` for standard input (may be gzip-compressed)
    input: String,
    /// Write the results here (a file is written whole at the end; a device or pipe
    /// directly) [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format: jsonl, csv or parquet [default: from the output's extension, else jsonl]
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Input format: csv, tsv, jsonl or parquet [default: from the name, else the content]
    #[arg(long, value_name = "FORMAT")]
    input_format: Option<String>,
    /// Which column holds which field, e.g. --map name="Company Name" --map country=Ctry;
    /// repeatable. Fields: id, name, alias, first_name, middle_name, last_name, schema,
    /// birth_date, country, nationality, passport, national_id, tax_id, registration,
    /// imo, identifier, gender
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    maps: Vec<String>,
    /// Schema of records that state none: Person, Company, Organization, LegalEntity,
    /// Vessel, Airplane
    #[arg(long, default_value = "LegalEntity")]
    schema: String,
    /// Scores at or above this are matches
    #[arg(long, default_value_t = interdict_matcher::DEFAULT_THRESHOLD)]
    threshold: f64,
    /// Also write results scoring at least this (near misses, "match": false)
    #[arg(long, value_name = "SCORE")]
    min_score: Option<f64>,
    /// At most this many results per record
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Screen against these lists only (ids from `interdict lists`; comma-separated or
    /// repeated)
    #[arg(long, value_name = "LIST")]
    lists: Vec<String>,
    /// Stop at the first bad record (exit code 2) instead of reporting it and going on
    #[arg(long)]
    strict: bool,
    /// How to read dates like 03/04/1975: dmy or mdy [default: refuse ambiguous ones]
    #[arg(long, value_name = "ORDER")]
    date_order: Option<String>,
    /// Where to list bad records [default: OUTPUT.bad.jsonl, or
    /// ./interdict-bad-records.jsonl when writing to standard output, a device or a pipe]
    #[arg(long, value_name = "FILE")]
    bad_records: Option<PathBuf>,
    /// Worker threads (0: one per core)
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
    /// No progress bar, no summary
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Subcommand, Debug)]
enum AlertsCommand {
    /// List alerts, newest first
    #[command(
        after_help = "Examples:\n  interdict alerts list --status open\n  interdict alerts list --json | jq '.[].entity_id'"
    )]
    List {
        /// Only alerts in this state: open, suppressed or decided
        #[arg(long, value_parser = ["open", "suppressed", "decided"])]
        status: Option<String>,
        /// At most this many
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one alert: the record, the listed entity, the evidence and every decision
    Show {
        /// Alert id
        id: i64,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Record a decision on an alert (appended to the audit log; decisions are never edited)
    #[command(after_help = "\
A false positive stays suppressed in later `screen --alerts` runs until the record or the
listed entity changes; the output then names the decision that suppressed it.

Examples:
  interdict alerts decide 42 --decision false-positive --reason \"DOB 1961 vs 1978, other person\"
  interdict alerts decide 43 --decision true-match --reason \"passport number matches\"
  interdict alerts decide 50 51 52 --decision false-positive --reason \"our own staff, checked\"")]
    Decide {
        /// Alert ids (each decided in its own transaction, acknowledged once on disk)
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
        /// true-match, false-positive or escalate
        #[arg(long)]
        decision: String,
        /// Why (required: an auditor will ask)
        #[arg(long)]
        reason: String,
        /// Who decides [default: $USER]
        #[arg(long, env = "INTERDICT_USER", value_name = "NAME")]
        user: Option<String>,
        /// Print the decision as JSON
        #[arg(long)]
        json: bool,
    },
    /// Check that the alert store is sound and untampered: prints "ok" and each chain's head
    #[command(after_help = "\
Runs the database's own consistency check, checks that every decision has its audit entry,
and recomputes the hash chain over runs, alerts, decisions and the audit log: a row edited,
deleted, inserted or moved by anything but interdict is named (exit code 1). The last lines
are each table's head (table:id:hash). Keep them somewhere the database's users cannot
write; a later check with --expect-head then also proves that no row was cut off the end and
that the chain was not recomputed after an edit.

Examples:
  interdict alerts check
  interdict alerts check --expect-head decisions:41:9f2c… --expect-head audit:97:04ab…")]
    Check {
        /// A head printed by an earlier check (table:id:hash); repeatable
        #[arg(long = "expect-head", value_name = "HEAD")]
        expect_heads: Vec<String>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// The append-only audit log: runs and decisions, oldest first
    Audit {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

const RESCREEN_HELP: &str = "\
After a list update, re-checks a file you screened before against what changed since the list
versions you screened it against, and reports the alerts (matches) gained and lost — the same
alerts a full re-screen would give, found by scoring only the records a change can affect.

  --since us_ofac_sdn:3          the file was screened when us_ofac_sdn was at version 3
                                 (other lists are taken as unchanged)
  --since 2026-11-01             the versions imported before 1 November 2026
  --since 2026-11-01T09:30:00Z   the versions imported at or before that time

`interdict lists --all` shows the versions and when each was imported.

Output (standard output or -o, JSON lines or CSV): only the records whose alerts changed,
  jsonl  {\"id\", \"line\", \"name\", \"new\": [results], \"resolved\": [results]}; each result as
         `interdict screen` writes it, plus \"entity_change\": added, removed, changed or
         unchanged (an unchanged entity's alert can come or go when others change around it)
  csv    one row per alert gained (alert=new) or lost (alert=resolved)
The summary (stderr) counts the records scored again and the alerts gained and lost.
Alerts are matches (score ≥ --threshold); near misses are not reported, and Parquet output is
not offered.
--alerts records the matches of the records scored again in the alert store, as
`screen --alerts` does, and each gained alert carries its alert id.

Scores depend only on the two parties compared (word rarity is pinned to counts shipped
with interdict), which is what lets a re-screen skip the records no change can reach.

Exit code 0 when no alert was gained, 1 when one was, 2 on errors (a record that could not be
screened included).

Examples:
  interdict rescreen customers.csv --since us_ofac_sdn:3 -o changes.jsonl
  interdict rescreen customers.csv --since 2026-11-01 -o changes.csv";

const SCREEN_HELP: &str = "\
Reads CSV/TSV with a header, JSON Lines (FollowTheMoney entities as sent to yente's /match,
or flat objects) or Parquet, screens every record against the active lists on all cores,
and writes the results in input order:
  jsonl    one line per record: {\"id\", \"line\", \"status\", \"results\": [{\"id\", \"caption\",
           \"schema\", \"score\", \"match\", \"datasets\", \"explanation\"}]}
  csv      one row per hit, and one row for each record without hits (status clear/error)
  parquet  the CSV columns, typed
Common headers are recognized (name, full_name, first_name + last_name, dob,
date_of_birth, country, nationality, passport, id, imo, type…) and reported; --map says
the rest. A record that cannot be screened (no name, invalid UTF-8, a ragged row, broken
JSON, an unclosed quote) is written with status \"error\"; one with a bad field (a malformed
date, an unknown country, a value over 1,000 characters) is screened without it. Both are
listed in the bad-records file and counted. Every input line is accounted for: a quoted field
may span line breaks, but one still open after 100 lines (or 1 MiB) is an unclosed quote, and
its line is reported while screening resumes at the next line.

Exit codes: 0 no match, 1 at least one match, 2 error — including a run in which any record
could not be screened (the output is still complete).

Examples:
  interdict screen customers.csv -o hits.csv --only-matches
  interdict screen suppliers.xlsx.csv --map name=\"Supplier Name\" --map country=Ctry
  interdict screen queries.jsonl --threshold 0.8 --lists us_ofac_sdn,un_sc_sanctions
  interdict screen customers.parquet -o results.parquet
  cat customers.csv | interdict screen - --format csv > results.csv";

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Check that every name on the active lists, searched as written, finds its own entity
    #[command(after_help = "\
Exact listed names must always be found. This searches every name of every listed party
(primary names and aliases) and reports any that does not return its own entity as a match.
Exit code 1 when a name is missed.

Example:
  interdict eval lists")]
    Lists {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Score labelled query/candidate pairs and report precision, recall and F1
    #[command(after_help = "\
FILE is JSON lines, one pair per line, in the format of the development set:
  {\"id\": \"…\", \"query\": {\"schema\": \"Person\", \"name\": [\"…\"], \"birthDate\": [\"…\"]},
   \"candidate\": {…}, \"match\": true}
Only `query` and `candidate` are read for scoring; `match` is the label and `kind`, when
present, groups the report. Word rarity comes from the counts shipped with interdict.

Examples:
  interdict eval pairs dev_pairs.jsonl
  interdict eval pairs dev_pairs.jsonl --json --scores scores.jsonl
  interdict eval pairs dev_pairs.jsonl --retrieval")]
    Pairs {
        /// The labelled pairs
        file: PathBuf,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// Also write one {"id", "score", "match"} line per pair to this file
        #[arg(long, value_name = "OUT")]
        scores: Option<PathBuf>,
        /// Match threshold
        #[arg(long, default_value_t = interdict_matcher::DEFAULT_THRESHOLD)]
        threshold: f64,
        /// Also measure the candidate index: the share of true matches it retrieves for
        /// scoring, with the pair candidates indexed among the active lists
        #[arg(long)]
        retrieval: bool,
        /// Print each pair's score and explanation as a JSON line before the report
        #[arg(long)]
        explain: bool,
    },
    /// Count token and index-key rarity over the active lists (the shipped statistics)
    #[command(after_help = "\
Scores weigh words by how common they are among listed names. Those counts are pinned: they
ship with interdict (data/matching/corpus-stats.tsv.gz, counted over the bundled lists) so
that a score depends only on the two parties compared, not on which other lists are loaded.
This command counts them over the active lists and writes them in the shipped format; with a
fresh data directory (only the bundled lists) it regenerates the shipped file:

  interdict --data-dir \"$(mktemp -d)\" eval corpus-stats -o data/matching/corpus-stats.tsv.gz

Without -o it prints whether the active lists give the shipped counts.")]
    CorpusStats {
        /// Write the counts here (gzip-compressed TSV)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    // Behave like other Unix tools when the reader goes away (`interdict … | head`): stop
    // quietly instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// What `screen` and `rescreen` share, from their flags.
fn screen_args<'a>(r: &'a RecordArgs, user: &'a str) -> screen::ScreenArgs<'a> {
    screen::ScreenArgs {
        input: &r.input,
        output: r.output.as_deref(),
        format: r.format.as_deref(),
        input_format: r.input_format.as_deref(),
        maps: &r.maps,
        schema: &r.schema,
        threshold: r.threshold,
        min_score: r.min_score,
        limit: r.limit,
        lists: &r.lists,
        only_matches: false,
        strict: r.strict,
        date_order: r.date_order.as_deref(),
        bad_records: r.bad_records.as_deref(),
        threads: r.threads,
        quiet: r.quiet,
        alerts: None,
        user,
    }
}

fn open_store(cli: &Cli) -> Result<Store> {
    let dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(interdict_store::default_data_dir);
    Store::open(&dir).with_context(|| format!("opening the store in {}", dir.display()))
}

/// Prints a list diff for people: counts, then one line per entity.
fn print_diff(
    store: &Store,
    list: &str,
    old: u32,
    new: u32,
    d: &interdict_store::ListDiff,
) -> Result<()> {
    let published = |v: u32| -> Result<String> {
        Ok(store.manifest(list, v)?.published.map_or_else(
            || "no publication date".to_string(),
            |p| format!("published {p}"),
        ))
    };
    println!(
        "{list}: version {old} ({}) → version {new} ({})",
        published(old)?,
        published(new)?
    );
    let mut by_field: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in &d.changed {
        for f in &c.fields {
            *by_field.entry(f.as_str()).or_default() += 1;
        }
    }
    println!("  added    {}", d.added.len());
    println!("  removed  {}", d.removed.len());
    println!(
        "  changed  {}{}",
        d.changed.len(),
        if by_field.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                by_field
                    .iter()
                    .map(|(f, n)| format!("{f} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    let (old_entities, new_entities) = (store.entities(list, old)?, store.entities(list, new)?);
    let old_by: std::collections::HashMap<&str, &interdict_model::Entity> =
        old_entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_by: std::collections::HashMap<&str, &interdict_model::Entity> =
        new_entities.iter().map(|e| (e.id.as_str(), e)).collect();
    // Links have no name: say what they link.
    let label = |e: Option<&&interdict_model::Entity>| -> String {
        match e {
            Some(e) => match &e.relation {
                Some(r) => format!("{} {} → {}", e.schema.name(), r.from, r.to),
                None => e.caption().to_string(),
            },
            None => String::new(),
        }
    };
    for id in &d.added {
        println!("+ {id}  {}", label(new_by.get(id.as_str())));
    }
    for id in &d.removed {
        println!("- {id}  {}", label(old_by.get(id.as_str())));
    }
    for c in &d.changed {
        println!(
            "~ {}  {}: {}",
            c.id,
            label(new_by.get(c.id.as_str())),
            c.fields.join(", ")
        );
    }
    Ok(())
}

/// The alert store: --alerts-db (a SQLite file or a postgres:// URL), or alerts.sqlite in
/// the data directory.
fn alerts_db(cli: &Cli, store: &Store) -> String {
    cli.alerts_db.clone().unwrap_or_else(|| {
        store
            .root()
            .join("alerts.sqlite")
            .to_string_lossy()
            .into_owned()
    })
}

/// Who is acting: `--user` (or `INTERDICT_USER`), else the login name. A blank `--user` is
/// an error, not "unknown": the audit log must say who did what.
fn user_name(flag: Option<&str>) -> Result<String> {
    match flag {
        Some(u) if u.trim().is_empty() => {
            bail!("--user (or INTERDICT_USER) is empty: name who is acting, for the audit log")
        }
        Some(u) => Ok(u.trim().to_string()),
        None => Ok(std::env::var("USER")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string())),
    }
}

/// Warns on stderr, in one message, about every list older than the configured age.
fn warn_stale(lists: &[ListVersion], max_age_days: i64) {
    let today = interdict_store::today();
    let stale: Vec<String> = lists
        .iter()
        .filter_map(|l| {
            let age = l.age_days(today)?;
            (age > max_age_days).then(|| format!("{} ({age} days)", l.list))
        })
        .collect();
    if !stale.is_empty() {
        eprintln!(
            "warning: {} list(s) older than {max_age_days} days: {}. A stale list misses recent \
             designations: import current files (`interdict lists --json` gives the URLs), or set \
             --max-age-days.",
            stale.len(),
            stale.join(", ")
        );
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Lists { json, all } => {
            let store = open_store(&cli)?;
            let versions = if *all {
                let mut v = Vec::new();
                for id in store.list_ids()? {
                    v.extend(store.versions(&id)?);
                }
                v
            } else {
                store.active_versions()?
            };
            print_lists(&store, &versions, *json)?;
            if !json {
                warn_stale(&store.active_versions()?, cli.max_age_days);
            }
        }
        Command::Import {
            paths,
            format,
            list,
            published,
            max_drop,
            json,
        } => {
            let format = match format {
                Some(f) => Some(Format::from_name(f).with_context(|| {
                    format!(
                        "unknown format {f:?}; one of: {}",
                        Format::ALL.map(Format::name).join(", ")
                    )
                })?),
                None => None,
            };
            let published = match published {
                Some(p) => Some(
                    PartialDate::parse_iso(p)
                        .with_context(|| format!("--published {p:?} is not a date (YYYY-MM-DD)"))?,
                ),
                None => None,
            };
            let files = paths
                .iter()
                .map(|p| SourceFile::read(p))
                .collect::<Result<Vec<_>, _>>()?;
            let store = open_store(&cli)?;
            let done = store.import_with(
                &files,
                &interdict_store::ImportOptions {
                    format,
                    list: list.as_deref(),
                    published,
                    max_drop: *max_drop,
                    ..Default::default()
                },
            )?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&done)?);
            } else {
                for v in &done {
                    println!(
                        "imported {} version {} ({}): {} entities{}",
                        v.list,
                        v.version,
                        v.format,
                        v.total,
                        v.published
                            .map(|d| format!(", published {d}"))
                            .unwrap_or_default()
                    );
                    for w in &v.warnings {
                        eprintln!("  note: {w}");
                    }
                }
            }
        }
        Command::Show { id, json } => {
            let store = open_store(&cli)?;
            let snap = store.load()?;
            let Some(e) = snap.get(id) else {
                bail!("no entity {id:?} in the active lists (ids look like ofac-45708, un-6908402; `interdict search NAME` finds them)");
            };
            if *json {
                println!("{}", serde_json::to_string_pretty(&e.to_ftm())?);
            } else {
                show::print_entity(&snap, e);
            }
        }
        Command::Search {
            name,
            schema,
            birth_dates,
            countries,
            ids,
            threshold,
            limit,
            all,
            explain,
            exact,
            json,
        } => {
            let store = open_store(&cli)?;
            let snap = store.load()?;
            warn_stale(&snap.lists, cli.max_age_days);
            if *exact {
                print_exact(&snap, name, *limit, *json)?;
            } else {
                search::run(
                    snap,
                    &search::SearchArgs {
                        name,
                        schema,
                        birth_dates,
                        countries,
                        ids,
                        threshold: *threshold,
                        limit: *limit,
                        all: *all,
                        json: *json,
                        explain: *explain,
                    },
                )?;
            }
        }
        Command::Screen {
            records,
            only_matches,
            alerts,
            user,
        } => {
            let store = open_store(&cli)?;
            let snap = store.load()?;
            if !records.quiet {
                warn_stale(&snap.lists, cli.max_age_days);
            }
            let alerts_db = alerts.then(|| alerts_db(&cli, &store));
            let user = user_name(user.as_deref())?;
            let mut args = screen_args(records, &user);
            args.only_matches = *only_matches;
            args.alerts = alerts_db.as_deref();
            let summary = screen::run(snap, &args)?;
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
        }
        Command::Rescreen {
            records,
            since,
            alerts,
            user,
        } => {
            let store = open_store(&cli)?;
            let alerts_db = alerts.then(|| alerts_db(&cli, &store));
            let user = user_name(user.as_deref())?;
            let mut args = screen_args(records, &user);
            args.alerts = alerts_db.as_deref();
            let summary = screen::rescreen(&store, &args, since)?;
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
        }
        Command::Update {
            lists,
            sources,
            max_drop,
            timeout,
            json,
        } => {
            let store = open_store(&cli)?;
            let ok = update::run(
                &store,
                &update::UpdateArgs {
                    lists,
                    sources: sources.as_deref(),
                    max_drop: *max_drop,
                    json: *json,
                    timeout_secs: *timeout,
                },
            )?;
            if !ok {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Alerts(cmd) => {
            let store = open_store(&cli)?;
            let path = alerts_db(&cli, &store);
            let mut alerts = interdict_store::AlertStore::open_location(&path)?;
            match cmd {
                AlertsCommand::List {
                    status,
                    limit,
                    json,
                } => {
                    let list = alerts.list(status.as_deref(), *limit)?;
                    if *json {
                        println!("{}", serde_json::to_string_pretty(&list)?);
                    } else if list.is_empty() {
                        println!(
                            "no alerts{}",
                            status.as_ref().map_or(String::new(), |s| format!(" {s}"))
                        );
                    } else {
                        for a in &list {
                            println!(
                                "{:>6}  {:<10} {:.2}  {}  →  {} ({}, {}@{}){}",
                                a.id,
                                a.status,
                                a.score,
                                sanitize(&a.record_name),
                                sanitize(&a.entity_caption),
                                a.entity_id,
                                a.list,
                                a.list_version,
                                a.suppressed_by.map_or(String::new(), |d| format!(
                                    "  [suppressed by decision {d}]"
                                ))
                            );
                        }
                    }
                }
                AlertsCommand::Show { id, json } => {
                    let (a, decisions) = alerts.show(*id)?;
                    if *json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(
                                &serde_json::json!({"alert": a, "decisions": decisions})
                            )?
                        );
                    } else {
                        println!(
                            "alert {}  [{}]  run {}  raised {}",
                            a.id, a.status, a.run_id, a.created_at
                        );
                        println!(
                            "  record   {}  ({})",
                            sanitize(&a.record_name),
                            sanitize(&a.record_key)
                        );
                        println!(
                            "  listed   {}  {}  ({}@{})",
                            a.entity_id,
                            sanitize(&a.entity_caption),
                            a.list,
                            a.list_version
                        );
                        println!("  score    {:.4}", a.score);
                        if let Some(d) = a.suppressed_by {
                            println!("  suppressed by decision {d}");
                        }
                        println!("  evidence {}", sanitize(&a.explanation.to_string()));
                        for d in &decisions {
                            println!(
                                "  decision {}  {}  by {} at {}: {}",
                                d.id,
                                d.decision,
                                sanitize(&d.user),
                                d.decided_at,
                                sanitize(&d.reason)
                            );
                        }
                    }
                }
                AlertsCommand::Decide {
                    ids,
                    decision,
                    reason,
                    user,
                    json,
                } => {
                    let d = interdict_store::Decision::parse(decision)?;
                    let user = user_name(user.as_deref())?;
                    for id in ids {
                        // Printed only once committed and synced: a printed line is a
                        // decision that survives a crash.
                        let rec = alerts.decide(*id, d, reason, &user)?;
                        if *json {
                            println!("{}", serde_json::to_string(&rec)?);
                        } else {
                            println!(
                                "decision {} on alert {}: {}",
                                rec.id, rec.alert_id, rec.decision
                            );
                        }
                    }
                }
                AlertsCommand::Check { expect_heads, json } => {
                    let r = alerts.integrity_check(expect_heads)?;
                    if *json {
                        println!("{}", serde_json::to_string_pretty(&r)?);
                    } else {
                        if r.is_ok() {
                            println!("ok");
                        }
                        for p in &r.problems {
                            println!("{}", sanitize(p));
                        }
                        if r.unsealed > 0 {
                            println!(
                                "{} row(s) written before the store had a hash chain are not \
                                 covered by it",
                                r.unsealed
                            );
                        }
                        for h in &r.heads {
                            println!("head {h} ({} rows)", h.rows);
                        }
                    }
                    if !r.is_ok() {
                        return Ok(ExitCode::from(1));
                    }
                }
                AlertsCommand::Audit { json } => {
                    let log = alerts.audit()?;
                    if *json {
                        println!("{}", serde_json::to_string_pretty(&log)?);
                    } else {
                        for e in &log {
                            println!(
                                "{:>6}  {}  {:<10} {:<8} {}",
                                e.id,
                                e.at,
                                sanitize(&e.actor),
                                e.action,
                                sanitize(&e.detail.to_string())
                            );
                        }
                    }
                }
            }
        }
        Command::Diff {
            list,
            old,
            new,
            json,
        } => {
            let store = open_store(&cli)?;
            let (old, new, d) = store.diff(list, *old, *new)?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&d)?);
            } else {
                print_diff(&store, list, old, new, &d)?;
            }
        }
        Command::Validate {
            lists,
            sample,
            negatives,
            seed,
            threshold,
            max_false_alerts,
            output,
            json,
            pairs,
            threads,
            quiet,
        } => {
            let snap = open_store(&cli)?.load()?;
            validate::run(
                snap,
                &validate::ValidateArgs {
                    lists,
                    sample: *sample,
                    negatives: *negatives,
                    seed: *seed,
                    threshold: *threshold,
                    max_false_alerts,
                    output,
                    json: json.as_deref(),
                    pairs: pairs.as_deref(),
                    threads: *threads,
                    quiet: *quiet,
                },
            )?;
        }
        Command::Generate {
            records,
            seed,
            output,
            listed_share,
        } => {
            let snap = if *listed_share > 0.0 {
                Some(open_store(&cli)?.load()?)
            } else {
                None
            };
            screen::generate(
                snap,
                &screen::GenerateArgs {
                    records: *records,
                    seed: *seed,
                    output: output.as_deref(),
                    listed_share: *listed_share,
                },
            )?;
        }
        Command::Serve {
            config: config_file,
            bind,
            api_keys,
            max_body_bytes,
            max_queries,
            rate_limit,
            log_requests,
            admin_keys,
            reload_interval,
            allowed_hosts,
        } => {
            // Defaults, then the file, then environment variables and flags.
            let mut config = interdict_server::Config::default();
            if let Some(path) = config_file {
                config.apply_file(path).map_err(anyhow::Error::msg)?;
            }
            let from_env = |name: &str| -> Vec<String> {
                std::env::var(name)
                    .map(|v| {
                        v.split(',')
                            .map(|k| k.trim().to_string())
                            .filter(|k| !k.is_empty())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let keys: Vec<String> = api_keys
                .iter()
                .cloned()
                .chain(from_env("INTERDICT_API_KEYS"))
                .collect();
            if !keys.is_empty() {
                config.api_keys = keys;
            }
            let admin: Vec<String> = admin_keys
                .iter()
                .cloned()
                .chain(from_env("INTERDICT_ADMIN_KEYS"))
                .collect();
            if !admin.is_empty() {
                config.admin_keys = admin;
            }
            let hosts: Vec<String> = allowed_hosts
                .iter()
                .cloned()
                .chain(from_env("INTERDICT_ALLOWED_HOSTS"))
                .collect();
            if !hosts.is_empty() {
                config.allowed_hosts = hosts;
            }
            if let Some(b) = bind {
                config.bind = *b;
            }
            if let Some(v) = max_body_bytes {
                config.max_body_bytes = *v;
            }
            if let Some(v) = max_queries {
                config.max_queries = *v;
            }
            if let Some(v) = rate_limit {
                config.rate_limit = *v;
            }
            if let Some(v) = reload_interval {
                config.reload_interval = *v;
            }
            config.log_requests |= *log_requests;
            config.validate().map_err(anyhow::Error::msg)?;
            let store = open_store(&cli)?;
            let snap = store.load()?;
            warn_stale(&snap.lists, cli.max_age_days);
            let lists = snap.lists.clone();
            let started = std::time::Instant::now();
            let index = interdict_matcher::CandidateIndex::build(snap.entities);
            eprintln!(
                "indexed {} names of {} listed entities in {:.1} s",
                index.len(),
                index.entities().len(),
                started.elapsed().as_secs_f64()
            );
            // The default alert store is a convenience: a server whose data directory is
            // read-only still serves matching. One asked for by name must open.
            let loaded = interdict_server::Loaded::new(index, lists);
            let state = match interdict_store::AlertStore::open_location(&alerts_db(&cli, &store)) {
                Ok(alerts) => {
                    interdict_server::AppState::with_alerts(config, loaded, Some(store), alerts)
                }
                Err(e) if cli.alerts_db.is_none() => {
                    eprintln!("warning: no alert store ({e}); /alerts answers 404");
                    interdict_server::AppState::new(config, loaded, Some(store))
                }
                Err(e) => return Err(e.into()),
            };
            interdict_server::serve_blocking(state, |addr| {
                eprintln!("listening on http://{addr}");
            })
            .context("serving HTTP")?;
            eprintln!("stopped");
        }
        Command::Bench { iterations } => bench::run(&cli, *iterations)?,
        Command::Eval(EvalCommand::CorpusStats { output }) => {
            let store = open_store(&cli)?;
            let snap = store.load()?;
            let counted = interdict_matcher::CorpusStats::count(&snap.entities);
            match output {
                Some(path) => eval::write_corpus_stats(&counted, path)?,
                None => {
                    let same = &counted == interdict_matcher::CorpusStats::bundled();
                    println!(
                        "{} names counted over the active lists; they {} the shipped statistics",
                        counted.names(),
                        if same { "give" } else { "do not give" }
                    );
                    if !same {
                        return Ok(ExitCode::from(1));
                    }
                }
            }
        }
        Command::Eval(EvalCommand::Lists { json }) => {
            let store = open_store(&cli)?;
            let snap = store.load()?;
            let missed = eval::lists(snap.entities, *json)?;
            if missed > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Eval(EvalCommand::Pairs {
            file,
            json,
            scores,
            threshold,
            retrieval,
            explain,
        }) => {
            let store = open_store(&cli)?;
            let snap = store.load()?;
            eval::run(
                file,
                *threshold,
                *json,
                scores.as_deref(),
                snap.entities,
                *retrieval,
                *explain,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_exact(
    snap: &interdict_store::Snapshot,
    name: &str,
    limit: usize,
    json: bool,
) -> Result<()> {
    let hits = snap.search(name, limit);
    if json {
        let out: Vec<_> = hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.entity.id,
                    "caption": h.entity.caption(),
                    "schema": h.entity.schema.name(),
                    "list": h.entity.source.list,
                    "matched_name": h.name,
                    "score": (h.score * 1000.0).round() / 1000.0,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else if hits.is_empty() {
        println!("no listed name matches {name:?} (exact and token lookup)");
    } else {
        for h in &hits {
            println!(
                "{:.2}  {:<18} {:<13} {:<18} {}{}",
                h.score,
                h.entity.id,
                h.entity.schema.name(),
                h.entity.source.list,
                h.entity.caption(),
                if h.name != h.entity.caption() {
                    format!("  (as {:?})", h.name)
                } else {
                    String::new()
                }
            );
        }
    }
    Ok(())
}

fn print_lists(store: &Store, versions: &[ListVersion], json: bool) -> Result<()> {
    let today = interdict_store::today();
    if json {
        let out: Vec<_> = versions
            .iter()
            .map(|v| {
                let info = interdict_sources::list_info(&v.list);
                let active = store.active_version(&v.list).ok().flatten() == Some(v.version);
                serde_json::json!({
                    "list": v.list,
                    "title": info.map(|i| i.title),
                    "publisher": info.map(|i| i.publisher),
                    "url": info.map(|i| i.url),
                    "version": v.version,
                    "active": active,
                    "format": v.format,
                    "origin": v.origin,
                    "published": v.published.map(|d| d.to_string()),
                    "age_days": v.age_days(today),
                    "imported_at": v.imported_at,
                    "total": v.total,
                    "counts": v.counts,
                    "files": v.files,
                    "warnings": v.warnings,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "{:<18} {:>3}  {:<10} {:>5}  {:>7}  {:<44}  sha256",
        "list", "ver", "published", "age", "total", "entities by schema"
    );
    for v in versions {
        let counts = v
            .counts
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sha = v
            .files
            .first()
            .map(|f| f.sha256[..12].to_string())
            .unwrap_or_default();
        println!(
            "{:<18} {:>3}  {:<10} {:>5}  {:>7}  {:<44}  {}{}",
            v.list,
            v.version,
            v.published
                .map(|d| d.to_string())
                .unwrap_or_else(|| "unknown".into()),
            v.age_days(today)
                .map(|a| format!("{a}d"))
                .unwrap_or_default(),
            v.total,
            counts,
            sha,
            if v.files.len() > 1 {
                format!(" (+{} files)", v.files.len() - 1)
            } else {
                String::new()
            }
        );
        if let Some(info) = interdict_sources::list_info(&v.list) {
            println!("  {} — {}", info.title, info.publisher);
        }
    }
    Ok(())
}
