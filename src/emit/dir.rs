//! Streaming output to a folder: each document's rows are written as soon as it is read
//! and then dropped, so memory does not grow with the corpus (the workbook, with
//! `--xlsx`, is made at the end from documents.json, one document at a time). Everything is written into
//! a hidden working folder inside DIR and moved into place at the end, file by file (a
//! rename each), so a run stopped midway leaves the previous outputs whole.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::emit::csv_out::{self, header_bytes, SafeWriter, CHECKS_HEADER, METRICS_HEADER};
use crate::emit::same::{self, SameBulletins};
use crate::emit::{datapackage, summary, xlsx, CsvStyle, Failure, BOM};
use crate::error::FatalError;
use crate::model::Document;

/// The output files, in the order they are moved into place (`rexian.xlsx` only with
/// `--xlsx`).
pub const FILES: &[&str] = &[
    "metrics.csv",
    "units.csv",
    "summary.csv",
    "checks.csv",
    "errors.csv",
    "documents.json",
    "datapackage.json",
    xlsx::FILE,
];

/// One document's share of every output file, rendered apart from the writer so that
/// documents can be rendered on all cores and only appended in order.
pub struct Rendered {
    source: String,
    metrics: Vec<u8>,
    checks: Vec<u8>,
    units: Vec<u8>,
    json: Vec<u8>,
    /// The summary row but its `same_as` column.
    summary: Vec<String>,
    fingerprint: Option<u64>,
    warnings: Vec<[String; 4]>,
}

/// Writes some rows of one document.
type WriteRows<'a> = &'a dyn Fn(&mut SafeWriter<Vec<u8>>) -> Result<(), FatalError>;

/// Renders one document's rows and JSON.
pub fn render(doc: &Document, style: CsvStyle) -> Result<Rendered, FatalError> {
    let rows = |write: WriteRows| {
        let mut w = SafeWriter::new(Vec::new(), style);
        write(&mut w)?;
        w.into_inner()
    };
    Ok(Rendered {
        source: doc.source.clone(),
        metrics: rows(&|w| csv_out::metrics_rows(doc, w))?,
        checks: rows(&|w| csv_out::checks_rows(doc, style.lang, w))?,
        units: rows(&|w| csv_out::units_rows(doc, w))?,
        json: serde_json::to_vec(doc)?,
        summary: summary::summary_fields(doc),
        fingerprint: same::fingerprint(doc),
        warnings: csv_out::warning_rows(doc),
    })
}

/// Writes the outputs of a run into a folder, a document at a time.
pub struct DirWriter {
    dir: PathBuf,
    work: tempfile::TempDir,
    style: CsvStyle,
    metrics: BufWriter<File>,
    checks: BufWriter<File>,
    units: BufWriter<File>,
    summary: SafeWriter<BufWriter<File>>,
    documents: BufWriter<File>,
    same: SameBulletins,
    /// Later copies of a bulletin read before, for errors.csv.
    notes: Vec<Failure>,
    warnings: Vec<[String; 4]>,
    count: usize,
}

fn wrap(path: &Path) -> impl Fn(std::io::Error) -> FatalError + '_ {
    move |source| FatalError::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn create(path: &Path) -> Result<BufWriter<File>, FatalError> {
    File::create(path).map(BufWriter::new).map_err(wrap(path))
}

impl DirWriter {
    /// Starts writing into `dir`, creating it if needed.
    pub fn new(dir: &Path, style: CsvStyle) -> Result<DirWriter, FatalError> {
        std::fs::create_dir_all(dir).map_err(wrap(dir))?;
        remove_stale_work(dir);
        let work = tempfile::Builder::new()
            .prefix(".rexian-")
            .tempdir_in(dir)
            .map_err(wrap(dir))?;
        let csv = |name: &str, fields: &[&str]| -> Result<BufWriter<File>, FatalError> {
            let mut w = create(&work.path().join(name))?;
            if style.bom {
                w.write_all(BOM)?;
            }
            w.write_all(&header_bytes(fields, style)?)?;
            Ok(w)
        };
        let metrics = csv("metrics.csv", METRICS_HEADER)?;
        let checks = csv("checks.csv", CHECKS_HEADER)?;
        let units = csv("units.csv", &csv_out::units_header())?;
        let summary = SafeWriter::new(csv("summary.csv", &summary::summary_header())?, style);
        let mut documents = create(&work.path().join("documents.json"))?;
        documents.write_all(b"[")?;
        Ok(DirWriter {
            dir: dir.to_path_buf(),
            style,
            metrics,
            checks,
            units,
            summary,
            documents,
            same: SameBulletins::default(),
            notes: Vec::new(),
            warnings: Vec::new(),
            count: 0,
            work,
        })
    }

    /// Writes one document's rows.
    pub fn add(&mut self, doc: &Document) -> Result<(), FatalError> {
        self.append(render(doc, self.style)?)
    }

    /// Writes one document's rows, rendered already.
    pub fn append(&mut self, r: Rendered) -> Result<(), FatalError> {
        self.metrics.write_all(&r.metrics)?;
        self.checks.write_all(&r.checks)?;
        self.units.write_all(&r.units)?;
        let first = self.same.see(r.fingerprint, &r.source);
        if let Some(first) = &first {
            self.notes.push(same::note(&r.source, first));
        }
        self.summary.write_record(
            r.summary
                .iter()
                .map(String::as_str)
                .chain([first.as_deref().unwrap_or("")]),
        )?;
        self.warnings.extend(r.warnings);
        self.documents
            .write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
        self.documents.write_all(&r.json)?;
        self.count += 1;
        Ok(())
    }

    /// Finishes every file and moves them into place.
    pub fn finish(self, failures: &[Failure]) -> Result<(), FatalError> {
        let work = self.work.path().to_path_buf();
        for mut w in [self.metrics, self.checks, self.units] {
            w.flush()?;
        }
        self.summary.into_inner()?.flush()?;
        let mut documents = self.documents;
        documents.write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
        documents.flush()?;
        drop(documents);

        let problems: Vec<Failure> = failures.iter().chain(&self.notes).cloned().collect();
        let mut errors = create(&work.join("errors.csv"))?;
        if self.style.bom {
            errors.write_all(BOM)?;
        }
        csv_out::errors_with(&problems, self.warnings, self.style, &mut errors)?;
        errors.flush()?;
        let mut package = create(&work.join("datapackage.json"))?;
        datapackage::write(self.style, &mut package)?;
        package.flush()?;
        if self.style.xlsx {
            xlsx::write_from_documents(
                &work.join("documents.json"),
                &problems,
                &work.join(xlsx::FILE),
            )?;
        }

        for name in FILES {
            let (from, to) = (work.join(name), self.dir.join(name));
            if *name == xlsx::FILE && !self.style.xlsx {
                continue;
            }
            set_readable(&from).map_err(wrap(&from))?;
            std::fs::rename(&from, &to).map_err(wrap(&to))?;
            crate::emit::crash_point(name);
        }
        Ok(())
    }
}

/// How long the working folder of an earlier run may go unwritten before a new run removes
/// it: a run that was killed left it; a live run keeps writing into its own.
const STALE_WORK: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Removes the working folders (`.rexian-*`) that killed runs left in `dir`. Best effort:
/// what cannot be read or removed stays.
fn remove_stale_work(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !entry.file_name().to_string_lossy().starts_with(".rexian-") || !path.is_dir() {
            continue;
        }
        let written = std::fs::read_dir(&path)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.metadata().and_then(|m| m.modified()).ok())
            .chain(entry.metadata().and_then(|m| m.modified()).ok())
            .max();
        if written.is_some_and(|t| t.elapsed().is_ok_and(|age| age > STALE_WORK)) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(unix)]
fn set_readable(p: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_readable(_: &Path) -> std::io::Result<()> {
    Ok(())
}
