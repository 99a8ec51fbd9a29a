//! Word 97-2003 .doc and WPS .wps → segments, through the same assembly as a .docx
//! (`docx::assemble`). A .doc is a compound file: its `WordDocument` stream starts with the
//! FIB, which says where the piece table (the Clx, in the `0Table` or `1Table` stream) and
//! the paragraph properties (PlcBtePapx → FKP pages) are. The text is read piece by piece
//! (8-bit compressed or UTF-16LE); paragraphs end at `\r`, table cells at `\x07`, and a
//! paragraph whose properties carry the table-row-end mark (sprmPFTtp) closes a row.
//! Field codes are dropped and their results kept. Provenance is the .docx one: `file:N`,
//! `file#table2!B3`.

use std::io::{Cursor, Read};

use crate::error::SourceError;
use crate::grid::Segment;
use crate::source::docx::{assemble, DocItem};

/// The most characters read from one document.
const MAX_CHARS: usize = 16 << 20;

/// Whether a compound file holds a Word document (a `WordDocument` stream).
pub fn is_word_cfb(bytes: &[u8]) -> bool {
    cfb::CompoundFile::open(Cursor::new(bytes)).is_ok_and(|f| f.exists("/WordDocument"))
}

fn bad(msg: &str) -> SourceError {
    SourceError::Doc(msg.to_string())
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn read_stream(file: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut s = file.open_stream(name).ok()?;
    let mut out = Vec::new();
    // Streams are bounded by the file, which is in memory already.
    s.read_to_end(&mut out).ok()?;
    Some(out)
}

/// Reads a .doc or .wps into segments.
pub fn doc_segments(
    bytes: &[u8],
    source: &str,
    is_header: &dyn Fn(&str) -> bool,
) -> Result<Vec<Segment>, SourceError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| SourceError::Doc(format!("not a compound file ({e})")))?;
    let word = read_stream(&mut file, "/WordDocument")
        .ok_or_else(|| bad("no WordDocument stream: not a Word 97-2003 document"))?;
    if u16_at(&word, 0) != Some(0xA5EC) {
        return Err(bad(
            "the WordDocument stream does not start with a Word 97 FIB",
        ));
    }
    let flags = u16_at(&word, 0x0A).unwrap_or(0);
    if flags & 0x0100 != 0 {
        return Err(SourceError::Encrypted);
    }
    let table_name = if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = read_stream(&mut file, table_name).ok_or_else(|| bad("no table stream"))?;
    let chars = text_of(&word, &table)?;
    let data = read_stream(&mut file, "/Data").unwrap_or_default();
    let ttp = RowEnds::read(&word, &table, &data);
    Ok(assemble(items(&chars, &ttp), source, is_header))
}

/// The FIB's offsets: where its FcLcb pairs start, and the main text's length.
fn fc_lcb(word: &[u8], index: usize) -> Option<(usize, usize)> {
    let csw = usize::from(u16_at(word, 32)?);
    let lw = 32 + 2 + csw * 2;
    let cslw = usize::from(u16_at(word, lw)?);
    let start = lw + 2 + cslw * 4 + 2;
    let cb = usize::from(u16_at(word, lw + 2 + cslw * 4)?);
    if index >= cb {
        return None;
    }
    let at = start + index * 8;
    Some((u32_at(word, at)? as usize, u32_at(word, at + 4)? as usize))
}

fn ccp_text(word: &[u8]) -> Option<usize> {
    let csw = usize::from(u16_at(word, 32)?);
    let lw = 32 + 2 + csw * 2 + 2;
    Some(u32_at(word, lw + 12)? as usize)
}

/// The main text's characters, each with its byte offset (FC) in the WordDocument stream.
fn text_of(word: &[u8], table: &[u8]) -> Result<Vec<(char, u32)>, SourceError> {
    let (fc_clx, lcb_clx) = fc_lcb(word, 33).ok_or_else(|| bad("the FIB is cut short"))?;
    let clx = table
        .get(fc_clx..fc_clx.saturating_add(lcb_clx))
        .ok_or_else(|| bad("the piece table lies outside the table stream"))?;
    // Skip Prc entries (0x01) to the Pcdt (0x02).
    let mut i = 0;
    while clx.get(i) == Some(&0x01) {
        i += 3 + usize::from(u16_at(clx, i + 1).unwrap_or(0));
    }
    if clx.get(i) != Some(&0x02) {
        return Err(bad("no piece table"));
    }
    let lcb = u32_at(clx, i + 1).unwrap_or(0) as usize;
    let plc = clx
        .get(i + 5..(i + 5).saturating_add(lcb))
        .ok_or_else(|| bad("the piece table is cut short"))?;
    if plc.len() < 4 {
        return Err(bad("an empty piece table"));
    }
    let n = (plc.len() - 4) / 12;
    let limit = ccp_text(word).unwrap_or(usize::MAX).min(MAX_CHARS);
    let mut out: Vec<(char, u32)> = Vec::new();
    for k in 0..n {
        let (Some(cp0), Some(cp1)) = (u32_at(plc, k * 4), u32_at(plc, k * 4 + 4)) else {
            break;
        };
        let pcd = (n + 1) * 4 + k * 8;
        let Some(fc) = u32_at(plc, pcd + 2) else {
            break;
        };
        let count = cp1.saturating_sub(cp0) as usize;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = fc & 0x3FFF_FFFF;
        for j in 0..count {
            if out.len() >= limit {
                return Ok(out);
            }
            if compressed {
                let at = (fc / 2) as usize + j;
                let Some(&b) = word.get(at) else { break };
                let byte = [b];
                let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                out.push((s.chars().next().unwrap_or(' '), at as u32));
            } else {
                let at = fc as usize + j * 2;
                let Some(u) = u16_at(word, at) else { break };
                out.push((
                    char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}'),
                    at as u32,
                ));
            }
        }
    }
    Ok(out)
}

/// The paragraphs that end a table row (sprmPFTtp), by the FC of their end mark: read from
/// the PlcBtePapx and its FKP pages.
struct RowEnds {
    /// (fc_start, fc_end, (in_table, is_row_end)), sorted.
    runs: Vec<(u32, u32, (bool, bool))>,
}

impl RowEnds {
    fn read(word: &[u8], table: &[u8], data: &[u8]) -> RowEnds {
        let mut runs = Vec::new();
        let Some((fc, lcb)) = fc_lcb(word, 13) else {
            return RowEnds { runs };
        };
        let Some(plc) = table.get(fc..fc.saturating_add(lcb)) else {
            return RowEnds { runs };
        };
        let n = plc.len().saturating_sub(4) / 8;
        for k in 0..n.min(100_000) {
            let Some(pn) = u32_at(plc, (n + 1) * 4 + k * 4) else {
                break;
            };
            let page_at = ((pn & 0x3F_FFFF) as usize) * 512;
            let Some(page) = word.get(page_at..page_at + 512) else {
                continue;
            };
            let crun = usize::from(page[511]);
            for r in 0..crun.min(101) {
                let (Some(a), Some(b)) = (u32_at(page, r * 4), u32_at(page, r * 4 + 4)) else {
                    break;
                };
                let bx = (crun + 1) * 4 + r * 13;
                let off = usize::from(*page.get(bx).unwrap_or(&0)) * 2;
                let marks = if off == 0 {
                    (false, false)
                } else {
                    papx_marks(page, off, data)
                };
                runs.push((a, b, marks));
            }
        }
        runs.sort_by_key(|r| r.0);
        RowEnds { runs }
    }

    fn marks(&self, fc: u32) -> (bool, bool) {
        let k = self.runs.partition_point(|r| r.0 <= fc);
        if k > 0 && fc < self.runs[k - 1].1 {
            self.runs[k - 1].2
        } else {
            (false, false)
        }
    }

    fn is_row_end(&self, fc: u32) -> bool {
        self.marks(fc).1
    }

    fn in_table(&self, fc: u32) -> bool {
        self.marks(fc).0
    }
}

/// Whether a PAPX in an FKP page marks its paragraph as in a table (sprmPFInTable) and as
/// a table row's end (sprmPFTtp). A PAPX too big for its page (a wide table's row end) is
/// in the Data stream, where sprmPHugePapx points.
fn papx_marks(page: &[u8], off: usize, data: &[u8]) -> (bool, bool) {
    let Some(&cb) = page.get(off) else {
        return (false, false);
    };
    let (start, len) = if cb == 0 {
        (off + 2, usize::from(*page.get(off + 1).unwrap_or(&0)) * 2)
    } else {
        (off + 1, usize::from(cb) * 2 - 1)
    };
    let Some(grpprl) = page.get(start..(start + len).min(page.len())) else {
        return (false, false);
    };
    sprm_marks(grpprl, 2, data, true)
}

/// sprmPFInTable and sprmPFTtp in a run of sprms from `i` on.
fn sprm_marks(grpprl: &[u8], mut i: usize, data: &[u8], follow: bool) -> (bool, bool) {
    let (mut in_table, mut ttp) = (false, false);
    while i + 2 <= grpprl.len() {
        let Some(op) = u16_at(grpprl, i) else { break };
        i += 2;
        let size = match op >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => {
                if op == 0xD608 {
                    let n = usize::from(u16_at(grpprl, i).unwrap_or(0));
                    i += 2;
                    n.saturating_sub(1)
                } else {
                    let n = usize::from(*grpprl.get(i).unwrap_or(&0));
                    i += 1;
                    n
                }
            }
        };
        let on = grpprl.get(i) == Some(&1);
        match op {
            0x2416 => in_table |= on,
            0x2417 => ttp |= on,
            0x6646 if follow => {
                if let Some(at) = u32_at(grpprl, i).map(|v| v as usize) {
                    let n = usize::from(u16_at(data, at).unwrap_or(0));
                    if let Some(huge) = data.get(at + 2..(at + 2).saturating_add(n)) {
                        let (a, b) = sprm_marks(huge, 0, data, false);
                        in_table |= a;
                        ttp |= b;
                    }
                }
            }
            _ => {}
        }
        i += size;
    }
    (in_table || ttp, ttp)
}

/// The text cut into paragraphs and tables, field codes dropped.
fn items(chars: &[(char, u32)], ttp: &RowEnds) -> Vec<DocItem> {
    let mut out = Vec::new();
    let mut para = String::new();
    let mut cells: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Field nesting: inside a field's code (before its separator) text is skipped.
    let mut fields: Vec<bool> = Vec::new();
    for &(c, fc) in chars {
        match c {
            '\u{13}' => {
                if fields.len() < 32 {
                    fields.push(true);
                }
                continue;
            }
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = false;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ if fields.last() == Some(&true) => continue,
            _ => {}
        }
        match c {
            '\r' if ttp.in_table(fc) => para.push('\n'),
            '\r' => {
                if !cells.is_empty() {
                    rows.push(std::mem::take(&mut cells));
                }
                if !rows.is_empty() {
                    out.push(DocItem::Table(std::mem::take(&mut rows)));
                }
                out.push(DocItem::Para(std::mem::take(&mut para)));
            }
            '\u{7}' => {
                if ttp.is_row_end(fc) {
                    if !rows.is_empty() || !cells.is_empty() {
                        rows.push(std::mem::take(&mut cells));
                    }
                    para.clear();
                } else {
                    cells.push(std::mem::take(&mut para).trim_end_matches('\n').to_string());
                }
            }
            '\u{b}' => para.push('\n'),
            '\u{c}' | '\u{1}' | '\u{8}' | '\u{1f}' | '\u{2}' | '\u{5}' => {}
            '\u{1e}' => para.push('-'),
            '\u{a0}' => para.push(' '),
            _ => para.push(c),
        }
    }
    if !cells.is_empty() {
        rows.push(cells);
    }
    if !rows.is_empty() {
        out.push(DocItem::Table(rows));
    }
    if !para.is_empty() {
        out.push(DocItem::Para(para));
    }
    out
}
