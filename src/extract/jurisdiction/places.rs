//! The places a line names and what their context makes of them: a subject (`X12345热线`),
//! a reference (`比X平均值`, `X下派`), one of a list, an aside, a unit's branch
//! (`电信X分公司`), a functional area named after a place (`宝鸡高新区`).

use crate::extract::find::occurs;
use crate::gazetteer::{gazetteer, Mention};
use crate::source::normalize::compacted;

/// Words after a place that make it the subject: the area's hotline or platform.
pub(super) const SUBJECT_FOLLOWERS: &[&str] = &[
    "12345",
    "热线",
    "政务服务",
    "政务热线",
    "便民服务",
    "市民服务",
    "公共服务",
    "政府服务",
    "统一政务",
    "民呼",
    "市长信箱",
    "市长热线",
    "县长信箱",
    "区长信箱",
];

/// Words just before a place that make it a point of comparison or a source of orders.
pub(super) const REFERENCE_BEFORE: &[&str] = &[
    "比",
    "较",
    "高于",
    "低于",
    "优于",
    "超过",
    "对比",
    "仅次于",
    "承接",
    "来自",
    "上级",
];

/// Words later in the same clause that make a place the one orders came from.
pub(super) const REFERENCE_AFTER: &[&str] = &["平均", "下派", "转来", "相比"];

/// Words right after a place that make a unit the area's branch or its own institution
/// (`电信X分公司`, `国网X供电公司`, `X监管分局`, `X晚报`).
pub(super) const BRANCH_WORDS: &[&str] = &[
    "分公司",
    "供电公司",
    "供电局",
    "分行",
    "支行",
    "分局",
    "监管分局",
    "银保监分局",
    "海事局",
    "大队",
    "支队",
    "晚报",
    "日报",
    "电视台",
    "融媒体中心",
    "学院",
    "火车站",
    "机场",
    "政务网",
    "政府网",
];

/// Kinds of functional area named after a place (`宝鸡高新区`, `X经开区`), longest first.
pub const FUNCTIONAL_SUFFIXES: &[&str] = &[
    "高新技术产业开发区",
    "高新技术产业园区",
    "经济技术开发区",
    "高新技术开发区",
    "经济开发区",
    "工业园区",
    "高新区",
    "经开区",
    "开发区",
    "示范区",
    "保税区",
    "度假区",
    "管理区",
    "新区",
];

/// One place named in one line, with what its context makes of it.
#[derive(Clone, Debug)]
pub(super) struct Found {
    pub(super) mention: Mention,
    /// The printed name (compact).
    pub(super) printed: String,
    /// A functional area named after the place (`宝鸡高新区`): its printed name.
    pub(super) functional: Option<String>,
    pub(super) in_aside: bool,
    /// One of a list (`各县、某某区…`): not the subject of the line.
    pub(super) listed: bool,
    pub(super) reference: bool,
    pub(super) subject: bool,
    pub(super) unit_branch: bool,
    pub(super) weak: bool,
}

pub(super) fn starts_with_any(text: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .filter(|w| text.starts_with(*w))
        .map(|w| w.len())
        .max()
}

/// Whether a character opens or closes an aside: the state after it.
fn aside_step(c: char, depth: &mut i32, quote: &mut bool) {
    match c {
        '(' | '《' | '〔' | '[' => *depth += 1,
        ')' | '》' | '〕' | ']' => *depth = (*depth - 1).max(0),
        '“' | '‘' => *quote = true,
        '”' | '’' => *quote = false,
        '"' => *quote = !*quote,
        _ => {}
    }
}

/// Byte ranges of `text` inside parentheses, quotes or book-title marks (the reference
/// [`Asides`] is compared with).
#[cfg(test)]
pub(super) fn aside_mask(text: &str) -> Vec<bool> {
    let mut mask = vec![false; text.len()];
    let mut depth = 0i32;
    let mut quote = false;
    for (i, c) in text.char_indices() {
        aside_step(c, &mut depth, &mut quote);
        let inside = depth > 0 || quote;
        if inside {
            mask[i..i + c.len_utf8()].fill(true);
        }
    }
    mask
}

/// Whether the characters of a text lie inside parentheses, quotes or book-title marks,
/// read left to right as far as the places asked for (a line's mentions, in order): no
/// mask of the whole line is made.
pub(super) struct Asides<'t> {
    text: &'t str,
    /// The next character to read.
    at: usize,
    depth: i32,
    quote: bool,
}

impl<'t> Asides<'t> {
    pub(super) fn new(text: &'t str) -> Asides<'t> {
        Asides {
            text,
            at: 0,
            depth: 0,
            quote: false,
        }
    }

    /// Whether the character starting at byte `at` lies inside an aside (false past the
    /// end or off a character's start, as the mask says).
    pub(super) fn inside(&mut self, at: usize) -> bool {
        if at < self.at {
            *self = Asides::new(self.text);
        }
        while let Some(c) = self.text.get(self.at..).and_then(|r| r.chars().next()) {
            let here = self.at;
            if here > at {
                break;
            }
            aside_step(c, &mut self.depth, &mut self.quote);
            self.at += c.len_utf8();
            if here == at {
                return self.depth > 0 || self.quote;
            }
        }
        // Inside a character (not its start) or past the end.
        let (depth, quote) = (self.depth, self.quote);
        at < self.text.len() && self.at > at && (depth > 0 || quote)
    }
}

pub(super) fn clause_end(text: &str, from: usize) -> usize {
    text[from..]
        .find([',', ';', '。', '!', '?', ':'])
        .map_or(text.len(), |i| from + i)
}

/// The places named in a line as printed: those of its compact form, made only where
/// the gazetteer may name a place and borrowed where the line holds no space.
pub(super) fn places_of(line: &str) -> Vec<Found> {
    if !gazetteer().may_name(line) {
        return Vec::new();
    }
    places_in(&compacted(line))
}

/// [`places_of`] as it was: every line compacted into a new string and read.
#[cfg(test)]
pub(super) fn places_of_every_compact_line(line: &str) -> Vec<Found> {
    places_in(&crate::source::normalize::compact(line))
}

/// The places named in one (compact) line.
pub(super) fn places_in(text: &str) -> Vec<Found> {
    let g = gazetteer();
    let mentions = g.mentions(text);
    if mentions.is_empty() {
        return Vec::new();
    }
    let mut asides = Asides::new(text);
    let mut out: Vec<Found> = Vec::new();
    for mut m in mentions {
        // A name right after its parent's (长春市朝阳区, 阳泉市城区) is that parent's.
        let mut after_parent = false;
        if let Some(prev) = out.last().filter(|p| p.mention.end == m.start) {
            let inside: Vec<usize> = m
                .candidates
                .iter()
                .copied()
                .filter(|&c| prev.mention.candidates.iter().any(|&p| g.lies_in(c, p)))
                .collect();
            if !inside.is_empty() {
                m.candidates = inside;
                after_parent = true;
            }
        }
        let before = &text[..m.start];
        let after = &text[m.end..];
        let after_q = after.trim_start_matches(['“', '”', '"', '‘', '’']);
        let functional = starts_with_any(after, FUNCTIONAL_SUFFIXES)
            .map(|n| text[m.start..m.end + n].to_string());
        let reference = REFERENCE_BEFORE.iter().any(|w| before.ends_with(w)) || {
            // The rest of the clause, found once for every word looked for in it.
            let clause = &text[m.end..clause_end(text, m.end)];
            REFERENCE_AFTER.iter().any(|w| occurs(clause, w))
        };
        let subject = match &functional {
            // A functional area named after a place is a name in its own right.
            Some(name) => {
                let rest = &text[m.start + name.len()..];
                starts_with_any(rest.trim_start_matches(['“', '”', '"']), SUBJECT_FOLLOWERS)
                    .is_some()
            }
            None => starts_with_any(after_q, SUBJECT_FOLLOWERS).is_some(),
        };
        let unit_branch = starts_with_any(after, BRANCH_WORDS).is_some();
        let weak = m.is_weak(text) && !after_parent;
        let end = m.end
            + functional
                .as_ref()
                .map_or(0, |f| f.len() - (m.end - m.start));
        let listed = before.ends_with('、') || text[end..].starts_with('、');
        out.push(Found {
            printed: text[m.start..m.end].to_string(),
            in_aside: asides.inside(m.start),
            listed,
            functional,
            reference,
            subject,
            unit_branch,
            weak,
            mention: m,
        });
    }
    out
}

/// Whether a line is nothing but whitespace (empty once compacted).
pub(super) fn is_blank(line: &str) -> bool {
    line.chars().all(char::is_whitespace)
}

pub(super) fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}
