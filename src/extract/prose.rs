//! Headline figures in the prose: the jurisdiction's own counts, rates, changes, score,
//! grade and rank (`共受理…群众诉求17190件`, `响应率99.88%`, `环比上升9.51%`,
//! `综合成绩95.91 分，排名十六区第4位`), and figures of a named category
//! (`其中，疫情防控类工单4032件，占比23.46%`).
//!
//! A figure is read only where its keyword and its number stand together in one clause
//! with the number after the keyword and carrying the unit the metric needs (件, %, 分,
//! 天); a clause whose number is missing yields nothing. After 其中 a sentence speaks of a
//! part, not the whole: only a named category (…类) or a breakdown of the same measure
//! (其中不满意6件) is read there. Text in parentheses is an aside and is skipped. The
//! first statement of a figure wins.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use crate::extract::number::{
    chinese_numeral, parse_change, parse_count, parse_decimal, parse_grade,
};
use crate::model::{Figure, Headline, Metric, Value};
use crate::source::text::Line;

/// Phrases that introduce a headline figure, and the metric they name. Longer phrases are
/// matched before the shorter ones they contain (按期办结率 before 办结率 before 办结).
pub const KEYWORDS: &[(&str, Metric)] = &[
    ("受理", Metric::Received),
    ("接收", Metric::Received),
    ("登记", Metric::Received),
    ("话务量", Metric::Calls),
    ("来电量", Metric::Calls),
    ("纳入市级考评", Metric::Assessed),
    ("纳入考评", Metric::Assessed),
    ("应办理", Metric::Due),
    ("应办", Metric::Due),
    ("已办理", Metric::Handled),
    ("已办", Metric::Handled),
    ("已办结", Metric::Closed),
    ("按期办结", Metric::OnTime),
    ("超期办结", Metric::Overdue),
    ("返工单", Metric::Rework),
    ("返工数", Metric::Rework),
    ("返工", Metric::Rework),
    ("退回重办", Metric::Rework),
    ("满意数", Metric::Satisfied),
    ("不满意", Metric::Dissatisfied),
    ("响应率", Metric::ResponseRate),
    ("解决率", Metric::ResolutionRate),
    ("满意率", Metric::SatisfactionRate),
    ("不满意率", Metric::DissatisfactionRate),
    ("办结率", Metric::CompletionRate),
    ("按期办结率", Metric::OnTimeRate),
    ("超期办结率", Metric::OverdueRate),
    ("返工率", Metric::ReworkRate),
    ("占比", Metric::Share),
    ("环比", Metric::MomChange),
    ("较上月", Metric::MomChange),
    ("较上季度", Metric::MomChange),
    ("较上周", Metric::MomChange),
    ("较上期", Metric::MomChange),
    ("比上月", Metric::MomChange),
    ("比上周", Metric::MomChange),
    ("同比", Metric::YoyChange),
    ("较去年同期", Metric::YoyChange),
    ("比去年同期", Metric::YoyChange),
    ("较上年同期", Metric::YoyChange),
    ("占", Metric::Share),
    ("平均办理时长", Metric::AvgDays),
    ("综合成绩", Metric::Score),
    ("综合指标值", Metric::Score),
    ("综合效能指数", Metric::Score),
    ("效能指数", Metric::Score),
    ("综合得分", Metric::Score),
    ("考核等级", Metric::Grade),
    ("等级评价", Metric::Grade),
    ("排名", Metric::Rank),
    ("位居", Metric::Rank),
    ("位列", Metric::Rank),
    ("排全", Metric::Rank),
];

/// Keywords so short that their number must follow at once (`占63.72%`, not `占道经营…`).
const TIGHT: &[&str] = &["占"];

/// A qualifier before a keyword that makes the figure something else (a mean over units,
/// not the jurisdiction's own figure).
const NOT_OWN: &[&str] = &["平均"];

/// Units a count must carry in prose.
const COUNT_UNITS: &[&str] = &["件", "个", "条", "人次", "宗"];

/// The longest clause read, in bytes; a real clause is a few dozen characters.
const MAX_CLAUSE: usize = 4096;

/// The longest gap (in characters) between a keyword and its number.
const MAX_GAP: usize = 30;

// Compiled on first use; constants exercised by the tests.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]+(?:\.[0-9]+)?").expect("number pattern"));
static CATEGORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:其中)?([\p{Han}、]{1,12}类)").expect("category pattern"));

/// A paragraph of prose joined from lines, with the line each byte came from.
struct Paragraph {
    text: String,
    starts: Vec<(usize, String)>,
}

impl Paragraph {
    fn line_at(&self, byte: usize) -> &str {
        let i = self.starts.partition_point(|(start, _)| *start <= byte);
        self.starts
            .get(i.saturating_sub(1))
            .map_or("", |s| s.1.as_str())
    }
}

/// Joins prose lines into paragraphs: a line that stops mid-sentence goes on on the next
/// non-blank line (PDF exports break sentences across blank lines).
fn paragraphs(lines: &[Line]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Option<Paragraph> = None;
    let mut blank_run = 0;
    for line in lines {
        let t = line.norm.trim();
        if t.is_empty() {
            blank_run += 1;
            continue;
        }
        let continues = current.as_ref().is_some_and(|p| {
            // Only the last line joined so far decides (the paragraph may be long).
            let last_start = p.starts.last().map_or(0, |s| s.0);
            let last = p.text[last_start..].trim_end();
            let open =
                !last.ends_with(['。', '!', '?', ';', ':', '.']) && last.chars().nth(19).is_some();
            // A heading is a paragraph of its own: it neither takes the next line nor is
            // taken by the line before.
            let heading_before =
                p.starts.len() == 1 && is_heading(last) && last.chars().count() <= 30;
            !heading_before && !is_heading(t) && (blank_run == 0 || open && blank_run <= 2)
        });
        if !continues {
            if let Some(p) = current.take() {
                out.push(p);
            }
            current = Some(Paragraph {
                text: String::new(),
                starts: Vec::new(),
            });
        }
        if let Some(p) = current.as_mut() {
            p.starts.push((p.text.len(), line.at.clone()));
            p.text.push_str(t);
        }
        blank_run = 0;
    }
    out.extend(current);
    out
}

/// Headings (一、…, (二)…, 1. …) start a new paragraph.
fn is_heading(t: &str) -> bool {
    let first: String = t.chars().take(3).collect();
    first.starts_with('(') || first.contains('、') || t.starts_with('◆') || t.starts_with('【')
}

#[cfg(test)]
mod heading_tests {
    use super::*;

    #[test]
    fn prose_keeps_a_heading_apart_from_its_paragraph() {
        let lines: Vec<Line> = ["(一) 疫情防控", "疫情防控类问题共来电 107.7 万件。"]
            .iter()
            .enumerate()
            .map(|(i, l)| Line {
                no: i + 1,
                raw: l.to_string(),
                norm: l.to_string(),
                at: format!("t:{}", i + 1),
            })
            .collect();
        let h = headline(&lines, "甲市");
        assert_eq!(h[0].unit, "疫情防控类");
    }
}

/// Blanks out asides in parentheses, keeping byte offsets.
fn blank_parens(text: &str) -> String {
    // One pass: every matched pair, nested or not, is blanked with what it holds.
    let mut open: Vec<usize> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (i, ch) in text.char_indices() {
        match ch {
            '(' => open.push(i),
            ')' => {
                if let Some(start) = open.pop() {
                    spans.push((start, i + 1));
                }
            }
            _ => {}
        }
    }
    // Outer pairs first; a pair inside one already blanked is skipped.
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    spans.sort_unstable();
    for (start, end) in spans {
        if start < last {
            continue;
        }
        out.push_str(&text[last..start]);
        out.extend(std::iter::repeat_n(' ', end - start));
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Reads the headline figures of `lines` for `jurisdiction`.
pub fn headline(lines: &[Line], jurisdiction: &str) -> Vec<Headline> {
    let mut out: Vec<Headline> = Vec::new();
    for para in paragraphs(lines) {
        read_paragraph(&para, jurisdiction, &mut out);
    }
    out
}

/// The figures each paragraph states of its own subject (the first of each metric), for
/// comparing the prose with the tables. Unlike [`headline`] this reads every paragraph on
/// its own, whatever its subject.
pub fn statements(lines: &[Line]) -> Vec<Vec<Value>> {
    paragraphs(lines)
        .iter()
        .filter_map(|para| {
            let mut out = Vec::new();
            read_paragraph(para, "", &mut out);
            let own: Vec<Value> = out
                .into_iter()
                .filter(|h| h.unit.is_empty())
                .map(|h| h.value)
                .collect();
            (!own.is_empty()).then_some(own)
        })
        .collect()
}

fn read_paragraph(para: &Paragraph, jurisdiction: &str, out: &mut Vec<Headline>) {
    let text = blank_parens(&para.text);
    let mut sentence_start = 0;
    let mut other_subject = false;
    for (i, ch) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '。')))
    {
        if matches!(ch, '。' | '!' | '?') {
            read_sentence(
                &text,
                (sentence_start, i),
                para,
                jurisdiction,
                &mut other_subject,
                out,
            );
            sentence_start = i + ch.len_utf8().min(text.len() - i);
        }
    }
}

#[derive(Clone, PartialEq)]
enum Scope {
    Own,
    Named(String),
    Part,
}

/// Reads one sentence (`from..to` of `text`). `other_subject` is set, for the rest of the
/// paragraph, once the paragraph states a received total other than the jurisdiction's:
/// it then speaks of a channel or a category (营商环境专线共受理…19个), not the whole.
fn read_sentence(
    text: &str,
    (from, to): (usize, usize),
    para: &Paragraph,
    jurisdiction: &str,
    other_subject: &mut bool,
    out: &mut Vec<Headline>,
) {
    if *other_subject {
        return;
    }
    let mut scope = Scope::Own;
    let mut clause_start = from;
    let sentence = &text[from..to];
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    for (i, ch) in sentence.char_indices() {
        // `建议、表扬类:14件` is one clause: a 、 splits only after a number.
        let enumeration = ch == '、'
            && !text[clause_start..from + i]
                .chars()
                .any(|c| c.is_ascii_digit());
        if matches!(ch, ',' | ';' | '、') && !enumeration {
            bounds.push((clause_start, from + i));
            clause_start = from + i + ch.len_utf8();
        }
    }
    bounds.push((clause_start, to));
    for (a, b) in bounds {
        if b - a > MAX_CLAUSE {
            continue; // not a sentence of a bulletin: no figure is read from it
        }
        let clause = &text[a..b];
        let trimmed = clause.trim_start();
        let lead = clause.len() - trimmed.len();
        let body = trimmed.trim_start_matches(['◆', '"', '“']);
        if let Some(rest) = body.strip_prefix("其中") {
            let rest = rest.trim_start_matches([',', ':', ' ']);
            if rest.is_empty() {
                scope = Scope::Part;
                continue;
            }
            if !starts_with_keyword(rest) {
                scope = Scope::Part;
            }
        }
        if let Some(c) = CATEGORY
            .captures(body)
            .filter(|c| !body[c.get(0).map_or(0, |m| m.end())..].starts_with(['别', '型']))
        {
            let name = c[1].trim_start_matches("其中").to_string();
            let start = a + lead + (trimmed.len() - body.len());
            if has_count_after(&text[start..b]) && name.chars().count() >= 3 {
                scope = Scope::Named(name);
            }
        }
        let unit = match &scope {
            Scope::Own => jurisdiction.to_string(),
            Scope::Named(n) => n.clone(),
            Scope::Part => continue,
        };
        for value in read_clause(text, a, b, para, &scope) {
            let conflicting_total = scope == Scope::Own
                && value.metric == Metric::Received
                && out.iter().any(|h| {
                    h.unit == unit
                        && h.value.metric == Metric::Received
                        && h.value.value != value.value
                });
            if conflicting_total {
                *other_subject = true;
                return;
            }
            if scope == Scope::Own && value.metric == Metric::Share {
                continue; // a share of the whole is a part's share: its subject is not named
            }
            let exists = out
                .iter()
                .any(|h| h.unit == unit && h.value.metric == value.metric);
            if !exists {
                out.push(Headline {
                    unit: unit.clone(),
                    value,
                });
            }
        }
    }
}

fn starts_with_keyword(text: &str) -> bool {
    keyword_automaton()
        .find(text)
        .is_some_and(|m| m.start() == 0)
}

fn has_count_after(text: &str) -> bool {
    NUMBER.find_iter(text).any(|m| {
        COUNT_UNITS.iter().any(|u| {
            text[m.end()..]
                .trim_start()
                .trim_start_matches('万')
                .starts_with(u)
        })
    })
}

fn keyword_automaton() -> &'static aho_corasick::AhoCorasick {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(KEYWORDS.iter().map(|(k, _)| k))
            // KEYWORDS is a small constant table; building its automaton cannot fail.
            .expect("keyword automaton")
    })
}

/// Keyword hits in a clause: the longest at each place, none inside another.
fn keyword_hits(clause: &str) -> Vec<(usize, usize, Metric)> {
    keyword_automaton()
        .find_iter(clause)
        .map(|m| (m.start(), m.end(), KEYWORDS[m.pattern().as_usize()].1))
        .collect()
}

fn read_clause(text: &str, a: usize, b: usize, para: &Paragraph, scope: &Scope) -> Vec<Value> {
    let clause = &text[a..b];
    let hits = keyword_hits(clause);
    let mut values = Vec::new();
    for (k, &(ks, ke, metric)) in hits.iter().enumerate() {
        let before = &clause[..ks];
        if metric != Metric::AvgDays && NOT_OWN.iter().any(|w| before.ends_with(w)) {
            continue;
        }
        if matches!(scope, Scope::Named(_))
            && !matches!(
                metric,
                Metric::Share | Metric::MomChange | Metric::YoyChange
            )
        {
            // Only the category's own count (read below) and its share and changes.
            continue;
        }
        let next = hits.get(k + 1).map_or(clause.len(), |h| h.0);
        let window = &clause[ke..next];
        let tight_ok = !TIGHT.contains(&&clause[ks..ke])
            || window
                .trim_start_matches(|c: char| c.is_whitespace() || "达为了".contains(c))
                .starts_with(|c: char| c.is_ascii_digit());
        if !tight_ok {
            continue;
        }
        if let Some((value, at_byte, printed)) = read_after(metric, window) {
            values.push(Value {
                metric,
                value,
                as_printed: printed,
                at: para.line_at(a + ke + at_byte).to_string(),
            });
        }
    }
    if let Scope::Named(_) = scope {
        if let Some(c) = CATEGORY.captures(clause.trim_start()) {
            let rest_from =
                clause.len() - clause.trim_start().len() + c.get(0).map_or(0, |m| m.end());
            if let Some((d, at_byte, printed)) = first_count(&clause[rest_from..]) {
                values.insert(
                    0,
                    Value {
                        metric: Metric::Count,
                        value: Figure::Number(d),
                        as_printed: printed,
                        at: para.line_at(a + rest_from + at_byte).to_string(),
                    },
                );
            }
        }
    }
    values
}

/// A place `第N位` / `第N名` / `第N` within the 40 characters after a keyword, not past a
/// clause mark: the place, where its number starts, and the text from `第` on.
fn place_after(window: &str) -> Option<(u32, usize, &str)> {
    for (n, (at, c)) in window.char_indices().enumerate() {
        if n > 40 || matches!(c, ',' | '。' | ';') {
            return None;
        }
        if c != '第' {
            continue;
        }
        let after = &window[at + c.len_utf8()..];
        let digits = after.trim_start();
        let start = window.len() - digits.len();
        let arabic = digits.len()
            - digits
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        let len = if arabic > 0 {
            arabic
        } else {
            digits.len()
                - digits
                    .trim_start_matches(|c: char| "一二三四五六七八九十".contains(c))
                    .len()
        };
        if len == 0 {
            continue;
        }
        let number = &digits[..len];
        let Some(place) = number
            .parse::<u32>()
            .ok()
            .or_else(|| chinese_numeral(number))
        else {
            continue;
        };
        let rest = &digits[len..];
        if rest.starts_with(['季', '周']) {
            continue; // 第一季度, 第28周: a period, not a place
        }
        let unit = rest.trim_start();
        let end = match unit.chars().next() {
            Some(u @ ('位' | '名')) => window.len() - unit.len() + u.len_utf8(),
            _ => window.len() - rest.len(),
        };
        return Some((place, start, &window[at..end]));
    }
    None
}

/// Reads the number a keyword introduces from the text after it.
fn read_after(metric: Metric, window: &str) -> Option<(Figure, usize, String)> {
    if window.contains('未') {
        return None; // 未达到 …: a threshold, not a figure
    }
    match metric {
        Metric::Rank => {
            let (n, start, printed) = place_after(window)?;
            Some((Figure::Number(n.into()), start, printed.to_string()))
        }
        Metric::Grade => {
            let t = window.trim_start_matches(|c: char| c == '为' || c == ':' || c.is_whitespace());
            let letter: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            if letter.is_empty() || letter.len() > 2 {
                return None;
            }
            let printed: String = t.chars().take(letter.chars().count() + 1).collect();
            let g = parse_grade(&printed).or(Some(letter))?;
            Some((Figure::Text(g), window.len() - t.len(), printed))
        }
        Metric::MomChange | Metric::YoyChange => {
            for m in NUMBER.find_iter(window) {
                let after = &window[m.end()..];
                if !after.trim_start().starts_with('%') {
                    continue;
                }
                let before = &window[..m.start()];
                // The sign comes from the last change word before the number.
                let word = crate::extract::number::CHANGE_WORDS
                    .iter()
                    .filter_map(|(w, _)| before.rfind(w).map(|at| (at, *w)))
                    .max_by_key(|(at, _)| *at)
                    .map(|(_, w)| w)?;
                let printed = format!("{word}{}%", m.as_str());
                let d = parse_change(&printed)?;
                return Some((Figure::Number(d), m.start(), printed));
            }
            None
        }
        _ => {
            let kind = metric.kind();
            for m in NUMBER.find_iter(window) {
                if m.start() > MAX_GAP * 3 {
                    return None;
                }
                let after = window[m.end()..].trim_start();
                let d = match kind {
                    crate::model::MetricKind::Count => {
                        let unit_after = after.strip_prefix('万').unwrap_or(after);
                        let Some(unit) = COUNT_UNITS.iter().find(|u| unit_after.starts_with(*u))
                        else {
                            continue;
                        };
                        let wan = if after.starts_with('万') { "万" } else { "" };
                        let printed = format!("{}{wan}{unit}", m.as_str());
                        let d = parse_count(&printed)?;
                        return Some((Figure::Number(d), m.start(), printed));
                    }
                    crate::model::MetricKind::Rate => {
                        if !after.starts_with('%') {
                            continue;
                        }
                        parse_decimal(m.as_str())?
                    }
                    _ => {
                        let unit_ok = after.is_empty()
                            || after.starts_with(['分', ',', ';', ' '])
                            || metric == Metric::AvgDays && after.starts_with('天');
                        let days_ok = metric != Metric::AvgDays || after.starts_with('天');
                        if !unit_ok || !days_ok || after.starts_with('%') {
                            continue;
                        }
                        parse_decimal(m.as_str())?
                    }
                };
                let unit: String = after
                    .chars()
                    .take(1)
                    .filter(|c| matches!(c, '%' | '分' | '天'))
                    .collect();
                let printed = format!("{}{unit}", m.as_str());
                return Some((Figure::Number(d), m.start(), printed));
            }
            None
        }
    }
}

fn first_count(text: &str) -> Option<(rust_decimal::Decimal, usize, String)> {
    let m = NUMBER.find(text)?;
    let after = text[m.end()..].trim_start();
    let wan = after.starts_with('万');
    let unit_after = after.strip_prefix('万').unwrap_or(after);
    let unit = COUNT_UNITS.iter().find(|u| unit_after.starts_with(*u))?;
    let printed = format!("{}{}{unit}", m.as_str(), if wan { "万" } else { "" });
    let d = parse_count(&printed)?;
    Some((d, m.start(), printed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, l)| Line {
                no: i + 1,
                raw: l.to_string(),
                norm: crate::source::normalize::normalize_line(l),
                at: format!("t.txt:{}", i + 1),
            })
            .collect()
    }

    fn read(text: &str) -> Vec<(String, &'static str, String)> {
        headline(&lines(text), "甲区")
            .into_iter()
            .map(|h| (h.unit, h.value.metric.key(), h.value.value.to_string()))
            .collect()
    }

    fn v(unit: &str, key: &'static str, value: &str) -> (String, &'static str, String) {
        (unit.to_string(), key, value.to_string())
    }

    #[test]
    fn prose_reads_counts_and_signed_changes() {
        assert_eq!(
            read("我区共受理“12345”市民服务热线群众诉求17190件，环比上升9.51%，同比下降9.21%。"),
            vec![
                v("甲区", "received", "17190"),
                v("甲区", "mom_change", "9.51"),
                v("甲区", "yoy_change", "-9.21")
            ]
        );
    }

    #[test]
    fn prose_reads_a_named_category_after_qizhong() {
        assert_eq!(
            read("其中，疫情防控类工单4032件，占比23.46%。"),
            vec![
                v("疫情防控类", "count", "4032"),
                v("疫情防控类", "share", "23.46")
            ]
        );
    }

    #[test]
    fn prose_skips_parts_and_asides() {
        assert_eq!(read("其中,紧急工单受理35件,办结率100%。"), vec![]);
        assert_eq!(read("（2021年6月，全区受理工单共15741件）。"), vec![]);
        assert_eq!(
            read("抽查回访工单560件,其中不满意6件,不满意率1.07%。"),
            vec![
                v("甲区", "dissatisfied", "6"),
                v("甲区", "dissatisfaction_rate", "1.07")
            ]
        );
    }

    #[test]
    fn prose_reads_score_and_rank_in_chinese_numerals() {
        assert_eq!(
            read("响应率99.88%、解决率95.52%，综合成绩95.91 分，排名十六区第4位。"),
            vec![
                v("甲区", "response_rate", "99.88"),
                v("甲区", "resolution_rate", "95.52"),
                v("甲区", "score", "95.91"),
                v("甲区", "rank", "4")
            ]
        );
        assert_eq!(
            read("综合指标值排名在各县区位居第一。"),
            vec![v("甲区", "rank", "1")]
        );
        assert_eq!(
            read("效能指数 99.363,排全市各(县、市、区)第二名。"),
            vec![v("甲区", "score", "99.363"), v("甲区", "rank", "2")]
        );
    }

    #[test]
    fn prose_never_shifts_a_neighbouring_number() {
        // 满意率 has no number of its own; the count after it is not a rate.
        assert_eq!(
            read("满意率有所提高，受理工单120件。"),
            vec![v("甲区", "received", "120")]
        );
        assert_eq!(read("平均综合成绩96.68分。"), vec![]);
        assert_eq!(read("28 家单位满意率未达到 100%。"), vec![]);
    }

    #[test]
    fn prose_joins_a_sentence_broken_across_lines() {
        assert_eq!(
            read("12345市民服务热线共受理群众来电（包括电话反映和网络反映）\n\n1103.94 万件，环比 2019 年上升 55.24%。"),
            vec![v("甲区", "received", "11039400"), v("甲区", "mom_change", "55.24")]
        );
    }

    #[test]
    fn prose_reads_shares_and_changes_in_other_words() {
        assert_eq!(
            read("本周共接收热线工单506件,比上周增长20.48%。其中,咨询类诉求124件,占24.51%。"),
            vec![
                v("甲区", "received", "506"),
                v("甲区", "mom_change", "20.48"),
                v("咨询类", "count", "124"),
                v("咨询类", "share", "24.51")
            ]
        );
        assert_eq!(read("主要是占道经营问题15件。"), vec![]);
    }

    #[test]
    fn prose_reads_calls_with_wan_and_grades() {
        assert_eq!(
            read("热线话务量约1.1万人次,办理本级登记事项4480件。"),
            vec![v("甲区", "calls", "11000"), v("甲区", "received", "4480")]
        );
        assert_eq!(read("考核等级为A类。"), vec![v("甲区", "grade", "A")]);
    }

    #[test]
    fn place_after_reads_arabic_and_chinese_places() {
        assert_eq!(
            place_after("位列全市第 3 名,较上月"),
            Some((3, 16, "第 3 名"))
        );
        assert_eq!(place_after("排在第十二位"), Some((12, 9, "第十二位")));
        assert_eq!(place_after("第一季度排名第2"), Some((2, 21, "第2")));
        // Not past a clause mark, not beyond 40 characters.
        assert_eq!(place_after("较好,第3名"), None);
        let far = format!("{}第3名", "很".repeat(41));
        assert_eq!(place_after(&far), None);
    }
}
