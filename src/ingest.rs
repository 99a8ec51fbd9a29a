//! The `ingest` command: inputs → documents → outputs. Files are read in parallel and
//! the results kept in input order, so the output does not depend on the thread count;
//! a failing file becomes a row of errors.csv and never stops the batch; the same bytes
//! given twice are read once. Hands back the exit status.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use crate::cli::{Format, IngestArgs, Split};
use crate::emit::{self, CsvStyle, Failure};
use crate::error::FatalError;
use crate::extract::{extract_segments, is_header_cell, is_rate_header};
use crate::model::Document;
use crate::profile::Profiles;
use crate::score::score_document;
use crate::source::{self, decode::encoding_by_name, Input};

/// What a batch produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub documents: Vec<Document>,
    pub failures: Vec<Failure>,
    /// Inputs not read again: the same bytes as an earlier input.
    pub duplicates: Vec<Failure>,
}

impl Outcome {
    /// 0 when every input was read, 1 when some failed, 2 when none could be read.
    pub fn exit_code(&self) -> ExitCode {
        if self.failures.is_empty() {
            ExitCode::SUCCESS
        } else if self.documents.is_empty() {
            ExitCode::from(2)
        } else {
            ExitCode::from(1)
        }
    }

    /// Failures and notes together, for errors.csv.
    pub fn problems(&self) -> Vec<Failure> {
        self.failures
            .iter()
            .chain(&self.duplicates)
            .cloned()
            .collect()
    }
}

/// One input read: its document or why not, and a fingerprint of its bytes.
struct Read {
    result: Result<Document, Failure>,
    fingerprint: Option<(u64, usize)>,
}

fn read_one(
    input: &Input,
    encoding: Option<&'static encoding_rs::Encoding>,
    profiles: &Profiles,
) -> Read {
    let name = input.name();
    let fail = |message: String| Failure {
        source: name.clone(),
        message,
        note: false,
    };
    let bytes = match input.read() {
        Ok(b) => b,
        Err(e) => {
            return Read {
                result: Err(fail(e.to_string())),
                fingerprint: None,
            }
        }
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    let fingerprint = Some((h.finish(), bytes.len()));
    let result = match source::load_bytes(input, &bytes, encoding, &is_header_cell, &is_rate_header)
    {
        Ok(loaded) => {
            let (mut doc, evidence) = extract_segments(&loaded.segments, &name, &loaded.encoding);
            score_document(&mut doc, &evidence, profiles);
            Ok(doc)
        }
        Err(e) => Err(fail(e.to_string())),
    };
    Read {
        result,
        fingerprint,
    }
}

/// Reads and scores every input in parallel, keeping the inputs' order; a file that fails
/// becomes a [`Failure`] and the batch goes on.
pub fn read_all(
    inputs: &[Input],
    encoding: Option<&'static encoding_rs::Encoding>,
    profiles: &Profiles,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut seen = HashMap::new();
    for_each_read(inputs, encoding, profiles, &mut seen, &mut |r| match r {
        Ok(doc) => outcome.documents.push(doc),
        Err(Dropped::Failed(f)) => outcome.failures.push(f),
        Err(Dropped::Duplicate(f)) => outcome.duplicates.push(f),
    });
    outcome
}

/// Why an input gave no document.
enum Dropped {
    Failed(Failure),
    Duplicate(Failure),
}

/// Reads inputs in parallel, chunk by chunk, handing each result on in input order as
/// soon as its chunk is done (so `--format jsonl` streams).
fn for_each_read(
    inputs: &[Input],
    encoding: Option<&'static encoding_rs::Encoding>,
    profiles: &Profiles,
    seen: &mut HashMap<(u64, usize), String>,
    handle: &mut dyn FnMut(Result<Document, Dropped>),
) {
    let chunk = rayon::current_num_threads().max(1) * 4;
    for part in inputs.chunks(chunk) {
        let reads: Vec<Read> = part
            .par_iter()
            .map(|i| read_one(i, encoding, profiles))
            .collect();
        for (input, read) in part.iter().zip(reads) {
            if let Some(fp) = read.fingerprint {
                if let Some(first) = seen.get(&fp) {
                    handle(Err(Dropped::Duplicate(Failure {
                        source: input.name(),
                        message: format!("the same bytes as {first}: read once"),
                        note: true,
                    })));
                    continue;
                }
                seen.insert(fp, input.name());
            }
            handle(read.result.map_err(Dropped::Failed));
        }
    }
}

/// The settings both `ingest` and `check` resolve from their arguments.
pub struct Setup {
    pub inputs: Vec<Input>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub profiles: Profiles,
}

/// Validates the arguments: the encoding, the profiles, the paths. Files skipped for their
/// type are reported on stderr, once per extension.
pub fn setup(
    paths: &[PathBuf],
    encoding: Option<&str>,
    profile_files: &[PathBuf],
    quiet: bool,
) -> Result<Setup, FatalError> {
    let encoding = match encoding {
        Some(name) => Some(
            encoding_by_name(name).ok_or_else(|| FatalError::UnknownEncoding(name.to_string()))?,
        ),
        None => None,
    };
    let profiles = Profiles::load(profile_files)?;
    let (inputs, skipped) = source::expand(paths)?;
    if !quiet {
        let mut by_ext: BTreeMap<String, Vec<&PathBuf>> = BTreeMap::new();
        for p in &skipped {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            by_ext.entry(ext).or_default().push(p);
        }
        for (ext, files) in by_ext {
            let what = if ext.is_empty() {
                "files without an extension".to_string()
            } else {
                format!(".{ext} files")
            };
            eprintln!(
                "rexian: skipped {} {what} (not a format rexian reads), e.g. {}",
                files.len(),
                files[0].display()
            );
        }
    }
    Ok(Setup {
        inputs,
        encoding,
        profiles,
    })
}

/// Reads every input of a setup, with a progress bar on a terminal, reporting failures on
/// stderr.
pub fn read_inputs(setup: &Setup, quiet: bool, verbose: bool) -> Outcome {
    let bar = (!quiet && std::io::stderr().is_terminal() && setup.inputs.len() > 1).then(|| {
        let bar = indicatif::ProgressBar::new(setup.inputs.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let mut outcome = Outcome::default();
    let mut seen = HashMap::new();
    for_each_read(
        &setup.inputs,
        setup.encoding,
        &setup.profiles,
        &mut seen,
        &mut |r| {
            if let Some(b) = &bar {
                b.inc(1);
            }
            match r {
                Ok(doc) => {
                    if verbose {
                        report(&doc);
                    }
                    outcome.documents.push(doc);
                }
                Err(Dropped::Failed(f)) => {
                    eprintln!("rexian: {}: {}", f.source, f.message);
                    outcome.failures.push(f);
                }
                Err(Dropped::Duplicate(f)) => {
                    if !quiet {
                        eprintln!("rexian: {}: {}", f.source, f.message);
                    }
                    outcome.duplicates.push(f);
                }
            }
        },
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    outcome
}

fn values_in(d: &Document) -> usize {
    d.headline.len()
        + d.tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| r.values.len())
            .sum::<usize>()
}

fn report(d: &Document) {
    let checks: usize = d.tables.iter().map(|t| t.checks.len()).sum();
    eprintln!(
        "rexian: {}: {} tables, {} values, {} disagreements, period {}",
        d.source,
        d.tables.len(),
        values_in(d),
        checks,
        d.period.as_ref().map_or("unknown", |p| p.label.as_str())
    );
}

/// A period given on the command line (`2022`, `2022-06`, `2022-Q3`, `2022-W28`) as dates.
pub fn parse_period_arg(text: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    use chrono::{Datelike, Duration, NaiveDate};
    let t = text.trim();
    let (year, rest) = t.split_once('-').map_or((t, ""), |(y, r)| (y, r));
    let y: i32 = year.parse().ok()?;
    let month_end = |y: i32, m: u32| {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1))
    };
    if rest.is_empty() {
        return Some((
            NaiveDate::from_ymd_opt(y, 1, 1)?,
            NaiveDate::from_ymd_opt(y, 12, 31)?,
        ));
    }
    if let Some(q) = rest.strip_prefix(['Q', 'q']) {
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        return Some((
            NaiveDate::from_ymd_opt(y, q * 3 - 2, 1)?,
            month_end(y, q * 3)?,
        ));
    }
    if let Some(w) = rest.strip_prefix(['W', 'w']) {
        let start = NaiveDate::from_isoywd_opt(y, w.parse().ok()?, chrono::Weekday::Mon)?;
        return Some((start, start + Duration::days(6)));
    }
    let m: u32 = rest.parse().ok().filter(|m| (1..=12).contains(m))?;
    let start = NaiveDate::from_ymd_opt(y, m, 1)?;
    Some((start, month_end(y, start.month())?))
}

/// Keeps the documents whose own period falls in the range: a document counts for the
/// period its label names, else the one its last day falls in.
fn in_range(doc: &Document, from: chrono::NaiveDate, to: chrono::NaiveDate) -> bool {
    let Some(p) = &doc.period else { return false };
    let day = parse_period_arg(&p.label).map_or(p.end, |(_, end)| end);
    from <= day && day <= to
}

fn period_filter(
    args: &IngestArgs,
) -> Result<Option<(chrono::NaiveDate, chrono::NaiveDate)>, FatalError> {
    let parse = |flag: &str, v: &str| {
        parse_period_arg(v).ok_or_else(|| FatalError::BadPeriod(flag.to_string(), v.to_string()))
    };
    if let Some(p) = &args.period {
        return parse("--period", p).map(Some);
    }
    let since = args
        .since
        .as_deref()
        .map(|v| parse("--since", v))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|v| parse("--until", v))
        .transpose()?;
    Ok(match (since, until) {
        (None, None) => None,
        (s, u) => Some((
            s.map_or(chrono::NaiveDate::MIN, |r| r.0),
            u.map_or(chrono::NaiveDate::MAX, |r| r.1),
        )),
    })
}

/// Runs `rexian ingest`.
pub fn run(args: &IngestArgs) -> Result<ExitCode, FatalError> {
    let filter = period_filter(args)?;
    let setup = setup(
        &args.paths,
        args.encoding.as_deref(),
        &args.profile,
        args.quiet,
    )?;
    let style = CsvStyle { bom: args.excel };
    if args.output.is_none() && args.format == Format::Jsonl {
        return stream_jsonl(&setup, filter);
    }
    let mut outcome = read_inputs(&setup, args.quiet, args.verbose);
    if let Some((from, to)) = filter {
        let before = outcome.documents.len();
        outcome.documents.retain(|d| in_range(d, from, to));
        if !args.quiet {
            eprintln!(
                "rexian: {} of {} documents in {from} .. {to}",
                outcome.documents.len(),
                before
            );
        }
    }
    match &args.output {
        Some(dir) => {
            match args.split {
                None => emit::write_dir(dir, &outcome.documents, &outcome.problems(), style)?,
                Some(Split::Period) => write_split(dir, &outcome, style)?,
            }
            if !args.quiet {
                let values: usize = outcome.documents.iter().map(values_in).sum();
                eprintln!(
                    "rexian: {} documents, {} values, {} failed → {}",
                    outcome.documents.len(),
                    values,
                    outcome.failures.len(),
                    dir.display()
                );
            }
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            if style.bom {
                w.write_all(emit::BOM)?;
            }
            match args.format {
                Format::Csv => emit::csv_out::metrics(&outcome.documents, &mut w)?,
                Format::Json => emit::documents_json(&outcome.documents, &mut w)?,
                Format::Jsonl => {
                    for d in &outcome.documents {
                        emit::document_jsonl(d, &mut w)?;
                    }
                }
            }
            w.flush()?;
        }
    }
    Ok(outcome.exit_code())
}

/// `--format jsonl` without `-o`: one document per line, written as soon as it is read.
fn stream_jsonl(
    setup: &Setup,
    filter: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
) -> Result<ExitCode, FatalError> {
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    let mut seen = HashMap::new();
    let mut outcome = Outcome::default();
    let mut error: Option<FatalError> = None;
    for_each_read(
        &setup.inputs,
        setup.encoding,
        &setup.profiles,
        &mut seen,
        &mut |r| {
            if error.is_some() {
                return;
            }
            match r {
                Ok(doc) => {
                    if filter.is_some_and(|(from, to)| !in_range(&doc, from, to)) {
                        return;
                    }
                    if let Err(e) = emit::document_jsonl(&doc, &mut w)
                        .and_then(|_| w.flush().map_err(FatalError::from))
                    {
                        error = Some(e);
                    }
                    outcome.documents.push(Document {
                        tables: Vec::new(),
                        headline: Vec::new(),
                        ..doc
                    });
                }
                Err(Dropped::Failed(f)) => {
                    eprintln!("rexian: {}: {}", f.source, f.message);
                    outcome.failures.push(f);
                }
                Err(Dropped::Duplicate(f)) => outcome.duplicates.push(f),
            }
        },
    );
    match error {
        Some(e) => Err(e),
        None => Ok(outcome.exit_code()),
    }
}

/// `--split period`: one folder per period label (`DIR/2022-06/…`), so each month's cron
/// job adds a folder; documents with no period go to `DIR/unknown-period`.
fn write_split(dir: &Path, outcome: &Outcome, style: CsvStyle) -> Result<(), FatalError> {
    let mut groups: BTreeMap<String, Vec<Document>> = BTreeMap::new();
    for d in &outcome.documents {
        let label = d
            .period
            .as_ref()
            .map_or_else(|| "unknown-period".to_string(), |p| p.label.clone());
        groups.entry(label).or_default().push(d.clone());
    }
    for (label, docs) in &groups {
        emit::write_dir(&dir.join(label), docs, &[], style)?;
    }
    if !outcome.failures.is_empty() || !outcome.duplicates.is_empty() {
        emit::write_dir(&dir.join("unread"), &[], &outcome.problems(), style)?;
    }
    Ok(())
}
