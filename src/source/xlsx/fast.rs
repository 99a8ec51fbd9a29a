//! A fast reader of the plain XML that spreadsheet parts are written in, giving quick-xml's
//! own events, with quick-xml to fall back on.

use super::*;

/// A reader of the plain XML spreadsheet parts are written in, some times faster than
/// quick-xml's: the same events (quick-xml's own types, so everything read from them
/// reads the same) for a document of elements, attributes and text only. On anything
/// else (an entity or character reference, a comment, CDATA, a processing instruction,
/// a quote or `<` in a tag it cannot place, an end tag without its start, a document
/// ending inside an element, bytes that are not UTF-8) it gives up (`bailed`) and the
/// part is read again by quick-xml, which says what is wrong with it.
pub(super) struct FastReader<'i> {
    rest: &'i str,
    /// The end of an element written `<x/>`, given next.
    pending_end: Option<&'i str>,
    /// Elements open.
    depth: usize,
    pub(super) bailed: bool,
}

impl<'i> FastReader<'i> {
    pub(super) fn new(bytes: &'i [u8]) -> FastReader<'i> {
        let mut r = FastReader {
            rest: "",
            pending_end: None,
            depth: 0,
            bailed: false,
        };
        match std::str::from_utf8(bytes) {
            Ok(text) if !text.contains('&') => match skip_declaration(text) {
                Some(rest) => r.rest = rest,
                None => r.bailed = true,
            },
            _ => r.bailed = true,
        }
        r
    }

    fn bail(&mut self) -> quick_xml::Error {
        self.bailed = true;
        quick_xml::Error::Io(std::sync::Arc::new(std::io::Error::other(
            "left to quick-xml",
        )))
    }
}

/// The document after its XML declaration (when it has one in UTF-8); `None` for a
/// declaration of another encoding or a document starting otherwise than plainly.
fn skip_declaration(text: &str) -> Option<&str> {
    if text.starts_with('\u{feff}') {
        return None;
    }
    let Some(decl) = text.strip_prefix("<?xml") else {
        return (!text.starts_with("<?")).then_some(text);
    };
    if !decl.starts_with([' ', '\t', '\r', '\n']) {
        return None;
    }
    let end = decl.find("?>")?;
    let attrs = &decl[..end];
    if let Some(at) = attrs.find("encoding") {
        let value = attrs[at + "encoding".len()..].trim_start_matches([' ', '=', '"', '\'']);
        if !value
            .get(..5)
            .is_some_and(|v| v.eq_ignore_ascii_case("utf-8"))
        {
            return None;
        }
    }
    Some(&decl[end + 2..])
}

/// XML's whitespace (what quick-xml ends a tag's name at).
fn xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'i> XmlEvents<'i> for FastReader<'i> {
    fn event<'b>(&mut self, _: &'b mut Vec<u8>) -> quick_xml::Result<Event<'b>>
    where
        'i: 'b,
    {
        use quick_xml::events::{BytesEnd, BytesText};
        if self.bailed {
            return Err(self.bail());
        }
        if let Some(name) = self.pending_end.take() {
            self.depth -= 1;
            return Ok(Event::End(BytesEnd::new(name)));
        }
        let rest = self.rest;
        if rest.is_empty() {
            if self.depth > 0 {
                return Err(self.bail());
            }
            return Ok(Event::Eof);
        }
        let all = rest.as_bytes();
        let lt = all.iter().position(|&b| b == b'<').unwrap_or(all.len());
        if lt > 0 {
            self.rest = &rest[lt..];
            return Ok(Event::Text(BytesText::from_escaped(&rest[..lt])));
        }
        // The tag ends at the first `>` outside quotes (as quick-xml reads it).
        let mut quote = 0u8;
        let mut gt = None;
        for (i, &b) in all.iter().enumerate().skip(1) {
            match b {
                b'>' if quote == 0 => {
                    gt = Some(i);
                    break;
                }
                b'<' => break,
                b'"' | b'\'' if quote == 0 => quote = b,
                _ if b == quote => quote = 0,
                _ => {}
            }
        }
        let Some(gt) = gt else {
            return Err(self.bail());
        };
        let tag = &rest[1..gt];
        self.rest = &rest[gt + 1..];
        let bytes = tag.as_bytes();
        match bytes.first() {
            Some(b'/') => {
                let name = &tag[1..];
                if name.is_empty() || name.bytes().any(xml_space) || self.depth == 0 {
                    return Err(self.bail());
                }
                self.depth -= 1;
                Ok(Event::End(BytesEnd::new(name)))
            }
            Some(&b) if b != b'!' && b != b'?' && !xml_space(b) => {
                let (content, empty) = match tag.strip_suffix('/') {
                    Some(c) => (c, true),
                    None => (tag, false),
                };
                let name_len = content.bytes().position(xml_space).unwrap_or(content.len());
                if name_len == 0 {
                    return Err(self.bail());
                }
                self.depth += 1;
                if empty {
                    self.pending_end = Some(&content[..name_len]);
                }
                Ok(Event::Start(BytesStart::from_content(content, name_len)))
            }
            _ => Err(self.bail()),
        }
    }

    fn skip_to_end(&mut self, name: QName<'_>, buf: &mut Vec<u8>) -> quick_xml::Result<()> {
        let mut depth = 0usize;
        loop {
            match self.event(buf)? {
                Event::Start(e) if e.name() == name => depth += 1,
                Event::End(e) if e.name() == name => match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None => return Ok(()),
                },
                Event::Eof => return Err(self.bail()),
                _ => {}
            }
        }
    }
}
