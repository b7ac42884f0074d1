//! The ownership and control tests of each sanctions regime, as data: one row a regime, each
//! with the text it encodes and that text's date. A newcomer changing a threshold changes one
//! number here.

use serde::Serialize;

/// What a regime makes of control without a decisive share (a director, the right to appoint
/// the board, "owned or controlled by" without a percentage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlRule {
    /// Control does not block: the rule is about ownership only (OFAC's 50 percent rule).
    Ignored,
    /// Control by a blocked party makes the entity "possibly blocked": for review, not
    /// decided (the EU's and the UK's control tests turn on facts a registry does not hold).
    ForReview,
}

/// One regime's ownership test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Regime {
    /// `ofac`, `eu` or `uk`, as `--regime` takes it.
    pub id: &'static str,
    /// Who applies it.
    pub name: &'static str,
    /// The text encoded, and where it says so.
    pub source: &'static str,
    /// The text's date (YYYY-MM-DD).
    pub dated: &'static str,
    /// The share of ownership that blocks, as a fraction (0.5).
    pub threshold: f64,
    /// True when reaching the threshold blocks ("50 % or more"), false when it must be
    /// exceeded ("more than 50 %").
    pub inclusive: bool,
    /// True when the holdings of different blocked parties are added together.
    pub aggregate: bool,
    /// What control without a decisive share makes of the entity.
    pub control: ControlRule,
    /// The lists (interdict list ids, which are also OpenSanctions data set names) whose
    /// parties this regime designates: its ownership test starts from them.
    pub lists: &'static [&'static str],
}

impl Regime {
    /// Whether a share reaches this regime's threshold.
    pub fn reaches(&self, share: f64) -> bool {
        // Shares are sums of decimal percentages: 0.25 + 0.25 must reach 0.5.
        const EPS: f64 = 1e-9;
        if self.inclusive {
            share >= self.threshold - EPS
        } else {
            share > self.threshold + EPS
        }
    }

    /// The regime named `id` (`ofac`, `eu`, `uk`), case-insensitive.
    pub fn by_id(id: &str) -> Option<&'static Regime> {
        REGIMES.iter().find(|r| r.id.eq_ignore_ascii_case(id))
    }
}

/// Every regime interdict applies.
pub const REGIMES: &[Regime] = &[
    Regime {
        id: "ofac",
        name: "United States, OFAC",
        source: "OFAC, Revised Guidance on Entities Owned by Persons Whose Property and \
                 Interests in Property Are Blocked (13 August 2014), and FAQs 398-402: an \
                 entity owned 50 percent or more, directly or indirectly, in the aggregate, \
                 by one or more blocked persons is itself blocked; holdings through an \
                 entity that is not blocked do not count; the rule concerns ownership, not \
                 control",
        dated: "2014-08-13",
        threshold: 0.5,
        inclusive: true,
        aggregate: true,
        control: ControlRule::Ignored,
        // The SDN list: blocked persons. OFAC's other lists (sectoral, non-SDN) and export
        // control lists do not block property.
        lists: &["us_ofac_sdn"],
    },
    Regime {
        id: "eu",
        name: "European Union",
        source: "Council of the EU, Update of the EU Best Practices for the effective \
                 implementation of restrictive measures (3 July 2024), on ownership: the \
                 possession of 50 % or more of the proprietary rights of an entity or a \
                 majority interest in it, the holdings of designated persons taken together; \
                 on control: the right to appoint or remove a majority of the board, dominant \
                 influence and the other listed criteria, assessed case by case",
        dated: "2024-07-03",
        threshold: 0.5,
        inclusive: true,
        aggregate: true,
        control: ControlRule::ForReview,
        // The EU implements the UN Security Council's listings by regulation.
        lists: &["eu_fsf", "un_sc_sanctions"],
    },
    Regime {
        id: "uk",
        name: "United Kingdom, OFSI",
        source: "OFSI, General guidance for financial sanctions under the Sanctions and \
                 Anti-Money Laundering Act 2018, chapter 4 (ownership and control, paragraph \
                 4.14 added March 2022): more than 50 % of the shares or voting rights, or \
                 control (appointing or removing a majority of the board, or where it is \
                 reasonable to expect the affairs are conducted as the designated person \
                 wishes); different designated persons' holdings are not added together \
                 unless held jointly or under a joint arrangement",
        dated: "2022-03-17",
        threshold: 0.5,
        inclusive: false,
        aggregate: false,
        control: ControlRule::ForReview,
        // The UK implements the UN Security Council's listings too.
        lists: &["gb_hmt_sanctions", "gb_fcdo_sanctions", "un_sc_sanctions"],
    },
];

/// Lists that are screened but designate nobody whose holdings block under any regime:
/// OFAC's non-SDN lists (sectoral sanctions and the like), export-control lists and the
/// US Consolidated Screening List (its SDN entries come with the SDN list itself).
pub const NON_BLOCKING_LISTS: &[&str] = &[
    "us_ofac_cons",
    "us_bis_denied",
    "us_bis_entity",
    "us_trade_csl",
];

/// The regimes (bit `i` for [`REGIMES`]`[i]`) whose test starts from a party on these
/// lists: each regime that lists it; none for lists that block nothing; every regime for a
/// list of no known regime (a user's own list of parties to treat as designated).
pub fn designating(lists: &[&str]) -> u8 {
    let mut mask = 0u8;
    let mut known = false;
    for l in lists {
        for (i, r) in REGIMES.iter().enumerate() {
            if r.lists.contains(l) {
                mask |= 1 << i;
                known = true;
            }
        }
        known |= NON_BLOCKING_LISTS.contains(l);
    }
    if known {
        mask
    } else {
        (1u8 << REGIMES.len()) - 1
    }
}

/// The regimes whose lists are among `lists`; lists of no regime add none.
pub fn designating_known(lists: &[&str]) -> u8 {
    let mut mask = 0u8;
    for l in lists {
        for (i, r) in REGIMES.iter().enumerate() {
            if r.lists.contains(l) {
                mask |= 1 << i;
            }
        }
    }
    mask
}

/// Every regime, as a mask for [`designating`].
pub const ALL_REGIMES: u8 = (1u8 << REGIMES.len()) - 1;

impl Regime {
    /// This regime's bit in a [`designating`] mask.
    pub fn bit(&self) -> u8 {
        REGIMES
            .iter()
            .position(|r| r.id == self.id)
            .map_or(0, |i| 1 << i)
    }
}
