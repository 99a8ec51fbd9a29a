//! The command line. Doc comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::lang::Lang;

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
    /// With -o DIR: writes metrics.csv, units.csv, summary.csv, checks.csv, errors.csv,
    /// documents.json and datapackage.json into DIR (and rexian.xlsx with --xlsx).
    /// Without: writes --format to stdout.
    Ingest(IngestArgs),
    /// Recompute scores, ranks and grades and list every printed figure the bulletin's own
    /// data contradicts.
    ///
    /// Exit status: 0 when nothing disagrees, 1 when something does, 2 when an input could
    /// not be read (or on a usage error).
    Check(CheckArgs),
    /// Write one HTML page (in Chinese) of the bulletins: headline figures, every table
    /// with the cells a check contradicts highlighted and the arithmetic shown, and a bar
    /// chart of each ranking.
    ///
    /// Reads an output folder of `ingest -o` (its documents.json, or those of its
    /// `--split` folders), or bulletins as `check` does.
    Report(ReportArgs),
    /// List the scoring profiles, or print one.
    Profiles(ProfilesArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout.
    Man,
}

/// How to divide the output folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Split {
    /// One folder per period label: DIR/2022-06/units.csv …
    Period,
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

    /// Also write the HTML report (as `rexian report`) to this file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,

    /// The language of what is printed (default: Chinese under a zh_* locale).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// An output folder of `ingest -o`, or files and folders of bulletins.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// The HTML file to write (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// A scoring profile (TOML) to add, or to replace the built-in of the same name.
    #[arg(long, value_name = "FILE")]
    pub profile: Vec<PathBuf>,

    /// Decode every input as this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// The language of the messages (the page is in Chinese).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
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

    /// Keep only bulletins whose own period is this one (2022, 2022-06, 2022-Q3, 2022-W28).
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["since", "until"])]
    pub period: Option<String>,

    /// Keep only bulletins whose own period ends on or after the start of this one.
    #[arg(long, value_name = "PERIOD")]
    pub since: Option<String>,

    /// Keep only bulletins whose own period ends by the end of this one.
    #[arg(long, value_name = "PERIOD")]
    pub until: Option<String>,

    /// Divide the output folder: `period` writes DIR/2022-06/…, one folder per period.
    #[arg(long, value_enum, requires = "output")]
    pub split: Option<Split>,

    /// The spreadsheet form of the CSV files: UTF-8 with a BOM (Excel and WPS show Chinese
    /// text), and text a spreadsheet would run as a formula (=, @, +, - not before a
    /// number) behind an apostrophe. Without it every value is written exactly as read.
    #[arg(long)]
    pub excel: bool,

    /// Also write the workbook rexian.xlsx into the output folder (sheets 汇总, 单位, 指标,
    /// 核查, 错误, 说明).
    #[arg(long, requires = "output")]
    pub xlsx: bool,

    /// The language of the CSV headers: the schema's English keys (default), or their
    /// Chinese names.
    #[arg(long, value_enum, value_name = "LANG", default_value_t = Lang::En)]
    pub headers: Lang,

    /// The language of messages and check details (default: Chinese under a zh_* locale).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,

    /// Read files on this many threads (default: one per core). The output is the same
    /// whatever the number.
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print a line per document read.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// metrics.csv: one line per value.
    Csv,
    /// documents.json: the whole model as one JSON array.
    Json,
    /// One document per line of JSON.
    Jsonl,
    /// The workbook (as --xlsx writes it); to a file: `> out.xlsx`.
    Xlsx,
    /// Nothing: every input read, recognized and scored, no output rendered (to measure
    /// the reading alone: `scripts/bench.sh`).
    #[value(hide = true)]
    None,
}
