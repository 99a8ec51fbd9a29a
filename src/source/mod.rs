//! Inputs → decoded text. Owns reading files and stdin and choosing the encoding; hands
//! the text on to `extract`.

pub mod budget;
pub mod decode;
pub mod doc;
pub mod docx;
pub mod html;
pub mod normalize;
pub mod ods;
pub mod pdf;
pub mod sheet;
pub mod t2s;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
mod walk;
pub(crate) mod xlsx;

use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::error::SourceError;
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

    /// Reads the input's bytes: at most [`budget::MAX_INPUT`] (a larger file is refused
    /// before it is read, stdin once it passes the limit); a FIFO or a device is refused
    /// without being opened.
    pub fn read(&self) -> Result<Vec<u8>, SourceError> {
        let limit = budget::MAX_INPUT;
        let mut buf = Vec::new();
        match self {
            Input::File(p) => {
                let m = std::fs::metadata(p)?;
                if !m.is_file() {
                    return Err(SourceError::Special(special_kind(&m)));
                }
                if m.len() > limit {
                    return Err(SourceError::InputTooLarge {
                        size: format!("{} bytes", m.len()),
                        limit,
                    });
                }
                let f = std::fs::File::open(p)?;
                // Room for the whole file at once (and the read past its end that finds
                // the end of it).
                buf.reserve_exact(m.len() as usize + 1);
                // The file may grow after its size was read: never more than the limit.
                f.take(limit + 1).read_to_end(&mut buf)?;
            }
            Input::Stdin => {
                let mut stdin = std::io::stdin().lock();
                // Binary bytes that are no container rexian reads (`cat /dev/urandom |`) are
                // refused from their first 64 KiB, not read up to the limit.
                (&mut stdin).take(64 << 10).read_to_end(&mut buf)?;
                if sniff(&buf) == Kind::Text && decode::looks_binary(&buf) {
                    return Err(SourceError::Binary);
                }
                stdin
                    .take(limit + 1 - buf.len() as u64)
                    .read_to_end(&mut buf)?;
            }
        }
        if buf.len() as u64 > limit {
            return Err(SourceError::InputTooLarge {
                size: format!("more than {limit} bytes"),
                limit,
            });
        }
        Ok(buf)
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

pub(crate) use walk::{expand, Expanded};

#[cfg(unix)]
fn file_id(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// What kind of special file a path is, in words.
fn special_kind(m: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let ft = m.file_type();
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    let _ = m;
    "a special file"
}

fn problem(path: &Path, e: SourceError) -> crate::emit::Failure {
    problem_text(path, e.to_string())
}

fn problem_text(path: &Path, message: String) -> crate::emit::Failure {
    crate::emit::Failure {
        source: path.to_string_lossy().replace('\\', "/"),
        message,
        note: false,
    }
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
    /// What the document's warnings should say about its bytes.
    pub warnings: Vec<String>,
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
    crate::guard::catch(|| read_kind(input, bytes, forced, is_header, is_rate))
        .unwrap_or_else(|why| Err(SourceError::ReaderPanic(why)))
}

/// Texts larger than this are read in parts of about this size, cut at paragraph breaks,
/// so that memory and time follow the size of a part, not of the whole document.
pub const PART_BYTES: usize = 1 << 20;

/// Whether an input is a text file to be read in parts: named as text, larger than a
/// part, and its first bytes text too (a PDF named `.txt` is read as a PDF). Told before
/// it is read whole.
pub fn is_large_text(input: &Input) -> bool {
    let Input::File(p) = input else {
        return false;
    };
    if kind_of(p) != Some(Kind::Text)
        || !std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() > PART_BYTES as u64)
    {
        return false;
    }
    let mut head = Vec::new();
    std::fs::File::open(p)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .is_ok_and(|_| by_magic(Kind::Text, &head).is_ok_and(|k| k == Kind::Text))
}

/// Cuts a text into parts of about [`PART_BYTES`], each with the number of its first
/// line. A cut falls after a blank line followed by a sentence of prose (a new paragraph,
/// never inside a table) within twice the part size; failing that after any blank line
/// there; failing that after the first line past the part size.
pub fn text_parts(text: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let (mut start, mut line) = (0, 1);
    while start < text.len() {
        let rest = &text[start..];
        let end = if rest.len() <= PART_BYTES + PART_BYTES / 2 {
            rest.len()
        } else {
            cut_point(rest)
        };
        let part = &rest[..end];
        parts.push((line, part));
        line += part.bytes().filter(|&b| b == b'\n').count();
        start += end;
    }
    parts
}

/// Where to end the next part of `rest` (longer than a part): the byte after a newline.
fn cut_point(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let next_line_start = |from: usize| -> Option<usize> {
        let limit = rest.len().min(from.saturating_add(PART_BYTES * 3));
        memchr_from(bytes, b'\n', from, limit).map(|i| i + 1)
    };
    // Blank lines after PART_BYTES: the first one before a paragraph of prose wins.
    let mut first_blank = None;
    let mut at = PART_BYTES;
    while let Some(line_start) = next_line_start(at) {
        if line_start >= rest.len() {
            break;
        }
        let line_end = memchr_from(bytes, b'\n', line_start, rest.len()).unwrap_or(rest.len());
        let this = &rest[line_start..line_end];
        if this.trim().is_empty() {
            let after = line_end.min(rest.len().saturating_sub(1)) + 1;
            first_blank.get_or_insert(after);
            let next_end = memchr_from(bytes, b'\n', after, rest.len()).unwrap_or(rest.len());
            let next = rest.get(after..next_end).unwrap_or("");
            if is_prose_sentence(next) {
                return after;
            }
        }
        at = line_end;
        if line_start > PART_BYTES * 2 {
            break;
        }
    }
    first_blank
        .or_else(|| next_line_start(PART_BYTES))
        .unwrap_or(rest.len())
        .min(rest.len())
}

fn memchr_from(bytes: &[u8], needle: u8, from: usize, to: usize) -> Option<usize> {
    let to = to.min(bytes.len());
    if from >= to {
        return None;
    }
    bytes[from..to]
        .iter()
        .position(|&b| b == needle)
        .map(|i| from + i)
}

/// A line that reads as a sentence of prose, not a row of a table: long, without a
/// column separator, with sentence punctuation.
fn is_prose_sentence(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 20
        && !t.contains(['|', '\t', '｜'])
        && t.contains(['。', '，', '；', '：', ',', ';'])
}

/// Segments one part of a text whose first line is line `first` of the file, its grids
/// spent from the budget.
pub fn segment_part(
    part: &str,
    first: usize,
    source: &str,
    is_header: &dyn Fn(&str) -> bool,
) -> Result<Vec<Segment>, SourceError> {
    let file = crate::at::At::prefix(source);
    let lines: Vec<crate::grid::Line> = part
        .lines()
        .enumerate()
        .map(|(i, raw)| {
            let raw = raw.trim_end_matches('\r');
            crate::grid::Line {
                no: first + i,
                raw: raw.to_string(),
                norm: normalize::normalize_line(raw),
                at: crate::at::At::line(&file, first + i),
            }
        })
        .collect();
    let segments = text::segment_lines(lines, is_header);
    grid_budget(&segments)?;
    Ok(segments)
}

/// Spends the cells of a text's grids from the document's budget: a text of a million
/// rows is refused before its tables are recognized (which would take many times more).
fn grid_budget(segments: &[Segment]) -> Result<(), SourceError> {
    let mut budget = budget::Budget::new();
    for s in segments {
        if let Segment::Grid(g) = s {
            let cells: usize = g.rows.iter().map(Vec::len).sum();
            budget.table(cells as u64, 0)?;
        }
    }
    Ok(())
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
            let segments = text::segment(&d.text, &name, is_header);
            drop(d.text);
            grid_budget(&segments)?;
            Loaded {
                segments,
                encoding: d.encoding.to_string(),
                warnings: d.warning.into_iter().collect(),
            }
        }
        Kind::Delimited => {
            let d = decode::decode(bytes, forced)?;
            Loaded {
                segments: sheet::delimited_segments(&d.text, &name)?,
                encoding: d.encoding.to_string(),
                warnings: d.warning.into_iter().collect(),
            }
        }
        Kind::Workbook if container("xlsx") == "ods" || is_ods(bytes) => Loaded {
            segments: ods::ods_segments(bytes, &name)?,
            encoding: "ods".into(),
            warnings: Vec::new(),
        },
        Kind::Workbook => {
            let (segments, warnings) = sheet::workbook_read(bytes, &name, is_rate)?;
            Loaded {
                segments,
                encoding: container("xlsx"),
                warnings,
            }
        }
        Kind::Docx => Loaded {
            segments: docx::docx_segments(bytes, &name, is_header)?,
            encoding: container("docx"),
            warnings: Vec::new(),
        },
        Kind::Html => {
            let d = decode::decode(bytes, forced.or_else(|| html::declared_charset(bytes)))?;
            Loaded {
                segments: html::html_segments(&d.text, &name, is_header)?,
                encoding: d.encoding.to_string(),
                warnings: d.warning.into_iter().collect(),
            }
        }
        Kind::Pdf => {
            let segments = pdf::pdf_segments(bytes, &name, is_header)?;
            grid_budget(&segments)?;
            Loaded {
                segments,
                encoding: "pdf".into(),
                warnings: Vec::new(),
            }
        }
        Kind::Doc => {
            let segments = doc::doc_segments(bytes, &name, is_header)?;
            grid_budget(&segments)?;
            Loaded {
                segments,
                encoding: container("doc"),
                warnings: Vec::new(),
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cut_a_large_text_at_a_paragraph_and_number_lines_on() {
        let para = "全区受理工单2848件，办结率100%，满意率96.81%，同比上升。\n";
        let table = "单位 | 受理量 |\n甲镇 | 12 |\n\n";
        let mut text = String::new();
        while text.len() < PART_BYTES * 3 {
            text.push_str(table);
            text.push_str(para);
        }
        let parts = text_parts(&text);
        assert!(parts.len() >= 2, "{}", parts.len());
        assert_eq!(parts.iter().map(|p| p.1).collect::<String>(), text);
        let mut line = 1;
        for (first, part) in &parts {
            assert_eq!(*first, line);
            line += part.matches('\n').count();
            assert!(part.len() <= PART_BYTES * 3);
        }
        // Every part after the first starts with a paragraph of prose.
        for (_, part) in &parts[1..] {
            assert!(part.starts_with("全区受理"), "{:?}", &part[..40]);
        }
    }

    #[test]
    fn parts_cut_a_text_without_paragraphs_at_a_line() {
        let text = "1|2\n".repeat(1_000_000);
        let parts = text_parts(&text);
        assert!(parts.len() >= 2, "{}", parts.len());
        assert!(parts.iter().all(|p| p.1.len() <= PART_BYTES * 3));
        assert_eq!(parts[1].0, 1 + parts[0].1.matches('\n').count());
    }
}
