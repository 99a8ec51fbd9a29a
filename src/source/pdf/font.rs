//! A PDF font as the text reader needs it: how a shown string is cut into codes, the text
//! of each code and its advance width. Simple fonts (one byte a code: Type1, TrueType,
//! Type3) and composite ones (Type0: a CMap over a CID font). Text comes from the font's
//! ToUnicode map when it has one; otherwise from its predefined CMap (UniGB-UCS2-H codes
//! are Unicode, GBK-EUC-H and B5pc-H codes are GBK and Big5 bytes, Identity-H codes are
//! CIDs read through Adobe's CID → Unicode tables) or, for a simple font, its encoding.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::{self, Codes, Embedded, Predefined, Table};
use super::objects::{deref, name_of, num, stream_data};

/// One code of a shown string.
pub struct Code {
    pub text: String,
    /// Advance in thousandths of the font size.
    pub width: f32,
    /// A one-byte code 32, which word spacing applies to.
    pub is_space: bool,
}

enum Encoding {
    /// One byte a code, each with its text.
    Simple(Box<[Option<char>; 256]>),
    /// A predefined CMap.
    Predefined(Predefined),
    /// A CMap the file carries.
    Embedded(Box<Embedded>),
}

pub struct Font {
    encoding: Encoding,
    to_unicode: Option<Embedded>,
    /// CID → Unicode of the character collection, for CIDs no other map reads.
    collection: Option<Table>,
    /// Simple fonts: widths by code; composite: by CID.
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Type3 fonts scale widths by their FontMatrix.
    scale: f32,
}

impl Font {
    /// Reads a font dictionary; what cannot be read falls back to plain one-byte codes.
    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| name_of(doc, o))
            .unwrap_or_default();
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| stream_data(doc, o))
            .map(|d| Embedded::parse(&d))
            .filter(|cm| !cm.text.is_empty() || !cm.text_ranges.is_empty());
        if subtype == "Type0" {
            return Self::composite(doc, dict, to_unicode);
        }
        let mut widths = HashMap::new();
        let first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(|o| num(doc, o))
            .unwrap_or(0.0) as u32;
        if let Some(Object::Array(ws)) = dict.get(b"Widths").ok().map(|o| deref(doc, o)) {
            for (k, w) in ws.iter().take(256).enumerate() {
                if let Some(w) = num(doc, w) {
                    widths.insert(first + k as u32, w);
                }
            }
        }
        let scale = if subtype == "Type3" {
            match dict.get(b"FontMatrix").ok().map(|o| deref(doc, o)) {
                Some(Object::Array(m)) => {
                    m.first().and_then(|o| num(doc, o)).unwrap_or(0.001) * 1000.0
                }
                _ => 1.0,
            }
        } else {
            1.0
        };
        let missing = dict
            .get(b"FontDescriptor")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(|o| num(doc, o))
            .filter(|w| *w > 0.0)
            .unwrap_or(500.0);
        Font {
            encoding: Encoding::Simple(Box::new(simple_encoding(doc, dict))),
            to_unicode,
            collection: None,
            widths,
            default_width: missing,
            scale,
        }
    }

    fn composite(doc: &Document, dict: &Dictionary, to_unicode: Option<Embedded>) -> Font {
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let ordering = descendant
            .and_then(|d| d.get(b"CIDSystemInfo").ok())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|si| si.get(b"Ordering").ok())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_str().ok())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default();
        let encoding = match dict.get(b"Encoding").ok().map(|o| deref(doc, o)) {
            Some(Object::Name(n)) => cmap::predefined(&String::from_utf8_lossy(n))
                .map(Encoding::Predefined)
                .unwrap_or(Encoding::Predefined(identity())),
            Some(o @ Object::Stream(_)) => match stream_data(doc, o) {
                Some(data) => {
                    let cm = Embedded::parse(&data);
                    match cm.parent.as_deref().and_then(cmap::predefined) {
                        Some(p) if cm.cids.is_empty() => Encoding::Predefined(p),
                        _ => Encoding::Embedded(Box::new(cm)),
                    }
                }
                None => Encoding::Predefined(identity()),
            },
            _ => Encoding::Predefined(identity()),
        };
        let mut widths = HashMap::new();
        let mut default_width = 1000.0;
        if let Some(d) = descendant {
            if let Some(w) = d.get(b"DW").ok().and_then(|o| num(doc, o)) {
                default_width = w;
            }
            if let Some(Object::Array(w)) = d.get(b"W").ok().map(|o| deref(doc, o)) {
                read_cid_widths(doc, w, &mut widths);
            }
        }
        let collection = cmap::collection(&ordering);
        Font {
            encoding,
            to_unicode,
            collection,
            widths,
            default_width,
            scale: 1.0,
        }
    }

    /// Cuts a shown string into codes with their texts and widths.
    pub fn codes(&self, bytes: &[u8], out: &mut Vec<Code>) {
        match &self.encoding {
            Encoding::Simple(table) => {
                for &b in bytes {
                    let code = u32::from(b);
                    let text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|m| m.text_of(code))
                        .or_else(|| table[b as usize].map(String::from))
                        .unwrap_or_default();
                    out.push(Code {
                        text,
                        width: self
                            .widths
                            .get(&code)
                            .copied()
                            .unwrap_or(self.default_width)
                            * self.scale,
                        is_space: b == b' ',
                    });
                }
            }
            Encoding::Predefined(p) => self.predefined_codes(p, bytes, out),
            Encoding::Embedded(cm) => {
                let mut i = 0;
                while i < bytes.len() {
                    let n = cm
                        .code_len(&bytes[i..])
                        .unwrap_or(2)
                        .clamp(1, bytes.len() - i);
                    let code = be(&bytes[i..i + n]);
                    let cid = cm.cid_of(code).unwrap_or(code);
                    let text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|m| m.text_of(code))
                        .or_else(|| self.collection_text(cid))
                        .unwrap_or_default();
                    out.push(self.cid_code(text, cid, n == 1 && code == 32));
                    i += n;
                }
            }
        }
    }

    fn predefined_codes(&self, p: &Predefined, bytes: &[u8], out: &mut Vec<Code>) {
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let n = match p.codes {
                Codes::Identity => 2,
                Codes::Ucs2 => {
                    let unit = u16::from_be_bytes([b, *bytes.get(i + 1).unwrap_or(&0)]);
                    if (0xD800..0xDC00).contains(&unit) {
                        4
                    } else {
                        2
                    }
                }
                Codes::Gbk | Codes::Big5 => {
                    if b >= p.lead && b != 0xFF {
                        2
                    } else {
                        1
                    }
                }
            }
            .min(bytes.len() - i);
            let raw = &bytes[i..i + n];
            let code = be(raw);
            let from_map = self.to_unicode.as_ref().and_then(|m| m.text_of(code));
            let (text, cid) = match p.codes {
                Codes::Identity => (from_map.or_else(|| self.collection_text(code)), code),
                Codes::Ucs2 => {
                    let units: Vec<u16> = raw
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                        .collect();
                    let cid = p.cids.and_then(|t| t.get(u32::from(units[0]))).unwrap_or(0);
                    (
                        from_map.or_else(|| Some(String::from_utf16_lossy(&units))),
                        cid,
                    )
                }
                Codes::Gbk | Codes::Big5 => {
                    let enc = if p.codes == Codes::Gbk {
                        encoding_rs::GBK
                    } else {
                        encoding_rs::BIG5
                    };
                    let cid = p.cids.and_then(|t| t.get(code)).unwrap_or(0);
                    let text = from_map.or_else(|| {
                        let (s, bad) = enc.decode_without_bom_handling(raw);
                        (!bad).then(|| s.into_owned())
                    });
                    (text, cid)
                }
            };
            out.push(self.cid_code(text.unwrap_or_default(), cid, n == 1 && code == 32));
            i += n;
        }
    }

    fn collection_text(&self, cid: u32) -> Option<String> {
        self.collection
            .and_then(|t| t.get(cid))
            .and_then(char::from_u32)
            .map(String::from)
    }

    fn cid_code(&self, text: String, cid: u32, is_space: bool) -> Code {
        Code {
            text,
            width: self.widths.get(&cid).copied().unwrap_or(self.default_width),
            is_space,
        }
    }
}

fn identity() -> Predefined {
    cmap::predefined("Identity-H").unwrap_or(Predefined {
        codes: Codes::Identity,
        cids: None,
        lead: 0,
    })
}

fn be(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, &x| (a << 8) | u32::from(x))
}

/// At most this many CIDs get widths from one `/W` array.
const MAX_WIDTHS: usize = 100_000;

/// `/W [c [w1 w2 …] c_first c_last w …]`.
fn read_cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() && out.len() < MAX_WIDTHS {
        let Some(first) = num(doc, &w[i]) else {
            break;
        };
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, x) in ws.iter().enumerate().take(MAX_WIDTHS) {
                    if let Some(x) = num(doc, x) {
                        out.insert(first as u32 + k as u32, x);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let (Some(last), Some(x)) = (num(doc, o), w.get(i + 2).and_then(|o| num(doc, o)))
                else {
                    break;
                };
                let (a, b) = (first as u32, last as u32);
                for c in a..=b.min(a.saturating_add(MAX_WIDTHS as u32)) {
                    out.insert(c, x);
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// A simple font's code → character table: its base encoding (WinAnsi unless it names
/// another) with its `/Differences`.
fn simple_encoding(doc: &Document, dict: &Dictionary) -> [Option<char>; 256] {
    let mut table = [None; 256];
    let (base, diffs) = match dict.get(b"Encoding").ok().map(|o| deref(doc, o)) {
        Some(Object::Name(n)) => (n.clone(), None),
        Some(Object::Dictionary(d)) => (
            d.get(b"BaseEncoding")
                .ok()
                .and_then(|o| o.as_name().ok())
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
            d.get(b"Differences").ok().map(|o| deref(doc, o)),
        ),
        _ => (Vec::new(), None),
    };
    let mac = base == b"MacRomanEncoding";
    for (b, slot) in table.iter_mut().enumerate() {
        let byte = [b as u8];
        *slot = if b < 0x20 {
            None
        } else if b < 0x80 {
            Some(b as u8 as char)
        } else if mac {
            let (s, _) = encoding_rs::MACINTOSH.decode_without_bom_handling(&byte);
            s.chars().next()
        } else {
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            s.chars().next()
        };
    }
    if let Some(Object::Array(d)) = diffs {
        let mut code = 0usize;
        for o in d {
            match deref(doc, o) {
                Object::Integer(n) => code = (*n).clamp(0, 255) as usize,
                Object::Name(n) => {
                    if code < 256 {
                        table[code] = glyph_char(n);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// The character a glyph name stands for: `uniXXXX`, `uXXXX`, single letters and digits,
/// and the common punctuation names.
pub fn glyph_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next()?;
    if let Some(hex) = name.strip_prefix("uni").or_else(|| name.strip_prefix('u')) {
        if (4..=6).contains(&hex.len()) {
            if let Ok(v) = u32::from_str_radix(&hex[..hex.len().min(6)], 16) {
                return char::from_u32(v);
            }
        }
    }
    if name.len() == 1 {
        return name.chars().next();
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("period", '.'),
        ("comma", ','),
        ("percent", '%'),
        ("hyphen", '-'),
        ("minus", '-'),
        ("plus", '+'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("slash", '/'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("bracketleft", '['),
        ("bracketright", ']'),
        ("underscore", '_'),
        ("equal", '='),
        ("endash", '–'),
        ("emdash", '—'),
        ("quotesingle", '\''),
        ("quotedbl", '"'),
        ("asterisk", '*'),
        ("numbersign", '#'),
        ("ampersand", '&'),
        ("question", '?'),
        ("exclam", '!'),
        ("arrowup", '↑'),
        ("arrowdown", '↓'),
    ];
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}
