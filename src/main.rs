//! The rexian binary: parse the arguments, run the command, turn the outcome into an exit
//! status. A closed stdout (`rexian … | head`) is success.

use std::process::ExitCode;

use clap::Parser;
use rexian::cli::{Cli, Command};
use rexian::error::FatalError;
use rexian::lang::{messages, Lang};

fn main() -> ExitCode {
    // A panic while one file is read is that file's error row, with its message
    // (`guard::catch`); any other panic is printed as Rust prints it.
    rexian::guard::install_hook();
    let cli = Cli::parse();
    rexian::term::init(cli.color, !cli.no_progress);
    let result = match &cli.command {
        Command::Ingest(args) => match args.jobs {
            // A pool of the asked size; the output does not depend on it.
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(rexian::ingest::thread_count(n))
                .build()
                .map_err(|_| FatalError::Threads(n))
                .and_then(|pool| pool.install(|| rexian::ingest::run(args))),
            None => rexian::ingest::run(args),
        },
        Command::Check(args) => rexian::check_cmd::run(args),
        Command::Report(args) => rexian::report_cmd::run(args),
        Command::Profiles(args) => rexian::profile::list_cmd(args),
        Command::Completions { shell } => {
            rexian::cli::write_completions(*shell, &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { command } => {
            rexian::cli::write_man(command.as_deref(), &mut std::io::stdout())
                .map(|_| ExitCode::SUCCESS)
                .map_err(FatalError::from)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let lang = Lang::resolve(match &cli.command {
                Command::Ingest(a) => a.lang,
                Command::Check(a) => a.lang,
                Command::Report(a) => a.lang,
                _ => None,
            });
            for line in messages::fatal(&e, lang) {
                rexian::term::say(&line);
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &FatalError) -> bool {
    let kind = match e {
        FatalError::Io(io) => Some(io.kind()),
        FatalError::Csv(c) => match c.kind() {
            csv::ErrorKind::Io(io) => Some(io.kind()),
            _ => None,
        },
        FatalError::Json(j) => j.io_error_kind(),
        _ => None,
    };
    kind == Some(std::io::ErrorKind::BrokenPipe)
}
