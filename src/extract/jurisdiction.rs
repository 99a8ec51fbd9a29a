//! The issuing area of a bulletin, resolved against the gazetteer: the most specific
//! division that the title, the masthead (an issuer line such as `发布机构: …`, an office
//! signing with a date) or the opening of a sentence names as the subject (`X12345热线共受理`),
//! else what the document implies, in this order: the parent of the subdivisions it lists
//! (岳阳县, 湘阴县, 汨罗市 → 岳阳市), a table's title, the file name, the area the units are
//! branches of (`电信X分公司`, `国网X供电公司`).
//!
//! A place the text compares itself with (`比宜春市平均值`), receives orders from
//! (`宜春下派工单`, `平顶山市“民呼必应”平台交办`), names inside quotes, brackets or parentheses,
//! or only as a word fragment is not the issuer. Where nothing decides, the jurisdiction is
//! left empty rather than guessed; where a name is shared by several divisions (朝阳区) and
//! no parent or sibling nearby tells them apart, the name is kept without a code.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use serde::{Deserialize, Serialize};

use crate::gazetteer::{gazetteer, Form, Level, Mention};
use crate::source::normalize::compact;

/// Where the jurisdiction was read (`jurisdiction_source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JurisdictionSource {
    /// The document's title.
    Title,
    /// An issuer line: 发布机构, 来源, 版权所有, an office signing with a date.
    Masthead,
    /// A sentence whose subject is the area's hotline (`X12345热线共受理…`).
    Text,
    /// A table's title.
    TableTitle,
    /// The parent of the subdivisions the document lists.
    Subdivisions,
    /// The input's file name.
    FileName,
    /// The area the document's units are branches of (`电信X分公司`, `X供电公司`).
    UnitNames,
}

impl JurisdictionSource {
    pub fn key(self) -> &'static str {
        match self {
            JurisdictionSource::Title => "title",
            JurisdictionSource::Masthead => "masthead",
            JurisdictionSource::Text => "text",
            JurisdictionSource::TableTitle => "table_title",
            JurisdictionSource::Subdivisions => "subdivisions",
            JurisdictionSource::FileName => "file_name",
            JurisdictionSource::UnitNames => "unit_names",
        }
    }
}

/// A resolved issuing area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jurisdiction {
    /// Its official name (a former name as printed; a functional area as printed).
    pub name: String,
    /// GB/T 2260 code, where the gazetteer resolves it.
    pub code: Option<u32>,
    pub level: Option<Level>,
    pub source: JurisdictionSource,
    /// The gazetteer entry, where one was chosen.
    pub division: Option<usize>,
}

/// The texts of a document that may name its area.
#[derive(Clone, Debug, Default)]
pub struct DocText<'a> {
    /// The line found as the title.
    pub title: Option<&'a str>,
    /// Prose and the lines around tables, in order.
    pub lines: Vec<&'a str>,
    pub table_titles: Vec<&'a str>,
    /// The units of the tables' rows.
    pub units: Vec<&'a str>,
    /// The file name without its folder and extension.
    pub file_stem: &'a str,
}

// Phrase tables: data, not logic.

/// Labels of issuer fields in a masthead or metadata block.
const ISSUER_LABELS: &[&str] = &[
    "发布机构",
    "发文机关",
    "发文单位",
    "发布单位",
    "信息来源",
    "来源",
    "主办单位",
    "主办",
    "版权所有",
    "责任部门",
    "编制单位",
];

/// Labels of title fields in a metadata block.
const TITLE_LABELS: &[&str] = &["信息名称", "文件名称", "标题", "名称"];

/// Other metadata labels: a field's value ends where one of these starts.
const OTHER_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "发文日期",
    "成文日期",
    "索引号",
    "信息分类",
    "主题分类",
    "主题词",
    "文号",
    "浏览次数",
    "访问数",
    "运行维护",
    "技术支持",
    "地址",
    "邮编",
    "网站标识码",
    "内容概览",
    "时效",
    "字体",
];

/// What an office's name ends with (an issuer line is such a name, maybe with a date).
const OFFICE_ENDINGS: &[&str] = &[
    "人民政府",
    "政府",
    "办公室",
    "办公厅",
    "委员会",
    "管委会",
    "中心",
    "局",
    "厅",
    "部",
    "委",
    "办",
    "领导小组",
];

/// Words after a place that make it the subject: the area's hotline or platform.
const SUBJECT_FOLLOWERS: &[&str] = &[
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
const REFERENCE_BEFORE: &[&str] = &[
    "比", "较", "高于", "低于", "优于", "超过", "对比", "仅次于", "承接", "来自", "上级",
];

/// Words later in the same clause that make a place the one orders came from.
const REFERENCE_AFTER: &[&str] = &["平均", "下派", "转来", "相比"];

/// Words right after a place that make a unit the area's branch or its own institution
/// (`电信X分公司`, `国网X供电公司`, `X监管分局`, `X晚报`).
const BRANCH_WORDS: &[&str] = &[
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

/// The shortest word of a file name read as a place in pinyin (`miyun`, not `an`).
const MIN_PINYIN: usize = 4;

/// Kinds of functional area named after a place (`渭南高新区`, `X经开区`), longest first.
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

/// How many lines from the top (and from the end) a masthead is looked for in.
const HEAD_LINES: usize = 15;
const TAIL_LINES: usize = 5;

/// One place named in one line, with what its context makes of it.
#[derive(Clone, Debug)]
struct Found {
    mention: Mention,
    /// The printed name (compact).
    printed: String,
    /// A functional area named after the place (`渭南高新区`): its printed name.
    functional: Option<String>,
    in_aside: bool,
    /// One of a list (`各县、赣榆区…`): not the subject of the line.
    listed: bool,
    reference: bool,
    subject: bool,
    unit_branch: bool,
    weak: bool,
}

fn starts_with_any(text: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .filter(|w| text.starts_with(*w))
        .map(|w| w.len())
        .max()
}

/// Byte ranges of `text` inside parentheses, quotes or book-title marks.
fn aside_mask(text: &str) -> Vec<bool> {
    let mut mask = vec![false; text.len()];
    let mut depth = 0i32;
    let mut quote = false;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '《' | '〔' | '[' => depth += 1,
            ')' | '》' | '〕' | ']' => depth = (depth - 1).max(0),
            '“' | '‘' => quote = true,
            '”' | '’' => quote = false,
            '"' => quote = !quote,
            _ => {}
        }
        let inside = depth > 0 || quote;
        for m in mask.iter_mut().skip(i).take(c.len_utf8()) {
            *m = inside;
        }
    }
    mask
}

fn clause_end(text: &str, from: usize) -> usize {
    text[from..]
        .find([',', ';', '。', '!', '?', ':'])
        .map_or(text.len(), |i| from + i)
}

/// The places named in one (compact) line.
fn places_in(text: &str) -> Vec<Found> {
    let mask = aside_mask(text);
    let g = gazetteer();
    let mut out: Vec<Found> = Vec::new();
    for mut m in g.mentions(text) {
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
        let reference = REFERENCE_BEFORE.iter().any(|w| before.ends_with(w))
            || REFERENCE_AFTER
            .iter()
            .any(|w| text[m.end..clause_end(text, m.end)].contains(w));
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
        let end = m.end + functional.as_ref().map_or(0, |f| f.len() - (m.end - m.start));
        let listed = before.ends_with('、') || text[end..].starts_with('、');
        out.push(Found {
            printed: text[m.start..m.end].to_string(),
            in_aside: mask.get(m.start).copied().unwrap_or(false),
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

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// A candidate area of one class: a division (or a functional area) at a position.
#[derive(Clone, Debug)]
struct Candidate {
    /// Divisions the name may be.
    divisions: Vec<usize>,
    functional: Option<String>,
    form: Form,
}

fn candidate(f: &Found) -> Option<Candidate> {
    if f.weak {
        return None;
    }
    let divisions = f.mention.candidates.clone();
    (!divisions.is_empty()).then_some(Candidate {
        divisions,
        functional: f.functional.clone(),
        form: f.mention.form,
    })
}

/// Whether a mention names a place by itself: a full name, a functional area, or a short
/// name where a name is expected (`江阴12345热线`).
fn named_in_full(f: &Found) -> bool {
    f.mention.form != Form::Short || f.subject || f.functional.is_some()
}

/// Splits a masthead line into (label, value) fields.
fn fields(line: &str) -> Vec<(&'static str, String)> {
    let labels: Vec<&'static str> = ISSUER_LABELS
        .iter()
        .chain(TITLE_LABELS)
        .chain(OTHER_LABELS)
        .copied()
        .collect();
    let mut hits: Vec<(usize, usize, &'static str)> = Vec::new();
    for l in &labels {
        for (at, _) in line.match_indices(l) {
            // A label stands at the start or after a separator, and a colon or a cell
            // boundary follows it.
            let before_ok = line[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !is_han(c));
            let rest = &line[at + l.len()..];
            let after_ok = rest.starts_with([':', '|']) || rest.is_empty();
            if before_ok && after_ok {
                hits.push((at, at + l.len(), l));
            }
        }
    }
    hits.sort();
    // A longer label that contains a shorter one at the same place wins (信息名称, 名称).
    hits.dedup_by(|b, a| b.0 < a.1);
    let mut out = Vec::new();
    for (k, &(_, end, label)) in hits.iter().enumerate() {
        let stop = hits.get(k + 1).map_or(line.len(), |h| h.0);
        let value = line[end..stop]
            .trim_start_matches([':', '|', ' '])
            .split('|')
            .next()
            .unwrap_or("")
            .trim();
        out.push((label, value.to_string()));
    }
    out
}

/// Whether a (compact) line is an office's name, maybe followed by a date: an issuer
/// signing (`汝州市人民政府办公室 2022年8月2日`).
fn office_line(line: &str) -> Option<&str> {
    let t = line.trim_start_matches(['-', '•', '◆', ' ']).trim_end();
    let name = match DATE_AT_END.find(t) {
        Some(m) => &t[..m.start()],
        None => t,
    }
    .trim();
    let name_ok = name.chars().count() <= 40
        && !name.contains([',', '。', ';', ':', '、', '|'])
        && OFFICE_ENDINGS.iter().any(|e| name.ends_with(e));
    name_ok.then_some(name)
}

/// Whether a line is a date alone.
fn is_date_line(line: &str) -> bool {
    let t = line.trim();
    DATE_AT_END.find(t).is_some_and(|m| m.start() == 0)
}

/// A date closing a line (`2022年8月2日`, `2023-10-08`).
static DATE_AT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{4}\s*[年./-]\s*[0-9]{1,2}\s*[月./-]\s*[0-9]{1,2}\s*日?$")
        .expect("date pattern")
});

/// Resolves the issuing area of a document.
pub fn resolve(doc: &DocText) -> Option<Jurisdiction> {
    let lines: Vec<String> = doc.lines.iter().map(|l| compact(l)).collect();
    let found: Vec<Vec<Found>> = lines.iter().map(|l| places_in(l)).collect();
    // Places named as a reference anywhere are nobody's issuer in the weaker classes.
    let referenced: BTreeSet<usize> = found
        .iter()
        .flatten()
        .filter(|f| f.reference)
        .flat_map(|f| f.mention.candidates.iter().copied())
        .collect();
    let not_referenced = |c: &Candidate| {
        !c.divisions.iter().any(|d| {
            referenced
                .iter()
                .any(|r| gazetteer().same_place(*d, *r))
        })
    };
    let context = Context::new(&found, doc);

    // 1. The title, and title fields of a metadata block.
    let mut title_lines: Vec<String> = doc.title.map(compact).into_iter().collect();
    let nonempty: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    let head: Vec<usize> = nonempty.iter().copied().take(HEAD_LINES).collect();
    let tail: Vec<usize> = nonempty
        .iter()
        .rev()
        .copied()
        .take(TAIL_LINES)
        .filter(|i| !head.contains(i))
        .collect();
    let mut masthead_texts: Vec<String> = Vec::new();
    for &i in head.iter().chain(&tail) {
        let line = doc.lines[i];
        // At the end, an office signs with a date (on its line or the next): a unit's
        // name closing a list is no signature.
        let signed = head.contains(&i)
            || DATE_AT_END.is_match(line.trim_end())
            || nonempty
                .iter()
                .find(|&&j| j > i)
                .is_some_and(|&j| is_date_line(doc.lines[j]));
        for (label, value) in fields(line) {
            if TITLE_LABELS.contains(&label) {
                title_lines.push(compact(&value));
            } else if ISSUER_LABELS.contains(&label) {
                masthead_texts.push(compact(&value));
            }
        }
        if let Some(name) = office_line(line.trim()).filter(|_| signed) {
            masthead_texts.push(compact(name));
        }
    }
    let country = |f: &Found| gazetteer().division(f.mention.candidates[0]).level == Level::Country;
    let pick = |texts: &[String], keep: &dyn Fn(&Found) -> bool| -> Vec<Candidate> {
        texts
            .iter()
            .flat_map(|l| places_in(l))
            .filter(|f| named_in_full(f) && !f.listed && keep(f))
            .filter_map(|f| candidate(&f))
            .collect()
    };
    let title_cands = pick(&title_lines, &|_| true);
    if let Some(j) = choose(&title_cands, &context, JurisdictionSource::Title) {
        return Some(j);
    }

    // 2. The masthead.
    let masthead_cands = pick(&masthead_texts, &|f| !country(f));
    if let Some(j) = choose(&masthead_cands, &context, JurisdictionSource::Masthead) {
        return Some(j);
    }

    // 3. A sentence whose subject is the area's hotline.
    let text_cands: Vec<Candidate> = found
        .iter()
        .flatten()
        .filter(|f| f.subject && !f.in_aside && !f.reference && !f.listed && !country(f))
        .filter_map(candidate)
        .collect();
    if let Some(j) = choose(&text_cands, &context, JurisdictionSource::Text) {
        return Some(j);
    }
    // 4. The parent of the subdivisions the document names.
    if let Some(j) = parent_of_subdivisions(&context).filter(|j| {
        j.division
            .is_none_or(|d| !referenced.iter().any(|r| gazetteer().same_place(d, *r)))
    }) {
        return Some(j);
    }

    // 5. A table's title.
    let titles: Vec<String> = doc.table_titles.iter().map(|t| compact(t)).collect();
    let table_cands: Vec<Candidate> = pick(&titles, &|f| !f.reference && !country(f))
        .into_iter()
        .filter(|c| not_referenced(c))
        .collect();
    if let Some(j) = choose(&table_cands, &context, JurisdictionSource::TableTitle) {
        return Some(j);
    }

    // 6. The file name.
    let file_cands = pick(&[compact(doc.file_stem)], &|f| !country(f));
    if let Some(j) = choose(&file_cands, &context, JurisdictionSource::FileName) {
        return Some(j);
    }

    // 7. The area the units are branches of.
    if let Some(j) = branch_area(&context, &not_referenced) {
        return Some(j);
    }

    // 8. A file name that spells in pinyin a place the document names in some form
    // (`miyun-2022-06.xlsx` with units such as 密云镇).
    pinyin_area(doc.file_stem, &context, &not_referenced)
}

/// The division a word of the file name spells in pinyin, when one is the best known
/// under that spelling (亳州市 before 播州区; 宜春市 and 伊春市 tie: none) and the document
/// names it or an area it lies in.
fn pinyin_area(
    stem: &str,
    context: &Context,
    allowed: &dyn Fn(&Candidate) -> bool,
) -> Option<Jurisdiction> {
    let g = gazetteer();
    let lower = stem.to_ascii_lowercase();
    for word in lower.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.len() < MIN_PINYIN {
            continue;
        }
        let found = g.by_pinyin(word);
        let Some(&first) = found.first() else {
            continue;
        };
        let key = |i: usize| (g.division(i).former, g.division(i).level);
        // Pinyin is no proof by itself (`fenxi` is 分析 before it is 汾西县): the document
        // must name the place or an area it lies in, in any form.
        let named = |d: usize| {
            context
                .any
                .iter()
                .any(|&o| g.same_place(o, d) || g.lies_in(d, o))
        };
        let best: Vec<usize> = found
            .iter()
            .copied()
            .filter(|&i| key(i) == key(first) && named(i))
            .collect();
        if best.is_empty() {
            continue;
        }
        let c = Candidate {
            divisions: best,
            functional: None,
            form: Form::Full,
        };
        if !allowed(&c) {
            continue;
        }
        if let Some(j) = choose(std::slice::from_ref(&c), context, JurisdictionSource::FileName) {
            if j.division.is_some() || g.division(first).level == Level::Country {
                return Some(j);
            }
        }
    }
    None
}

/// Whether a text names, in full, an area other than the jurisdiction and the areas it
/// lies in (a clause about another county is not the jurisdiction's). With no resolved
/// jurisdiction nothing is known to be elsewhere.
pub fn names_another_area(text: &str, own: Option<&Jurisdiction>) -> bool {
    let Some(own) = own.and_then(|j| j.division) else {
        return false;
    };
    let g = gazetteer();
    places_in(&compact(text)).iter().any(|f| {
        f.mention.form != Form::Short
            && !f.weak
            && f.mention.candidates.iter().all(|&c| {
                g.division(c).level != Level::Country
                    && !g.same_place(c, own)
                    && !g.lies_in(own, c)
            })
    })
}

/// Every place the document names, for telling ambiguous names apart and for the
/// weaker classes.
struct Context {
    /// Divisions named in full anywhere (text, table titles, units), with their names.
    named: Vec<(usize, String)>,
    /// Branch names of units: (candidates, functional?).
    branches: Vec<Candidate>,
    /// Every division named in any form, for disambiguation.
    any: BTreeSet<usize>,
}

impl Context {
    fn new(found: &[Vec<Found>], doc: &DocText) -> Context {
        let mut named = Vec::new();
        let mut branches = Vec::new();
        let mut any = BTreeSet::new();
        let extra: Vec<Vec<Found>> = doc
            .units
            .iter()
            .chain(&doc.table_titles)
            .map(|u| places_in(&compact(u)))
            .collect();
        for f in found.iter().flatten().chain(extra.iter().flatten()) {
            let cands = &f.mention.candidates;
            if f.weak {
                continue;
            }
            any.extend(cands.iter().copied());
            let level = gazetteer().division(cands[0]).level;
            if level == Level::Country {
                continue;
            }
            if f.mention.form != Form::Short && !f.reference {
                for &c in cands {
                    named.push((c, f.functional.clone().unwrap_or_else(|| f.printed.clone())));
                }
            }
            if f.unit_branch && !f.reference {
                branches.extend(candidate(f).map(|mut c| {
                    c.divisions.truncate(1);
                    c
                }));
            }
        }
        Context {
            named,
            branches,
            any,
        }
    }

    /// How well the rest of the document fits a reading of a name as `division`: its
    /// ancestors and siblings named anywhere.
    fn fit(&self, division: usize) -> usize {
        let g = gazetteer();
        let parent = g.parent(division);
        self.any
            .iter()
            .filter(|&&o| {
                !g.same_place(o, division)
                    && (g.lies_in(division, o)
                        || parent.is_some() && g.parent(o) == parent && g.division(o).level == g.division(division).level)
            })
            .count()
    }
}

/// The one area a class of candidates names: each name's reading that fits the document
/// best, then the most specific (a descendant wins over its ancestor).
fn choose(
    cands: &[Candidate],
    context: &Context,
    source: JurisdictionSource,
) -> Option<Jurisdiction> {
    let g = gazetteer();
    let mut resolved: Vec<(Option<usize>, &Candidate)> = Vec::new();
    for c in cands {
        let best = c.divisions.iter().map(|&d| (context.fit(d), d)).max()?;
        let tied = c
            .divisions
            .iter()
            .filter(|&&d| context.fit(d) == best.0 && !g.same_place(d, best.1))
            .count();
        // A bare short name reads as the best-known division of that name (岳阳 is the
        // city, not the county) unless the document says otherwise.
        let chosen = if tied == 0 {
            Some(best.1)
        } else if c.form == Form::Short {
            c.divisions.iter().copied().find(|&d| context.fit(d) == best.0)
        } else {
            None
        };
        resolved.push((chosen, c));
    }
    // The country is the area only when nothing more specific is named with it.
    let is_country =
        |d: &Option<usize>| d.is_some_and(|d| g.division(d).level == Level::Country);
    if resolved.iter().any(|(d, _)| !is_country(d)) {
        resolved.retain(|(d, _)| !is_country(d));
    }
    if resolved.is_empty() {
        return None;
    }
    // The most specific: one that lies in no other named is dropped in favour of one that
    // lies in it; otherwise the first.
    let mut pick = 0;
    for (k, (d, c)) in resolved.iter().enumerate() {
        let (pd, pc) = resolved[pick];
        let deeper = match (d, pd) {
            (Some(d), Some(pd)) => g.lies_in(*d, pd) || (c.functional.is_some() && g.same_place(*d, pd) && pc.functional.is_none()),
            _ => false,
        };
        if deeper {
            pick = k;
        }
    }
    let (division, c) = resolved[pick];
    Some(make(division, c, source))
}

fn make(division: Option<usize>, c: &Candidate, source: JurisdictionSource) -> Jurisdiction {
    let g = gazetteer();
    if let Some(f) = &c.functional {
        return Jurisdiction {
            name: f.clone(),
            code: None,
            level: Some(Level::Functional),
            source,
            division: None,
        };
    }
    match division {
        Some(d) => {
            let div = g.division(d);
            Jurisdiction {
                name: div.name.to_string(),
                code: g.current_code(d),
                level: Some(div.level),
                source,
                division: Some(d),
            }
        }
        None => {
            // An ambiguous name: kept as printed, without a code.
            let first = g.division(c.divisions[0]);
            let same_level = c
                .divisions
                .iter()
                .all(|&d| g.division(d).level == first.level);
            Jurisdiction {
                name: first.name.to_string(),
                code: None,
                level: same_level.then_some(first.level),
                source,
                division: None,
            }
        }
    }
}

/// The division at least two distinct subdivisions named in the document lie in directly,
/// when one has more than any other.
fn parent_of_subdivisions(context: &Context) -> Option<Jurisdiction> {
    let g = gazetteer();
    let mut votes: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for (d, name) in &context.named {
        if let Some(p) = g.parent(*d) {
            votes.entry(p).or_default().insert(name);
        }
    }
    let best = votes.values().map(BTreeSet::len).max()?;
    let winners: Vec<usize> = votes
        .iter()
        .filter(|(_, v)| v.len() == best)
        .map(|(p, _)| *p)
        .collect();
    if best < 2 || winners.len() != 1 {
        return None;
    }
    let d = winners[0];
    Some(make(
        Some(d),
        &Candidate {
            divisions: vec![d],
            functional: None,
            form: Form::Full,
        },
        JurisdictionSource::Subdivisions,
    ))
}

/// The area most of the units' branch names carry, when one carries more than any other.
fn branch_area(
    context: &Context,
    allowed: &dyn Fn(&Candidate) -> bool,
) -> Option<Jurisdiction> {
    let g = gazetteer();
    let mut votes: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for c in context.branches.iter().filter(|c| allowed(c)) {
        let d = c.divisions[0];
        // A functional area named after a place votes for the place.
        let key = g.current_code(d).unwrap_or(u32::MAX);
        let e = votes.entry(key).or_insert((0, d));
        e.0 += 1;
    }
    let best = votes.values().map(|v| v.0).max()?;
    let winners: Vec<usize> = votes.values().filter(|v| v.0 == best).map(|v| v.1).collect();
    if winners.len() != 1 {
        return None;
    }
    let d = winners[0];
    Some(make(
        Some(d),
        &Candidate {
            divisions: vec![d],
            functional: None,
            form: Form::Full,
        },
        JurisdictionSource::UnitNames,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_lines(lines: &[&str]) -> Option<(String, Option<u32>, &'static str)> {
        let doc = DocText {
            title: lines.first().copied(),
            lines: lines.to_vec(),
            ..DocText::default()
        };
        resolve(&doc).map(|j| (j.name, j.code, j.source.key()))
    }

    fn name(lines: &[&str]) -> Option<String> {
        resolve_lines(lines).map(|j| j.0)
    }

    #[test]
    fn jurisdiction_from_the_title_is_the_most_specific_division() {
        assert_eq!(
            resolve_lines(&["关于盘锦市12345热线平台情况的通报"]),
            Some(("盘锦市".into(), Some(211100), "title"))
        );
        assert_eq!(
            name(&["北京市密云区6月工作情况分析"]).as_deref(),
            Some("密云区")
        );
        assert_eq!(name(&["2016年清城区旅游投诉汇总情况"]).as_deref(), Some("清城区"));
    }

    #[test]
    fn jurisdiction_ignores_comparisons_fragments_and_parents_handing_down() {
        // Invented bulletin: the only city named is compared with or sends orders.
        let lines = [
            "一、运行情况",
            "1.本月受理宜春下派工单100件,同比下降6.02%。",
            "2.本月办结工单90件,提前办结率69.16%,比宜春市平均值高7.05%。",
            "(备注:办结工单以宜春市12345政府服务热线系统为准)",
            "8月份市12345在线平台共受理各类诉求800件。",
        ];
        assert_eq!(name(&lines), None);
    }

    #[test]
    fn jurisdiction_from_a_masthead_line() {
        let lines = [
            "索引号: | 123/2020-00027 | 信息分类: | 通报 |",
            "发布机构: | 连云港市12345政府公共服务中心 | 发文日期: | 2020-10-20 |",
            "2020年9月份市12345在线平台",
        ];
        assert_eq!(
            resolve_lines(&lines).map(|j| (j.0, j.2)),
            Some(("连云港市".into(), "masthead"))
        );
        let signed = ["热线工作简报", "汝州市人民政府办公室 2022年8月2日", "七月份工作简报"];
        assert_eq!(name(&signed).as_deref(), Some("汝州市"));
    }

    #[test]
    fn jurisdiction_from_the_subject_of_a_sentence() {
        let lines = ["工作情况通报", "9月份,江阴12345热线共受理诉求171件。"];
        assert_eq!(
            resolve_lines(&lines),
            Some(("江阴市".into(), Some(320281), "text"))
        );
    }

    #[test]
    fn jurisdiction_from_the_subdivisions_listed() {
        let lines = [
            "二季度热线运行情况通报",
            "各县市区中排在前五位的是:岳阳县、岳阳楼区、湘阴县、汨罗市和临湘市。",
        ];
        assert_eq!(
            resolve_lines(&lines).map(|j| (j.0, j.2)),
            Some(("岳阳市".into(), "subdivisions"))
        );
    }

    #[test]
    fn jurisdiction_resolves_an_ambiguous_name_against_its_parent() {
        // 朝阳区 is a district of Beijing and of Changchun.
        let beijing = ["朝阳区12345热线月报", "北京市接诉即办考核"];
        assert_eq!(resolve_lines(&beijing).and_then(|j| j.1), Some(110105));
        let changchun = ["朝阳区12345热线月报", "长春市民服务热线"];
        assert_eq!(resolve_lines(&changchun).and_then(|j| j.1), Some(220104));
        // Alone, the name is kept without a code.
        assert_eq!(
            resolve_lines(&["朝阳区12345热线月报"]),
            Some(("朝阳区".into(), None, "title"))
        );
    }

    #[test]
    fn jurisdiction_is_not_a_place_inside_a_unit_name_when_the_text_names_one() {
        let lines = [
            "欢迎访问山东省环境保护科学研究设计院网站",
            "关于2017年全国12369环保举报工作情况的通报",
        ];
        let doc = DocText {
            title: Some(lines[1]),
            lines: lines.to_vec(),
            ..DocText::default()
        };
        let j = resolve(&doc).unwrap();
        assert_eq!((j.name.as_str(), j.level), ("全国", Some(Level::Country)));
    }

    #[test]
    fn jurisdiction_from_branches_of_units_only_as_a_last_resort() {
        let lines = [
            "12345政府服务热线情况通报",
            "有川投水务集团大英分公司、环保局等3个单位满意率低于85%。",
        ];
        assert_eq!(
            resolve_lines(&lines).map(|j| (j.0, j.2)),
            Some(("大英县".into(), "unit_names"))
        );
    }

    #[test]
    fn jurisdiction_handles_provinces_functional_areas_and_former_names() {
        assert_eq!(name(&["2023年9月四川省群众诉求情况分析"]).as_deref(), Some("四川省"));
        let j = resolve(&DocText {
            title: Some("渭南高新区12345热线月报"),
            lines: vec!["渭南高新区12345热线月报"],
            ..DocText::default()
        })
        .unwrap();
        assert_eq!((j.name.as_str(), j.level), ("渭南高新区", Some(Level::Functional)));
        assert_eq!(
            resolve_lines(&["密云县2014年热线工作报告"]),
            Some(("密云县".into(), Some(110118), "title"))
        );
    }

    #[test]
    fn jurisdiction_from_a_file_name_in_pinyin_only_when_the_text_names_the_place() {
        let doc = |stem: &'static str, line: &'static str| DocText {
            lines: vec!["一、运行情况", line],
            file_stem: stem,
            ..DocText::default()
        };
        // The text names the city the county lies in (as a comparison).
        let j = resolve(&doc("c04_gaoan_12345_2023-10", "满意率比宜春市平均值高0.64%。")).unwrap();
        assert_eq!((j.name.as_str(), j.source), ("高安市", JurisdictionSource::FileName));
        // `fenxi` (分析) spells 汾西县, which the text does not name.
        assert_eq!(resolve(&doc("c09_yunxing_fenxi", "本月受理工单100件。")), None);
    }

    #[test]
    fn jurisdiction_masthead_fields_are_split_by_their_labels() {
        let f = fields("版权所有:中国某省甲州市人民政府 主办单位:甲州市政府办 运行维护:乙市运维中心");
        assert_eq!(f[0], ("版权所有", "中国某省甲州市人民政府 ".trim().to_string()));
        assert_eq!(f[2].0, "运行维护");
    }
}
