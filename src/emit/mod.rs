//! Documents → the files of the schema: metrics.csv (long), units.csv (wide),
//! checks.csv, errors.csv and documents.json, or one of them on stdout. Files in an output
//! folder are written atomically: a temporary file in the folder, then a rename.

pub mod csv_out;
pub mod datapackage;
pub mod dir;
pub mod set;

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

/// Writes every output file into `dir`, creating it if needed.
pub fn write_dir(
    dir: &Path,
    docs: &[Document],
    failures: &[Failure],
    style: CsvStyle,
) -> Result<(), FatalError> {
    let set = set::OutputSet::begin(dir)?;
    let mut w = dir::DirWriter::new(set.work(), style)?;
    for d in docs {
        w.add(d)?;
    }
    w.finish(failures)?;
    set.commit(&|_| false)
}

/// Fault injection for the tests: with `REXIAN_CRASH_AFTER=written` (every file of the
/// new set written), `linked` (the names linked) or `swapped` (the new set current, the
/// old one not yet removed) the process dies there as if killed, so a test can show that
/// a run stopped at any step leaves one whole set.
pub(crate) fn crash_point(name: &str) {
    if std::env::var_os("REXIAN_CRASH_AFTER").is_some_and(|v| v == name) {
        std::process::abort();
    }
}
