//! Streaming output to a folder: each document's rows are written as soon as it is read
//! and then dropped, so memory does not grow with the corpus (the workbook, with
//! `--xlsx`, is made at the end from documents.json, one document at a time). The folder
//! written is the working folder of an [`crate::emit::set::OutputSet`], made current in
//! one step at the end; every write that fails names its file and stops the run.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::emit::csv_out::{self, header_bytes, SafeWriter, CHECKS_HEADER, METRICS_HEADER};
use crate::emit::same::{self, SameBulletins};
use crate::emit::{datapackage, summary, xlsx, CsvStyle, Failure, BOM};
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
    let bytes = |write: &dyn Fn(&mut Vec<u8>)| {
        let mut out = Vec::new();
        write(&mut out);
        out
    };
    Ok(Rendered {
        source: doc.source.clone(),
        metrics: bytes(&|out| csv_out::metrics_csv(doc, style, out)),
        checks: rows(&|w| csv_out::checks_rows(doc, style.lang, w))?,
        units: bytes(&|out| csv_out::units_csv(doc, style, out)),
        json: serde_json::to_vec(doc)?,
        summary: summary::summary_fields(doc),
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
            same: SameBulletins::default(),
            notes: Vec::new(),
            warnings: Vec::new(),
            count: 0,
        })
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
        let first = self.same.see(r.fingerprint, &r.source);
        if let Some(first) = &first {
            self.notes.push(same::note(&r.source, first));
        }
        let mut row = SafeWriter::new(Vec::new(), self.style);
        row.write_record(
            r.summary
                .iter()
                .map(String::as_str)
                .chain([first.as_deref().unwrap_or("")]),
        )?;
        self.summary.write(&row.into_inner()?)?;
        self.warnings.extend(r.warnings);
        self.documents
            .write(if self.count == 0 { b"\n" } else { b",\n" })?;
        self.documents.write(&r.json)?;
        self.count += 1;
        Ok(())
    }

    /// Finishes every file of the folder.
    pub fn finish(self, failures: &[Failure]) -> Result<(), FatalError> {
        let work = self.dir.clone();
        self.metrics.finish()?;
        self.checks.finish()?;
        self.units.finish()?;
        self.summary.finish()?;
        let mut documents = self.documents;
        documents.write(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
        documents.finish()?;

        let problems: Vec<Failure> = failures.iter().chain(&self.notes).cloned().collect();
        let errors_path = work.join("errors.csv");
        let mut errors = Out::create(errors_path.clone())?;
        if self.style.bom {
            errors.write(BOM)?;
        }
        csv_out::errors_with(&problems, self.warnings, self.style, &mut errors.w)
            .map_err(wrap_csv(&errors_path))?;
        errors.finish()?;
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
