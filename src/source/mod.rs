//! Inputs → decoded text. Owns reading files and stdin and choosing the encoding; hands
//! the text on to `extract`.

pub mod decode;
pub mod doc;
pub mod docx;
pub mod html;
pub mod normalize;
pub mod ods;
pub mod pdf;
pub mod sheet;
pub mod t2s;
pub mod text;

use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::error::{FatalError, SourceError};
use crate::grid::Segment;

/// One input to ingest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The name written in the `source` column: the path as given, or `-`.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.to_string_lossy().replace('\\', "/"),
            Input::Stdin => "-".to_string(),
        }
    }

    /// Reads the input's bytes.
    pub fn read(&self) -> Result<Vec<u8>, SourceError> {
        match self {
            Input::File(p) => Ok(std::fs::read(p)?),
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin().lock().read_to_end(&mut buf)?;
                Ok(buf)
            }
        }
    }
}

/// The kinds of input, each with its reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Plain text: Word/PDF/web exports.
    Text,
    /// CSV or TSV.
    Delimited,
    /// xlsx, xlsm, xlsb, xls, ods.
    Workbook,
    /// Word .docx.
    Docx,
    /// A web page.
    Html,
    /// A PDF.
    Pdf,
    /// Word 97-2003 .doc or WPS .wps (a compound file with a WordDocument stream).
    Doc,
}

/// File extensions and the kind each is read as (a folder walk reads only these).
pub const EXTENSIONS: &[(&str, Kind)] = &[
    ("txt", Kind::Text),
    ("text", Kind::Text),
    ("md", Kind::Text),
    ("csv", Kind::Delimited),
    ("tsv", Kind::Delimited),
    ("xlsx", Kind::Workbook),
    ("xlsm", Kind::Workbook),
    ("xlsb", Kind::Workbook),
    ("xls", Kind::Workbook),
    ("et", Kind::Workbook),
    ("ods", Kind::Workbook),
    ("docx", Kind::Docx),
    ("doc", Kind::Doc),
    ("wps", Kind::Doc),
    ("pdf", Kind::Pdf),
    ("html", Kind::Html),
    ("htm", Kind::Html),
];

/// The kind a path's extension names.
pub fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    EXTENSIONS.iter().find(|(e, _)| *e == ext).map(|(_, k)| *k)
}

/// Whether zipped bytes are an OpenDocument spreadsheet (its `mimetype` entry comes first).
fn is_ods(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && bytes
            .windows(46)
            .take(200)
            .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet")
}

/// Whether bytes are a PDF: `%PDF-` within the first KiB (some writers put junk before it).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// The kind of bytes with no telling extension (stdin, an odd name): by their magic. A
/// compound file is a Word document when it holds a `WordDocument` stream, else a workbook.
pub fn sniff(bytes: &[u8]) -> Kind {
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];
    if bytes.starts_with(b"PK\x03\x04") {
        let is_word = bytes.windows(17).any(|w| w == b"word/document.xml");
        return if is_word { Kind::Docx } else { Kind::Workbook };
    }
    if bytes.starts_with(CFB) {
        return if doc::is_word_cfb(bytes) {
            Kind::Doc
        } else {
            Kind::Workbook
        };
    }
    if is_pdf(bytes) {
        return Kind::Pdf;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Kind::Html;
    }
    Kind::Text
}

/// Expands the paths given on the command line: files as given, folders walked
/// recursively in sorted order (hidden and temporary files skipped), `-` for stdin.
/// Returns the inputs and the files skipped for their type.
pub fn expand(paths: &[PathBuf]) -> Result<(Vec<Input>, Vec<PathBuf>), FatalError> {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if path.is_file() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        if !path.is_dir() {
            return Err(FatalError::MissingInput(path.clone()));
        }
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden_or_temp(e.path()));
        for entry in walker {
            let entry = entry.map_err(|e| FatalError::Io(e.into()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            if kind_of(entry.path()).is_some() {
                inputs.push(Input::File(entry.into_path()));
            } else {
                skipped.push(entry.into_path());
            }
        }
    }
    // Independent of the order the paths were given in: stdin first, then files by path.
    inputs.sort_by(|a, b| match (a, b) {
        (Input::Stdin, Input::Stdin) => std::cmp::Ordering::Equal,
        (Input::Stdin, _) => std::cmp::Ordering::Less,
        (_, Input::Stdin) => std::cmp::Ordering::Greater,
        (Input::File(x), Input::File(y)) => x.cmp(y),
    });
    inputs.dedup();
    Ok((inputs, skipped))
}

fn is_hidden_or_temp(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        n.starts_with('.') || n.starts_with("~$") || n.ends_with('~') || n.ends_with(".tmp")
    })
}

/// An input read into segments, with the encoding (or container format) it came in.
pub struct Loaded {
    pub segments: Vec<Segment>,
    pub encoding: String,
}

/// Reads one input, whatever its kind, into segments. `is_header` tells a known table
/// header cell (the text layouts need it).
pub fn load(
    input: &Input,
    forced: Option<&'static Encoding>,
    is_header: &dyn Fn(&str) -> bool,
    is_rate: &dyn Fn(&str) -> bool,
) -> Result<Loaded, SourceError> {
    let bytes = input.read()?;
    load_bytes(input, &bytes, forced, is_header, is_rate)
}

/// Reads an input's bytes, already read, into segments.
pub fn load_bytes(
    input: &Input,
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    is_header: &dyn Fn(&str) -> bool,
    is_rate: &dyn Fn(&str) -> bool,
) -> Result<Loaded, SourceError> {
    // The readers of other formats are third-party parsers: a malformed file that makes
    // one panic (calamine asserts on some broken .xls) is that file's error, not the
    // batch's end.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_kind(input, bytes, forced, is_header, is_rate)
    }))
    .unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown".to_string());
        Err(SourceError::ReaderPanic(why))
    })
}

fn read_kind(
    input: &Input,
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    is_header: &dyn Fn(&str) -> bool,
    is_rate: &dyn Fn(&str) -> bool,
) -> Result<Loaded, SourceError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SourceError::Empty);
    }
    let name = input.name();
    let kind = match input {
        Input::File(p) => match kind_of(p) {
            Some(named) => by_magic(named, bytes)?,
            None => sniff(bytes),
        },
        Input::Stdin => sniff(bytes),
    };
    let container = |ext: &str| match input {
        Input::File(p) => p
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or(ext)
            .to_ascii_lowercase(),
        Input::Stdin => ext.to_string(),
    };
    Ok(match kind {
        Kind::Text => {
            let d = decode::decode(bytes, forced)?;
            Loaded {
                segments: text::segment(&d.text, &name, is_header),
                encoding: d.encoding.to_string(),
            }
        }
        Kind::Delimited => {
            let d = decode::decode(bytes, forced)?;
            Loaded {
                segments: sheet::delimited_segments(&d.text, &name)?,
                encoding: d.encoding.to_string(),
            }
        }
        Kind::Workbook if container("xlsx") == "ods" || is_ods(bytes) => Loaded {
            segments: ods::ods_segments(bytes, &name)?,
            encoding: "ods".into(),
        },
        Kind::Workbook => Loaded {
            segments: sheet::workbook_segments(bytes, &name, is_rate)?,
            encoding: container("xlsx"),
        },
        Kind::Docx => Loaded {
            segments: docx::docx_segments(bytes, &name, is_header)?,
            encoding: container("docx"),
        },
        Kind::Html => {
            let d = decode::decode(bytes, forced.or_else(|| html::declared_charset(bytes)))?;
            Loaded {
                segments: html::html_segments(&d.text, &name, is_header),
                encoding: d.encoding.to_string(),
            }
        }
        Kind::Pdf => Loaded {
            segments: pdf::pdf_segments(bytes, &name, is_header)?,
            encoding: "pdf".into(),
        },
        Kind::Doc => Loaded {
            segments: doc::doc_segments(bytes, &name, is_header)?,
            encoding: container("doc"),
        },
    })
}

/// The kind to read a named file as: its extension's, unless its magic says it is another
/// container. A PDF, a Word or a workbook compound file, a zip is never read as text
/// because it is named `.txt`; a `.doc` that is really a workbook, a `.docx` or a web page
/// is read as what it is; an RTF document is refused by name.
fn by_magic(named: Kind, bytes: &[u8]) -> Result<Kind, SourceError> {
    let sniffed = sniff(bytes);
    let textual = matches!(named, Kind::Text | Kind::Delimited | Kind::Html);
    Ok(match sniffed {
        Kind::Pdf | Kind::Doc if sniffed != named => sniffed,
        Kind::Workbook if named == Kind::Doc || textual => sniffed,
        Kind::Docx if named == Kind::Doc || textual => sniffed,
        Kind::Html if named == Kind::Doc => sniffed,
        _ if named == Kind::Doc && bytes.starts_with(b"{\\rtf") => {
            return Err(SourceError::Unsupported(
                "an RTF document named .doc: rexian does not read RTF; save it as .docx".into(),
            ))
        }
        _ => named,
    })
}
