//! The command line. Doc comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::lang::Lang;
pub use crate::term::ColorChoice;

/// rexian (热线): turns Chinese 12345 hotline bulletins into clean, checked data.
///
/// Exit status: 0 when every input was read, 1 when some could not be (the outputs are
/// still written for the rest), 2 on a usage error or when nothing could be read.
#[derive(Debug, Parser)]
#[command(
    name = "rexian",
    version,
    about,
    long_about,
    after_long_help = "Each command has its own manual page: `rexian man ingest`, `rexian man \
check`, … (rexian-ingest(1), rexian-check(1), …), and its own --help."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour messages: auto (when the output is a terminal and NO_COLOR is not
    /// set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Never show the progress bar (it shows on a terminal otherwise, unless -q).
    #[arg(long, global = true)]
    pub no_progress: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read bulletins and write the normalized schema.
    ///
    /// With -o DIR: writes metrics.csv, units.csv, summary.csv, checks.csv, errors.csv,
    /// documents.json and datapackage.json into DIR (and rexian.xlsx with --xlsx).
    /// Without: writes --format to stdout.
    #[command(after_long_help = INGEST_HELP)]
    Ingest(IngestArgs),
    /// Recompute scores, ranks and grades and list every printed figure the bulletin's own
    /// data contradicts.
    ///
    /// Exit status: 0 when nothing disagrees, 1 when something does, 2 when an input could
    /// not be read (or on a usage error).
    #[command(after_long_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Write one HTML page (in Chinese) of the bulletins: headline figures, every table
    /// with the cells a check contradicts highlighted and the arithmetic shown, and a bar
    /// chart of each ranking.
    ///
    /// Reads an output folder of `ingest -o` (its documents.json, or those of its
    /// `--split` folders), or bulletins as `check` does.
    #[command(after_long_help = REPORT_HELP)]
    Report(ReportArgs),
    /// List the scoring profiles, or print one.
    ///
    /// A profile is a TOML file: `--profile FILE` adds one or replaces the built-in of the
    /// same name. Its format follows.
    #[command(after_long_help = include_str!("../profiles/README.md"))]
    Profiles(ProfilesArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff) on stdout: rexian(1), or a command's (`rexian man
    /// ingest` is rexian-ingest(1)). `rexian man ingest | man -l -` shows it.
    Man {
        /// The command whose page to print (default: rexian's own).
        #[arg(value_parser = ["ingest", "check", "report", "profiles", "completions", "man"])]
        command: Option<String>,
    },
}

/// The end of `rexian ingest --help`: the files written, the exit status.
const INGEST_HELP: &str = "\
Output files (with -o DIR; the schema's columns, never renamed or dropped):
  metrics.csv       one line per value: source, jurisdiction, period, table, unit, metric,
                    value, as_printed, at (file:line or file#sheet!B7)
  units.csv         one line per table row, a column per metric, with score_computed,
                    rank_computed, grade_computed
  checks.csv        one line per printed figure its own data contradicts
  summary.csv       one line per bulletin: headline figures, tables, values, disagreements
  errors.csv        what could not be read (error), warnings, notes
  documents.json    the whole model, one document per line inside a JSON array
  datapackage.json  a Frictionless Data Package: every column's type
  rexian.xlsx       with --xlsx: the same as a workbook (汇总, 单位, 指标, 核查, 错误, 说明)
The set is made current in one step: a run killed at any moment leaves DIR showing the
previous set or the new one. Without -o: --format (or --table) goes to stdout; `-o -` is
stdout too, `-` as a path is stdin.

Exit status:
  0  every input was read
  1  some inputs could not be read (a row of errors.csv and a line on stderr each; the
     outputs are written for the rest)
  2  a usage error, an output that cannot be written, or nothing could be read (every
     input failed, or the folders given hold no file rexian reads)

Examples:
  rexian ingest bulletins/ -o out/
  rexian ingest bulletins/ --period 2022-06 --table units > units.csv
  rexian ingest bulletins/ -g '*.docx' --exclude 'drafts/**' --files
  rexian ingest - --format jsonl < bulletin.txt | jq .title";

/// The end of `rexian check --help`.
const CHECK_HELP: &str = "\
Output: per document (worst first: the most disagreements) a line of counts and a line per
disagreement (worst first: scores and sums, then texts and rates, then shares and grades,
then ranks), then a total line. --format csv gives the checks.csv columns, --format json
one object per document; their total goes to stderr.

Exit status:
  0  every input was read and nothing disagrees
  1  a printed figure disagrees with its own data
  2  an input could not be read, nothing could be read, or a usage error";

/// The end of `rexian report --help`.
const REPORT_HELP: &str = "\
Exit status:
  0  the page is written and every input was read
  1  some input could not be read (the page lists it)
  2  nothing to report on (no output folder, no bulletin read), or a usage error";

/// How to divide the output folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Split {
    /// One folder per period label: DIR/2022-06/units.csv …
    Period,
}

/// Which bulletins to keep, by their own period.
#[derive(Debug, Default, clap::Args)]
pub struct PeriodArgs {
    /// Keep only bulletins whose own period is this one (2022, 2022-06, 2022-Q3, 2022-W28).
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["since", "until"])]
    pub period: Option<String>,

    /// Keep only bulletins whose own period ends on or after the start of this one.
    #[arg(long, value_name = "PERIOD")]
    pub since: Option<String>,

    /// Keep only bulletins whose own period ends by the end of this one.
    #[arg(long, value_name = "PERIOD")]
    pub until: Option<String>,
}

/// Which files of a folder walk are read.
#[derive(Debug, Default, clap::Args)]
pub struct WalkArgs {
    /// Read only the files found in folders that match this glob (repeatable; `*.docx`,
    /// `2022/**/*.txt`): a pattern without `/` matches the file's name, one with `/` its
    /// path below the folder given. Files named on the command line are always read.
    #[arg(short = 'g', long, value_name = "GLOB")]
    pub glob: Vec<String>,

    /// Skip the files found in folders that match this glob (repeatable; `*.pdf`,
    /// `drafts/**`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// List the files that would be read, one per line, and read none.
    #[arg(long)]
    pub files: bool,
}

/// What `check` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// A summary line per document and a line per disagreement, then the totals.
    Text,
    /// The checks.csv columns, one line per disagreement.
    Csv,
    /// One JSON object per document: its counts and its disagreements.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders (walked recursively, in sorted order); `-` reads stdin.
    #[arg(required = true, value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// A scoring profile (TOML) to add, or to replace the built-in of the same name.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub profile: Vec<PathBuf>,

    /// Decode every input as this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// Print only the documents that disagree.
    #[arg(short, long)]
    pub quiet: bool,

    /// What to write: text, csv (the checks.csv columns) or json. Documents come worst
    /// first (most disagreements), each one's disagreements worst first.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Write to this file instead of stdout.
    #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub periods: PeriodArgs,

    #[command(flatten)]
    pub walk: WalkArgs,

    /// Also write the HTML report (as `rexian report`) to this file.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub html: Option<PathBuf>,

    /// The language of what is printed (default: Chinese under a zh_* locale).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// An output folder of `ingest -o`, or files and folders of bulletins.
    #[arg(required = true, value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// The HTML file to write (default: stdout).
    #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,

    /// A scoring profile (TOML) to add, or to replace the built-in of the same name.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
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
    #[arg(long, value_name = "FILE", global = true, value_hint = clap::ValueHint::FilePath)]
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
    #[arg(required = true, value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,

    /// Write every output file into this folder (created if missing); `-` is stdout.
    #[arg(short, long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub output: Option<PathBuf>,

    /// What to write to stdout when no -o is given: csv (metrics.csv, or the --table),
    /// json (documents.json, or the --table as an array of objects), jsonl, xlsx.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,

    /// Write this one table to stdout instead of metrics.csv (as --format csv or json):
    /// units, metrics, checks, summary or errors.
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<Table>,

    /// Decode every input as this encoding instead of detecting it
    /// (utf-8, utf-16le, utf-16be, gb18030, big5).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// A scoring profile (TOML) to add, or to replace the built-in of the same name.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub profile: Vec<PathBuf>,

    #[command(flatten)]
    pub periods: PeriodArgs,

    #[command(flatten)]
    pub walk: WalkArgs,

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

/// One table of the output folder, for `--table`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Table {
    /// units.csv: one line per table row.
    Units,
    /// metrics.csv: one line per value.
    Metrics,
    /// checks.csv: one line per disagreement.
    Checks,
    /// summary.csv: one line per bulletin.
    Summary,
    /// errors.csv: what could not be read, warnings, notes.
    Errors,
}

impl Table {
    /// The file's name in an output folder.
    pub fn file(self) -> &'static str {
        match self {
            Table::Units => "units.csv",
            Table::Metrics => "metrics.csv",
            Table::Checks => "checks.csv",
            Table::Summary => "summary.csv",
            Table::Errors => "errors.csv",
        }
    }
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

/// The command line as clap sees it, with what only a completion script needs: the
/// built-in profiles' names for `profiles show`.
fn command_for_completions() -> clap::Command {
    use clap::builder::PossibleValuesParser;
    let names: Vec<String> = crate::profile::Profiles::load(&[])
        .map(|p| p.list.iter().map(|p| p.name.clone()).collect())
        .unwrap_or_default();
    <Cli as clap::CommandFactory>::command().mut_subcommand("profiles", |p| {
        p.mut_subcommand("show", |s| {
            s.mut_arg("name", |a| a.value_parser(PossibleValuesParser::new(names)))
        })
    })
}

/// Writes the completion script for `shell`.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    let mut cmd = command_for_completions();
    clap_complete::generate(shell, &mut cmd, "rexian", out);
}

/// Writes the manual page of rexian, or of one of its commands (rexian-ingest(1)).
pub fn write_man(command: Option<&str>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut root = <Cli as clap::CommandFactory>::command();
    // Built, so that the global options (--color, --no-progress) are on every command.
    root.build();
    let page = match command.and_then(|name| root.find_subcommand(name)) {
        Some(sub) => {
            let name = format!("rexian-{}", sub.get_name());
            sub.clone()
                .name(name.clone())
                .bin_name(format!("rexian {}", sub.get_name()))
                .display_name(name)
                .version(root.get_version().unwrap_or_default().to_string())
        }
        None => root,
    };
    clap_mangen::Man::new(page).render(out)
}
