//! Documents → the files of the schema: metrics.csv (long), units.csv (wide),
//! checks.csv, errors.csv and documents.json, or one of them on stdout. Files in an output
//! folder are written atomically: a temporary file in the folder, then a rename.

pub mod csv_out;
pub mod datapackage;

use std::io::Write;
use std::path::Path;

use crate::error::FatalError;
use crate::model::Document;

/// An input that could not be read (or was not read again), for errors.csv.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Failure {
    pub source: String,
    pub message: String,
    /// A note rather than an error (an input read once for two names).
    pub note: bool,
}

/// The UTF-8 byte order mark that tells Excel and WPS a CSV is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How CSV files are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsvStyle {
    /// Start each CSV file with a BOM (`--excel`).
    pub bom: bool,
}

/// Writes `documents.json`'s content: the whole model, pretty-printed.
pub fn documents_json<W: Write>(docs: &[Document], mut w: W) -> Result<(), FatalError> {
    serde_json::to_writer_pretty(&mut w, docs)?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Writes one document as one line of JSON.
pub fn document_jsonl<W: Write>(doc: &Document, mut w: W) -> Result<(), FatalError> {
    serde_json::to_writer(&mut w, doc)?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Writes every output file into `dir`, creating it if needed.
pub fn write_dir(
    dir: &Path,
    docs: &[Document],
    failures: &[Failure],
    style: CsvStyle,
) -> Result<(), FatalError> {
    std::fs::create_dir_all(dir).map_err(|source| FatalError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let bom = |w: &mut std::io::BufWriter<&mut std::fs::File>| -> Result<(), FatalError> {
        if style.bom {
            w.write_all(BOM)?;
        }
        Ok(())
    };
    let present = csv_out::present_metrics(docs);
    atomic(dir, "metrics.csv", |w| {
        bom(w).and_then(|_| csv_out::metrics(docs, w))
    })?;
    atomic(dir, "units.csv", |w| {
        bom(w).and_then(|_| csv_out::units(docs, w))
    })?;
    atomic(dir, "checks.csv", |w| {
        bom(w).and_then(|_| csv_out::checks(docs, w))
    })?;
    atomic(dir, "errors.csv", |w| {
        bom(w).and_then(|_| csv_out::errors(docs, failures, w))
    })?;
    atomic(dir, "documents.json", |w| documents_json(docs, w))?;
    atomic(dir, "datapackage.json", |w| {
        datapackage::write(&present, style, w)
    })?;
    Ok(())
}

/// Writes `dir/name` through a temporary file in `dir` and a rename, so a run stopped
/// midway leaves the previous file whole.
fn atomic(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> Result<(), FatalError>,
) -> Result<(), FatalError> {
    let path = dir.join(name);
    let wrap = |source| FatalError::Write {
        path: path.clone(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempfile_in(dir)
        .map_err(wrap)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush().map_err(wrap)?;
    }
    set_readable(tmp.as_file()).map_err(wrap)?;
    tmp.persist(&path).map_err(|e| wrap(e.error))?;
    crash_point(name);
    Ok(())
}

/// Fault injection for the tests: with `REXIAN_CRASH_AFTER=metrics.csv` the process dies
/// (as if killed) right after that file is in place, so a test can show that a run
/// stopped midway leaves every other output whole.
fn crash_point(name: &str) {
    if std::env::var_os("REXIAN_CRASH_AFTER").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

#[cfg(unix)]
fn set_readable(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // tempfile creates 0600; outputs are ordinary files.
    f.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_readable(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}
