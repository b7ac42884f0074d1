//! The policy: a readable file of rules that turns a line's reasons into its verdict. The
//! first rule whose conditions all hold decides, and the verdict names it, so an analyst
//! can see why a line was blocked and a compliance officer can change what blocks.

use crate::rules::{DestinationClass, Tier};
use crate::RulesError;

/// What a line's verdict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing to act on.
    Clear,
    /// An analyst must look before it ships.
    Review,
    /// Must not ship as it stands.
    Block,
}

impl Verdict {
    /// `block`, `review` or `clear`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Clear => "clear",
            Verdict::Review => "review",
            Verdict::Block => "block",
        }
    }

    fn from_name(s: &str) -> Option<Verdict> {
        [Verdict::Clear, Verdict::Review, Verdict::Block]
            .into_iter()
            .find(|v| v.name() == s)
    }
}

/// A fact about a line that a rule can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// A named party matches a listed one.
    PartyMatch,
    /// A named party may be a listed one.
    PartyPossible,
    /// The declared code is on the CHPL (any tier, or this one).
    Chpl(Option<Tier>),
    /// The description points to a CHPL item.
    DescriptionChpl,
    /// The description points to a CHPL item the declared code does not describe.
    DescriptionMismatch,
    /// A place the goods go to or through (destination, ship-to, via) is of this class.
    Destination(DestinationClass),
    /// The goods' origin is of this class.
    Origin(DestinationClass),
    /// The declared code could not be read.
    CodeUnreadable,
}

impl Condition {
    /// Every condition with its name in policy files.
    pub fn all() -> Vec<(String, Condition)> {
        let mut v = vec![
            ("party.match".to_string(), Condition::PartyMatch),
            ("party.possible".to_string(), Condition::PartyPossible),
            ("chpl".to_string(), Condition::Chpl(None)),
            ("description.chpl".to_string(), Condition::DescriptionChpl),
            (
                "description.mismatch".to_string(),
                Condition::DescriptionMismatch,
            ),
            ("code.unreadable".to_string(), Condition::CodeUnreadable),
        ];
        for t in Tier::ALL {
            v.push((
                format!(
                    "chpl.tier{}",
                    t.label().replace('.', "").to_ascii_lowercase()
                ),
                Condition::Chpl(Some(t)),
            ));
        }
        for c in [
            DestinationClass::Sanctioned,
            DestinationClass::PartlySanctioned,
            DestinationClass::Diversion,
        ] {
            v.push((
                format!("destination.{}", c.name()),
                Condition::Destination(c),
            ));
            v.push((format!("origin.{}", c.name()), Condition::Origin(c)));
        }
        v
    }
}

/// One rule of a policy.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Its name, as the verdict reports it.
    pub name: String,
    /// The verdict it gives.
    pub verdict: Verdict,
    /// All must hold.
    pub conditions: Vec<Condition>,
}

/// An ordered list of rules.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Where it was read from (`bundled` or a file).
    pub origin: String,
    /// The rules, first match decides.
    pub rules: Vec<Rule>,
}

/// The default policy's text.
pub const DEFAULT: &str = include_str!("../../../data/goods/policy.txt");

impl Policy {
    /// The default policy (`data/goods/policy.txt`).
    pub fn default_policy() -> Policy {
        // Parsed by the tests; a failure is a build defect.
        Policy::parse("bundled policy", DEFAULT).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Reads a policy; errors name the file, line and the word at fault.
    ///
    /// ```
    /// use interdict_goods::policy::{Policy, Verdict};
    /// let p = Policy::parse("p.txt", "stop block when chpl and destination.sanctioned\n").unwrap();
    /// assert_eq!(p.rules[0].verdict, Verdict::Block);
    /// assert!(Policy::parse("p.txt", "x block when chpl and mars").is_err());
    /// ```
    pub fn parse(origin: &str, text: &str) -> Result<Policy, RulesError> {
        let known = Condition::all();
        let mut rules: Vec<Rule> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i as u64 + 1;
            let l = raw.split('#').next().unwrap_or("").trim();
            if l.is_empty() {
                continue;
            }
            let err = |field: &str, m: String| RulesError::at(origin, line, field, &m);
            let mut it = l.split_whitespace();
            let (Some(name), Some(verdict), Some(when)) = (it.next(), it.next(), it.next()) else {
                return Err(err(
                    "rule",
                    format!("{l:?} is not NAME VERDICT when CONDITION …"),
                ));
            };
            let verdict = Verdict::from_name(verdict).ok_or_else(|| {
                err(
                    "verdict",
                    format!("{verdict:?}: use block, review or clear"),
                )
            })?;
            if when != "when" {
                return Err(err(
                    "rule",
                    format!("expected `when` after the verdict, found {when:?}"),
                ));
            }
            if rules.iter().any(|r| r.name == name) {
                return Err(err("name", format!("a rule named {name:?} comes earlier")));
            }
            let mut conditions = Vec::new();
            let mut expect_condition = true;
            for w in it {
                if expect_condition {
                    let c = known.iter().find(|(n, _)| n == w).ok_or_else(|| {
                        err(
                            "condition",
                            format!(
                                "unknown condition {w:?}; conditions: {}",
                                known
                                    .iter()
                                    .map(|(n, _)| n.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    })?;
                    conditions.push(c.1);
                } else if w != "and" {
                    return Err(err(
                        "rule",
                        format!("expected `and` between conditions, found {w:?}"),
                    ));
                }
                expect_condition = !expect_condition;
            }
            if conditions.is_empty() || expect_condition {
                return Err(err(
                    "rule",
                    "a condition must follow `when` and every `and`".into(),
                ));
            }
            rules.push(Rule {
                name: name.to_string(),
                verdict,
                conditions,
            });
        }
        if rules.is_empty() {
            return Err(RulesError::at(origin, 0, "rule", "the policy has no rules"));
        }
        Ok(Policy {
            origin: origin.to_string(),
            rules,
        })
    }

    /// The first rule whose conditions all hold for `holds`, if any.
    pub fn decide(&self, holds: impl Fn(Condition) -> bool) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.conditions.iter().all(|c| holds(*c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_reads_and_errors_name_the_line() {
        let p = Policy::default_policy();
        assert!(p.rules.len() >= 5);
        for (text, want) in [
            ("a block when\n", "line 1"),
            ("a stop when chpl\n", "\"stop\""),
            ("\n\na block when chpl or party.match\n", "line 3"),
            ("a block when chpl and\n", "must follow"),
            ("a block when chpl\na review when chpl\n", "comes earlier"),
            ("# nothing\n", "no rules"),
        ] {
            let e = Policy::parse("p.txt", text).unwrap_err().to_string();
            assert!(e.contains(want) && e.contains("p.txt"), "{text:?}: {e}");
        }
    }
}
