//! PDF → segments. lopdf reads the objects (`objects.rs` guards it); `content.rs` walks each
//! page's content stream into positioned glyphs and rules, decoding text through `font.rs`
//! and `cmap.rs` (ToUnicode maps, and Adobe's predefined CMaps for CID fonts that are not
//! embedded); `layout.rs` turns them into paragraphs and tables. Paragraphs go through the
//! text layouts as a Word document's do; each table becomes a grid for the one recognizer.
//! Provenance is `file#p3:L12`: page 3, the 12th printed line from its top (running headers
//! and footers counted).

mod cmap;
mod content;
mod font;
mod layout;
mod objects;

use lopdf::{Dictionary, Document, Object};

use crate::at::At;
use crate::grid::{cells_from_texts, Line, Segment};
use crate::source::normalize::normalize_line;
use crate::source::text::segment_lines;

use content::{page_matrix, FontCache, Interpreter};
use layout::{Item, Page};
use objects::{decode_stream, deref, num, MAX_TOTAL};

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No text on any page: a scan.
    #[error("no text layer (scanned?); run OCR first")]
    NoText,
    /// Text whose fonts map no code to a character.
    #[error("the fonts map no character to Unicode, so the text cannot be read; run OCR first")]
    Unmapped,
    /// The file ends before its cross-reference table.
    #[error("truncated PDF: the file ends before its end-of-file marker")]
    Truncated,
    /// Encrypted with a user password.
    #[error("password-protected: save it without a password first")]
    Encrypted,
    /// Decoded streams beyond the limit.
    #[error("streams inflate beyond the {} MiB allowed", MAX_TOTAL >> 20)]
    TooLarge,
    /// lopdf or the page tree refused the file.
    #[error("malformed PDF: {0}")]
    Malformed(String),
}

/// The most pages read from one file.
const MAX_PAGES: usize = 10_000;

/// Reads a PDF into segments.
pub fn pdf_segments(
    bytes: &[u8],
    source: &str,
    is_header: &dyn Fn(&str) -> bool,
) -> Result<Vec<Segment>, PdfError> {
    let pages = read_pages(bytes)?;
    let glyphs: usize = pages.iter().map(|p| p.content.glyphs.len()).sum();
    if glyphs == 0 {
        return Err(if pages.iter().any(|p| p.content.unmapped > 0) {
            PdfError::Unmapped
        } else {
            PdfError::NoText
        });
    }
    let items = layout::layout(&pages);
    Ok(assemble(items, source, is_header))
}

/// Every page's glyphs, rules and images.
fn read_pages(bytes: &[u8]) -> Result<Vec<Page>, PdfError> {
    let doc = objects::load(bytes)?;
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(PdfError::Encrypted);
    }
    let ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().take(MAX_PAGES).collect();
    if ids.is_empty() {
        // lopdf leaves the objects out when it cannot decrypt them.
        if doc.trailer.get(b"Encrypt").is_ok() || doc.encryption_state.is_some() {
            return Err(PdfError::Encrypted);
        }
        return Err(PdfError::Malformed("no pages".into()));
    }
    let mut fonts = FontCache::default();
    let mut total = 0u64;
    let mut pages = Vec::new();
    for (k, id) in ids.into_iter().enumerate() {
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        let media = inherited(&doc, page, b"MediaBox")
            .and_then(|o| match o {
                Object::Array(a) => {
                    let v: Vec<f32> = a.iter().filter_map(|x| num(&doc, x)).collect();
                    (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
                }
                _ => None,
            })
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let rotate = inherited(&doc, page, b"Rotate")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0);
        let resources = inherited(&doc, page, b"Resources")
            .and_then(|o| o.as_dict().ok())
            .cloned()
            .unwrap_or_else(Dictionary::new);
        let mut data = Vec::new();
        for cid in doc.get_page_contents(id) {
            if let Ok(Object::Stream(s)) = doc.get_object(cid) {
                let d = decode_stream(&doc, s)?;
                total += d.len() as u64;
                if total > MAX_TOTAL {
                    return Err(PdfError::TooLarge);
                }
                data.extend_from_slice(&d);
                data.push(b'\n');
            }
        }
        let (base, _, height) = page_matrix(rotate, media);
        let content = Interpreter::new(&doc, &mut fonts).run(&data, &resources, base);
        pages.push(Page {
            no: k + 1,
            height,
            content,
        });
    }
    Ok(pages)
}

/// A page attribute, from the page or the nearest ancestor that has it.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Ok(o) = node.get(key) {
            return Some(deref(doc, o));
        }
        node = deref(doc, node.get(b"Parent").ok()?).as_dict().ok()?;
    }
    None
}

/// Paragraphs and tables → segments, as a Word document's are: paragraphs through the text
/// layouts, each table a grid whose context is the paragraphs just before it.
fn assemble(items: Vec<Item>, source: &str, is_header: &dyn Fn(&str) -> bool) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let file = At::prefix(source);
    let mut no = 0;
    for item in items {
        match item {
            Item::Para(p) => {
                no += 1;
                lines.push(Line {
                    no,
                    norm: normalize_line(&p.text),
                    raw: p.text,
                    at: At::page(&file, p.page, p.line),
                });
            }
            Item::Table(t) => {
                out.extend(segment_lines(std::mem::take(&mut lines), is_header));
                let width = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
                let places: Vec<(usize, usize)> = t.rows.iter().map(|r| (r.page, r.line)).collect();
                let texts: Vec<Vec<String>> = t
                    .rows
                    .into_iter()
                    .map(|mut r| {
                        r.cells.resize(width, String::new());
                        r.cells
                    })
                    .collect();
                let cells = cells_from_texts(texts, |r, _| {
                    let (page, line) = places[r];
                    At::page(&file, page, line)
                });
                crate::grid::append_table(&mut out, cells);
            }
        }
    }
    out.extend(segment_lines(lines, is_header));
    out
}
