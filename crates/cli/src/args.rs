//! The command line: every command, its flags and its help text (clap derive). What each
//! command does is in `commands`.

use clap::{Parser, Subcommand};

mod goods;
mod ownership;
mod parties;
pub(crate) use goods::{Goods, GOODS_HELP};
pub(crate) use ownership::{Ownership, OwnershipCommand, OwnershipOpts, OWNERSHIP_HELP};
pub(crate) use parties::{Judge, PartiesCommand, PARTIES_HELP};
use std::path::PathBuf;

pub(crate) const ABOUT: &str =
    "Sanctions and export-control screening: the official OFAC, UN, EU, UK and US \
lists in one model, searchable offline.";

pub(crate) const AFTER_HELP: &str = "\
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
command that screens warns when a list is older than --max-age-days.

Exit codes, for every command: 0 done and nothing to act on; 1 done and something to act on
(a match, an alert gained, a changed list, a failed check); 2 an error (bad input, a refused
import or download, a record that could not be screened).";

#[derive(Parser, Debug)]
#[command(name = "interdict", version, about = ABOUT, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    /// Where lists are stored [default: the user data directory]
    #[arg(long, global = true, env = "INTERDICT_DATA_DIR", value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,

    /// Warn when a list in use was published more than this many days ago
    #[arg(
        long,
        global = true,
        env = "INTERDICT_MAX_LIST_AGE_DAYS",
        default_value_t = 30,
        value_name = "DAYS"
    )]
    pub(crate) max_age_days: i64,

    /// The alert store: a SQLite file, or a postgres:// URL for a shared database; add
    /// ?sslmode=verify-full[&sslrootcert=CA.pem] to encrypt and check the server
    /// [default: alerts.sqlite in the data directory]
    #[arg(
        long,
        global = true,
        env = "INTERDICT_ALERTS_DB",
        value_name = "FILE|URL"
    )]
    pub(crate) alerts_db: Option<String>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Show each active list: publisher, publication date, age, entity counts, file sha256
    #[command(after_help = "Example:\n  interdict lists --json | jq '.[].list'")]
    Lists(Lists),
    /// Import list files as a new version of their list (atomic: a bad file changes nothing)
    #[command(after_help = "\
The format is recognized from the content; the list from the format (and, for OFAC CSV,
from the file name: cons_* files are the Consolidated list). Give all files of an OFAC CSV
set together. Formats: ofac-csv, ofac-xml, ofac-enhanced-xml, un-xml, eu-xml-1.0,
eu-xml-1.1, uk-conlist-csv, uk-fcdo-xml, csl-csv, bis-dpl-txt, ftm-json, ftm-delta,
ownership-csv (your ownership registry: owner_id,owner_name,asset_id,asset_name,percentage,
start_date,end_date — its parties are not screened, see `interdict ownership --help`).
Files may be gzip-compressed.

Examples:
  interdict import sdn.csv add.csv alt.csv sdn_comments.csv
  interdict import consolidated.xml --list us_ofac_cons
  interdict import entities.ftm.json --list my_watchlist
  interdict import --list acme_registry registry.csv
  interdict import dpl.txt --published 2026-11-20
  interdict import sdn.csv add.csv alt.csv --max-drop 1   # a real, large drop: accept it

A new version that has lost more than 20 % of the active version's listed parties is refused (a
truncated or partial file must not replace a good list); --max-drop overrides that, and the
version's manifest (interdict lists --json --all) records the override.
List ids: 1 to 64 lower-case letters, digits, '_' or '-'.")]
    Import(Import),
    /// Show everything a list says about one entity, and its links
    #[command(
        after_help = "Examples:\n  interdict show ofac-45708\n  interdict show un-6908402 --json"
    )]
    Show(Show),
    /// Screen one name against the active lists: fuzzy, cross-script, explained
    #[command(after_help = "\
Finds listed parties despite transliteration (Cyrillic, Arabic, Chinese, Korean…),
reordered or missing name parts, typos, legal forms and aliases, and uses birth dates,
countries and identifiers to confirm or clear. One result per party: a party listed by
several authorities is its best-matching record, with the others it is also listed as
(`interdict parties`); --by-record lists every record. Exit code 1 when a result is a match,
0 when the name is clear, 2 on errors (as `screen`).

Examples:
  interdict search \"AO OEZ PPT ALABUGA\"
  interdict search \"Шагивалеев Тимур\" --schema Person --explain
  interdict search \"Timur Shagivaleev\" --birth-date 1978-01-28 --country ru
  interdict search \"Kupol\" --all --limit 5 --json
  interdict search \"JSC SEZ PPT Alabuga\" --exact")]
    Search(Search),
    /// Screen every record of a file (CSV/TSV, JSON Lines, Parquet) on all cores
    #[command(after_help = SCREEN_HELP)]
    Screen(Screen),
    /// Screen a file again after a list update: only against what changed, reporting the
    /// alerts gained and lost
    #[command(after_help = RESCREEN_HELP)]
    Rescreen(Rescreen),
    /// Write a seeded synthetic customer file (for benchmarks and trials)
    #[command(after_help = "\
Records are fictional people and companies from 19 locales in their own scripts and in
Latin letters, with birth dates, countries, nationalities and some passport numbers. A
share of them (--listed-share) carry names taken from the active lists, as a real
customer base might. The same seed always gives the same file.

Examples:
  interdict generate --records 1000000 --seed 42 -o customers.csv
  interdict generate --records 1000 -o customers.jsonl --listed-share 0.05")]
    Generate(Generate),
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
    Update(Update),
    /// Alerts raised by `screen --alerts`, and analysts' decisions on them
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// The workbench's users: who may log in to `serve`'s /ui/, with which role
    #[command(after_help = USERS_HELP)]
    Users(Users),
    /// The same party across lists: which records are one, and the evidence for each link
    #[command(subcommand, after_help = PARTIES_HELP)]
    Parties(PartiesCommand),
    /// Companies blocked because listed parties own or control them: a verdict per regime
    /// (OFAC, EU, UK) with every proof path
    #[command(after_help = OWNERSHIP_HELP)]
    Ownership(Ownership),
    /// Screen shipment or order lines: CHPL items, risky destinations and listed parties,
    /// one explained verdict per line
    #[command(after_help = GOODS_HELP)]
    Goods(Goods),
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
    Diff(Diff),
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
Li Wei) carried by someone born five or more years from every listing of the name, in a
country none of them names. Both are screened with the same engine as `interdict screen`.

Prints detection by manipulation and by list, false alerts per 1,000 negatives, and the
threshold that keeps false alerts within --max-false-alerts (screened again at that
threshold to confirm). The report (-o) is one self-contained HTML file: detection bars,
the detection/false-alert curve with the thresholds marked, score histograms, and every
miss and false alert (the first 1,000 of each) with its explanation. --json prints the same
figures as JSON on standard output instead of the summary.
The same seed gives the same deck and the same figures.

Examples:
  interdict validate -o validation.html
  interdict validate --lists us_ofac_sdn,un_sc_sanctions --sample 1000 --seed 7
  interdict validate --max-false-alerts 5/1000 --json > summary.json
  interdict validate --pairs dev-pairs.jsonl")]
    Validate(Validate),
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

The analyst's workbench is at /ui/ (a browser opening / goes there): search, the alert
queue, side-by-side review and decisions, with --four-eyes a second user approves each
decision. Users: `interdict users add NAME --role analyst|reviewer|admin --password-stdin`;
without users, one local user on loopback only; --auth-proxy-header for single sign-on.
docs/workbench.md explains setup and roles.

Examples:
  interdict serve
  interdict serve --four-eyes                   # the workbench at http://127.0.0.1:8000/ui/
  INTERDICT_API_KEYS=$(openssl rand -hex 24) interdict serve --bind 0.0.0.0:8000
  curl -s localhost:8000/match/default -d '{\"queries\": {\"q1\": {\"schema\": \"Company\",
    \"properties\": {\"name\": [\"AO OEZ PPT Alabuga\"]}}}}'")]
    Serve(Serve),
    /// Measure matching quality: labelled pairs, and every listed name finding itself
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure parsing and loading speed on the bundled lists
    Bench(Bench),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(after_help = "\
Examples:
  interdict completions bash > ~/.local/share/bash-completion/completions/interdict
  interdict completions zsh > \"${fpath[1]}/_interdict\"
  interdict completions fish > ~/.config/fish/completions/interdict.fish")]
    Completions(Completions),
    /// Print the manual page (roff, for man)
    #[command(after_help = "\
Example:
  interdict man > ~/.local/share/man/man1/interdict.1 && man interdict")]
    Man,
}

/// The flags of `interdict lists`.
#[derive(clap::Args, Debug)]
pub(crate) struct Lists {
    /// Print JSON instead of a table
    #[arg(long)]
    pub(crate) json: bool,
    /// Also show every stored version, not only the active one
    #[arg(long)]
    pub(crate) all: bool,
}

/// The flags of `interdict import`.
#[derive(clap::Args, Debug)]
pub(crate) struct Import {
    /// The files
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Force the format instead of detecting it
    #[arg(long, value_name = "FORMAT")]
    pub(crate) format: Option<String>,
    /// Force the list id (e.g. us_ofac_sdn)
    #[arg(long, value_name = "LIST")]
    pub(crate) list: Option<String>,
    /// Publication date (YYYY-MM-DD) for formats that state none (OFAC CSV, CSL)
    #[arg(long, value_name = "DATE")]
    pub(crate) published: Option<String>,
    /// Largest share of the active version's listed parties the new one may lose (0–1)
    /// [default: 0.2]
    #[arg(long, value_name = "SHARE")]
    pub(crate) max_drop: Option<f64>,
    /// Print the result as JSON
    #[arg(long)]
    pub(crate) json: bool,
}

/// The flags of `interdict show`.
#[derive(clap::Args, Debug)]
pub(crate) struct Show {
    /// Entity id (ofac-<uid>, un-<DATAID>, eu-<logicalId>, gb-fcdo-<UniqueID>…)
    pub(crate) id: String,
    /// Print the FollowTheMoney JSON entity
    #[arg(long)]
    pub(crate) json: bool,
}

/// The flags of `interdict search`.
#[derive(clap::Args, Debug)]
pub(crate) struct Search {
    /// The name
    pub(crate) name: String,
    /// FtM schema of the party: Person, Organization, Company, LegalEntity, Vessel, Airplane
    #[arg(long, default_value = "LegalEntity")]
    pub(crate) schema: String,
    /// Birth (or incorporation) date: YYYY-MM-DD, YYYY-MM, YYYY, 28 Jan 1978 or DD/MM/YYYY
    /// (read as `screen` reads dates); repeatable
    #[arg(long = "birth-date", value_name = "DATE")]
    pub(crate) birth_dates: Vec<String>,
    /// Nationality or country, name or ISO code; repeatable
    #[arg(long = "country", value_name = "COUNTRY")]
    pub(crate) countries: Vec<String>,
    /// An identifier (passport, tax id, registration, IMO…); repeatable
    #[arg(long = "id", value_name = "ID")]
    pub(crate) ids: Vec<String>,
    /// Match threshold
    #[arg(long, default_value_t = interdict_matcher::DEFAULT_THRESHOLD)]
    pub(crate) threshold: f64,
    /// At most this many results
    #[arg(long, default_value_t = 10)]
    pub(crate) limit: usize,
    /// Also show the closest results below the threshold
    #[arg(long)]
    pub(crate) all: bool,
    /// Show why each result scored what it did
    #[arg(long)]
    pub(crate) explain: bool,
    /// Exact and normalized-token lookup only (no fuzzy matching)
    #[arg(long)]
    pub(crate) exact: bool,
    /// One result per listed record, not per party
    #[arg(long)]
    pub(crate) by_record: bool,
    /// Print JSON
    #[arg(long)]
    pub(crate) json: bool,
}

/// The flags of `interdict screen`.
#[derive(clap::Args, Debug)]
pub(crate) struct Screen {
    #[command(flatten)]
    pub(crate) records: RecordArgs,
    /// Write only records with a match
    #[arg(long)]
    pub(crate) only_matches: bool,
    /// One hit per listed record; by default one per party (a party listed on several
    /// lists is one hit, as yente's merged entities: the party's id in "id" and "party",
    /// every list in "datasets", its other records in "referents", and the record that
    /// matched best, whose caption and explanation the hit gives, in "matched_id")
    #[arg(long)]
    pub(crate) by_record: bool,
    /// Record every match as an alert in the alert store, and mark as suppressed the
    /// matches an analyst cleared as false positives (same record, same listed entity,
    /// neither changed since)
    #[arg(long)]
    pub(crate) alerts: bool,
    /// Who is screening, for the audit log [default: $USER]
    #[arg(long, env = "INTERDICT_USER", value_name = "NAME")]
    pub(crate) user: Option<String>,
}

/// The flags of `interdict rescreen`.
#[derive(clap::Args, Debug)]
pub(crate) struct Rescreen {
    #[command(flatten)]
    pub(crate) records: RecordArgs,
    /// The list versions the file was last screened against: LIST:VERSION (comma-separated
    /// or repeated; other lists unchanged), or a date or RFC 3339 time (the versions
    /// imported before it)
    #[arg(long, value_name = "VERSION", required = true)]
    pub(crate) since: Vec<String>,
    /// Record the matches of every record scored again as alerts in the alert store (as
    /// `screen --alerts` does); a gained alert an analyst's earlier false-positive
    /// decision covers is marked suppressed
    #[arg(long)]
    pub(crate) alerts: bool,
    /// Who is re-screening, for the audit log [default: $USER]
    #[arg(long, env = "INTERDICT_USER", value_name = "NAME")]
    pub(crate) user: Option<String>,
}

/// The flags of `interdict generate`.
#[derive(clap::Args, Debug)]
pub(crate) struct Generate {
    /// How many records
    #[arg(long, default_value_t = 1000)]
    pub(crate) records: u64,
    /// Random seed
    #[arg(long, default_value_t = 42)]
    pub(crate) seed: u64,
    /// Output file (.csv or .jsonl), `-` for standard output [default: CSV on standard
    /// output]
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Share of records that carry a listed name (0–1)
    #[arg(long, default_value_t = 0.001)]
    pub(crate) listed_share: f64,
    /// Write an ownership registry (for `interdict import --list NAME`) of about --records
    /// holdings instead of customers: generated companies in groups of chains and circles,
    /// with exact shares, ranges, unknown shares and dates, one group in ten held by a
    /// listed organisation of the store (by its id)
    #[arg(long)]
    pub(crate) registry: bool,
    /// Write --records shipment lines (for `interdict goods`) instead of customers: HS
    /// codes of the nomenclature in mixed notations (one in ten on the CHPL) with their
    /// descriptions, destinations, and consignees drawn from a pool of generated companies
    /// (a --listed-share of them listed organisations), as real shipment files repeat them
    #[arg(long, conflicts_with = "registry")]
    pub(crate) goods: bool,
}

/// The flags of `interdict update`.
#[derive(clap::Args, Debug)]
pub(crate) struct Update {
    /// Lists to update [default: every list in the store]
    #[arg(value_name = "LIST")]
    pub(crate) lists: Vec<String>,
    /// A sources file (JSON) of download URLs and limits per list
    #[arg(long, value_name = "FILE")]
    pub(crate) sources: Option<PathBuf>,
    /// Largest share of entities a new version may lose (0–1) [default: 0.2]
    #[arg(long, value_name = "SHARE")]
    pub(crate) max_drop: Option<f64>,
    /// Seconds a download may take
    #[arg(long, default_value_t = 300)]
    pub(crate) timeout: u64,
    /// Print the outcome per list as JSON
    #[arg(long)]
    pub(crate) json: bool,
}

/// The flags of `interdict diff`.
#[derive(clap::Args, Debug)]
pub(crate) struct Diff {
    /// The list id (e.g. us_ofac_sdn)
    pub(crate) list: String,
    /// The older version [default: the one before NEW]
    pub(crate) old: Option<u32>,
    /// The newer version [default: the latest]
    pub(crate) new: Option<u32>,
    /// Print JSON
    #[arg(long)]
    pub(crate) json: bool,
}

/// The flags of `interdict validate`.
#[derive(clap::Args, Debug)]
pub(crate) struct Validate {
    /// Only these lists (comma-separated ids) [default: every active list]
    #[arg(long, value_name = "LIST,...")]
    pub(crate) lists: Vec<String>,
    /// Listed entities to build the deck from (spread evenly over the lists)
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub(crate) sample: usize,
    /// Generated non-listed parties to screen
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub(crate) negatives: usize,
    /// Seed of the deck and the negatives
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// The threshold to validate
    #[arg(long, default_value_t = interdict_matcher::DEFAULT_THRESHOLD)]
    pub(crate) threshold: f64,
    /// False-alert budget for the recommended threshold: 1/1000, 0.001 or 0.1%
    #[arg(long, default_value = "1/1000", value_name = "RATE")]
    pub(crate) max_false_alerts: String,
    /// The HTML report
    #[arg(
        short,
        long,
        default_value = "interdict-validation.html",
        value_name = "FILE"
    )]
    pub(crate) output: PathBuf,
    /// Print the figures as JSON on standard output instead of the summary (the report is
    /// written all the same)
    #[arg(long)]
    pub(crate) json: bool,
    /// Labelled pairs (the development-set JSON lines format) to add to the report
    #[arg(long, value_name = "FILE")]
    pub(crate) pairs: Option<PathBuf>,
    /// Worker threads (0: one per core)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) threads: usize,
    /// No progress messages on stderr
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

/// The flags of `interdict serve`.
#[derive(clap::Args, Debug)]
pub(crate) struct Serve {
    /// A JSON file of settings (bind, api_keys, admin_keys, max_body_bytes, max_queries,
    /// max_values, max_value_chars, max_limit, rate_limit, log_requests,
    /// reload_interval, allowed_hosts, max_connections, header_timeout_secs,
    /// request_timeout_secs, shutdown_grace_secs); flags and environment variables
    /// override it
    #[arg(long, env = "INTERDICT_CONFIG", value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8000]
    #[arg(long, env = "INTERDICT_BIND")]
    pub(crate) bind: Option<std::net::SocketAddr>,
    /// An accepted API key; repeatable (or INTERDICT_API_KEYS, comma-separated)
    #[arg(long = "api-key", value_name = "KEY")]
    pub(crate) api_keys: Vec<String>,
    /// Largest request body in bytes [default: 1048576]
    #[arg(long)]
    pub(crate) max_body_bytes: Option<usize>,
    /// Most queries in one /match request [default: 100]
    #[arg(long)]
    pub(crate) max_queries: Option<usize>,
    /// Requests per second per API key (bursts up to twice that); 0 for no limit
    /// [default: 100]
    #[arg(long)]
    pub(crate) rate_limit: Option<u32>,
    /// Log one JSON line per request on standard error
    #[arg(long)]
    pub(crate) log_requests: bool,
    /// A key for the admin routes (POST /admin/import, /admin/reload); repeatable (or
    /// INTERDICT_ADMIN_KEYS). Without one the admin routes are off
    #[arg(long = "admin-key", value_name = "KEY")]
    pub(crate) admin_keys: Vec<String>,
    /// Seconds between checks for list versions imported by `interdict import`; 0: never
    /// [default: 30]
    #[arg(long)]
    pub(crate) reload_interval: Option<u64>,
    /// A host name the server answers to besides its address (e.g. screening.bank.example);
    /// repeatable (or INTERDICT_ALLOWED_HOSTS, comma-separated). Requests naming any other
    /// Host are refused (DNS rebinding); see docs/security.md
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub(crate) allowed_hosts: Vec<String>,
    /// The policy POST /goods decides by (as `interdict goods --policy`) [default: the
    /// bundled one]
    #[arg(long, value_name = "FILE")]
    pub(crate) goods_policy: Option<PathBuf>,
    /// The rule data POST /goods checks against (as `interdict goods --rules`) [default:
    /// the bundled rules]
    #[arg(long, value_name = "DIR")]
    pub(crate) goods_rules: Option<PathBuf>,
    /// The workbench's users file (`interdict users add`) [default: users.json in the data
    /// directory]. Without users, the workbench serves one local user, on loopback only
    #[arg(long, env = "INTERDICT_USERS", value_name = "FILE")]
    pub(crate) users: Option<PathBuf>,
    /// Four eyes: a decision made in the workbench (or POSTed to /alerts/{id}/decisions) is
    /// a proposal until a second user with the reviewer or admin role approves it
    #[arg(long)]
    pub(crate) four_eyes: bool,
    /// Single sign-on: the header a trusted reverse proxy names the signed-in user in (e.g.
    /// X-Forwarded-User); believed only from --trusted-proxy addresses
    #[arg(long, value_name = "HEADER")]
    pub(crate) auth_proxy_header: Option<String>,
    /// The address of a reverse proxy whose --auth-proxy-header is believed; repeatable
    #[arg(long = "trusted-proxy", value_name = "ADDRESS")]
    pub(crate) trusted_proxies: Vec<std::net::IpAddr>,
}

/// The flags of `interdict users`.
#[derive(clap::Args, Debug)]
pub(crate) struct Users {
    /// The users file [default: users.json in the data directory]
    #[arg(long, env = "INTERDICT_USERS", value_name = "FILE", global = true)]
    pub(crate) users: Option<PathBuf>,
    /// What to do
    #[command(subcommand)]
    pub(crate) command: UsersCommand,
}

/// The `interdict users` subcommands.
#[derive(clap::Subcommand, Debug)]
pub(crate) enum UsersCommand {
    /// Add a user; the password is read from standard input (one line)
    Add {
        /// The login name (letters, digits, '.', '-', '_', '@')
        name: String,
        /// analyst: searches and decides; reviewer: also approves others' decisions under
        /// four eyes; admin: the same, for operators
        #[arg(long, value_parser = ["analyst", "reviewer", "admin"])]
        role: String,
        /// Read the password from standard input (required: never on the command line,
        /// where other users and the shell history see it)
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List the users and their roles
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Remove a user (their sessions end at their next request)
    Remove {
        /// The login name
        name: String,
    },
}

/// How `interdict users` is used.
pub(crate) const USERS_HELP: &str = "\
Users live in users.json in the data directory (or --users FILE, the same flag `serve`
takes), readable by its owner only; passwords are stored as argon2id hashes, at least 12
characters. `serve` reads the file again when it changes: no restart is needed.

Examples:
  printf '%s\\n' \"$PASSWORD\" | interdict users add ana --role analyst --password-stdin
  interdict users add rita --role reviewer --password-stdin < rita.pass
  interdict users list
  interdict users remove ana";

/// The flags of `interdict completions`.
#[derive(clap::Args, Debug)]
pub(crate) struct Completions {
    /// The shell to write it for
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// The flags of `interdict bench`.
#[derive(clap::Args, Debug)]
pub(crate) struct Bench {
    /// Repetitions of each measurement (the median is reported)
    #[arg(long, default_value_t = 5)]
    pub(crate) iterations: usize,
    /// Print the figures as one JSON object instead of the table
    #[arg(long)]
    pub(crate) json: bool,
}

/// How to read a file of records and what to screen it against (`screen`, `rescreen`).
#[derive(clap::Args, Debug)]
pub(crate) struct RecordArgs {
    /// The input file, `-` for standard input (may be gzip-compressed)
    pub(crate) input: String,
    /// Write the results here, `-` for standard output (a file is written whole at the
    /// end; a device or pipe directly) [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Output format: jsonl, csv or parquet [default: from the output's extension, else jsonl]
    #[arg(long, value_name = "FORMAT")]
    pub(crate) format: Option<String>,
    /// Input format: csv, tsv, jsonl or parquet [default: from the name, else the content]
    #[arg(long, value_name = "FORMAT")]
    pub(crate) input_format: Option<String>,
    /// Which column holds which field, e.g. --map name="Company Name" --map country=Ctry;
    /// repeatable. Fields: id, name, alias, first_name, middle_name, last_name, schema,
    /// birth_date, country, nationality, passport, national_id, tax_id, registration,
    /// imo, identifier, gender
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub(crate) maps: Vec<String>,
    /// Schema of records that state none: Person, Company, Organization, LegalEntity,
    /// Vessel, Airplane
    #[arg(long, default_value = "LegalEntity")]
    pub(crate) schema: String,
    /// Scores at or above this are matches
    #[arg(long, default_value_t = interdict_matcher::DEFAULT_THRESHOLD)]
    pub(crate) threshold: f64,
    /// Also write results scoring at least this (near misses, "match": false)
    #[arg(long, value_name = "SCORE")]
    pub(crate) min_score: Option<f64>,
    /// At most this many results per record
    #[arg(long, default_value_t = 5)]
    pub(crate) limit: usize,
    /// Screen against these lists only (ids from `interdict lists`; comma-separated or
    /// repeated)
    #[arg(long, value_name = "LIST")]
    pub(crate) lists: Vec<String>,
    /// Stop at the first bad record (exit code 2) instead of reporting it and going on
    #[arg(long)]
    pub(crate) strict: bool,
    /// How to read dates like 03/04/1975: dmy or mdy [default: refuse ambiguous ones]
    #[arg(long, value_name = "ORDER")]
    pub(crate) date_order: Option<String>,
    /// Where to list bad records [default: OUTPUT.bad.jsonl, or
    /// ./interdict-bad-records.jsonl when writing to standard output, a device or a pipe]
    #[arg(long, value_name = "FILE")]
    pub(crate) bad_records: Option<PathBuf>,
    /// Worker threads (0: one per core)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) threads: usize,
    /// No progress bar, no summary
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Subcommand, Debug)]
pub(crate) enum AlertsCommand {
    /// List alerts, newest first
    #[command(
        after_help = "Examples:\n  interdict alerts list --status open\n  interdict alerts list --json | jq '.[].entity_id'"
    )]
    List {
        /// Only alerts in this state: open, pending (a decision proposed under four eyes), suppressed or decided
        #[arg(long, value_parser = ["open", "pending", "suppressed", "decided"])]
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

pub(crate) const RESCREEN_HELP: &str = "\
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
         `interdict screen --by-record` writes it, with its \"party\" and \"referents\" when
         its party is on several lists, plus \"entity_change\": added, removed, changed,
         unchanged (an unchanged entity's alert can come or go when others change around
         it) or joined_party (a record new on the lists, of a party the record already
         matched through another record: the same party listed once more, not a new one)
  csv    one row per alert gained (alert=new) or lost (alert=resolved)
The summary (stderr) counts the records scored again and the alerts gained and lost.
Alerts are matches (score ≥ --threshold); near misses are not reported, and Parquet output is
not offered.
--alerts records the matches of the records scored again in the alert store, as
`screen --alerts` does, and each gained alert carries its alert id; a false-positive decision
on any record of a party covers a joined_party alert on the record.

Scores depend only on the two parties compared (word rarity is pinned to counts shipped
with interdict), which is what lets a re-screen skip the records no change can reach.

Exit code 0 when no alert was gained, 1 when one was, 2 on errors (a record that could not be
screened included).

Examples:
  interdict rescreen customers.csv --since us_ofac_sdn:3 -o changes.jsonl
  interdict rescreen customers.csv --since 2026-11-01 -o changes.csv";

pub(crate) const SCREEN_HELP: &str = "\
Reads CSV/TSV with a header, JSON Lines (FollowTheMoney entities as sent to yente's /match,
or flat objects) or Parquet, screens every record against the active lists on all cores,
and writes the results in input order:
  jsonl    one line per record: {\"id\", \"line\", \"status\", \"results\": [{\"id\", \"caption\",
           \"schema\", \"score\", \"match\", \"datasets\", \"explanation\"}]}; a party on
           several lists adds \"party\" (its id, also the hit's \"id\"), \"matched_id\"
           and \"referents\" (see --by-record)
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
pub(crate) enum EvalCommand {
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
