//! Documents → the files of the schema: metrics.csv (long), units.csv (wide),
//! summary.csv (a row per document), checks.csv, errors.csv and documents.json, the
//! workbook rexian.xlsx, the HTML report, or one of them on stdout. Files in an output
//! folder are written atomically: a temporary file in the folder, then a rename.

pub(crate) mod bytes;
pub mod csv_out;
pub mod datapackage;
pub mod dir;
pub(crate) mod first_seen;
pub(crate) mod json;
pub(crate) mod name_log;
pub mod report;
pub mod same;
pub mod set;
pub(crate) mod spill;
pub mod summary;
pub mod xlsx;

use std::path::Path;

use crate::error::FatalError;
use crate::lang::Lang;
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

/// How the output set is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsvStyle {
    /// Start each CSV file with a BOM (`--excel`).
    pub bom: bool,
    /// Neutralize text a spreadsheet would evaluate (`--excel`); without it every field is
    /// written exactly as read.
    pub guard: bool,
    /// The language of the CSV headers (`--headers`): the schema's keys by default.
    pub headers: Lang,
    /// The language of check details and messages (`--lang`).
    pub lang: Lang,
    /// Also write the workbook `rexian.xlsx` (`--xlsx`).
    pub xlsx: bool,
}

impl CsvStyle {
    /// The spreadsheet form of the CSV files (`--excel`): a BOM, and formulas neutralized.
    pub fn excel(lang: Lang) -> CsvStyle {
        CsvStyle {
            bom: true,
            guard: true,
            lang,
            ..CsvStyle::default()
        }
    }
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
