//! `interdict users`: add, list and remove the workbench's users (the users file `serve`
//! reads).

use super::users_file;
use crate::args::{self, Cli, UsersCommand};
use anyhow::{bail, Context, Result};
use interdict_store::users::{Role, Users};
use std::io::BufRead;
use std::process::ExitCode;

/// Runs one `users` subcommand on the users file.
pub(crate) fn command(cli: &Cli, a: &args::Users) -> Result<ExitCode> {
    let path = users_file(cli, a.users.as_deref());
    let mut users = Users::read(&path)?;
    match &a.command {
        UsersCommand::Add { name, role, .. } => {
            let role = Role::parse(role)?;
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("reading the password from standard input")?;
            let password = line.trim_end_matches(['\n', '\r']);
            if password.is_empty() {
                bail!("no password on standard input: pipe one line, e.g. `printf '%s\\n' \"$PASSWORD\" | interdict users add {name} --role {} --password-stdin`", role.name());
            }
            users.add(name, role, password)?;
            eprintln!("added {name} ({}) to {}", role.name(), path.display());
        }
        UsersCommand::List { json } => {
            if *json {
                let out: Vec<_> = users
                    .all()
                    .iter()
                    .map(|u| serde_json::json!({"name": u.name, "role": u.role, "added_at": u.added_at}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else if users.is_empty() {
                eprintln!(
                    "no users in {}: the workbench serves one local user, on loopback only",
                    path.display()
                );
            } else {
                println!("{:<24} {:<9} added", "name", "role");
                for u in users.all() {
                    println!("{:<24} {:<9} {}", u.name, u.role.name(), u.added_at);
                }
            }
        }
        UsersCommand::Remove { name } => {
            users.remove(name)?;
            eprintln!("removed {name} from {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
