//! `interdict completions` and `interdict man`: shell completion scripts and the manual page,
//! generated from the same command definitions as `--help`, so they never disagree with it.

use crate::args::{self, Cli};
use anyhow::Result;
use clap::CommandFactory;
use std::process::ExitCode;

/// Writes the completion script for the shell asked for to standard output.
pub(crate) fn completions(a: &args::Completions) -> Result<ExitCode> {
    clap_complete::generate(
        a.shell,
        &mut Cli::command(),
        "interdict",
        &mut std::io::stdout(),
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the manual page (roff) to standard output.
pub(crate) fn man() -> Result<ExitCode> {
    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
    Ok(ExitCode::SUCCESS)
}
