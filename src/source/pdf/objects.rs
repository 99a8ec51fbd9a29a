//! The PDF object layer: lopdf parses the file (cross-reference tables and streams, object
//! streams, decryption with the empty user password); this file guards it and decodes
//! streams itself, with limits. Before lopdf sees the bytes they are checked for the things
//! that would make it abort or run away: nesting deeper than the stack allows, object
//! streams that inflate beyond the limit. Hands `content` and `font` decoded streams and
//! resolved objects.

use std::io::Read;

use lopdf::{Document, Object};

use super::PdfError;

/// The most bytes one stream may decode to.
pub const MAX_STREAM: u64 = 64 << 20;
/// The most bytes all the streams of one file may decode to.
pub const MAX_TOTAL: u64 = 512 << 20;
/// The deepest nesting of arrays and dictionaries accepted.
const MAX_DEPTH: usize = 256;

/// Loads a PDF, refusing what cannot be read safely or at all.
pub fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    let has_eof = tail.windows(5).any(|w| w == b"%%EOF");
    let has_startxref = tail.windows(9).any(|w| w == b"startxref");
    if !has_eof && !has_startxref {
        return Err(PdfError::Truncated);
    }
    check_nesting(bytes)?;
    // lopdf's parser recurses per nesting level: give it a stack deep enough for the depth
    // checked above, whatever thread the file is read on.
    let owned = bytes.to_vec();
    let loaded = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            std::panic::catch_unwind(|| Document::load_mem(&owned))
                .map_err(|_| PdfError::Malformed("the parser failed".into()))
        })
        .map_err(|e| PdfError::Malformed(e.to_string()))?
        .join()
        .map_err(|_| PdfError::Malformed("the parser failed".into()))??;
    loaded.map_err(|e| {
        let msg = e.to_string();
        if msg.to_ascii_lowercase().contains("password")
            || msg.to_ascii_lowercase().contains("decrypt")
        {
            PdfError::Encrypted
        } else {
            PdfError::Malformed(msg)
        }
    })
}

/// Refuses nesting deeper than [`MAX_DEPTH`] outside streams, and object streams that
/// would inflate beyond [`MAX_STREAM`] (lopdf inflates them while loading) or nest too
/// deep inside.
fn check_nesting(bytes: &[u8]) -> Result<(), PdfError> {
    let mut depth = 0usize;
    let mut i = 0;
    let mut dict_start = 0usize;
    let mut inflated = 0u64;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => {
                // Skip a literal string (balanced parentheses, backslash escapes).
                let mut d = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => d += 1,
                        b')' => {
                            d = d.saturating_sub(1);
                            if d == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'[' => depth += 1,
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                if depth == 0 {
                    dict_start = i;
                }
                depth += 1;
                i += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b's' if bytes[i..].starts_with(b"stream") && depth == 0 => {
                let dict = &bytes[dict_start..i];
                let start = i + 6;
                let end = find(&bytes[start..], b"endstream").map_or(bytes.len(), |k| start + k);
                if contains(dict, b"/ObjStm") && contains(dict, b"/FlateDecode") {
                    let body = &bytes[start..end];
                    let body = body
                        .strip_prefix(b"\r\n")
                        .or_else(|| body.strip_prefix(b"\n"))
                        .unwrap_or(body);
                    let data = inflate(body, MAX_STREAM)?;
                    inflated += data.len() as u64;
                    if inflated > MAX_TOTAL {
                        return Err(PdfError::TooLarge);
                    }
                    check_nesting(&data)?;
                }
                i = end + 9;
                continue;
            }
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Err(PdfError::Malformed(format!(
                "objects nested more than {MAX_DEPTH} deep"
            )));
        }
        i += 1;
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

/// Inflates zlib data, at most `limit` bytes; a stream cut short gives what it holds.
pub fn inflate(data: &[u8], limit: u64) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::new();
    let mut z = flate2::read::ZlibDecoder::new(data).take(limit + 1);
    if z.read_to_end(&mut out).is_err() && out.is_empty() {
        // Raw deflate without the zlib header, as some writers produce.
        out.clear();
        let mut d = flate2::read::DeflateDecoder::new(data).take(limit + 1);
        let _ = d.read_to_end(&mut out);
    }
    if out.len() as u64 > limit {
        return Err(PdfError::TooLarge);
    }
    Ok(out)
}

/// Follows references (a bounded number of hops).
pub fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..16 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(x) => o = x,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

pub fn num(doc: &Document, o: &Object) -> Option<f32> {
    match deref(doc, o) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

pub fn name_of(doc: &Document, o: &Object) -> Option<String> {
    match deref(doc, o) {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

/// A stream's decoded data; `None` when it is not a stream or does not decode.
pub fn stream_data(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    match deref(doc, o) {
        Object::Stream(s) => decode_stream(doc, s).ok(),
        _ => None,
    }
}

/// Decodes a stream through its filters: Flate, ASCIIHex, ASCII85.
/// Image filters (DCT, JPX, CCITT, JBIG2) are not text: they give an error.
pub fn decode_stream(doc: &Document, s: &lopdf::Stream) -> Result<Vec<u8>, PdfError> {
    let filters: Vec<String> = match s.dict.get(b"Filter").ok().map(|o| deref(doc, o)) {
        Some(Object::Name(n)) => vec![String::from_utf8_lossy(n).into_owned()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| name_of(doc, o)).collect(),
        _ => Vec::new(),
    };
    let mut data = s.content.clone();
    for f in filters.iter().take(8) {
        data = match f.as_str() {
            "FlateDecode" | "Fl" => inflate(&data, MAX_STREAM)?,
            "ASCIIHexDecode" | "AHx" => ascii_hex(&data),
            "ASCII85Decode" | "A85" => ascii85(&data),
            other => return Err(PdfError::Malformed(format!("unsupported filter {other}"))),
        };
    }
    Ok(data)
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|&&c| c != b'>')
        .filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
        .collect()
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut group = [0u32; 5];
    let mut n = 0;
    for &c in data {
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = u32::from(c - b'!');
                n += 1;
                if n == 5 {
                    let v = group
                        .iter()
                        .fold(0u32, |a, &d| a.wrapping_mul(85).wrapping_add(d));
                    out.extend_from_slice(&v.to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for g in group.iter_mut().skip(n) {
            *g = 84;
        }
        let v = group
            .iter()
            .fold(0u32, |a, &d| a.wrapping_mul(85).wrapping_add(d));
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_refuse_deep_nesting_and_truncation() {
        let mut deep = b"%PDF-1.4\n1 0 obj ".to_vec();
        deep.extend(std::iter::repeat_n(b'[', 10_000));
        deep.extend_from_slice(b"\nstartxref\n0\n%%EOF\n");
        assert!(matches!(load(&deep), Err(PdfError::Malformed(_))));
        assert!(matches!(
            load(b"%PDF-1.4\n1 0 obj << >>"),
            Err(PdfError::Truncated)
        ));
    }

    #[test]
    fn objects_decode_ascii_filters() {
        assert_eq!(ascii_hex(b"48 65 6C6C6F>"), b"Hello");
        assert_eq!(ascii85(b"87cURD]i,\"Ebo7~>"), b"Hello World");
    }
}
