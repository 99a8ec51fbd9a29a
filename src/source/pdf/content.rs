//! A page's content stream → positioned glyphs and ruling lines. Walks the operators that
//! place text (BT/ET, Tf, Tm, Td, TJ, …), the graphics state that moves it (q/Q, cm, form
//! XObjects) and the paths that draw table rules (m/l/re, stroked or filled thin); counts
//! images, so a page of scans is told from an empty one. Everything else is skipped.
//! Hands `layout` glyphs in page space (points, y up, the page's /Rotate applied).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::font::{Code, Font};
use super::objects::{decode_stream, deref, name_of, num};

/// One shown code, where it was printed.
#[derive(Clone, Debug)]
pub struct Glyph {
    pub text: String,
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Advance along the baseline.
    pub w: f32,
    /// Font size in page space.
    pub size: f32,
}

/// A horizontal or vertical rule: (x0, y0, x1, y1) with x0 <= x1, y0 <= y1.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    pub fn horizontal(&self) -> bool {
        self.y1 - self.y0 <= self.x1 - self.x0
    }
}

/// What a page shows.
#[derive(Default)]
pub struct PageContent {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub images: usize,
    /// Codes shown whose font maps them to no text.
    pub unmapped: usize,
}

/// The most glyphs read from one page, and the deepest form XObject nesting followed.
const MAX_GLYPHS: usize = 400_000;
const MAX_FORM_DEPTH: usize = 8;
const MAX_STACK: usize = 64;
/// The most operators executed on one page (forms included).
const MAX_OPS: usize = 5_000_000;

type Matrix = [f32; 6];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<usize>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

/// Fonts loaded once per document, by font dictionary object (or by name and page for
/// direct dictionaries).
#[derive(Default)]
pub struct FontCache {
    fonts: Vec<Font>,
    by_id: HashMap<lopdf::ObjectId, usize>,
}

pub struct Interpreter<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    out: PageContent,
    ops: usize,
    codes: Vec<Code>,
}

impl<'a> Interpreter<'a> {
    pub fn new(doc: &'a Document, fonts: &'a mut FontCache) -> Self {
        Interpreter {
            doc,
            fonts,
            out: PageContent::default(),
            ops: 0,
            codes: Vec::new(),
        }
    }

    /// Runs a page's content with its resources, under `base` (the page's rotation).
    pub fn run(mut self, content: &[u8], resources: &Dictionary, base: Matrix) -> PageContent {
        let state = State {
            ctm: base,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        self.exec(content, resources, state, 0);
        self.out
    }

    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> Option<usize> {
        let fonts = resources
            .get(b"Font")
            .ok()
            .map(|o| deref(self.doc, o))?
            .as_dict()
            .ok()?;
        let entry = fonts.get(name).ok()?;
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(k) = id.and_then(|id| self.fonts.by_id.get(&id)) {
            return Some(*k);
        }
        let dict = deref(self.doc, entry).as_dict().ok()?;
        let font = Font::load(self.doc, dict);
        self.fonts.fonts.push(font);
        let k = self.fonts.fonts.len() - 1;
        if let Some(id) = id {
            self.fonts.by_id.insert(id, k);
        }
        Some(k)
    }

    fn exec(&mut self, content: &[u8], resources: &Dictionary, mut gs: State, depth: usize) {
        let mut stack: Vec<State> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut operands: Vec<Operand> = Vec::new();
        let mut path: Vec<(f32, f32)> = Vec::new();
        let mut pending: Vec<Rule> = Vec::new();
        let mut lexer = Lexer {
            data: content,
            pos: 0,
        };
        while let Some(tok) = lexer.next() {
            let op = match tok {
                Token::Operand(o) => {
                    if operands.len() < 64 {
                        operands.push(o);
                    }
                    continue;
                }
                Token::Op(op) => op,
            };
            self.ops += 1;
            if self.ops > MAX_OPS || self.out.glyphs.len() > MAX_GLYPHS {
                return;
            }
            let n = |k: usize| -> f32 {
                operands
                    .len()
                    .checked_sub(k)
                    .and_then(|i| operands.get(i))
                    .and_then(Operand::num)
                    .unwrap_or(0.0)
            };
            match op {
                b"q" if stack.len() < MAX_STACK => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    let m = [n(6), n(5), n(4), n(3), n(2), n(1)];
                    gs.ctm = mul(&m, &gs.ctm);
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" => {
                    gs.size = n(1);
                    if let Some(Operand::Name(name)) = operands.first() {
                        let name = name.clone();
                        gs.font = self.font(resources, &name);
                    }
                }
                b"Tc" => gs.char_spacing = n(1),
                b"Tw" => gs.word_spacing = n(1),
                b"Tz" => gs.scale = n(1) / 100.0,
                b"TL" => gs.leading = n(1),
                b"Ts" => gs.rise = n(1),
                b"Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(2), n(1)], &tlm);
                    tm = tlm;
                }
                b"TD" => {
                    gs.leading = -n(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(2), n(1)], &tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    tlm = [n(6), n(5), n(4), n(3), n(2), n(1)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"'" || op == b"\"" {
                        if op == b"\"" {
                            gs.word_spacing = n(3);
                            gs.char_spacing = n(2);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    let parts: Vec<Operand> = match operands.pop() {
                        Some(Operand::Array(a)) => a,
                        Some(s @ Operand::Str(_)) => vec![s],
                        _ => Vec::new(),
                    };
                    for part in parts {
                        match part {
                            Operand::Str(bytes) => self.show(&bytes, &gs, &mut tm),
                            Operand::Num(adj) => {
                                let tx = -adj / 1000.0 * gs.size * gs.scale;
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                            }
                            _ => {}
                        }
                    }
                }
                b"m" => {
                    path.clear();
                    path.push(apply(&gs.ctm, n(2), n(1)));
                }
                b"l" => {
                    let p = apply(&gs.ctm, n(2), n(1));
                    if let Some(&last) = path.last() {
                        pending.push(rule(last, p));
                    }
                    path.push(p);
                }
                b"re" => {
                    let (x, y, w, h) = (n(4), n(3), n(2), n(1));
                    let a = apply(&gs.ctm, x, y);
                    let b = apply(&gs.ctm, x + w, y + h);
                    let r = Rule {
                        x0: a.0.min(b.0),
                        y0: a.1.min(b.1),
                        x1: a.0.max(b.0),
                        y1: a.1.max(b.1),
                    };
                    if r.x1 - r.x0 < 2.5 || r.y1 - r.y0 < 2.5 {
                        // A thin filled box is a rule (Word draws borders so).
                        pending.push(r);
                    } else {
                        // A stroked box: its four edges.
                        pending.push(Rule { y1: r.y0, ..r });
                        pending.push(Rule { y0: r.y1, ..r });
                        pending.push(Rule { x1: r.x0, ..r });
                        pending.push(Rule { x0: r.x1, ..r });
                    }
                    path.clear();
                }
                b"h" => {
                    if let (Some(&first), Some(&last)) = (path.first(), path.last()) {
                        pending.push(rule(last, first));
                    }
                }
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    let filled = !matches!(op, b"S" | b"s");
                    for r in pending.drain(..) {
                        let thin = (r.x1 - r.x0).min(r.y1 - r.y0) < 2.5;
                        let straight = (r.x1 - r.x0) < 1.0 || (r.y1 - r.y0) < 1.0 || thin;
                        // A filled big box is a shading, not a rule; its edges are kept only
                        // when stroked.
                        if straight && (!filled || thin) && self.out.rules.len() < 100_000 {
                            self.out.rules.push(r);
                        }
                    }
                    path.clear();
                }
                b"n" => {
                    pending.clear();
                    path.clear();
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = operands.first() {
                        let name = name.clone();
                        self.xobject(resources, &name, &gs, depth);
                    }
                }
                b"BI" => lexer.skip_inline_image(),
                _ => {}
            }
            operands.clear();
        }
    }

    fn xobject(&mut self, resources: &Dictionary, name: &[u8], gs: &State, depth: usize) {
        let doc = self.doc;
        let Some(xobjects) = resources
            .get(b"XObject")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
        else {
            return;
        };
        let Some(Object::Stream(s)) = xobjects.get(name).ok().map(|o| deref(doc, o)) else {
            return;
        };
        match s
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| name_of(doc, o))
            .as_deref()
        {
            Some("Image") => self.out.images += 1,
            Some("Form") if depth < MAX_FORM_DEPTH => {
                let Ok(data) = decode_stream(doc, s) else {
                    return;
                };
                let mut inner = gs.clone();
                if let Some(Object::Array(m)) = s.dict.get(b"Matrix").ok().map(|o| deref(doc, o)) {
                    let v: Vec<f32> = m.iter().filter_map(|o| num(doc, o)).collect();
                    if v.len() == 6 {
                        inner.ctm = mul(&[v[0], v[1], v[2], v[3], v[4], v[5]], &gs.ctm);
                    }
                }
                let res = s
                    .dict
                    .get(b"Resources")
                    .ok()
                    .map(|o| deref(doc, o))
                    .and_then(|o| o.as_dict().ok())
                    .unwrap_or(resources);
                self.exec(&data, res, inner, depth + 1);
            }
            _ => {}
        }
    }

    fn show(&mut self, bytes: &[u8], gs: &State, tm: &mut Matrix) {
        let Some(k) = gs.font else {
            return;
        };
        self.codes.clear();
        self.fonts.fonts[k].codes(bytes, &mut self.codes);
        let trm_base = mul(tm, &gs.ctm);
        // The font size in page space: the text matrix's vertical scale.
        let vscale = (trm_base[2] * trm_base[2] + trm_base[3] * trm_base[3]).sqrt();
        let size = gs.size * vscale;
        // Upright text only: rotated text (a watermark, a vertical label) is not read.
        let upright = trm_base[1].abs() < 0.01 * trm_base[0].abs().max(1e-6)
            && trm_base[0] > 0.0
            && trm_base[3] > 0.0;
        for code in self.codes.drain(..) {
            let tx = (code.width / 1000.0 * gs.size
                + gs.char_spacing
                + if code.is_space { gs.word_spacing } else { 0.0 })
                * gs.scale;
            let trm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, gs.rise], &mul(tm, &gs.ctm));
            let (x, y) = (trm[4], trm[5]);
            let (x1, _) = apply(&mul(tm, &gs.ctm), tx, 0.0);
            if code.text.is_empty() {
                self.out.unmapped += 1;
            }
            if upright && !code.text.is_empty() && self.out.glyphs.len() < MAX_GLYPHS {
                self.out.glyphs.push(Glyph {
                    text: code.text,
                    x,
                    y,
                    w: (x1 - x).max(0.0),
                    size,
                });
            }
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        }
    }
}

fn rule(a: (f32, f32), b: (f32, f32)) -> Rule {
    Rule {
        x0: a.0.min(b.0),
        y0: a.1.min(b.1),
        x1: a.0.max(b.0),
        y1: a.1.max(b.1),
    }
}

#[derive(Clone, Debug)]
enum Operand {
    Num(f32),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Other,
}

impl Operand {
    fn num(&self) -> Option<f32> {
        match self {
            Operand::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

enum Token<'a> {
    Operand(Operand),
    Op(&'a [u8]),
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_delim(c: u8) -> bool {
    c.is_ascii_whitespace() || b"()<>[]{}/%".contains(&c) || c == 0
}

impl<'a> Lexer<'a> {
    fn skip_space(&mut self) {
        while self.pos < self.data.len() {
            let c = self.data[self.pos];
            if c.is_ascii_whitespace() || c == 0 {
                self.pos += 1;
            } else if c == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\n' | b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next(&mut self) -> Option<Token<'a>> {
        self.skip_space();
        let c = *self.data.get(self.pos)?;
        Some(match c {
            b'[' => {
                self.pos += 1;
                Token::Operand(self.array(0))
            }
            b'('
            | b'<'
            | b'/'
            | b'+'
            | b'-'
            | b'.'
            | b'0'..=b'9'
            | b']'
            | b'>'
            | b')'
            | b'{'
            | b'}' => Token::Operand(self.operand(0)),
            _ => {
                let s = self.pos;
                while self.pos < self.data.len() && !is_delim(self.data[self.pos]) {
                    self.pos += 1;
                }
                if self.pos == s {
                    self.pos += 1;
                }
                Token::Op(&self.data[s..self.pos])
            }
        })
    }

    fn array(&mut self, depth: usize) -> Operand {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.data.get(self.pos) {
                None => break,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(b'[') => {
                    self.pos += 1;
                    let a = if depth < 8 {
                        self.array(depth + 1)
                    } else {
                        Operand::Other
                    };
                    items.push(a);
                }
                Some(_) => {
                    let before = self.pos;
                    let o = self.operand(depth);
                    if self.pos == before {
                        self.pos += 1;
                    }
                    if items.len() < 100_000 {
                        items.push(o);
                    }
                }
            }
        }
        Operand::Array(items)
    }

    fn operand(&mut self, depth: usize) -> Operand {
        let d = self.data;
        let c = d[self.pos];
        match c {
            b'(' => {
                self.pos += 1;
                let mut out = Vec::new();
                let mut nest = 1usize;
                while self.pos < d.len() {
                    let c = d[self.pos];
                    self.pos += 1;
                    match c {
                        b'\\' => {
                            let Some(&e) = d.get(self.pos) else { break };
                            self.pos += 1;
                            match e {
                                b'n' => out.push(b'\n'),
                                b'r' => out.push(b'\r'),
                                b't' => out.push(b'\t'),
                                b'b' => out.push(8),
                                b'f' => out.push(12),
                                b'\r' => {
                                    if d.get(self.pos) == Some(&b'\n') {
                                        self.pos += 1;
                                    }
                                }
                                b'\n' => {}
                                b'0'..=b'7' => {
                                    let mut v = u32::from(e - b'0');
                                    for _ in 0..2 {
                                        match d.get(self.pos) {
                                            Some(&o @ b'0'..=b'7') => {
                                                v = v * 8 + u32::from(o - b'0');
                                                self.pos += 1;
                                            }
                                            _ => break,
                                        }
                                    }
                                    out.push(v as u8);
                                }
                                other => out.push(other),
                            }
                        }
                        b'(' => {
                            nest += 1;
                            out.push(c);
                        }
                        b')' => {
                            nest -= 1;
                            if nest == 0 {
                                break;
                            }
                            out.push(c);
                        }
                        _ => out.push(c),
                    }
                }
                Operand::Str(out)
            }
            b'<' if d.get(self.pos + 1) == Some(&b'<') => {
                // An inline dictionary (marked content properties): skipped whole.
                self.pos += 2;
                let mut nest = 1usize;
                while self.pos < d.len() && nest > 0 {
                    if d[self.pos..].starts_with(b"<<") {
                        nest += 1;
                        self.pos += 2;
                    } else if d[self.pos..].starts_with(b">>") {
                        nest -= 1;
                        self.pos += 2;
                    } else if d[self.pos] == b'(' && depth < 8 {
                        let _ = self.operand(depth + 1);
                    } else {
                        self.pos += 1;
                    }
                }
                Operand::Other
            }
            b'<' => {
                self.pos += 1;
                let mut digits = Vec::new();
                while self.pos < d.len() && d[self.pos] != b'>' {
                    if let Some(v) = (d[self.pos] as char).to_digit(16) {
                        digits.push(v as u8);
                    }
                    self.pos += 1;
                }
                self.pos += 1;
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                Operand::Str(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect())
            }
            b'/' => {
                self.pos += 1;
                let s = self.pos;
                while self.pos < d.len() && !is_delim(d[self.pos]) {
                    self.pos += 1;
                }
                Operand::Name(d[s..self.pos].to_vec())
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let s = self.pos;
                self.pos += 1;
                while self.pos < d.len()
                    && (d[self.pos].is_ascii_digit() || matches!(d[self.pos], b'.' | b'-' | b'+'))
                {
                    self.pos += 1;
                }
                let t = std::str::from_utf8(&d[s..self.pos]).unwrap_or("0");
                Operand::Num(t.parse().unwrap_or_else(|_| {
                    // `--5`, `1.2.3`: take the leading number.
                    let t = t.trim_start_matches(['+', '-']);
                    t.split(['-', '+'])
                        .next()
                        .and_then(|x| x.parse().ok())
                        .unwrap_or(0.0)
                }))
            }
            _ => {
                self.pos += 1;
                Operand::Other
            }
        }
    }

    /// Skips an inline image's dictionary and data, to just after its `EI`.
    fn skip_inline_image(&mut self) {
        let d = self.data;
        if let Some(k) = d[self.pos..].windows(2).position(|w| w == b"ID") {
            self.pos += k + 2;
        }
        while self.pos + 2 <= d.len() {
            if d[self.pos..].starts_with(b"EI")
                && d[self.pos - 1].is_ascii_whitespace()
                && d.get(self.pos + 2).is_none_or(|c| is_delim(*c))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = d.len();
    }
}

/// The matrix that turns a page's user space into the page as displayed, for its /Rotate
/// and media box.
pub fn page_matrix(rotate: i64, media: [f32; 4]) -> (Matrix, f32, f32) {
    let (w, h) = (media[2] - media[0], media[3] - media[1]);
    let shift = [1.0, 0.0, 0.0, 1.0, -media[0], -media[1]];
    match rotate.rem_euclid(360) {
        90 => (mul(&shift, &[0.0, -1.0, 1.0, 0.0, 0.0, w]), h, w),
        180 => (mul(&shift, &[-1.0, 0.0, 0.0, -1.0, w, h]), w, h),
        270 => (mul(&shift, &[0.0, 1.0, -1.0, 0.0, h, 0.0]), h, w),
        _ => (shift, w, h),
    }
}
