//! Streaming output to a folder: each document's rows are written as soon as it is read
//! and then dropped, so memory does not grow with the corpus. The folder written is the
//! working folder of an [`crate::emit::set::OutputSet`], made current in one step at the
//! end; every write that fails names its file and stops the run.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::emit::csv_out::{self, SafeWriter, CHECKS_HEADER, METRICS_HEADER};
use crate::emit::{datapackage, CsvStyle, Failure, BOM};
use crate::error::FatalError;
use crate::model::{Document, Metric};

/// The output files.
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
    /// units.csv rows with every metric column; the absent ones are dropped at the end.
    units_all: Out,
    documents: Out,
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
            w.write(&header(fields)?)?;
            Ok(w)
        };
        let metrics = csv("metrics.csv", METRICS_HEADER)?;
        let checks = csv("checks.csv", CHECKS_HEADER)?;
        let units_all = Out::create(dir.join(".units-all.csv"))?;
        let mut documents = Out::create(dir.join("documents.json"))?;
        documents.write(b"[")?;
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
        })
    }

    /// Writes one document's rows.
    pub fn add(&mut self, doc: &Document) -> Result<(), FatalError> {
        self.append(render(doc)?)
    }

    /// Writes one document's rows, rendered already.
    pub fn append(&mut self, r: Rendered) -> Result<(), FatalError> {
        self.metrics.write(&r.metrics)?;
        self.checks.write(&r.checks)?;
        self.units_all.write(&r.units_all)?;
        for (seen, here) in self.present.iter_mut().zip(r.present) {
            *seen |= here;
        }
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
        self.units_all.finish()?;
        let mut documents = self.documents;
        documents.write(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
        documents.finish()?;

        // units.csv: only the metric columns present in the run.
        let present: Vec<Metric> = Metric::ALL
            .iter()
            .zip(self.present)
            .filter(|(_, p)| *p)
            .map(|(m, _)| *m)
            .collect();
        let units_path = work.join("units.csv");
        let mut units = Out::create(units_path.clone())?;
        if self.style.bom {
            units.write(BOM)?;
        }
        let mut out = SafeWriter::new(units.w);
        out.write_record(csv_out::units_header(&present))
            .map_err(wrap_csv(&units_path))?;
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
        let all_path = work.join(".units-all.csv");
        let mut all = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&all_path)
            .map_err(wrap_csv(&all_path))?;
        for rec in all.records() {
            let rec = rec.map_err(wrap_csv(&all_path))?;
            // Fields were made safe when first written; write them back as they are.
            out.write_raw(keep.iter().map(|&i| rec.get(i).unwrap_or("")))
                .map_err(wrap_csv(&units_path))?;
        }
        out.into_inner()
            .map_err(wrap_csv(&units_path))?
            .flush()
            .map_err(wrap(&units_path))?;
        std::fs::remove_file(&all_path).map_err(wrap(&all_path))?;

        let errors_path = work.join("errors.csv");
        let mut errors = Out::create(errors_path.clone())?;
        if self.style.bom {
            errors.write(BOM)?;
        }
        csv_out::errors_with(failures, self.warnings, &mut errors.w)
            .map_err(wrap_csv(&errors_path))?;
        errors.finish()?;
        let package_path = work.join("datapackage.json");
        let mut package = Out::create(package_path.clone())?;
        datapackage::write(&present, self.style, &mut package.w)
            .map_err(wrap_csv(&package_path))?;
        package.finish()?;
        for name in FILES {
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
