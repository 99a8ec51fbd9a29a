//! The `ingest` command: inputs → documents → outputs. Files are read in parallel and
//! the results kept in input order, so the output does not depend on the thread count;
//! a failing file becomes a row of errors.csv and never stops the batch; the same bytes
//! given twice are read once. Hands back the exit status.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

use crate::cli::{Format, IngestArgs, PeriodArgs, Split, Table, WalkArgs};
use crate::emit::dir::{self, DirWriter, Rendered};
use crate::emit::first_seen::FirstSeen;
use crate::emit::set::OutputSet;
use crate::emit::spill::{offset, slot};
use crate::emit::{self, CsvStyle, Failure};
use crate::error::FatalError;
use crate::extract::{extract_segments, is_header_cell, is_rate_header};
use crate::lang::{messages, Lang};
use crate::model::{Document, Warning};
use crate::profile::Profiles;
use crate::score::score_document;
use crate::source::{self, decode::encoding_by_name, Input};
use inputs::{InputList, Key};

pub mod inputs;

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
/// fingerprint of its bytes; or a large text left to be read part by part, in order.
enum Read<T> {
    Whole {
        result: Result<Box<(Document, T)>, Failure>,
        fingerprint: Option<(u64, usize)>,
    },
    /// A text over [`source::PART_BYTES`]: read part by part by the thread that writes,
    /// each part handed on as soon as it is done (its bytes when they came from stdin).
    InParts(Option<Vec<u8>>),
}

/// What the reading threads make of each document besides the document itself (its
/// outputs rendered, say), so that the one thread writing in order has little left to do.
pub type Prepare<'a, T> = &'a (dyn Fn(&Document) -> T + Sync);

/// How every input is read: the settings and what to make of each document.
struct Reading<'a, T> {
    encoding: Option<&'static encoding_rs::Encoding>,
    profiles: &'a Profiles,
    prepare: Prepare<'a, T>,
}

fn fingerprint(bytes: &[u8]) -> (u64, usize) {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    (h.finish(), bytes.len())
}

/// The inputs of a batch: given in memory (a list of a few), or an [`InputList`].
#[derive(Clone, Copy)]
enum Listed<'a> {
    Slice(&'a [Input]),
    List(&'a InputList),
}

impl Listed<'_> {
    /// Up to `n` inputs from `at` (moved past them), each with its key.
    fn chunk(self, at: &mut u64, n: usize) -> std::io::Result<Vec<(Input, Key)>> {
        match self {
            Listed::Slice(s) => {
                let from = usize::try_from(*at).unwrap_or(usize::MAX);
                let part: Vec<(Input, Key)> = s
                    .iter()
                    .enumerate()
                    .skip(from)
                    .take(n)
                    .map(|(k, i)| (i.clone(), k as Key * 8))
                    .collect();
                // `at` counts inputs here; the keys are eights, as an InputList's are.
                *at += part.len() as u64;
                Ok(part)
            }
            Listed::List(l) => l.chunk(at, n),
        }
    }

    /// How many inputs there are.
    fn len(self) -> usize {
        match self {
            Listed::Slice(s) => s.len(),
            Listed::List(l) => l.len(),
        }
    }

    /// The name of the input at a key.
    fn name(self, key: Key) -> std::io::Result<String> {
        match self {
            Listed::Slice(s) => usize::try_from(key / 8)
                .ok()
                .and_then(|k| s.get(k))
                .map(Input::name)
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound)),
            Listed::List(l) => l.get(key).map(|i| i.name()),
        }
    }
}

/// The inputs read so far, by the fingerprint of their bytes: the key of the first input
/// with those bytes (where to find its name, not the name), in sorted arrays without
/// slack ([`FirstSeen`]: twelve bytes an input). The fingerprint's key is its hash
/// alone: the hash was made over the length and the bytes both.
struct Seen<'a> {
    inputs: Listed<'a>,
    first: FirstSeen<u64, u32>,
}

impl Seen<'_> {
    /// The note for an input whose bytes an earlier one had; records them otherwise.
    fn duplicate(
        &mut self,
        fp: (u64, usize),
        input: &Input,
        key: Key,
    ) -> std::io::Result<Option<Failure>> {
        Ok(match self.first.get(fp.0) {
            Some(first) => Some(Failure {
                source: input.name(),
                message: format!(
                    "the same bytes as {}: read once",
                    self.inputs.name(offset(first))?
                ),
                note: true,
            }),
            None => {
                self.first.insert(fp.0, slot(key)?);
                None
            }
        })
    }
}

fn internal_error(input: &Input, why: &str) -> Failure {
    Failure {
        source: input.name(),
        message: format!("internal error, the file was skipped: {why}"),
        note: false,
    }
}

fn read_one<T>(input: &Input, how: &Reading<T>) -> Read<T> {
    if source::is_large_text(input) {
        return Read::InParts(None);
    }
    // A panic anywhere in reading, extracting, scoring or rendering this file is this
    // file's error row; the batch goes on.
    crate::guard::catch(|| read_guarded(input, how)).unwrap_or_else(|why| Read::Whole {
        result: Err(internal_error(input, &why)),
        fingerprint: None,
    })
}

fn read_guarded<T>(input: &Input, how: &Reading<T>) -> Read<T> {
    let name = input.name();
    let fail = |message: String| Failure {
        source: name.clone(),
        message,
        note: false,
    };
    let bytes = match input.read() {
        Ok(b) => b,
        Err(e) => {
            return Read::Whole {
                result: Err(fail(e.to_string())),
                fingerprint: None,
            }
        }
    };
    if bytes.len() > source::PART_BYTES && source::sniff(&bytes) == source::Kind::Text {
        return Read::InParts(Some(bytes));
    }
    let fingerprint = Some(fingerprint(&bytes));
    let result = match source::load_bytes(
        input,
        &bytes,
        how.encoding,
        &is_header_cell,
        &is_rate_header,
    ) {
        Ok(loaded) => {
            let (mut doc, evidence) =
                extract_segments(&loaded.segments, &name, text_encoding(&loaded.encoding));
            doc.warnings
                .extend(loaded.warnings.into_iter().map(|message| Warning {
                    at: name.as_str().into(),
                    message,
                }));
            score_document(&mut doc, &evidence, how.profiles);
            let prepared = (how.prepare)(&doc);
            Ok(Box::new((doc, prepared)))
        }
        Err(e) => Err(fail(e.to_string())),
    };
    Read::Whole {
        result,
        fingerprint,
    }
}

/// The text encoding a document was decoded from, for its `encoding` field: the name of a
/// text encoding as it is; UTF-8 for the zipped XML of .docx, .xlsx and .ods files; empty
/// (null in JSON) for a format whose text is in no one encoding (PDF, .doc, .xls).
fn text_encoding(loaded: &str) -> &str {
    if encoding_rs::Encoding::for_label(loaded.as_bytes()).is_some() {
        return loaded;
    }
    match loaded.to_ascii_lowercase().as_str() {
        "docx" | "docm" | "xlsx" | "xlsm" | "ods" | "odt" => "UTF-8",
        _ => "",
    }
}

/// Reads a large text part by part (cut at paragraph breaks), handing each part on as a
/// document as soon as it is done: memory and time follow the part, not the file. Every
/// part has the title, jurisdiction and period the first part gives and is scored with
/// the first part's text for choosing profiles; tables are numbered on across parts;
/// lines keep their numbers in the file. False once the handler said stop.
fn read_in_parts<T>(
    (input, key): &(Input, Key),
    bytes: Option<Vec<u8>>,
    how: &Reading<T>,
    seen: &mut Seen,
    handle: Handler<T>,
) -> std::io::Result<bool> {
    let name = input.name();
    let failed = |message: String| {
        Err(Dropped::Failed(Failure {
            source: name.clone(),
            message,
            note: false,
        }))
    };
    let bytes = match bytes.map_or_else(|| input.read(), Ok) {
        Ok(b) => b,
        Err(e) => return Ok(handle(failed(e.to_string()))),
    };
    if let Some(note) = seen.duplicate(fingerprint(&bytes), input, *key)? {
        return Ok(handle(Err(Dropped::Duplicate(note))));
    }
    let decoded = match source::decode::decode_owned(bytes, how.encoding) {
        Ok(d) => d,
        Err(e) => return Ok(handle(failed(e.to_string()))),
    };
    let mut first: Option<(Document, String)> = None;
    let mut tables = 0;
    for (k, (line, part)) in source::text_parts(&decoded.text).into_iter().enumerate() {
        let read = crate::guard::catch(|| -> Result<(Document, T), String> {
            let segments = source::segment_part(part, line, &name, &is_header_cell)
                .map_err(|e| e.to_string())?;
            let (mut doc, mut evidence) = extract_segments(&segments, &name, decoded.encoding);
            drop(segments);
            match &first {
                None => {
                    doc.warnings.extend(decoded.warning.iter().map(|m| Warning {
                        at: name.as_str().into(),
                        message: m.clone(),
                    }));
                }
                Some((head, text)) => {
                    doc.title.clone_from(&head.title);
                    doc.jurisdiction.clone_from(&head.jurisdiction);
                    doc.jurisdiction_code.clone_from(&head.jurisdiction_code);
                    doc.jurisdiction_level.clone_from(&head.jurisdiction_level);
                    doc.jurisdiction_source
                        .clone_from(&head.jurisdiction_source);
                    doc.period.clone_from(&head.period);
                    doc.period_source.clone_from(&head.period_source);
                    // Headline figures are the first part's (the prose before the tables).
                    doc.headline.clear();
                    doc.warnings
                        .retain(|w| !(w.at == name && doc.tables.is_empty()));
                    evidence.text.clone_from(text);
                }
            }
            for t in doc.tables.iter_mut() {
                t.index += tables;
            }
            score_document(&mut doc, &evidence, how.profiles);
            if first.is_none() {
                // What every later part takes from the first: all but its contents.
                let (tables, headline, warnings) = (
                    std::mem::take(&mut doc.tables),
                    std::mem::take(&mut doc.headline),
                    std::mem::take(&mut doc.warnings),
                );
                let head = doc.clone();
                (doc.tables, doc.headline, doc.warnings) = (tables, headline, warnings);
                first = Some((head, evidence.text));
            }
            let prepared = (how.prepare)(&doc);
            Ok((doc, prepared))
        });
        let result = match read {
            Ok(Ok(r)) => r,
            Ok(Err(message)) => {
                let at = if k == 0 {
                    message
                } else {
                    format!(
                        "{message} (in the part from line {line}; the parts before it were read)"
                    )
                };
                return Ok(handle(failed(at)));
            }
            Err(why) => return Ok(handle(Err(Dropped::Failed(internal_error(input, &why))))),
        };
        tables += result.0.tables.len();
        if !handle(Ok(result)) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The most threads `-j` starts: past a few per core more threads only cost memory
/// (every thread holds documents) and time.
pub const MAX_JOBS: usize = 64;

/// The thread count for `-j N`: at least 1, at most [`MAX_JOBS`] (said on stderr).
pub fn thread_count(asked: usize) -> usize {
    if asked > MAX_JOBS {
        crate::term::say(&format!(
            "rexian: -j {asked} is more than {MAX_JOBS} threads: using {MAX_JOBS}"
        ));
    }
    asked.clamp(1, MAX_JOBS)
}

/// Reads and scores every input in parallel, keeping the inputs' order; a file that fails
/// becomes a [`Failure`] and the batch goes on.
pub fn read_all(
    inputs: &[Input],
    encoding: Option<&'static encoding_rs::Encoding>,
    profiles: &Profiles,
) -> Outcome {
    let mut outcome = Outcome::default();
    // Inputs given in memory: nothing is read back from a file, so nothing can fail here.
    let _ = for_each_read(
        Listed::Slice(inputs),
        encoding,
        profiles,
        &|_| (),
        &mut |r| {
            match r {
                Ok((doc, ())) => outcome.documents.push(doc),
                Err(Dropped::Failed(f)) => outcome.failures.push(f),
                Err(Dropped::Duplicate(f)) => outcome.duplicates.push(f),
            }
            true
        },
    );
    outcome
}

/// Why an input gave no document.
enum Dropped {
    Failed(Failure),
    Duplicate(Failure),
}

/// What a handler says after each result: go on, or stop reading (a write failed).
type Handler<'a, T> = &'a mut (dyn FnMut(Result<(Document, T), Dropped>) -> bool + Send);

/// Reads inputs in parallel, chunk by chunk, handing each result on in input order as
/// soon as its chunk is done (so `--format jsonl` streams). Once the handler says stop,
/// no further chunk is read. Fails only when the list of inputs cannot be read back.
fn for_each_read<T: Send>(
    inputs: Listed,
    encoding: Option<&'static encoding_rs::Encoding>,
    profiles: &Profiles,
    prepare: Prepare<T>,
    handle: Handler<T>,
) -> std::io::Result<()> {
    let mut seen = Seen {
        inputs,
        // One fingerprint an input at most: sized once, never moved (see FirstSeen).
        first: FirstSeen::with_capacity(inputs.len()),
    };
    let chunk = rayon::current_num_threads().max(1) * 4;
    let how = Reading {
        encoding,
        profiles,
        prepare,
    };
    let read = |part: &[(Input, Key)]| -> Vec<Read<T>> {
        part.par_iter().map(|(i, _)| read_one(i, &how)).collect()
    };
    // While one chunk is handed on (written), the next is read: two chunks at most are in
    // memory at once.
    let mut pending: Option<Chunk<T>> = None;
    let mut at = 0;
    loop {
        let part = inputs.chunk(&mut at, chunk)?;
        if part.is_empty() {
            break;
        }
        let (go_on, reads) = rayon::join(
            || match pending.take() {
                Some((done, reads)) => hand_on(&done, reads, &how, &mut seen, handle),
                None => Ok(true),
            },
            || read(&part),
        );
        if !go_on? {
            return Ok(());
        }
        pending = Some((part, reads));
    }
    if let Some((done, reads)) = pending {
        hand_on(&done, reads, &how, &mut seen, handle)?;
    }
    Ok(())
}

/// A chunk of inputs with what reading them gave.
type Chunk<T> = (Vec<(Input, Key)>, Vec<Read<T>>);

/// Hands a chunk's results on in input order, dropping bytes seen before; false once the
/// handler said stop.
fn hand_on<T>(
    part: &[(Input, Key)],
    reads: Vec<Read<T>>,
    how: &Reading<T>,
    seen: &mut Seen,
    handle: Handler<T>,
) -> std::io::Result<bool> {
    for (input, read) in part.iter().zip(reads) {
        let (result, fingerprint) = match read {
            Read::Whole {
                result,
                fingerprint,
            } => (result, fingerprint),
            Read::InParts(bytes) => {
                if !read_in_parts(input, bytes, how, seen, handle)? {
                    return Ok(false);
                }
                continue;
            }
        };
        let note = match fingerprint {
            Some(fp) => seen.duplicate(fp, &input.0, input.1)?,
            None => None,
        };
        if let Some(note) = note {
            if !handle(Err(Dropped::Duplicate(note))) {
                return Ok(false);
            }
            continue;
        }
        if !handle(result.map(|r| *r).map_err(Dropped::Failed)) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The settings both `ingest` and `check` resolve from their arguments.
pub struct Setup {
    /// The inputs to read, in order, in a temporary file.
    pub inputs: InputList,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub profiles: Profiles,
    /// Paths the walk could not read, for errors.csv (the notes among them too).
    pub problems: Vec<Failure>,
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
    walk: &WalkArgs,
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
    let source::Expanded {
        stdin,
        files,
        mut skipped,
        problems,
    } = source::expand(paths)?;
    let filter =
        (!walk.glob.is_empty() || !walk.exclude.is_empty()).then(|| WalkFilter::new(walk, paths));
    let mut inputs = inputs::Writer::new()?;
    if stdin {
        inputs.push(&Input::Stdin)?;
    }
    // Sorted: a path given twice comes twice in a row.
    let mut last: Option<PathBuf> = None;
    for file in files {
        let file = file?;
        if last.as_ref() == Some(&file) {
            continue;
        }
        if filter.as_ref().is_none_or(|f| f.keeps(&file)) {
            inputs.push(&Input::File(file.clone()))?;
        }
        last = Some(file);
    }
    if let Some(filter) = &filter {
        skipped.retain(|p| filter.keeps(p));
    }
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
            crate::term::say(&messages::skipped(files.len(), &ext, files[0], lang));
        }
    }
    Ok(Setup {
        inputs: inputs.finish()?,
        encoding,
        profiles,
        problems,
        skipped,
        lang,
    })
}

/// `--glob` and `--exclude` over the files a folder walk found.
struct WalkFilter<'a> {
    globs: Vec<crate::glob::Glob>,
    excludes: Vec<crate::glob::Glob>,
    given: &'a [PathBuf],
}

impl<'a> WalkFilter<'a> {
    fn new(walk: &WalkArgs, given: &'a [PathBuf]) -> Self {
        let compile = |v: &[String]| v.iter().map(|g| crate::glob::Glob::new(g)).collect();
        WalkFilter {
            globs: compile(&walk.glob),
            excludes: compile(&walk.exclude),
            given,
        }
    }

    /// A file named on the command line is kept; one found in a folder given is kept when
    /// a `--glob` (if any) matches its path below that folder and no `--exclude` does.
    fn keeps(&self, file: &std::path::Path) -> bool {
        if self.given.iter().any(|g| g == file) {
            return true;
        }
        let below = self
            .given
            .iter()
            .filter_map(|g| file.strip_prefix(g).ok())
            .min_by_key(|r| r.components().count())
            .unwrap_or(file);
        (self.globs.is_empty() || self.globs.iter().any(|g| g.matches(below)))
            && !self.excludes.iter().any(|g| g.matches(below))
    }
}

/// `--files`: the inputs a run would read, one per line on stdout, none read. Exit 2 (said
/// on stderr) when there are none.
pub fn list_files(setup: &Setup) -> Result<ExitCode, FatalError> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut at = 0;
    loop {
        let part = setup.inputs.chunk(&mut at, 256)?;
        if part.is_empty() {
            break;
        }
        for (i, _) in part {
            writeln!(out, "{}", i.name())?;
        }
    }
    out.flush()?;
    if setup.inputs.is_empty() {
        crate::term::say(&messages::no_input(setup.lang));
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
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
    stream_each(
        setup,
        quiet,
        verbose,
        prepare,
        true,
        &mut |item| match item {
            Item::Document(doc, prepared) => take(*doc, prepared),
            Item::Problem(_) => Ok(()),
        },
    )
}

/// What [`stream_each`] hands on: a document read, or an input not read (or not read
/// again), as soon as it is known.
enum Item<T> {
    Document(Box<Document>, T),
    Problem(Failure),
}

/// [`read_each`], with the inputs not read handed on too. The tally keeps the failures
/// (for the exit status and the messages); the notes only when `keep_notes` (a run that
/// writes them as they come need not hold them to the end).
fn stream_each<T: Send>(
    setup: &Setup,
    quiet: bool,
    verbose: bool,
    prepare: Prepare<T>,
    keep_notes: bool,
    take: &mut (dyn FnMut(Item<T>) -> Result<(), FatalError> + Send),
) -> Result<Tally, FatalError> {
    let bar = crate::term::start_progress(setup.inputs.len(), quiet);
    let say = crate::term::say;
    let mut tally = Tally::default();
    let mut error: Option<FatalError> = None;
    let problem =
        |f: Failure,
         tally: &mut Tally,
         error: &mut Option<FatalError>,
         take: &mut (dyn FnMut(Item<T>) -> Result<(), FatalError> + Send)| {
            if f.note {
                if keep_notes {
                    tally.duplicates.push(f.clone());
                }
            } else {
                tally.failures.push(f.clone());
            }
            if error.is_none() {
                if let Err(e) = take(Item::Problem(f)) {
                    *error = Some(e);
                }
            }
        };
    for f in &setup.problems {
        if !f.note || !quiet {
            say(&messages::failed(&f.source, &f.message, setup.lang));
        }
        problem(f.clone(), &mut tally, &mut error, take);
    }
    let listed = for_each_read(
        Listed::List(&setup.inputs),
        setup.encoding,
        &setup.profiles,
        prepare,
        &mut |r| {
            if let Some(b) = &bar {
                b.inc(1);
            }
            if error.is_some() {
                return false;
            }
            match r {
                Ok((doc, prepared)) => {
                    if verbose {
                        say(&messages::document_read(&doc, values_in(&doc), setup.lang));
                    }
                    tally.documents += 1;
                    tally.values += values_in(&doc);
                    if let Err(e) = take(Item::Document(Box::new(doc), prepared)) {
                        error = Some(e);
                    }
                }
                Err(Dropped::Failed(f)) => {
                    say(&messages::failed(&f.source, &f.message, setup.lang));
                    problem(f, &mut tally, &mut error, &mut *take);
                }
                Err(Dropped::Duplicate(f)) => {
                    if !quiet {
                        say(&messages::failed(&f.source, &f.message, setup.lang));
                    }
                    problem(f, &mut tally, &mut error, &mut *take);
                }
            }
            error.is_none()
        },
    );
    crate::term::finish_progress(bar);
    listed?;
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
pub fn in_range(doc: &Document, from: chrono::NaiveDate, to: chrono::NaiveDate) -> bool {
    let Some(p) = &doc.period else { return false };
    let day = parse_period_arg(&p.label).map_or(p.end, |(_, end)| end);
    from <= day && day <= to
}

/// The dates a period filter keeps; `None` without one.
pub fn period_filter(
    args: &PeriodArgs,
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

/// The folder of `--split period` for the inputs not read.
const UNREAD: &str = "unread";

/// Where the documents of an `ingest` run go, each as soon as it is read.
enum Sink {
    Dir(Box<DirWriter>, OutputSet),
    Split {
        set: OutputSet,
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
    /// One table (`--table`), made in a temporary folder and written to stdout at the end.
    Table {
        work: tempfile::TempDir,
        writer: Box<DirWriter>,
        table: Table,
        format: Format,
    },
    /// `--format none`: nothing rendered, nothing written.
    Nothing,
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
    Nothing,
}

impl Want {
    fn of(sink: &Sink, style: CsvStyle) -> Want {
        match sink {
            Sink::Dir(..) | Sink::Split { .. } | Sink::Xlsx { .. } | Sink::Table { .. } => {
                Want::Dir(style)
            }
            Sink::Csv(_) => Want::Csv(style),
            Sink::Json { .. } | Sink::Jsonl(_) => Want::Json,
            Sink::Nothing => Want::Nothing,
        }
    }

    fn render(self, doc: &Document) -> Result<Ready, FatalError> {
        Ok(match self {
            Want::Dir(style) => Ready::Dir(Box::new(dir::render(doc, style)?)),
            Want::Csv(style) => {
                let mut out = Vec::new();
                emit::csv_out::metrics_csv(doc, style, &mut out);
                Ready::Bytes(out)
            }
            Want::Json => {
                let mut out = Vec::new();
                emit::json::document(doc, &mut out);
                Ready::Bytes(out)
            }
            Want::Nothing => Ready::Bytes(Vec::new()),
        })
    }
}

impl Sink {
    fn add(&mut self, doc: &Document, ready: Ready, style: CsvStyle) -> Result<(), FatalError> {
        match (self, ready) {
            (Sink::Dir(w, _), Ready::Dir(r)) => w.append(*r),
            (Sink::Xlsx { writer, .. }, Ready::Dir(r)) => writer.append(*r),
            (Sink::Table { writer, .. }, Ready::Dir(r)) => writer.append(*r),
            (
                Sink::Split {
                    set,
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
                    writers.insert(
                        label.clone(),
                        DirWriter::new(&set.work().join(&label), *style)?,
                    );
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
            (Sink::Nothing, _) => Ok(()),
            // Not what this sink wants (not reached: `Want::of` made it): render it again.
            (sink, _) => {
                let ready = Want::of(sink, style).render(doc)?;
                sink.add(doc, ready, style)
            }
        }
    }

    fn finish(self, problems: &[Failure]) -> Result<(), FatalError> {
        match self {
            Sink::Dir(w, set) => {
                w.finish(problems)?;
                set.commit(&|_| false)
            }
            Sink::Split {
                set,
                style,
                writers,
            } => {
                for (_, w) in writers {
                    w.finish(&[])?;
                }
                if !problems.is_empty() {
                    DirWriter::new(&set.work().join(UNREAD), style)?.finish(problems)?;
                }
                // The folders of periods this run did not read stay; `unread` is this
                // run's alone.
                set.commit(&|name| name != UNREAD)
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
            Sink::Jsonl(_) | Sink::Nothing => Ok(()),
            Sink::Table {
                work,
                writer,
                table,
                format,
            } => {
                writer.finish(problems)?;
                let bytes = std::fs::read(work.path().join(table.file()))?;
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                match format {
                    Format::Json | Format::Jsonl => {
                        table_as_json(&bytes, format == Format::Jsonl, &mut out)?
                    }
                    Format::Csv | Format::Xlsx | Format::None => out.write_all(&bytes)?,
                }
                Ok(out.flush()?)
            }
        }
    }
}

/// Runs `rexian ingest`.
pub fn run(args: &IngestArgs) -> Result<ExitCode, FatalError> {
    let filter = period_filter(&args.periods)?;
    let lang = Lang::resolve(args.lang);
    let setup = setup(
        &args.paths,
        args.encoding.as_deref(),
        &args.profile,
        &args.walk,
        args.quiet,
        lang,
    )?;
    if args.walk.files {
        return list_files(&setup);
    }
    let style = CsvStyle {
        bom: args.excel,
        guard: args.excel,
        headers: args.headers,
        lang,
        xlsx: args.xlsx || args.format == Format::Xlsx,
    };
    // `-o -` is stdout, as `-` is stdin.
    let output = args.output.as_ref().filter(|o| o.as_os_str() != "-");
    if output.is_none() {
        if args.split.is_some() {
            return Err(FatalError::NeedsFolder("--split"));
        }
        if args.xlsx {
            return Err(FatalError::NeedsFolder("--xlsx"));
        }
    }
    if let Some(table) = args.table {
        if output.is_some() {
            return Err(FatalError::NeedsStdout("--table"));
        }
        if args.format == Format::Xlsx {
            return Err(FatalError::TableAsXlsx(
                table.file().trim_end_matches(".csv"),
            ));
        }
    }
    let table = args
        .table
        .filter(|t| !(*t == Table::Metrics && args.format == Format::Csv));
    let mut sink = match (output, args.split) {
        (None, _) if table.is_some() => {
            let work = tempfile::tempdir()?;
            let writer = Box::new(DirWriter::new(work.path(), style)?);
            Sink::Table {
                work,
                writer,
                // Not None: the guard of this arm.
                table: table.unwrap_or(Table::Metrics),
                format: args.format,
            }
        }
        (Some(dir), None) => {
            let set = OutputSet::begin(dir)?;
            let mut w = DirWriter::new(set.work(), style)?;
            w.expect(setup.inputs.len());
            Sink::Dir(Box::new(w), set)
        }
        (Some(dir), Some(Split::Period)) => Sink::Split {
            set: OutputSet::begin(dir)?,
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
        (None, _) if args.format == Format::None => Sink::Nothing,
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
                Format::None => Sink::Nothing,
            }
        }
    };
    let mut kept = 0usize;
    let mut kept_values = 0usize;
    let keep = |doc: &Document| filter.is_none_or(|(from, to)| in_range(doc, from, to));
    // Documents are rendered on the reading threads; this thread only appends.
    let want = Want::of(&sink, style);
    let prepare = |doc: &Document| keep(doc).then(|| want.render(doc));
    // The inputs not read go to an output folder's errors.csv as they come; the other
    // sinks take them at the end.
    let mut held: Vec<Failure> = Vec::new();
    let tally = stream_each(
        &setup,
        args.quiet,
        args.verbose,
        &prepare,
        false,
        &mut |item| match item {
            Item::Document(doc, ready) => {
                let Some(ready) = ready else {
                    return Ok(());
                };
                kept += 1;
                kept_values += values_in(&doc);
                sink.add(&doc, ready?, style)
            }
            Item::Problem(f) => match &mut sink {
                Sink::Dir(w, _) => w.problem(&f),
                _ => {
                    held.push(f);
                    Ok(())
                }
            },
        },
    )?;
    sink.finish(&held)?;
    if !args.quiet {
        if filter.is_some() {
            let words = messages::filter_words(&args.periods, lang);
            crate::term::say(&messages::in_range(kept, tally.documents, &words, lang));
        }
        if output.is_some() || args.verbose {
            crate::term::say(&messages::wrote(
                kept,
                kept_values,
                tally.failures.len(),
                output.map(PathBuf::as_path),
                lang,
            ));
        }
    }
    Ok(nothing_read(&tally, &setup).unwrap_or_else(|| tally.exit_code()))
}

/// Exit status 2, said on stderr, when no input was read at all: all failed, all were of
/// other formats, or the folders given held no file. `None` when something was read.
pub fn nothing_read(tally: &Tally, setup: &Setup) -> Option<ExitCode> {
    if tally.documents > 0 {
        return None;
    }
    if tally.failures.is_empty() && setup.skipped.is_empty() {
        crate::term::say(&messages::no_input(setup.lang));
    } else {
        crate::term::say(&unread(&tally.failures, &setup.skipped, setup.lang));
    }
    Some(ExitCode::from(2))
}

/// A table's CSV as JSON: an array of objects (one per line with `--format jsonl`), each
/// field a string as written in the CSV, an empty one null.
fn table_as_json<W: Write>(csv_bytes: &[u8], lines: bool, out: &mut W) -> Result<(), FatalError> {
    let bytes = csv_bytes.strip_prefix(emit::BOM).unwrap_or(csv_bytes);
    let mut r = csv::Reader::from_reader(bytes);
    let header: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
    if !lines {
        out.write_all(b"[")?;
    }
    for (k, rec) in r.records().enumerate() {
        let rec = rec?;
        if !lines {
            out.write_all(if k == 0 { b"\n" } else { b",\n" })?;
        }
        // Written field by field: the keys keep the columns' order.
        out.write_all(b"{")?;
        for (i, (key, v)) in header.iter().zip(rec.iter()).enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, key)?;
            out.write_all(b":")?;
            match v {
                "" => out.write_all(b"null")?,
                v => serde_json::to_writer(&mut *out, v)?,
            }
        }
        out.write_all(b"}")?;
        if lines {
            out.write_all(b"\n")?;
        }
    }
    if !lines {
        out.write_all(b"\n]\n")?;
    }
    Ok(())
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
