//! The flags of `interdict parties`.

use std::path::PathBuf;

/// `interdict parties` subcommands.
#[derive(clap::Subcommand, Debug)]
pub(crate) enum PartiesCommand {
    /// How many parties the active lists hold, how many span 2, 3, 4+ lists, links by kind
    Stats {
        /// Print the figures as JSON
        #[arg(long)]
        json: bool,
    },
    /// One party: its member records, their lists, and each link with its evidence
    Show {
        /// A party id or the id of any of its records (ofac-7844, un-6908049…)
        id: String,
        /// Print the party as JSON
        #[arg(long)]
        json: bool,
    },
    /// Every party as JSON Lines: {"id", "members", "lists", "links": [{"a", "b", "kind", "reason"}]}
    Export {
        /// Output file (default, or `-`: standard output)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The help after `interdict parties --help`.
pub(crate) const PARTIES_HELP: &str = "\
The same person, organization, vessel or aircraft is often listed by several authorities:
Qusay Saddam Hussein al-Tikriti by the UN, OFAC, the UK and the EU. A party is the records
that are one, linked only on evidence that decides it, each link saying which:
  record_id       the same publisher's id on two lists (an OFAC uid on SDN and non-SDN lists)
  un_reference    the same UN Security Council reference number (IQi.002)
  identifier      the same IMO number or LEI, or passport, national id, tax or registration
                  number from the same country, on the same kind of party
  name_and_facts  people of the same complete name (every word, any order; one record's
                  primary name) whose birth dates agree and whose nationality or birth
                  place agrees, with no conflict; common names need the date to the day.
                  Organisations of the same complete name of three words or more, tied to
                  a country in common, with no identifier of one kind given differently
A party never holds two records of one list, nor people born years apart: a link that
would join them is not made (`parties show` lists it). Its id is the id of its member that
sorts first. Resolution runs over the active lists each time (≈ 60 ms for the bundled ones).

Examples:
  interdict parties stats
  interdict parties show ofac-7844
  interdict parties export -o parties.jsonl";
