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
    /// Judge two listed records one party, whatever the lists' evidence says
    #[command(after_help = JUDGE_HELP)]
    Link(Judge),
    /// Judge two listed records not one party: they and what each is joined to stay apart
    #[command(after_help = JUDGE_HELP)]
    Unlink(Judge),
    /// Every analyst's judgement, oldest first, with what became of it on the active lists
    Judgements {
        /// Print them as JSON
        #[arg(long)]
        json: bool,
    },
}

/// The flags of `parties link` and `parties unlink`.
#[derive(clap::Args, Debug)]
pub(crate) struct Judge {
    /// A listed record id (ofac-7844, un-6908049…)
    pub(crate) a: String,
    /// The other record's id
    pub(crate) b: String,
    /// Why (required: an auditor will ask)
    #[arg(long)]
    pub(crate) reason: String,
    /// Who judges [default: $USER]
    #[arg(long, env = "INTERDICT_USER", value_name = "NAME")]
    pub(crate) user: Option<String>,
    /// Print the judgement as JSON
    #[arg(long)]
    pub(crate) json: bool,
}

/// The help after `parties link --help` and `parties unlink --help`.
const JUDGE_HELP: &str = "\
A judgement is appended to the alert store's audit log (--alerts-db: SQLite beside the lists
by default, or PostgreSQL), never edited: the latest judgement on two records decides for
them, and it outranks every automatic link. `link` joins the two records' parties (even two
records of one list); `unlink` keeps the two records, and whatever each is joined to, apart,
so a link the lists' evidence would make between them is not made (`parties show` lists it).
Judgements survive list updates: one naming a record no longer listed waits, and applies
again when the record is back. `search`, `screen`, `rescreen`, `show`, `parties` and `serve`
(on start and on each reload) resolve parties with them.

Examples:
  interdict parties link ofac-7851 gb-hmt-7628 --reason \"same passport, case 2291\"
  interdict parties unlink ofac-7844 gb-hmt-7613 --reason \"a namesake, see case 2305\"
  interdict parties judgements";

/// The help after `interdict parties --help`.
pub(crate) const PARTIES_HELP: &str = "\
The same person, organization, vessel or aircraft is often listed by several authorities:
Qusay Saddam Hussein al-Tikriti by the UN, OFAC, the UK and the EU. A party is the records
that are one, linked only on evidence that decides it, each link saying which:
  record_id       the same publisher's id on two lists (an OFAC uid on SDN and non-SDN lists)
  un_reference    the same UN Security Council reference number (IQi.002)
  referent        an entity of an imported OpenSanctions (FollowTheMoney) file and each record
                  its `referents` name (ofac-46001: the lists' ids are interdict's too)
  identifier      the same IMO number or LEI, or passport, national id, tax or registration
                  number from the same country, on the same kind of party
  name_and_facts  people of the same complete name (every word, any order; one record's
                  primary name) whose birth dates agree and whose nationality or birth
                  place agrees, with no conflict; common names need the date to the day.
                  Organisations of the same complete name of three words or more, tied to
                  a country in common, with no identifier of one kind given differently
  analyst         an analyst's judgement (`parties link`), which outranks every other kind
A party never holds two records of one list, nor people born years apart, nor two records
an analyst judged apart (`parties unlink`): a link that would join them is not made
(`parties show` lists it). Its id is the id of its member that sorts first. Resolution runs
over the active lists each time (≈ 60 ms for the bundled ones), with the analysts'
judgements kept in the alert store (`parties judgements` lists them).

Examples:
  interdict parties stats
  interdict parties show ofac-7844
  interdict parties export -o parties.jsonl
  interdict parties link ofac-7851 gb-hmt-7628 --reason \"same passport, case 2291\"";
