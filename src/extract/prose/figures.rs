//! The figures of the prose reader: the number a keyword introduces, read with the unit
//! its metric needs (件, %, 分, 天), a place (`第3名`), a count (`9.67万件`) and the size of
//! a change stated in the clause after it.

use rust_decimal::Decimal;

use crate::extract::number::{chinese_numeral, numbers_in, parse_change, Token};
use crate::extract::phrases::*;
use crate::model::{Figure, Metric, MetricKind, Value};

use super::clause::contains_any;
use super::Paragraph;

/// The longest gap (in bytes) between a keyword and its number.
const MAX_GAP: usize = 90;

/// The first number of a text when it is a count (it carries a count unit).
pub(super) fn first_count(text: &str) -> Option<(Decimal, usize, String)> {
    let t = numbers_in(text).next()?;
    count_of(&t, &text[t.end..]).map(|(d, printed)| (d, t.start, printed))
}

/// A count: a number followed by a count unit, maybe with 余/多 and 万 (with or without a
/// space) between (`9.67万件`, `150.25 万件`, `2000余件`).
pub(super) fn count_of(t: &Token, after: &str) -> Option<(Decimal, String)> {
    let a = after.trim_start();
    let a = a.strip_prefix(['余', '多']).unwrap_or(a);
    let (wan, a) = match a.strip_prefix('万') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, a),
    };
    let unit = COUNT_UNITS.iter().find(|u| a.starts_with(*u))?;
    let v = t.value?;
    let d = if wan {
        v.checked_mul(Decimal::from(10_000))?.normalize()
    } else if v.scale() == 0 {
        v
    } else {
        return None; // a bare count is whole
    };
    if d.is_sign_negative() {
        return None;
    }
    Some((
        d,
        format!("{}{}{unit}", t.printed, if wan { "万" } else { "" }),
    ))
}

/// Reads the number a count, rate, change, score or days keyword introduces.
pub(super) fn read_number(metric: Metric, window: &str) -> Option<(Figure, usize, String)> {
    for t in numbers_in(window) {
        if t.start > MAX_GAP {
            return None;
        }
        let gap = &window[..t.start];
        let after = &window[t.end..];
        let after_t = after.trim_start();
        // A threshold (低于70%, 90%以下的单位) or a figure shared by several (均为100%) is
        // nobody's own figure; a number that does not read as one gives nothing.
        // (An empty gap holds none of these words.)
        if !gap.is_empty()
            && (contains_any(gap, THRESHOLD_BEFORE)
                || SHARED_BEFORE.iter().any(|w| gap.trim_end().ends_with(w))
                // `…工单中1件`: a count of a part of what the gap names.
                || gap.trim_end().ends_with('中'))
        {
            return None;
        }
        match metric.kind() {
            MetricKind::Count => {
                let Some((d, printed)) = count_of(&t, after) else {
                    if t.value.is_none() && count_unit_follows(after) {
                        return None;
                    }
                    continue;
                };
                return Some((Figure::Number(d), t.start, printed));
            }
            MetricKind::Rate => {
                if !after_t.starts_with('%') {
                    continue;
                }
                let past = after_t.trim_start_matches('%').trim_start();
                if THRESHOLD_AFTER.iter().any(|w| past.starts_with(w)) {
                    return None;
                }
                let d = t.value?;
                return Some((Figure::Number(d), t.start, format!("{}%", t.printed)));
            }
            MetricKind::Change => {
                if !after_t.starts_with('%') {
                    continue;
                }
                // The sign comes from the last change word before the number.
                let word = crate::extract::number::CHANGE_WORDS
                    .iter()
                    .filter_map(|(w, _)| gap.rfind(w).map(|at| (at, *w)))
                    .max_by_key(|(at, _)| *at)
                    .map(|(_, w)| w)?;
                let printed = format!("{word}{}%", t.printed);
                let d = parse_change(&format!("{word}{}%", t.value?))?;
                return Some((Figure::Number(d), t.start, printed));
            }
            _ => {
                let unit_ok = after_t.is_empty()
                    || after_t.starts_with(['分', ',', ';', ' '])
                    || metric == Metric::AvgDays && after_t.starts_with('天');
                let days_ok = metric != Metric::AvgDays || after_t.starts_with('天');
                if !unit_ok || !days_ok || after_t.starts_with('%') {
                    continue;
                }
                let d = t.value?;
                let unit: String = after_t
                    .chars()
                    .take(1)
                    .filter(|c| matches!(c, '分' | '天'))
                    .collect();
                return Some((Figure::Number(d), t.start, format!("{}{unit}", t.printed)));
            }
        }
    }
    None
}

pub(super) fn count_unit_follows(after: &str) -> bool {
    let a = after
        .trim_start()
        .trim_start_matches(['余', '多', '万'])
        .trim_start();
    COUNT_UNITS.iter().any(|u| a.starts_with(u))
}

/// The size of a change stated in the clause after it (`增幅11.2%`, `降幅3%`).
pub(super) fn change_size_value(
    metric: Metric,
    text: &str,
    a: usize,
    b: usize,
    para: &Paragraph,
) -> Option<Value> {
    let clause = &text[a..b];
    let word = CHANGE_SIZE_WORDS.iter().find(|w| clause.starts_with(*w))?;
    let negative = crate::extract::number::CHANGE_WORDS
        .iter()
        .chain(&[("增幅", false), ("涨幅", false), ("降幅", true)])
        .find(|(w, _)| w == word)
        .is_some_and(|(_, neg)| *neg);
    let t = numbers_in(clause).next()?;
    if !clause[t.end..].trim_start().starts_with('%') || t.start > word.len() + 6 {
        return None;
    }
    let v = t.value?;
    let d = if negative { -v } else { v };
    Some(Value {
        metric,
        value: Figure::Number(d),
        as_printed: format!("{word}{}%", t.printed),
        at: para.line_at(a + t.start).clone(),
    })
}

/// A place `第N位` / `第N名` / `第N` within the 40 characters after a keyword, not past a
/// clause mark: the place, where its number starts, and the text from `第` on. A place
/// too large to be one is an error carrying its text.
pub(super) fn place_after(window: &str) -> Result<Option<(u32, usize, &str)>, &str> {
    for (n, (at, c)) in window.char_indices().enumerate() {
        if n > 40 || matches!(c, ',' | '。' | ';') {
            return Ok(None);
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
        let rest = &digits[len..];
        if rest.starts_with(['季', '周', '期']) {
            continue; // 第一季度, 第28周, 第9期: a period or an issue, not a place
        }
        let unit = rest.trim_start();
        let end = match unit.chars().next() {
            Some(u @ ('位' | '名')) => window.len() - unit.len() + u.len_utf8(),
            _ => window.len() - rest.len(),
        };
        let place = number
            .parse::<u32>()
            .ok()
            .or_else(|| chinese_numeral(number));
        match place {
            Some(p) if (1..=MAX_RANK).contains(&p) => {
                return Ok(Some((p, start, &window[at..end])))
            }
            _ if arabic > 0 => return Err(&window[at..end]),
            _ => continue,
        }
    }
    Ok(None)
}
