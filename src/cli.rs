//! The command line. Doc comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// rexian (热线): turns Chinese 12345 hotline bulletins into clean, checked data.
///
/// Exit status: 0 when every input was read, 1 when some could not be (the outputs are
/// still written for the rest), 2 on a usage error or when nothing could be read.
#[derive(Debug, Parser)]
#[command(name = "rexian", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read bulletins and write the normalized schema.
    ///
    /// With -o DIR: writes metrics.csv, units.csv, checks.csv, errors.csv and
    /// documents.json into DIR. Without: writes --format to stdout.
    Ingest(IngestArgs),
    /// Recompute scores, ranks and grades and list every printed figure the bulletin's own
    /// data contradicts.
    ///
    /// Exit status: 0 when nothing disagrees, 1 when something does, 2 when an input could
    /// not be read (or on a usage error).
    Check(CheckArgs),
    /// List the scoring profiles, or print one.
    Profiles(ProfilesArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders (walked recursively, in sorted order); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// A scoring profile (TOML) to add, or to replace the built-in of the same name.
    #[arg(long, value_name = "FILE")]
    pub profile: Vec<PathBuf>,

    /// Decode every input as this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// Print only the documents that disagree.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct ProfilesArgs {
    #[command(subcommand)]
    pub action: Option<ProfilesAction>,

    /// A profile file to include in the list.
    #[arg(long, value_name = "FILE", global = true)]
    pub profile: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ProfilesAction {
    /// Print one profile's TOML.
    Show {
        /// The profile's name.
        name: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Files or folders (walked recursively, in sorted order); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// Write every output file into this folder (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// What to write to stdout when no -o is given.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,

    /// Decode every input as this encoding instead of detecting it
    /// (utf-8, utf-16le, utf-16be, gb18030, big5).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// A scoring profile (TOML) to add, or to replace the built-in of the same name.
    #[arg(long, value_name = "FILE")]
    pub profile: Vec<PathBuf>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// metrics.csv: one line per value.
    Csv,
    /// documents.json: the whole model as one JSON array.
    Json,
    /// One document per line of JSON.
    Jsonl,
}
