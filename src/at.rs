//! Where a line, a cell or a figure was printed: `file.txt:12`, `file.xlsx#Sheet1!B7`,
//! `file.pdf#p3:L5`, `file.docx#table2!C4`, `file.docx:7`.
//!
//! Every line, cell, value, row, check and table carries one, and most are copied many
//! times on the way to the output, while few are ever written. An [`At`] is therefore the
//! part its source shares (the file's name, or `file#Sheet1!` for a sheet's cells) behind
//! a reference count, and a small place in it (a line, a cell, a page's line), formatted
//! to the text only when it is written or compared with a text: making one or copying
//! one allocates nothing.

use std::fmt;
use std::sync::{Arc, LazyLock};

/// A place something was printed, formatted only when written (see the module's text).
/// Equality, ordering and hashing are those of the formatted text.
#[derive(Clone)]
pub struct At {
    /// What the source's places share: the file's name, `file#Sheet1!` for cells; the
    /// whole text for a place read back from a document (`Loc::Whole`).
    prefix: Arc<str>,
    loc: Loc,
}

/// The place after the prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loc {
    /// Nothing: the prefix is the whole text.
    Whole,
    /// `:12`, a 1-based line.
    Line(u32),
    /// `B7`: a 0-based column (A is 0) and a 1-based row.
    Cell { col: u32, row: u32 },
    /// `#p3:L5`: a page's line, both as the reader numbered them.
    Page { page: u32, line: u32 },
}

/// The empty text, shared (a default place allocates nothing either).
static EMPTY: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from(""));

static NOWHERE: LazyLock<At> = LazyLock::new(At::default);

/// Formatted texts up to this many bytes are put together on the stack when a borrowed
/// text is wanted ([`At::with_str`]); longer ones in a string.
const STACK: usize = 256;

impl At {
    /// The whole text as given (a file's name for a warning, a place read back).
    pub fn text(text: impl Into<Arc<str>>) -> At {
        At {
            prefix: text.into(),
            loc: Loc::Whole,
        }
    }

    /// The prefix every place of a source shares, made once per source (a file's name,
    /// or `file#Sheet1!` for the cells of a sheet).
    pub fn prefix(text: &str) -> Arc<str> {
        Arc::from(text)
    }

    /// `source:line`.
    pub fn line(source: &Arc<str>, line: usize) -> At {
        match u32::try_from(line) {
            Ok(line) => At::of(source, Loc::Line(line)),
            Err(_) => At::text(format!("{source}:{line}")),
        }
    }

    /// `prefix` then the cell's column letters and 1-based row (`file#Sheet1!B7`):
    /// `col` is 0-based.
    pub fn cell(prefix: &Arc<str>, col: u32, row: usize) -> At {
        match u32::try_from(row) {
            Ok(row) => At::of(prefix, Loc::Cell { col, row }),
            Err(_) => At::text(format!("{prefix}{}{row}", column_name(col))),
        }
    }

    /// `source#p3:L5`.
    pub fn page(source: &Arc<str>, page: usize, line: usize) -> At {
        match (u32::try_from(page), u32::try_from(line)) {
            (Ok(page), Ok(line)) => At::of(source, Loc::Page { page, line }),
            _ => At::text(format!("{source}#p{page}:L{line}")),
        }
    }

    fn of(prefix: &Arc<str>, loc: Loc) -> At {
        At {
            prefix: Arc::clone(prefix),
            loc,
        }
    }

    /// The empty place, borrowed (what a lookup that finds none answers).
    pub fn nowhere() -> &'static At {
        &NOWHERE
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.loc == Loc::Whole && self.prefix.is_empty()
    }

    /// Hands the formatted text to `f`, put together on the stack when it is short (a
    /// writer's field, a comparison): no string is made for it.
    pub fn with_str<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        if self.loc == Loc::Whole {
            return f(&self.prefix);
        }
        let mut tail = Text::<TAIL>::new();
        self.loc.write(&mut tail);
        let mut buf = Text::<STACK>::new();
        if buf.push(&self.prefix) && buf.push(tail.as_str()) {
            return f(buf.as_str());
        }
        f(&self.to_string())
    }

    /// Hands the text to `f` in two pieces, the shared prefix and the place after it (ASCII
    /// letters, digits and separators: nothing a writer escapes), so that a writer copies
    /// each straight into its output.
    pub fn with_parts<R>(&self, f: impl FnOnce(&str, &str) -> R) -> R {
        let mut tail = Text::<TAIL>::new();
        self.loc.write(&mut tail);
        f(&self.prefix, tail.as_str())
    }

    /// Whether both name the same place without formatting either: the same prefix (one
    /// source's, shared) and place. `None` when only the texts can tell.
    fn same_fast(&self, other: &At) -> Option<bool> {
        let same_prefix = Arc::ptr_eq(&self.prefix, &other.prefix) || self.prefix == other.prefix;
        if !same_prefix {
            return None;
        }
        if self.loc == other.loc {
            return Some(true);
        }
        // Within one kind of place, different places format differently (the numbers and
        // letters follow fixed separators).
        let kind = |l: &Loc| std::mem::discriminant(l);
        (kind(&self.loc) == kind(&other.loc)).then_some(false)
    }
}

/// A cell's column letters (`A` for 0, `AA` for 26), `col` being 0-based.
pub fn column_name(col: u32) -> String {
    let mut buf = [0; 7];
    column_letters(col, &mut buf).to_string()
}

/// The column letters of `col` (0-based) in `buf`: seven letters hold any `u32`.
fn column_letters(mut col: u32, buf: &mut [u8; 7]) -> &str {
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'A' + (col % 26) as u8;
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    std::str::from_utf8(&buf[start..]).unwrap_or_default()
}

/// The longest place after a prefix: `#p` and `:L` with two `u32`s (24 bytes).
const TAIL: usize = 32;

/// A text put together on the stack, of at most `N` bytes.
struct Text<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Text<N> {
    fn new() -> Self {
        Text {
            bytes: [0; N],
            len: 0,
        }
    }

    /// Appends `s`; false (and nothing appended) when it does not fit.
    fn push(&mut self, s: &str) -> bool {
        let end = self.len + s.len();
        match self.bytes.get_mut(self.len..end) {
            Some(slot) => {
                slot.copy_from_slice(s.as_bytes());
                self.len = end;
                true
            }
            None => false,
        }
    }

    fn as_str(&self) -> &str {
        // Only whole `str`s are ever appended.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl Loc {
    /// The text after the prefix (`:12`, `B7`, `#p3:L5`), written without the formatting
    /// machinery: the writers ask for it once a value.
    fn write(self, out: &mut Text<TAIL>) {
        let mut n = itoa::Buffer::new();
        match self {
            Loc::Whole => {}
            Loc::Line(line) => {
                out.push(":");
                out.push(n.format(line));
            }
            Loc::Cell { col, row } => {
                out.push(column_letters(col, &mut [0; 7]));
                out.push(n.format(row));
            }
            Loc::Page { page, line } => {
                out.push("#p");
                out.push(n.format(page));
                out.push(":L");
                out.push(n.format(line));
            }
        }
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.prefix)?;
        let mut tail = Text::<TAIL>::new();
        self.loc.write(&mut tail);
        f.write_str(tail.as_str())
    }
}

impl fmt::Debug for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_str(|s| fmt::Debug::fmt(s, f))
    }
}

impl Default for At {
    fn default() -> At {
        At::text(Arc::clone(&EMPTY))
    }
}

impl From<String> for At {
    fn from(s: String) -> At {
        At::text(s)
    }
}

impl From<&str> for At {
    fn from(s: &str) -> At {
        At::text(s)
    }
}

impl PartialEq for At {
    fn eq(&self, other: &At) -> bool {
        self.same_fast(other)
            .unwrap_or_else(|| self.with_str(|a| other == a))
    }
}

impl Eq for At {}

impl PartialEq<str> for At {
    fn eq(&self, other: &str) -> bool {
        self.with_str(|s| s == other)
    }
}

impl PartialEq<&str> for At {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl PartialEq<String> for At {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

impl PartialOrd for At {
    fn partial_cmp(&self, other: &At) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for At {
    fn cmp(&self, other: &At) -> std::cmp::Ordering {
        if self.same_fast(other) == Some(true) {
            return std::cmp::Ordering::Equal;
        }
        self.with_str(|a| other.with_str(|b| a.cmp(b)))
    }
}

impl std::hash::Hash for At {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.with_str(|s| s.hash(state));
    }
}

impl serde::Serialize for At {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for At {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<At, D::Error> {
        String::deserialize(d).map(At::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind of place and the text it was made as before.
    fn places() -> Vec<(At, String)> {
        let file = At::prefix("a/b.txt");
        let sheet = At::prefix("t.xlsx#Sheet1!");
        let mut out = Vec::new();
        for n in [0, 1, 9, 10, 12, 4_294_967_295, 4_294_967_296] {
            out.push((At::line(&file, n), format!("a/b.txt:{n}")));
            out.push((At::page(&file, 3, n), format!("a/b.txt#p3:L{n}")));
            out.push((At::page(&file, n, 5), format!("a/b.txt#p{n}:L5")));
            out.push((At::cell(&sheet, 1, n), format!("t.xlsx#Sheet1!B{n}")));
        }
        for (col, name) in [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")] {
            out.push((At::cell(&sheet, col, 7), format!("t.xlsx#Sheet1!{name}7")));
        }
        out.push((
            At::cell(&sheet, u32::MAX, 1),
            "t.xlsx#Sheet1!MWLQKWV1".into(),
        ));
        out.push((At::text("a/b.txt:9"), "a/b.txt:9".into()));
        out.push((At::default(), String::new()));
        out.push((
            At::line(&At::prefix(&"长".repeat(200)), 3),
            format!("{}:3", "长".repeat(200)),
        ));
        out
    }

    #[test]
    fn at_formats_as_the_text_it_replaces() {
        for (at, text) in places() {
            assert_eq!(at.to_string(), text);
            assert_eq!(at, text.as_str());
            assert!(at.with_str(|s| s == text));
            assert_eq!(format!("{at:?}"), format!("{text:?}"));
            assert_eq!(
                serde_json::to_string(&at).unwrap(),
                serde_json::to_string(&text).unwrap()
            );
            let back: At = serde_json::from_str(&serde_json::to_string(&at).unwrap()).unwrap();
            assert_eq!(back, at);
            assert_eq!(at.is_empty(), text.is_empty());
        }
    }

    #[test]
    fn at_compares_as_its_text() {
        let places = places();
        let hash = |a: &At| {
            use std::hash::{BuildHasher, BuildHasherDefault};
            BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(a)
        };
        let texts: Vec<At> = places.iter().map(|(_, t)| At::text(t.as_str())).collect();
        for (a, ta) in &places {
            for ((b, tb), text_b) in places.iter().zip(&texts) {
                assert_eq!(a == b, ta == tb, "{ta} {tb}");
                assert_eq!(a == text_b, ta == tb, "{ta} {tb}");
                assert_eq!(a.cmp(b), ta.cmp(tb), "{ta} {tb}");
                assert_eq!(a.cmp(text_b), ta.cmp(tb), "{ta} {tb}");
                if a == text_b {
                    assert_eq!(hash(a), hash(text_b));
                }
            }
        }
    }

    /// The column's name as it was made, in a vector reversed.
    fn column_name_reversed(mut col: u32) -> String {
        let mut name = Vec::new();
        loop {
            name.push(b'A' + (col % 26) as u8);
            if col < 26 {
                break;
            }
            col = col / 26 - 1;
        }
        name.reverse();
        String::from_utf8(name).unwrap_or_default()
    }

    proptest::proptest! {
        #[test]
        fn at_column_names_are_the_reversed_ones(col in proptest::num::u32::ANY) {
            proptest::prop_assert_eq!(column_name(col), column_name_reversed(col));
        }
    }

    #[test]
    fn at_column_names_count_from_a() {
        for col in [
            0,
            1,
            25,
            26,
            27,
            701,
            702,
            18_277,
            18_278,
            u32::MAX - 1,
            u32::MAX,
        ] {
            assert_eq!(column_name(col), column_name_reversed(col));
        }
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }
}
