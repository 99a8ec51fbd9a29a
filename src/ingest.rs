//! The `ingest` command: inputs → documents → outputs. Files are read in parallel and
//! the results kept in input order, so the output does not depend on the thread count;
//! a failing file becomes a row of errors.csv and never stops the batch; the same bytes
//! given twice are read once. Hands back the exit status.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

use crate::cli::{Format, IngestArgs, Split};
use crate::emit::csv_out::SafeWriter;
use crate::emit::dir::{self, DirWriter, Rendered};
use crate::emit::{self, CsvStyle, Failure};
use crate::error::FatalError;
use crate::extract::{extract_segments, is_header_cell, is_rate_header};
use crate::lang::{messages, Lang};
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
        exit_code(self.documents.len(), &self.failures)
    }
}

/// 0 when every input was read, 1 when some failed, 2 when none could be read.
fn exit_code(read: usize, failures: &[Failure]) -> ExitCode {
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else if read == 0 {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

/// One input read: its document (with what `prepare` made of it) or why not, and a
/// fingerprint of its bytes.
struct Read<T> {
    result: Result<(Document, T), Failure>,
    fingerprint: Option<(u64, usize)>,
}

/// What the reading threads make of each document besides the document itself (its
/// outputs rendered, say), so that the one thread writing in order has little left to do.
pub type Prepare<'a, T> = &'a (dyn Fn(&Document) -> T + Sync);

fn read_one<T>(
    input: &Input,
    encoding: Option<&'static encoding_rs::Encoding>,
    profiles: &Profiles,
    prepare: Prepare<T>,
) -> Read<T> {
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
            let prepared = prepare(&doc);
            Ok((doc, prepared))
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
    for_each_read(
        inputs,
        encoding,
        profiles,
        &|_| (),
        &mut seen,
        &mut |r| match r {
            Ok((doc, ())) => outcome.documents.push(doc),
            Err(Dropped::Failed(f)) => outcome.failures.push(f),
            Err(Dropped::Duplicate(f)) => outcome.duplicates.push(f),
        },
    );
    outcome
}

/// Why an input gave no document.
enum Dropped {
    Failed(Failure),
    Duplicate(Failure),
}

/// Reads inputs in parallel, chunk by chunk, handing each result on in input order as
/// soon as its chunk is done (so `--format jsonl` streams).
fn for_each_read<T: Send>(
    inputs: &[Input],
    encoding: Option<&'static encoding_rs::Encoding>,
    profiles: &Profiles,
    prepare: Prepare<T>,
    seen: &mut HashMap<(u64, usize), String>,
    handle: &mut (dyn FnMut(Result<(Document, T), Dropped>) + Send),
) {
    let chunk = rayon::current_num_threads().max(1) * 4;
    let read = |part: &[Input]| -> Vec<Read<T>> {
        part.par_iter()
            .map(|i| read_one(i, encoding, profiles, prepare))
            .collect()
    };
    // While one chunk is handed on (written), the next is read: two chunks at most are in
    // memory at once.
    let mut pending: Option<(&[Input], Vec<Read<T>>)> = None;
    for part in inputs.chunks(chunk) {
        let (_, reads) = rayon::join(
            || {
                if let Some((done, reads)) = pending.take() {
                    hand_on(done, reads, seen, handle);
                }
            },
            || read(part),
        );
        pending = Some((part, reads));
    }
    if let Some((done, reads)) = pending {
        hand_on(done, reads, seen, handle);
    }
}

/// Hands a chunk's results on in input order, dropping bytes seen before.
fn hand_on<T>(
    part: &[Input],
    reads: Vec<Read<T>>,
    seen: &mut HashMap<(u64, usize), String>,
    handle: &mut (dyn FnMut(Result<(Document, T), Dropped>) + Send),
) {
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

/// The settings both `ingest` and `check` resolve from their arguments.
pub struct Setup {
    pub inputs: Vec<Input>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub profiles: Profiles,
    /// Files in the folders given that are of no format rexian reads.
    pub skipped: Vec<PathBuf>,
    /// The language of the messages.
    pub lang: Lang,
}

/// Validates the arguments: the encoding, the profiles, the paths. Files skipped for their
/// type are reported on stderr, once per extension.
pub fn setup(
    paths: &[PathBuf],
    encoding: Option<&str>,
    profile_files: &[PathBuf],
    quiet: bool,
    lang: Lang,
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
            eprintln!("{}", messages::skipped(files.len(), &ext, files[0], lang));
        }
    }
    Ok(Setup {
        inputs,
        encoding,
        profiles,
        skipped,
        lang,
    })
}

/// What a streamed batch read: how many documents and values, and what was not read.
#[derive(Debug, Default)]
pub struct Tally {
    pub documents: usize,
    pub values: usize,
    pub failures: Vec<Failure>,
    pub duplicates: Vec<Failure>,
}

impl Tally {
    /// 0 when every input was read, 1 when some failed, 2 when none could be read.
    pub fn exit_code(&self) -> ExitCode {
        exit_code(self.documents, &self.failures)
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

/// Reads every input of a setup and hands each document to `take` as soon as it is read,
/// in input order, with a progress bar on a terminal; failures go to stderr. Stops at the
/// first error `take` returns.
pub fn read_each<T: Send>(
    setup: &Setup,
    quiet: bool,
    verbose: bool,
    prepare: Prepare<T>,
    take: &mut (dyn FnMut(Document, T) -> Result<(), FatalError> + Send),
) -> Result<Tally, FatalError> {
    let bar = (!quiet && std::io::stderr().is_terminal() && setup.inputs.len() > 1).then(|| {
        let bar = indicatif::ProgressBar::new(setup.inputs.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let mut tally = Tally::default();
    let mut seen = HashMap::new();
    let mut error: Option<FatalError> = None;
    for_each_read(
        &setup.inputs,
        setup.encoding,
        &setup.profiles,
        prepare,
        &mut seen,
        &mut |r| {
            if let Some(b) = &bar {
                b.inc(1);
            }
            if error.is_some() {
                return;
            }
            match r {
                Ok((doc, prepared)) => {
                    if verbose {
                        eprintln!(
                            "{}",
                            messages::document_read(&doc, values_in(&doc), setup.lang)
                        );
                    }
                    tally.documents += 1;
                    tally.values += values_in(&doc);
                    if let Err(e) = take(doc, prepared) {
                        error = Some(e);
                    }
                }
                Err(Dropped::Failed(f)) => {
                    eprintln!("{}", messages::failed(&f.source, &f.message, setup.lang));
                    tally.failures.push(f);
                }
                Err(Dropped::Duplicate(f)) => {
                    if !quiet {
                        eprintln!("{}", messages::failed(&f.source, &f.message, setup.lang));
                    }
                    tally.duplicates.push(f);
                }
            }
        },
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match error {
        Some(e) => Err(e),
        None => Ok(tally),
    }
}

use crate::emit::summary::values_in;

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

/// Where the documents of an `ingest` run go, each as soon as it is read.
enum Sink {
    Dir(Box<DirWriter>),
    Split {
        dir: PathBuf,
        style: CsvStyle,
        writers: BTreeMap<String, DirWriter>,
    },
    Csv(std::io::BufWriter<std::io::Stdout>),
    /// The workbook, made in a temporary folder and copied to stdout at the end.
    Xlsx {
        work: tempfile::TempDir,
        writer: Box<DirWriter>,
    },
    Json {
        out: std::io::BufWriter<std::io::Stdout>,
        count: usize,
    },
    Jsonl(std::io::Stdout),
}

/// A document's output rendered on a reading thread, for [`Sink::add`].
enum Ready {
    /// Every file of an output folder.
    Dir(Box<Rendered>),
    /// metrics.csv lines, or the document's JSON.
    Bytes(Vec<u8>),
}

/// What a sink needs rendered, known before reading starts (a sink itself is not shared
/// with the reading threads).
#[derive(Clone, Copy)]
enum Want {
    Dir(CsvStyle),
    Csv(CsvStyle),
    Json,
}

impl Want {
    fn of(sink: &Sink, style: CsvStyle) -> Want {
        match sink {
            Sink::Dir(_) | Sink::Split { .. } | Sink::Xlsx { .. } => Want::Dir(style),
            Sink::Csv(_) => Want::Csv(style),
            Sink::Json { .. } | Sink::Jsonl(_) => Want::Json,
        }
    }

    fn render(self, doc: &Document) -> Result<Ready, FatalError> {
        Ok(match self {
            Want::Dir(style) => Ready::Dir(Box::new(dir::render(doc, style)?)),
            Want::Csv(style) => {
                let mut w = SafeWriter::new(Vec::new(), style);
                emit::csv_out::metrics_rows(doc, &mut w)?;
                Ready::Bytes(w.into_inner()?)
            }
            Want::Json => Ready::Bytes(serde_json::to_vec(doc)?),
        })
    }
}

impl Sink {
    fn add(&mut self, doc: &Document, ready: Ready, style: CsvStyle) -> Result<(), FatalError> {
        match (self, ready) {
            (Sink::Dir(w), Ready::Dir(r)) => w.append(*r),
            (Sink::Xlsx { writer, .. }, Ready::Dir(r)) => writer.append(*r),
            (
                Sink::Split {
                    dir,
                    style,
                    writers,
                },
                Ready::Dir(r),
            ) => {
                let label = doc
                    .period
                    .as_ref()
                    .map_or_else(|| "unknown-period".to_string(), |p| p.label.clone());
                if !writers.contains_key(&label) {
                    writers.insert(label.clone(), DirWriter::new(&dir.join(&label), *style)?);
                }
                match writers.get_mut(&label) {
                    Some(w) => w.append(*r),
                    None => Ok(()),
                }
            }
            (Sink::Csv(out), Ready::Bytes(b)) => Ok(out.write_all(&b)?),
            (Sink::Json { out, count }, Ready::Bytes(b)) => {
                out.write_all(if *count == 0 { b"\n" } else { b",\n" })?;
                out.write_all(&b)?;
                *count += 1;
                Ok(())
            }
            (Sink::Jsonl(out), Ready::Bytes(b)) => {
                let mut w = out.lock();
                w.write_all(&b)?;
                w.write_all(b"\n")?;
                w.flush()?;
                Ok(())
            }
            // Not what this sink wants (not reached: `Want::of` made it): render it again.
            (sink, _) => {
                let ready = Want::of(sink, style).render(doc)?;
                sink.add(doc, ready, style)
            }
        }
    }

    fn finish(self, problems: &[Failure]) -> Result<(), FatalError> {
        match self {
            Sink::Dir(w) => w.finish(problems),
            Sink::Split {
                dir,
                style,
                writers,
            } => {
                for (_, w) in writers {
                    w.finish(&[])?;
                }
                if !problems.is_empty() {
                    DirWriter::new(&dir.join("unread"), style)?.finish(problems)?;
                }
                Ok(())
            }
            Sink::Csv(mut out) => Ok(out.flush()?),
            Sink::Xlsx { work, writer } => {
                writer.finish(problems)?;
                let bytes = std::fs::read(work.path().join(emit::xlsx::FILE))?;
                let mut out = std::io::stdout().lock();
                out.write_all(&bytes)?;
                Ok(out.flush()?)
            }
            Sink::Json { mut out, count } => {
                out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })?;
                Ok(out.flush()?)
            }
            Sink::Jsonl(_) => Ok(()),
        }
    }
}

/// Runs `rexian ingest`.
pub fn run(args: &IngestArgs) -> Result<ExitCode, FatalError> {
    let filter = period_filter(args)?;
    let lang = Lang::resolve(args.lang);
    let setup = setup(
        &args.paths,
        args.encoding.as_deref(),
        &args.profile,
        args.quiet,
        lang,
    )?;
    let style = CsvStyle {
        bom: args.excel,
        guard: args.excel,
        headers: args.headers,
        lang,
        xlsx: args.xlsx || args.format == Format::Xlsx,
    };
    let mut sink = match (&args.output, args.split) {
        (Some(dir), None) => Sink::Dir(Box::new(DirWriter::new(dir, style)?)),
        (Some(dir), Some(Split::Period)) => Sink::Split {
            dir: dir.clone(),
            style,
            writers: BTreeMap::new(),
        },
        (None, _) if args.format == Format::Xlsx => {
            if std::io::stdout().is_terminal() {
                return Err(FatalError::BinaryToTerminal("xlsx".into()));
            }
            let work = tempfile::tempdir()?;
            let writer = Box::new(DirWriter::new(work.path(), style)?);
            Sink::Xlsx { work, writer }
        }
        (None, _) => {
            let mut out = std::io::BufWriter::new(std::io::stdout());
            if style.bom && args.format == Format::Csv {
                out.write_all(emit::BOM)?;
            }
            match args.format {
                Format::Csv | Format::Xlsx => {
                    out.write_all(&emit::csv_out::header_bytes(
                        emit::csv_out::METRICS_HEADER,
                        style,
                    )?)?;
                    Sink::Csv(out)
                }
                Format::Json => {
                    out.write_all(b"[")?;
                    Sink::Json { out, count: 0 }
                }
                Format::Jsonl => Sink::Jsonl(std::io::stdout()),
            }
        }
    };
    let mut kept = 0usize;
    let keep = |doc: &Document| filter.is_none_or(|(from, to)| in_range(doc, from, to));
    // Documents are rendered on the reading threads; this thread only appends.
    let want = Want::of(&sink, style);
    let prepare = |doc: &Document| keep(doc).then(|| want.render(doc));
    let tally = read_each(
        &setup,
        args.quiet,
        args.verbose,
        &prepare,
        &mut |doc, ready| {
            let Some(ready) = ready else {
                return Ok(());
            };
            kept += 1;
            sink.add(&doc, ready?, style)
        },
    )?;
    sink.finish(&tally.problems())?;
    if !args.quiet {
        if let Some((from, to)) = filter {
            eprintln!(
                "{}",
                messages::in_range(
                    kept,
                    tally.documents,
                    &from.to_string(),
                    &to.to_string(),
                    lang
                )
            );
        }
        if let Some(dir) = &args.output {
            eprintln!(
                "{}",
                messages::wrote(kept, tally.values, tally.failures.len(), dir, lang)
            );
        }
    }
    if tally.documents == 0 && (!tally.failures.is_empty() || !setup.skipped.is_empty()) {
        eprintln!("{}", unread(&tally.failures, &setup.skipped, lang));
        return Ok(ExitCode::from(2));
    }
    Ok(tally.exit_code())
}

/// What was not read, by extension: `3 .pdf, 1 .pptx (not a format rexian reads)`.
fn unread(failures: &[Failure], skipped: &[PathBuf], lang: Lang) -> String {
    let ext = |p: &std::path::Path| {
        p.extension().and_then(|e| e.to_str()).map_or_else(
            || "no extension".to_string(),
            |e| format!(".{}", e.to_ascii_lowercase()),
        )
    };
    let mut failed: BTreeMap<String, usize> = BTreeMap::new();
    for f in failures {
        *failed
            .entry(ext(std::path::Path::new(&f.source)))
            .or_default() += 1;
    }
    let mut other: BTreeMap<String, usize> = BTreeMap::new();
    for p in skipped {
        *other.entry(ext(p)).or_default() += 1;
    }
    messages::nothing_read(
        &failed.into_iter().collect::<Vec<_>>(),
        &other.into_iter().collect::<Vec<_>>(),
        lang,
    )
}
