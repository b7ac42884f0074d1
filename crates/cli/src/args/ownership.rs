//! The flags of `interdict ownership`.

use std::path::PathBuf;

/// `interdict ownership ID` or `interdict ownership derive`.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct Ownership {
    #[command(subcommand)]
    pub(crate) command: Option<OwnershipCommand>,
    /// The entity to judge: a listed record or a registry's company (ofac-17016,
    /// acme_registry:C-114…)
    pub(crate) id: Option<String>,
    #[command(flatten)]
    pub(crate) opts: OwnershipOpts,
}

/// `interdict ownership` subcommands.
#[derive(clap::Subcommand, Debug)]
pub(crate) enum OwnershipCommand {
    /// Every entity blocked or possibly blocked by ownership, with its proof
    Derive {
        #[command(flatten)]
        opts: OwnershipOpts,
        /// Write the verdicts as JSON Lines to FILE (`-`: standard output) and the summary
        /// to stderr
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// What `ownership` judges by.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct OwnershipOpts {
    /// Which regime's test: ofac, eu, uk or all
    #[arg(long, default_value = "all", value_name = "REGIME")]
    pub(crate) regime: String,
    /// The day to judge (YYYY-MM-DD): holdings that ended before it or start after it do
    /// not count [default: today]
    #[arg(long, value_name = "DATE")]
    pub(crate) at: Option<String>,
    /// Score at which a registry party without a list id is tied to a listed organisation
    /// by name (1 ties only names written as listed); a holding resting on such a tie
    /// makes its company possibly blocked at most, and people are never tied by name
    #[arg(long, default_value_t = crate::commands::ownership::DEFAULT_LINK_THRESHOLD, value_name = "SCORE")]
    pub(crate) link_threshold: f64,
    /// Print JSON
    #[arg(long)]
    pub(crate) json: bool,
}

/// The help after `interdict ownership --help`.
pub(crate) const OWNERSHIP_HELP: &str = "\
Most of a sanctioned supply chain is not listed by name: it is companies that listed
parties own. Each regime blocks them by its own test:
  ofac  50 % or more, in the aggregate, directly or through entities that are themselves
        blocked (OFAC's 2014 guidance); control alone does not block.
  eu    50 % or more of the proprietary rights, designated persons' holdings added up
        (EU Best Practices, July 2024); control (a director, the right to appoint the
        board) makes an entity possibly blocked, for review.
  uk    more than 50 % of the shares or voting rights (OFSI general guidance, ch. 4);
        different designated persons' holdings are not added up unless held jointly;
        control makes an entity possibly blocked.
A holding through an entity that is not blocked does not count, and percentages are not
multiplied down a chain. A share given as a range, or not at all, gives \"possibly-blocked\"
where it straddles the threshold. The verdict lists every proof path: each link with its
share, source and dates, from a listed party down to the entity.

Ownership data is read from the active lists: FollowTheMoney Ownership and Directorship
records (OpenSanctions exports), OFAC's enhanced XML \"Owned or Controlled By\" (no
percentage: possibly blocked), and registries you import yourself:
  owner_id,owner_name,asset_id,asset_name,percentage,start_date,end_date
  interdict import --list acme_registry registry.csv
An owner_id that is a listed record's id (ofac-17013) is that party; a registry party with
no list id is tied to a listed organisation when the matcher scores its name at least
--link-threshold (shown as such in the proof; what rests on such a tie is possibly blocked
at most; people are never tied by name). Registry parties are screened only once listed
parties' holdings block them (search, screen and /match then say \"reason\":
\"ownership\"). Self-ownership, circles, shares adding up to over 100 %, unreadable
percentages and holdings outside the day asked about are reported, not looped on.

Exit status: 0 when not blocked, 1 when blocked or possibly blocked under a regime asked
about, 2 on errors (an id the lists and registries do not know).

Examples:
  interdict ownership ofac-17016
  interdict ownership acme_registry:C-114 --regime uk --at 2024-01-01 --json
  interdict ownership derive --regime ofac -o derived.jsonl";
