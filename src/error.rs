//! Typed errors: per-file problems that become a row of errors.csv, and fatal ones that
//! stop a run with exit status 2.

use std::path::PathBuf;

/// Why one input could not be read. The batch goes on without it.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes hold NUL or control characters: not a text bulletin.
    #[error("binary data, not text")]
    Binary,
    /// Too many byte sequences are invalid in the chosen encoding.
    #[error("not valid {encoding}: {bad} undecodable sequences, the first at byte {offset}")]
    Undecodable {
        encoding: String,
        offset: usize,
        bad: usize,
    },
    /// The file decoded but holds no text.
    #[error("empty file")]
    Empty,
    /// A spreadsheet the reader refused (truncated, corrupt, not a workbook).
    #[error("cannot read spreadsheet: {0}")]
    Sheet(String),
    /// A password-protected (encrypted) workbook or document.
    #[error("password-protected: save it without a password first")]
    Encrypted,
    /// A .docx (or other zipped document) that is not a zip.
    #[error("not a zip archive: {0}")]
    NotZip(String),
    /// A zip whose entries inflate beyond the limit (a zip bomb).
    #[error("inflates to {inflated} bytes, more than the {limit} allowed")]
    TooLarge { inflated: u64, limit: u64 },
    /// A reader gave up on a malformed file by panicking.
    #[error("malformed file: the reader failed ({0})")]
    ReaderPanic(String),
    /// A document whose XML does not parse.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// A document whose tables expand (spans, merges, repeats) past the cell budget.
    #[error("table expands to {cells} cells; limit {limit} per document")]
    Expands { cells: u64, limit: u64 },
    /// A document that holds, once expanded, more text than the budget.
    #[error("the document holds {bytes} bytes of text once expanded; limit {limit}")]
    TextTooLarge { bytes: u64, limit: u64 },
    /// An input larger than the limit, refused before it is read.
    #[error("{size}: larger than the {limit} bytes rexian reads from one input")]
    InputTooLarge { size: String, limit: u64 },
    /// Not a file that can be read as data: a FIFO, a device, a socket.
    #[error("not a regular file ({0}): skipped without reading")]
    Special(&'static str),
    /// A PDF that could not be read (a scan, truncated, encrypted, malformed).
    #[error(transparent)]
    Pdf(#[from] crate::source::pdf::PdfError),
    /// A Word 97-2003 or WPS document that could not be read.
    #[error("cannot read Word document: {0}")]
    Doc(String),
    /// A file whose extension names a format its bytes are not, and that rexian does not
    /// read in the form it is.
    #[error("{0}")]
    Unsupported(String),
}

/// Errors that end the whole run.
#[derive(Debug, thiserror::Error)]
pub enum FatalError {
    /// `--encoding` named an encoding rexian does not read.
    #[error("unknown encoding '{0}' (use utf-8, utf-16le, utf-16be, gb18030 or big5)")]
    UnknownEncoding(String),
    /// A scoring profile does not load.
    #[error("invalid profile")]
    Profile(#[from] crate::profile::ProfileError),
    /// `profiles show` named no profile.
    #[error("no profile named '{0}' (see `rexian profiles`)")]
    UnknownProfile(String),
    /// A period argument that names no period.
    #[error("{0} {1}: give a period such as 2022, 2022-06, 2022-Q3 or 2022-W28")]
    BadPeriod(String, String),
    /// A thread pool could not be started.
    #[error("cannot start {0} threads")]
    Threads(usize),
    /// An input path does not exist.
    #[error("no such file or folder: {}", .0.display())]
    MissingInput(PathBuf),
    /// The output folder or a file in it could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing CSV failed.
    #[error("cannot write CSV")]
    Csv(#[from] csv::Error),
    /// Writing JSON failed.
    #[error("cannot write JSON")]
    Json(#[from] serde_json::Error),
    /// The workbook could not be made.
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
    /// A binary output (the workbook) asked for on a terminal.
    #[error("--format {0} writes a binary file: redirect it (> out.{0}) or give -o DIR")]
    BinaryToTerminal(String),
    /// The report could not find what to report on.
    #[error("{}: neither an output folder (with documents.json) nor bulletins", .0.display())]
    NothingToReport(PathBuf),
    /// An option that writes into a folder given with stdout as the output (`-o -`).
    #[error("{0} writes into a folder: give -o DIR, not stdout")]
    NeedsFolder(&'static str),
    /// An option that writes to stdout given with an output folder.
    #[error("{0} writes to stdout: leave out -o DIR")]
    NeedsStdout(&'static str),
    /// `--table` with `--format xlsx`: one table is CSV or JSON.
    #[error("--table {0} is written as csv, json or jsonl, not xlsx")]
    TableAsXlsx(&'static str),
    /// Standard output or input failed.
    #[error("input/output error")]
    Io(#[from] std::io::Error),
}
