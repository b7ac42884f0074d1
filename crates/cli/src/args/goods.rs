//! The flags of `interdict goods`.

use std::path::PathBuf;

/// `interdict goods INPUT`.
#[derive(clap::Args, Debug)]
pub(crate) struct Goods {
    /// The lines to check: CSV/TSV, JSON Lines or Parquet, `-` for standard input (may be
    /// gzip-compressed)
    #[arg(required_unless_present_any = ["print_policy", "rules_info"])]
    pub(crate) input: Option<String>,
    /// Write the verdicts here, `-` for standard output [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Output format: jsonl (one verdict per line), csv or parquet (one row per reason)
    /// [default: from the output's extension, else jsonl]
    #[arg(long, value_name = "FORMAT")]
    pub(crate) format: Option<String>,
    /// Input format: csv, tsv, jsonl or parquet [default: from the name, else the content]
    #[arg(long, value_name = "FORMAT")]
    pub(crate) input_format: Option<String>,
    /// Which column holds which field, e.g. --map hs_code="Tariff No"; repeatable. Fields:
    /// id, hs_code, description, destination, origin, ship_to, via, consignee, end_user,
    /// buyer, notify_party, intermediary, quantity, value, date
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub(crate) maps: Vec<String>,
    /// Print a readable account of each line (verdict, deciding rule, every reason, HS-6
    /// guesses) instead of JSON
    #[arg(long)]
    pub(crate) explain: bool,
    /// The policy that turns reasons into verdicts [default: the bundled one; see
    /// --print-policy]
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<PathBuf>,
    /// Print the default policy (a file to copy and edit) and exit
    #[arg(long)]
    pub(crate) print_policy: bool,
    /// Rule data (CHPL, nomenclature, destinations, terms) from this directory, laid out
    /// as data/goods/ is [default: the bundled rules]
    #[arg(long, value_name = "DIR")]
    pub(crate) rules: Option<PathBuf>,
    /// Print the rule set's version and each component's source, date and hash, and exit
    #[arg(long)]
    pub(crate) rules_info: bool,
    /// Party scores at or above this are matches (`party.match`, which the default policy
    /// blocks): higher than `screen`'s threshold, because a block stops a shipment
    #[arg(long, default_value_t = interdict_goods::DEFAULT_PARTY_MATCH)]
    pub(crate) threshold: f64,
    /// Party scores from this up to --threshold are possible matches (`party.possible`, for
    /// review); the default is `screen`'s threshold
    #[arg(long, default_value_t = interdict_matcher::DEFAULT_THRESHOLD, value_name = "SCORE")]
    pub(crate) possible: f64,
    /// A description points to a CHPL item when the item scores at least this
    #[arg(long, default_value_t = 0.75, value_name = "SCORE")]
    pub(crate) description_threshold: f64,
    /// Screen parties against these lists only (comma-separated or repeated)
    #[arg(long, value_name = "LIST")]
    pub(crate) lists: Vec<String>,
    /// Do not screen parties (no list is loaded)
    #[arg(long)]
    pub(crate) no_parties: bool,
    /// Stop at the first bad line (exit code 2) instead of reporting it and going on
    #[arg(long)]
    pub(crate) strict: bool,
    /// Where to list bad lines [default: OUTPUT.bad.jsonl, or
    /// ./interdict-bad-records.jsonl when writing to standard output]
    #[arg(long, value_name = "FILE")]
    pub(crate) bad_records: Option<PathBuf>,
    /// Worker threads (0: one per core)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) threads: usize,
    /// No progress bar, no summary
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

/// `interdict goods --help`, after the flags.
pub(crate) const GOODS_HELP: &str = "\
Checks each line of an order or shipment file and gives one verdict — block, review or
clear — with every reason:
  chpl         the declared code's HS-6 is on the Common High Priority List (tier, code)
  description  the description points to a CHPL item (\"FPGA\", \"GNSS receiver module\",
               \"STM32F405…\"), or to one the declared code does not describe (a mismatch)
  destination  a place the goods go to or through (destination, ship_to, via) is under
               sanctions, partly so, or a known diversion route to Russia
  origin       the same of the goods' origin
  party        a consignee, end user, buyer… matches a listed party (or may)
The policy (--print-policy) decides: its first rule that holds gives the verdict, and the
verdict names it. Every verdict names the rule data's version (--rules-info).

Columns recognised: hs_code (6–10 digits in any notation: 8542.31.0001, 85423190,
8542 31; several separated by ;), description, destination, origin, ship_to, via,
consignee, end_user, buyer, notify_party, intermediary, quantity, value, date, id.
A bad field (an unreadable code, an unknown country) is reported in the bad-records file
and the line is checked without it; no line is ever dropped.

It does not decide whether a licence is needed or how goods are classified: a review is
work for a person. Exit code 1 when a line is blocked or for review, 0 when every line is
clear, 2 on errors (or a line that could not be read at all).

Examples:
  interdict goods shipments.csv -o verdicts.jsonl
  interdict goods orders.parquet -o verdicts.csv --map hs_code=\"Tariff No\"
  echo 'hs_code,description,destination,consignee
8542.31,STM32F405 microcontroller,Kyrgyzstan,AO OEZ PPT ALABUGA' | interdict goods - --explain
  interdict goods --print-policy > policy.txt   # edit, then --policy policy.txt";
