//! The `interdict` command: a thin layer that parses arguments, calls the library crates and
//! prints. Nothing here decides how lists are read or stored.

mod args;
mod commands;
mod display;
mod outfile;

use anyhow::Result;
use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: matching allocates small, short-lived strings
/// and vectors on every query, and glibc's allocator took a tenth of the CPU of batch
/// screening and a fifth of the server's under load (contention between threads).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// Runs the command: each is a module of `commands`.
fn run(cli: Cli) -> Result<ExitCode> {
    use commands::*;
    match &cli.command {
        Command::Lists(a) => lists::command(&cli, a),
        Command::Import(a) => import::command(&cli, a),
        Command::Show(a) => show::command(&cli, a),
        Command::Search(a) => search::command(&cli, a),
        Command::Screen(a) => screen::command(&cli, a),
        Command::Rescreen(a) => screen::rescreen_command(&cli, a),
        Command::Generate(a) => generate::command(&cli, a),
        Command::Update(a) => update::command(&cli, a),
        Command::Alerts(cmd) => alerts::command(&cli, cmd),
        Command::Users(a) => users::command(&cli, a),
        Command::Parties(cmd) => parties::command(&cli, cmd),
        Command::Ownership(a) => ownership::command(&cli, a),
        Command::Goods(a) => goods::command(&cli, a),
        Command::Diff(a) => diff::command(&cli, a),
        Command::Validate(a) => validate::command(&cli, a),
        Command::Serve(a) => serve::command(&cli, a),
        Command::Eval(cmd) => eval::command(&cli, cmd),
        Command::Completions(a) => completions::completions(a),
        Command::Man => completions::man(),
        Command::Bench(a) => {
            bench::run(&cli, a.iterations, a.json)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
