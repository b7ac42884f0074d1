//! `interdict alerts`: the alerts `screen --alerts` raised, and analysts' decisions on them.

use super::{alerts_db, open_store, user_name};
use crate::args::{AlertsCommand, Cli};
use crate::display::sanitize;
use anyhow::Result;
use std::process::ExitCode;

/// Runs one alerts subcommand against the alert store.
pub(crate) fn command(cli: &Cli, cmd: &AlertsCommand) -> Result<ExitCode> {
    let store = open_store(cli)?;
    let path = alerts_db(cli, &store);
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
                        a.suppressed_by
                            .map_or(String::new(), |d| format!("  [suppressed by decision {d}]"))
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
    Ok(ExitCode::SUCCESS)
}
