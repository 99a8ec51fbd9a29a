//! Streaming output to a folder: each document's rows are written as soon as it is read
//! and then dropped, so memory does not grow with the corpus. Everything is written into
//! a hidden working folder inside DIR and moved into place at the end, file by file (a
//! rename each), so a run stopped midway leaves the previous outputs whole.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::emit::csv_out::{self, SafeWriter, CHECKS_HEADER, METRICS_HEADER};
use crate::emit::{datapackage, CsvStyle, Failure, BOM};
use crate::error::FatalError;
use crate::model::{Document, Metric};

/// The output files, in the order they are moved into place.
pub const FILES: &[&str] = &[
    "metrics.csv",
    "units.csv",
    "checks.csv",
    "errors.csv",
    "documents.json",
    "datapackage.json",
];

/// One document's share of every output file, rendered apart from the writer so that
/// documents can be rendered on all cores and only appended in order.
pub struct Rendered {
    metrics: Vec<u8>,
    checks: Vec<u8>,
    units_all: Vec<u8>,
    json: Vec<u8>,
    present: [bool; Metric::ALL.len()],
    warnings: Vec<[String; 4]>,
}

/// Renders one document's rows and JSON.
pub fn render(doc: &Document) -> Result<Rendered, FatalError> {
    fn rows(
        write: impl Fn(&mut SafeWriter<Vec<u8>>) -> Result<(), FatalError>,
    ) -> Result<Vec<u8>, FatalError> {
        let mut w = SafeWriter::new(Vec::new());
        write(&mut w)?;
        w.into_inner()
    }
    let mut present = [false; Metric::ALL.len()];
    for r in doc.tables.iter().flat_map(|t| &t.rows) {
        for v in &r.values {
            if let Some(i) = Metric::ALL.iter().position(|m| *m == v.metric) {
                present[i] = true;
            }
        }
    }
    Ok(Rendered {
        metrics: rows(|w| csv_out::metrics_rows(doc, w))?,
        checks: rows(|w| csv_out::checks_rows(doc, w))?,
        units_all: rows(|w| csv_out::units_rows(doc, &Metric::ALL, w))?,
        json: serde_json::to_vec(doc)?,
        present,
        warnings: csv_out::warning_rows(doc),
    })
}

/// A CSV header line as bytes.
fn header(fields: &[&str]) -> Result<Vec<u8>, FatalError> {
    let mut w = SafeWriter::new(Vec::new());
    w.write_record(fields)?;
    w.into_inner()
}

/// Writes the outputs of a run into a folder, a document at a time.
pub struct DirWriter {
    dir: PathBuf,
    work: tempfile::TempDir,
    style: CsvStyle,
    metrics: BufWriter<File>,
    checks: BufWriter<File>,
    /// units.csv rows with every metric column; the absent ones are dropped at the end.
    units_all: BufWriter<File>,
    documents: BufWriter<File>,
    present: [bool; Metric::ALL.len()],
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
            w.write_all(&header(fields)?)?;
            Ok(w)
        };
        let metrics = csv("metrics.csv", METRICS_HEADER)?;
        let checks = csv("checks.csv", CHECKS_HEADER)?;
        let units_all = create(&work.path().join("units-all.csv"))?;
        let mut documents = create(&work.path().join("documents.json"))?;
        documents.write_all(b"[")?;
        Ok(DirWriter {
            dir: dir.to_path_buf(),
            style,
            metrics,
            checks,
            units_all,
            documents,
            present: [false; Metric::ALL.len()],
            warnings: Vec::new(),
            count: 0,
            work,
        })
    }

    /// Writes one document's rows.
    pub fn add(&mut self, doc: &Document) -> Result<(), FatalError> {
        self.append(render(doc)?)
    }

    /// Writes one document's rows, rendered already.
    pub fn append(&mut self, r: Rendered) -> Result<(), FatalError> {
        self.metrics.write_all(&r.metrics)?;
        self.checks.write_all(&r.checks)?;
        self.units_all.write_all(&r.units_all)?;
        for (seen, here) in self.present.iter_mut().zip(r.present) {
            *seen |= here;
        }
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
        let mut metrics = self.metrics;
        metrics.flush()?;
        let mut checks = self.checks;
        checks.flush()?;
        let mut units_all = self.units_all;
        units_all.flush()?;
        drop((metrics, checks, units_all));
        let mut documents = self.documents;
        documents.write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
        documents.flush()?;

        // units.csv: only the metric columns present in the run.
        let present: Vec<Metric> = Metric::ALL
            .iter()
            .zip(self.present)
            .filter(|(_, p)| *p)
            .map(|(m, _)| *m)
            .collect();
        let mut units = create(&work.join("units.csv"))?;
        if self.style.bom {
            units.write_all(BOM)?;
        }
        let mut out = SafeWriter::new(units);
        out.write_record(csv_out::units_header(&present))?;
        let identity = csv_out::UNITS_IDENTITY.len();
        let keep: Vec<usize> = (0..identity)
            .chain(
                Metric::ALL
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| self.present[*i])
                    .map(|(i, _)| identity + i),
            )
            .chain((0..csv_out::UNITS_COMPUTED.len()).map(|k| identity + Metric::ALL.len() + k))
            .collect();
        let mut all = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(work.join("units-all.csv"))?;
        for rec in all.records() {
            let rec = rec?;
            // Fields were made safe when first written; write them back as they are.
            out.write_raw(keep.iter().map(|&i| rec.get(i).unwrap_or("")))?;
        }
        out.into_inner()?.flush()?;
        std::fs::remove_file(work.join("units-all.csv")).map_err(wrap(&work))?;

        let mut errors = create(&work.join("errors.csv"))?;
        if self.style.bom {
            errors.write_all(BOM)?;
        }
        csv_out::errors_with(failures, self.warnings, &mut errors)?;
        errors.flush()?;
        let mut package = create(&work.join("datapackage.json"))?;
        datapackage::write(&present, self.style, &mut package)?;
        package.flush()?;

        for name in FILES {
            let (from, to) = (work.join(name), self.dir.join(name));
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
