//! Streaming output to a folder: each document's rows are written as soon as it is read
//! and then dropped, so memory does not grow with the corpus (the workbook, with
//! `--xlsx`, is made at the end from documents.json, one document at a time). The folder
//! written is the working folder of an [`crate::emit::set::OutputSet`], made current in
//! one step at the end; every write that fails names its file and stops the run.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::emit::csv_out::{self, header_bytes, CHECKS_HEADER, METRICS_HEADER};
use crate::emit::same::{self, SameBulletins};
use crate::emit::spill::ExternalSort;
use crate::emit::{datapackage, json, summary, xlsx, CsvStyle, Failure, BOM};
use crate::error::FatalError;
use crate::model::Document;

/// The output files (`rexian.xlsx` only with `--xlsx`).
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
/// documents can be rendered on all cores and only appended in order. Each file's share
/// is its bytes, rendered once, straight from the document.
pub struct Rendered {
    source: String,
    metrics: Vec<u8>,
    checks: Vec<u8>,
    units: Vec<u8>,
    json: Vec<u8>,
    /// The summary row but its `same_as` column: each field followed by its comma.
    summary: Vec<u8>,
    fingerprint: Option<u64>,
    warnings: Vec<[String; 4]>,
}

/// Renders one document's rows and JSON.
pub fn render(doc: &Document, style: CsvStyle) -> Result<Rendered, FatalError> {
    // Sized for a typical document (about 250 bytes of metrics.csv and of documents.json
    // per value), so that the buffers seldom grow and copy.
    let values = summary::values_in(doc);
    let with = |capacity: usize, write: &dyn Fn(&mut Vec<u8>)| {
        let mut out = Vec::with_capacity(capacity);
        write(&mut out);
        out
    };
    Ok(Rendered {
        source: doc.source.clone(),
        metrics: with(values * 256, &|out| csv_out::metrics_csv(doc, style, out)),
        checks: with(0, &|out| csv_out::checks_csv(doc, style, out)),
        units: with(values * 64, &|out| csv_out::units_csv(doc, style, out)),
        json: with(1024 + values * 256, &|out| json::document(doc, out)),
        summary: with(512, &|out| summary::summary_csv(doc, style, out)),
        fingerprint: same::fingerprint(doc),
        warnings: csv_out::warning_rows(doc),
    })
}

/// A file being written: every failed write names it.
struct Out {
    path: PathBuf,
    w: BufWriter<File>,
}

impl Out {
    fn create(path: PathBuf) -> Result<Out, FatalError> {
        let w = File::create(&path)
            .map(BufWriter::new)
            .map_err(wrap(&path))?;
        Ok(Out { path, w })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), FatalError> {
        self.w.write_all(bytes).map_err(wrap(&self.path))
    }

    fn finish(mut self) -> Result<(), FatalError> {
        self.w.flush().map_err(wrap(&self.path))
    }
}

/// Writes the outputs of a run into a folder, a document at a time.
pub struct DirWriter {
    dir: PathBuf,
    style: CsvStyle,
    metrics: Out,
    checks: Out,
    units: Out,
    summary: Out,
    documents: Out,
    same: SameBulletins,
    /// errors.csv's rows so far (warnings, notes, failures), sorted at the end: held up
    /// to a budget, then in runs on disk, so that they do not grow memory with the batch.
    errors: ExternalSort<[String; 4]>,
    /// Later copies of a bulletin read before, kept for the workbook's sheet of problems
    /// (`--xlsx` only).
    notes: Vec<Failure>,
    count: usize,
}

/// The bytes of errors.csv's rows held in memory before a run of them is written out.
const ERRORS_HELD: usize = 64 << 10;

fn wrap(path: &Path) -> impl Fn(std::io::Error) -> FatalError + '_ {
    move |source| FatalError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// What a CSV writer's error says about the file it was writing.
fn wrap_csv<E: Into<FatalError>>(path: &Path) -> impl Fn(E) -> FatalError + '_ {
    move |e| match e.into() {
        FatalError::Csv(c) => match c.into_kind() {
            csv::ErrorKind::Io(source) => FatalError::Write {
                path: path.to_path_buf(),
                source,
            },
            other => FatalError::Write {
                path: path.to_path_buf(),
                source: std::io::Error::other(format!("{other:?}")),
            },
        },
        FatalError::Io(source) => FatalError::Write {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    }
}

impl DirWriter {
    /// Starts writing into `dir` (a working folder), creating it if needed.
    pub fn new(dir: &Path, style: CsvStyle) -> Result<DirWriter, FatalError> {
        std::fs::create_dir_all(dir).map_err(wrap(dir))?;
        let csv = |name: &str, fields: &[&str]| -> Result<Out, FatalError> {
            let mut w = Out::create(dir.join(name))?;
            if style.bom {
                w.write(BOM)?;
            }
            w.write(&header_bytes(fields, style)?)?;
            Ok(w)
        };
        let metrics = csv("metrics.csv", METRICS_HEADER)?;
        let checks = csv("checks.csv", CHECKS_HEADER)?;
        let units = csv("units.csv", &csv_out::units_header())?;
        let summary = csv("summary.csv", &summary::summary_header())?;
        let mut documents = Out::create(dir.join("documents.json"))?;
        documents.write(b"[")?;
        Ok(DirWriter {
            dir: dir.to_path_buf(),
            style,
            metrics,
            checks,
            units,
            summary,
            documents,
            same: SameBulletins::on_disk(dir).map_err(wrap(dir))?,
            errors: ExternalSort::new(Some(dir), ERRORS_HELD),
            notes: Vec::new(),
            count: 0,
        })
    }

    /// Says how many documents at most are coming, so that what is kept of each (the
    /// fingerprint of its bulletin) is sized once rather than grown and copied.
    pub fn expect(&mut self, documents: usize) {
        self.same.expect(documents);
    }

    /// Writes one document's rows.
    pub fn add(&mut self, doc: &Document) -> Result<(), FatalError> {
        self.append(render(doc, self.style)?)
    }

    /// Writes one document's rows, rendered already.
    pub fn append(&mut self, r: Rendered) -> Result<(), FatalError> {
        self.metrics.write(&r.metrics)?;
        self.checks.write(&r.checks)?;
        self.units.write(&r.units)?;
        let first = self
            .same
            .try_see(r.fingerprint, &r.source)
            .map_err(wrap(&self.dir))?;
        if let Some(first) = &first {
            let note = same::note(&r.source, first);
            self.push_error(csv_out::failure_row(&note))?;
            if self.style.xlsx {
                self.notes.push(note);
            }
        }
        let mut row = r.summary;
        csv_out::push_field(&mut row, first.as_deref().unwrap_or(""), self.style.guard);
        csv_out::end_record(&mut row);
        self.summary.write(&row)?;
        for w in r.warnings {
            self.push_error(w)?;
        }
        self.documents
            .write(if self.count == 0 { b"\n" } else { b",\n" })?;
        self.documents.write(&r.json)?;
        self.count += 1;
        Ok(())
    }

    fn push_error(&mut self, row: [String; 4]) -> Result<(), FatalError> {
        let path = self.dir.join("errors.csv");
        self.errors.push(row).map_err(wrap(&path))
    }

    /// Records an input that was not read (or not read again) for errors.csv now, so that
    /// the run need not keep it to the end.
    pub fn problem(&mut self, f: &Failure) -> Result<(), FatalError> {
        self.push_error(csv_out::failure_row(f))?;
        if self.style.xlsx {
            self.notes.push(f.clone());
        }
        Ok(())
    }

    /// Finishes every file of the folder; `failures` are the inputs not read that
    /// [`DirWriter::problem`] was not told of.
    pub fn finish(mut self, failures: &[Failure]) -> Result<(), FatalError> {
        for f in failures {
            self.problem(f)?;
        }
        let work = self.dir.clone();
        self.metrics.finish()?;
        self.checks.finish()?;
        self.units.finish()?;
        self.summary.finish()?;
        let mut documents = self.documents;
        documents.write(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
        documents.finish()?;

        let errors_path = work.join("errors.csv");
        let mut errors = Out::create(errors_path.clone())?;
        if self.style.bom {
            errors.write(BOM)?;
        }
        let rows = self.errors.into_sorted().map_err(wrap(&errors_path))?;
        csv_out::errors_sorted(rows, self.style, &mut errors.w).map_err(wrap_csv(&errors_path))?;
        errors.finish()?;
        let problems = self.notes;
        let package_path = work.join("datapackage.json");
        let mut package = Out::create(package_path.clone())?;
        datapackage::write(self.style, &mut package.w).map_err(wrap_csv(&package_path))?;
        package.finish()?;
        if self.style.xlsx {
            xlsx::write_from_documents(
                &work.join("documents.json"),
                &problems,
                &work.join(xlsx::FILE),
            )?;
        }
        for name in FILES {
            if *name == xlsx::FILE && !self.style.xlsx {
                continue;
            }
            let path = work.join(name);
            set_readable(&path).map_err(wrap(&path))?;
        }
        Ok(())
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
