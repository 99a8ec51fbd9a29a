//! Character codes → CIDs → Unicode: the predefined CMaps Chinese PDFs name (compiled from
//! Adobe's cmap-resources by `tools/make_cmaps.py`), and the CMaps a PDF carries itself
//! (ToUnicode maps, embedded encodings). Hands `font` a way to cut a string into codes and
//! to read each code's text and CID.

use std::collections::HashMap;

/// A compiled table: 8-byte big-endian records (lo: u16, hi: u16, first: u32), sorted by
/// `lo`, not overlapping.
#[derive(Clone, Copy)]
pub struct Table(&'static [u8]);

impl Table {
    /// The value `code` maps to.
    pub fn get(self, code: u32) -> Option<u32> {
        let n = self.0.len() / 8;
        let rec = |i: usize| {
            let r = &self.0[i * 8..i * 8 + 8];
            (
                u32::from(u16::from_be_bytes([r[0], r[1]])),
                u32::from(u16::from_be_bytes([r[2], r[3]])),
                u32::from_be_bytes([r[4], r[5], r[6], r[7]]),
            )
        };
        let (mut lo, mut hi) = (0usize, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let (a, b, first) = rec(mid);
            if code < a {
                hi = mid;
            } else if code > b {
                lo = mid + 1;
            } else {
                return Some(first + (code - a));
            }
        }
        None
    }
}

const UNI_GB_UCS2: Table = Table(include_bytes!("cmaps/UniGB-UCS2-H.bin"));
const GBK_EUC: Table = Table(include_bytes!("cmaps/GBK-EUC-H.bin"));
const GB_EUC: Table = Table(include_bytes!("cmaps/GB-EUC-H.bin"));
const UNI_CNS_UCS2: Table = Table(include_bytes!("cmaps/UniCNS-UCS2-H.bin"));
const B5PC: Table = Table(include_bytes!("cmaps/B5pc-H.bin"));
const ETEN_B5: Table = Table(include_bytes!("cmaps/ETen-B5-H.bin"));
/// CID → Unicode for the simplified-Chinese character collection.
pub const GB1_UNICODE: Table = Table(include_bytes!("cmaps/Adobe-GB1-UCS2.bin"));
/// CID → Unicode for the traditional-Chinese character collection.
pub const CNS1_UNICODE: Table = Table(include_bytes!("cmaps/Adobe-CNS1-UCS2.bin"));

/// How a predefined CMap's codes are read as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codes {
    /// Two-byte codes that are CIDs.
    Identity,
    /// UCS-2 / UTF-16BE codes: the code is the character.
    Ucs2,
    /// GBK (and GB 2312, a subset) multi-byte codes.
    Gbk,
    /// Big5 multi-byte codes.
    Big5,
}

/// A predefined CMap: how to cut and read its codes, and its code → CID table.
#[derive(Clone, Copy)]
pub struct Predefined {
    pub codes: Codes,
    pub cids: Option<Table>,
    /// The first byte from which codes take two bytes (GBK 0x81, GB 2312 0xA1).
    pub lead: u8,
}

/// The predefined CMap a font's `/Encoding` names, by name (horizontal and vertical forms
/// read alike).
pub fn predefined(name: &str) -> Option<Predefined> {
    let base = name.trim_end_matches("-H").trim_end_matches("-V");
    let p = |codes, cids, lead| Some(Predefined { codes, cids, lead });
    match base {
        "Identity" => p(Codes::Identity, None, 0),
        "UniGB-UCS2" | "UniGB-UTF16" => p(Codes::Ucs2, Some(UNI_GB_UCS2), 0),
        "UniCNS-UCS2" | "UniCNS-UTF16" => p(Codes::Ucs2, Some(UNI_CNS_UCS2), 0),
        "GBK-EUC" | "GBKp-EUC" | "GBK2K" | "GBpc-EUC" => p(Codes::Gbk, Some(GBK_EUC), 0x81),
        "GB-EUC" | "GBT-EUC" | "GBTpc-EUC" => p(Codes::Gbk, Some(GB_EUC), 0xA1),
        "B5pc" | "B5" | "HKscs-B5" | "ETHK-B5" => p(Codes::Big5, Some(B5PC), 0x81),
        "ETen-B5" | "ETenms-B5" => p(Codes::Big5, Some(ETEN_B5), 0x81),
        // Japanese and Korean CMaps: the codes are cut as two bytes, read through the font's
        // ToUnicode map if it has one.
        _ if name.ends_with("-H") || name.ends_with("-V") => p(Codes::Identity, None, 0),
        _ => None,
    }
}

/// The CID → Unicode table of a character collection (`/CIDSystemInfo /Ordering`).
pub fn collection(ordering: &str) -> Option<Table> {
    // Some writers put the registry in front (`Adobe-GB1`).
    match ordering.trim_start_matches("Adobe-") {
        "GB1" => Some(GB1_UNICODE),
        "CNS1" => Some(CNS1_UNICODE),
        _ => None,
    }
}

/// A CMap stream a PDF carries: ToUnicode (`bfchar`/`bfrange`) or an embedded encoding
/// (`cidchar`/`cidrange`).
#[derive(Debug, Default)]
pub struct Embedded {
    /// (bytes, lo, hi) code-space ranges.
    pub spaces: Vec<(usize, u32, u32)>,
    pub text: HashMap<u32, String>,
    /// (lo, hi, first UTF-16 units) ranges of text: `lo + k` maps to `first` with its last
    /// unit increased by `k`.
    pub text_ranges: Vec<(u32, u32, Vec<u16>)>,
    pub cids: Vec<(u32, u32, u32)>,
    /// A `usecmap` of a predefined CMap.
    pub parent: Option<String>,
}

/// At most this many codes are taken from one CMap (a range of a whole code space is
/// 65 536; broken or hostile maps are cut off there).
const MAX_ENTRIES: usize = 200_000;

impl Embedded {
    /// Parses a CMap stream; whatever does not parse is skipped.
    pub fn parse(data: &[u8]) -> Embedded {
        let mut cm = Embedded::default();
        let toks = tokens(data);
        let mut i = 0;
        let mut entries = 0usize;
        while i < toks.len() {
            match toks[i] {
                Tok::Word(b"begincodespacerange") => {
                    i += 1;
                    while i + 1 < toks.len() {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(a), Tok::Hex(b)) if !a.is_empty() && a.len() <= 4 => {
                                cm.spaces.push((a.len(), be(a), be(b)));
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Word(b"beginbfchar") => {
                    i += 1;
                    while i + 1 < toks.len() && entries < MAX_ENTRIES {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(a), Tok::Hex(b)) => {
                                cm.text.insert(be(a), utf16(b));
                                entries += 1;
                                i += 2;
                            }
                            (Tok::Hex(a), Tok::Name(n)) => {
                                if let Some(c) = super::font::glyph_char(n) {
                                    cm.text.insert(be(a), c.to_string());
                                }
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Word(b"beginbfrange") => {
                    i += 1;
                    while i + 2 < toks.len() && entries < MAX_ENTRIES {
                        let (Tok::Hex(a), Tok::Hex(b)) = (&toks[i], &toks[i + 1]) else {
                            break;
                        };
                        let (lo, hi) = (be(a), be(b));
                        if hi < lo {
                            i += 3;
                            continue;
                        }
                        match &toks[i + 2] {
                            Tok::Hex(d) => {
                                let units: Vec<u16> = d
                                    .chunks(2)
                                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                                    .collect();
                                entries += (hi - lo) as usize + 1;
                                cm.text_ranges.push((lo, hi, units));
                                i += 3;
                            }
                            Tok::Open => {
                                let mut j = i + 3;
                                let mut code = lo;
                                while j < toks.len() && code <= hi && entries < MAX_ENTRIES {
                                    match &toks[j] {
                                        Tok::Hex(d) => {
                                            cm.text.insert(code, utf16(d));
                                            code += 1;
                                            entries += 1;
                                        }
                                        Tok::Close => break,
                                        _ => {}
                                    }
                                    j += 1;
                                }
                                while j < toks.len() && toks[j] != Tok::Close {
                                    j += 1;
                                }
                                i = j + 1;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Word(b"begincidrange") => {
                    i += 1;
                    while i + 2 < toks.len() {
                        match (&toks[i], &toks[i + 1], &toks[i + 2]) {
                            (Tok::Hex(a), Tok::Hex(b), Tok::Int(c)) => {
                                cm.cids.push((be(a), be(b), *c));
                                i += 3;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Word(b"begincidchar") => {
                    i += 1;
                    while i + 1 < toks.len() {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(a), Tok::Int(c)) => {
                                let a = be(a);
                                cm.cids.push((a, a, *c));
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Tok::Word(b"usecmap") if i > 0 => {
                    if let Tok::Name(n) = &toks[i - 1] {
                        cm.parent = Some(String::from_utf8_lossy(n).into_owned());
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        cm.text_ranges.sort_by_key(|r| r.0);
        cm.cids.sort_by_key(|r| r.0);
        cm
    }

    /// The text a code maps to.
    pub fn text_of(&self, code: u32) -> Option<String> {
        if let Some(t) = self.text.get(&code) {
            return Some(t.clone());
        }
        let k = self.text_ranges.partition_point(|r| r.0 <= code);
        // Ranges may overlap in broken maps: look back over a few.
        for r in self.text_ranges[..k].iter().rev().take(8) {
            if code <= r.1 {
                let mut units = r.2.clone();
                if let Some(last) = units.last_mut() {
                    *last = last.wrapping_add((code - r.0) as u16);
                }
                return Some(String::from_utf16_lossy(&units));
            }
        }
        None
    }

    /// The CID a code maps to in an embedded encoding CMap.
    pub fn cid_of(&self, code: u32) -> Option<u32> {
        let k = self.cids.partition_point(|r| r.0 <= code);
        self.cids[..k]
            .iter()
            .rev()
            .take(8)
            .find(|r| code <= r.1)
            .map(|r| r.2 + (code - r.0))
    }

    /// How many bytes the code at the start of `bytes` takes, by the code-space ranges;
    /// `None` when the map has none.
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        if self.spaces.is_empty() {
            return None;
        }
        for n in 1..=4.min(bytes.len()) {
            let code = be(&bytes[..n]);
            if self
                .spaces
                .iter()
                .any(|&(len, lo, hi)| len == n && lo <= code && code <= hi)
            {
                return Some(n);
            }
        }
        // Outside every range: the shortest length the map uses.
        self.spaces.iter().map(|s| s.0).min()
    }
}

fn be(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |a, &x| (a << 8) | u32::from(x))
}

fn utf16(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

#[derive(Debug, PartialEq, Eq)]
enum Tok<'a> {
    Hex(Vec<u8>),
    Int(u32),
    Name(&'a [u8]),
    Word(&'a [u8]),
    Open,
    Close,
}

/// The tokens of a CMap: hex strings, integers, names, words, brackets. Dictionaries and
/// literal strings are skipped.
fn tokens(data: &[u8]) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    let is_delim = |c: u8| c.is_ascii_whitespace() || b"[]<>()/%{}".contains(&c);
    while i < data.len() {
        let c = data[i];
        match c {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' => i += 1,
            b'<' => {
                let mut j = i + 1;
                let mut digits = Vec::new();
                while j < data.len() && data[j] != b'>' {
                    if let Some(d) = (data[j] as char).to_digit(16) {
                        digits.push(d as u8);
                    }
                    j += 1;
                }
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                out.push(Tok::Hex(
                    digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect(),
                ));
                i = j + 1;
            }
            b'(' => {
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'/' => {
                let s = i + 1;
                i += 1;
                while i < data.len() && !is_delim(data[i]) {
                    i += 1;
                }
                out.push(Tok::Name(&data[s..i]));
            }
            _ if c.is_ascii_whitespace() || c == b')' || c == b'{' || c == b'}' => i += 1,
            _ => {
                let s = i;
                while i < data.len() && !is_delim(data[i]) {
                    i += 1;
                }
                let w = &data[s..i];
                match std::str::from_utf8(w)
                    .ok()
                    .and_then(|t| t.parse::<u32>().ok())
                {
                    Some(n) => out.push(Tok::Int(n)),
                    None => out.push(Tok::Word(w)),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_tables_map_codes_to_cids_and_cids_to_unicode() {
        // 满 (U+6EE1) in Adobe-GB1, through UniGB-UCS2-H, back through Adobe-GB1-UCS2.
        let cid = UNI_GB_UCS2.get(0x6EE1).unwrap();
        assert_eq!(GB1_UNICODE.get(cid), Some(0x6EE1));
        assert_eq!(UNI_GB_UCS2.get(u32::from(b'A')), Some(34));
        let cid = UNI_CNS_UCS2.get(0x6EFF).unwrap(); // 滿
        assert_eq!(CNS1_UNICODE.get(cid), Some(0x6EFF));
        assert!(GBK_EUC.get(0xC2FA).is_some());
    }

    #[test]
    fn cmap_parses_to_unicode_ranges_chars_and_arrays() {
        let cm = Embedded::parse(
            b"/CIDInit /ProcSet findresource begin 1 begincodespacerange <0000> <FFFF> \
              endcodespacerange 2 beginbfchar <0003> <0020> <0010> <6EE1610F> endbfchar \
              2 beginbfrange <0020> <0022> <0041> <0030> <0031> [<738E> <D840DC00>] endbfrange",
        );
        assert_eq!(cm.code_len(&[0, 3]), Some(2));
        assert_eq!(cm.text_of(3).as_deref(), Some(" "));
        assert_eq!(cm.text_of(0x10).as_deref(), Some("满意"));
        assert_eq!(cm.text_of(0x22).as_deref(), Some("C"));
        assert_eq!(cm.text_of(0x31).as_deref(), Some("\u{20000}"));
        assert_eq!(cm.text_of(0x40), None);
    }
}
