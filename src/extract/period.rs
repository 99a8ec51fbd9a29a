//! The period a bulletin covers, read from its own words: an explicit span of days
//! (`2022年5月19日0时至6月19日0时`, `2019年6月28日12:00至2019年7月12日12:00`), a cumulative
//! span of months (`1-4月`, `1—9月`, `前三季度`), a quarter (`2021年三季度`), a half
//! (`上半年`), a month (`2023年9月`, `七月份` with the year of the issue date), weeks
//! (`第28周`, `第25、26周`), a year (`2020年度`, or a bare `2017年` in the title).
//!
//! An explicit span of days anywhere wins; then the first statement in the title lines
//! (the first few lines of the document); then, over the whole text, a quarter, a month,
//! a cumulative span, weeks, a half, a bare month, a year.
//!
//! Labels: `2022-06`, `2021-Q3`, `2021-H1`, `2020`, `2022-W28`; a span of several whole
//! months or weeks joins its ends with `..` (`2023-01..2023-04`, `2019-W25..2019-W26`); a
//! 考核期 of about a month (5月19日–6月18日) is the month it ends in; any other span is
//! its dates (`2019-06-28..2019-07-12`). A year is four digits standing alone (not part of
//! a longer number: `编号12022年` is no year) between 1980 and 2099.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::extract::number::chinese_numeral;
use crate::model::Period;
use crate::pattern::Node::{self, *};
use crate::pattern::{digit, opt, rep, space, star, Captures, Lead, Pattern};

mod signs;

use signs::Signs;

/// The plausible years of a bulletin.
const YEARS: std::ops::RangeInclusive<i32> = 1980..=2099;

/// How many non-empty lines from the top count as the title lines.
const TITLE_LINES: usize = 8;

// Each pattern is written out as nodes (see `crate::pattern`), beside the regex it
// stands for; the tests compare the two. A year is preceded by the start or a non-digit
// (there is no look-behind: the boundary is part of the match and the year is captured).

/// `(?:^|[^0-9])`: the start, or a character that is no digit.
const B: Node = Alt(&[Start, NoneOf(DIGITS)]);
const DIGITS: &str = "0123456789";
/// `\s*`
const S: Node = star(&Class(space));
/// `[0-9]{4}`, `[0-9]{1,2}`, `[0-9]{2}`
const D4: Node = rep(&Class(digit), 4, 4);
const D12: Node = rep(&Class(digit), 1, 2);
const D2: Node = rep(&Class(digit), 2, 2);
/// `(?:^|[^0-9])([0-9]{4})\s*年\s*`: a year of group 1.
const YEAR_OF: Node = Seq(&[B, Cap(1, &D4), S, Lit("年"), S]);
/// A clock time of groups `h` and `m` (`0时`, `12:00`).
macro_rules! clock {
    ($h:literal, $m:literal) => {
        Seq(&[
            Cap($h, &D12),
            S,
            Alt(&[Any("时点"), Seq(&[Lit(":"), S, Cap($m, &D2)])]),
        ])
    };
}
/// `(?:[^0-9]|$)`
const AFTER: Node = Alt(&[NoneOf(DIGITS), End]);
/// The words joining the two months of a cumulative span.
const CONNECTORS: &str = "-—－–~～至到";
/// `[一二三四五六七八九十]{1,3}`
const CN_MONTH: Node = rep(&Any("一二三四五六七八九十"), 1, 3);

static RANGE: Pattern = Pattern::new(
    concat!(
        r"(?:^|[^0-9])([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日",
        r"\s*(?:([0-9]{1,2})\s*(?:[时点]|:\s*([0-9]{2})))?\s*(?:至|到|-|—|~|～|–|－)\s*",
        r"(?:([0-9]{4})\s*年\s*)?(?:([0-9]{1,2})\s*月\s*)?([0-9]{1,2})\s*日",
        r"(?:\s*([0-9]{1,2})\s*(?:[时点]|:\s*([0-9]{2})))?"
    ),
    "日",
    Lead::YearThen(nian_next, None),
    Seq(&[
        B,
        Cap(1, &D4),
        S,
        Lit("年"),
        S,
        Cap(2, &D12),
        S,
        Lit("月"),
        S,
        Cap(3, &D12),
        S,
        Lit("日"),
        S,
        opt(&clock!(4, 5)),
        S,
        Any("至到-—~～–－"),
        S,
        opt(&Seq(&[Cap(6, &D4), S, Lit("年"), S])),
        opt(&Seq(&[Cap(7, &D12), S, Lit("月"), S])),
        Cap(8, &D12),
        S,
        Lit("日"),
        opt(&Seq(&[S, clock!(9, 10)])),
    ]),
);
static ISO_RANGE: Pattern = Pattern::new(
    r"(?:^|[^0-9])([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})\s*(?:至|到|~|～|—|–)\s*(?:([0-9]{4})[-./])?([0-9]{1,2})[-./]([0-9]{1,2})(?:[^0-9]|$)",
    "",
    Lead::YearThen(separator_next, None),
    Seq(&[
        B,
        Cap(1, &D4),
        Any("-./"),
        Cap(2, &D12),
        Any("-./"),
        Cap(3, &D12),
        S,
        Any("至到~～—–"),
        S,
        opt(&Seq(&[Cap(4, &D4), Any("-./")])),
        Cap(5, &D12),
        Any("-./"),
        Cap(6, &D12),
        AFTER,
    ]),
);
static CUMULATIVE: Pattern = Pattern::new(
    r"(?:(?:^|[^0-9])([0-9]{4})\s*年\s*|(?:^|[^0-9.]))([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*(?:-|—|－|–|~|～|至|到)\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月",
    "月",
    Lead::Near(month_numeral),
    Seq(&[
        Alt(&[YEAR_OF, Alt(&[Start, NoneOf("0123456789.")])]),
        Cap(2, &Alt(&[D12, CN_MONTH])),
        S,
        Any(CONNECTORS),
        S,
        Cap(3, &Alt(&[D12, CN_MONTH])),
        S,
        Lit("月"),
    ]),
)
.holding(numeral_then_connector);
static FIRST_QUARTERS: Pattern = Pattern::new(
    r"(?:(?:^|[^0-9])([0-9]{4})\s*年\s*)?前\s*([二三两])\s*(?:个)?季度",
    "季度",
    Lead::YearThen(nian_next, Some(|a, _| a == '前')),
    Seq(&[
        opt(&YEAR_OF),
        Lit("前"),
        S,
        Cap(2, &Any("二三两")),
        S,
        opt(&Lit("个")),
        Lit("季度"),
    ]),
);
/// `(?:(?:^|[^0-9])([0-9]{4})\s*年\s*(?:度\s*)?)?`
const YEAR_OF_DU: Node = opt(&Seq(&[YEAR_OF, opt(&Seq(&[Lit("度"), S]))]));
static QUARTER: Pattern = Pattern::new(
    r"(?:(?:^|[^0-9])([0-9]{4})\s*年\s*(?:度\s*)?)?(前\s*)?(?:第)?\s*([一二三四1-4])\s*季度",
    "季度",
    Lead::YearThen(
        nian_next,
        Some(|a, _| space(a) || "前第一二三四1234".contains(a)),
    ),
    Seq(&[
        YEAR_OF_DU,
        opt(&Cap(2, &Seq(&[Lit("前"), S]))),
        opt(&Lit("第")),
        S,
        Cap(3, &Any("一二三四1234")),
        S,
        Lit("季度"),
    ]),
);
static HALF: Pattern = Pattern::new(
    r"(?:(?:^|[^0-9])([0-9]{4})\s*年\s*(?:度\s*)?)?([上下])\s*半\s*年",
    "半",
    Lead::YearThen(nian_next, Some(|a, _| "上下".contains(a))),
    Seq(&[YEAR_OF_DU, Cap(2, &Any("上下")), S, Lit("半"), S, Lit("年")]),
);
static MONTH: Pattern = Pattern::new(
    r"(?:^|[^0-9])([0-9]{4})\s*年\s*([0-9]{1,2})\s*月(份)?(\s*[0-9]{1,2}\s*日)?",
    "月",
    Lead::YearThen(nian_next, None),
    Seq(&[
        YEAR_OF,
        Cap(2, &D12),
        S,
        Lit("月"),
        opt(&Cap(3, &Lit("份"))),
        opt(&Cap(4, &Seq(&[S, D12, S, Lit("日")]))),
    ]),
);
static BARE_MONTH: Pattern = Pattern::new(
    r"(?:^|[^0-9年\-—~至到])(十[一二]?|[一二三四五六七八九]|[0-9]{1,2})\s*月(份|[,,:：]|$)",
    "月",
    Lead::Near(month_numeral),
    Seq(&[
        Alt(&[Start, NoneOf("0123456789年-—~至到")]),
        Cap(
            1,
            &Alt(&[
                Seq(&[Lit("十"), opt(&Any("一二"))]),
                Any("一二三四五六七八九"),
                D12,
            ]),
        ),
        S,
        Lit("月"),
        Cap(2, &Alt(&[Lit("份"), Any(",:："), End])),
    ]),
);
static WEEK: Pattern = Pattern::new(
    r"(?:(?:^|[^0-9])([0-9]{4})\s*年\s*)?第\s*([0-9]{1,2})\s*(?:周)?(?:\s*[、,和至\-—~]\s*(?:第\s*)?([0-9]{1,2}))?\s*周",
    "周",
    Lead::YearThen(nian_next, Some(|a, _| a == '第')),
    Seq(&[
        opt(&YEAR_OF),
        Lit("第"),
        S,
        Cap(2, &D12),
        S,
        opt(&Lit("周")),
        opt(&Seq(&[
            S,
            Any("、,和至-—~"),
            S,
            opt(&Seq(&[Lit("第"), S])),
            Cap(3, &D12),
        ])),
        S,
        Lit("周"),
    ]),
);
static YEAR: Pattern = Pattern::new(
    r"(?:^|[^0-9])([0-9]{4})\s*(?:年度|年年度|年全年|年\s*(?:全年|年报))",
    "年",
    Lead::YearThen(nian_next, None),
    Seq(&[
        B,
        Cap(1, &D4),
        S,
        Alt(&[
            Lit("年度"),
            Lit("年年度"),
            Lit("年全年"),
            Seq(&[Lit("年"), S, Alt(&[Lit("全年"), Lit("年报")])]),
        ]),
    ]),
);
static ANY_YEAR: Pattern = Pattern::new(
    r"(?:^|[^0-9])([0-9]{4})\s*年",
    "年",
    Lead::YearThen(nian_next, None),
    Seq(&[B, Cap(1, &D4), S, Lit("年")]),
);
/// A bare year that is not followed by a month, a quarter or an issue number.
static BARE_YEAR: Pattern = Pattern::new(
    r"(?:^|[^0-9])([0-9]{4})\s*年\s*([^0-9\s第上下前一二三四]|$)",
    "年",
    Lead::YearThen(nian_next, None),
    Seq(&[YEAR_OF, Cap(2, &Alt(&[Class(no_month_after_year), End]))]),
);
static DATE: Pattern = Pattern::new(
    r"(?:^|[^0-9])([0-9]{4})(?:\s*年\s*|[-./])([0-9]{1,2})(?:\s*月\s*|[-./])([0-9]{1,2})(?:[^0-9]|$)",
    "",
    Lead::YearThen(date_next, None),
    Seq(&[
        B,
        Cap(1, &D4),
        Alt(&[Seq(&[S, Lit("年"), S]), Any("-./")]),
        Cap(2, &D12),
        Alt(&[Seq(&[S, Lit("月"), S]), Any("-./")]),
        Cap(3, &D12),
        AFTER,
    ]),
);
/// `[0-5][0-9]`
const WEEK_NO: Node = Seq(&[Any("012345"), Class(digit)]);
static NAME_MONTH: Pattern = Pattern::new(
    r"(?:^|[^0-9])([0-9]{4})[-_. ]?(?:(0[1-9]|1[0-2])|[Qq]([1-4])|[Hh]([12])|[Ww]([0-5][0-9])(?:[-_]([0-5][0-9]))?)(?:[^0-9]|$)",
    "",
    Lead::Year(None),
    Seq(&[
        B,
        Cap(1, &D4),
        opt(&Any("-_. ")),
        Alt(&[
            Cap(
                2,
                &Alt(&[
                    Seq(&[Lit("0"), Any("123456789")]),
                    Seq(&[Lit("1"), Any("012")]),
                ]),
            ),
            Seq(&[Any("Qq"), Cap(3, &Any("1234"))]),
            Seq(&[Any("Hh"), Cap(4, &Any("12"))]),
            Seq(&[
                Any("Ww"),
                Cap(5, &WEEK_NO),
                opt(&Seq(&[Any("-_"), Cap(6, &WEEK_NO)])),
            ]),
        ]),
        AFTER,
    ]),
);
static NAME_YEAR: Pattern = Pattern::new(
    r"(?:^|[^0-9])([0-9]{4})(?:[^0-9]|$)",
    "",
    Lead::Year(None),
    Seq(&[B, Cap(1, &D4), AFTER]),
);

/// A digit or a Chinese numeral of a month (`[0-9]`, `[一二三四五六七八九十]`): what
/// the first character of a cumulative span's or a bare month's match, or the second,
/// is.
fn month_numeral(c: char) -> bool {
    digit(c)
        || matches!(
            c,
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
}

/// [`month_numeral`] of the first character or the second, as the leads tested before:
/// the reference the tests compare the lead with.
#[cfg(test)]
fn cn_near(a: char, b: Option<char>) -> bool {
    let f = |c: char| digit(c) || "一二三四五六七八九十".contains(c);
    f(a) || b.is_some_and(f)
}

/// Whether a text holds what every cumulative span does: a month's numeral, spaces, a
/// word joining two months (`1-`, `一 至`). Most lines holding 至 or 到 hold it in a word
/// (`达到`, `至今`), and most dashes follow no numeral.
fn numeral_then_connector(text: &str) -> bool {
    let mut after_numeral = false;
    for c in text.chars() {
        if after_numeral && matches!(c, '-' | '—' | '－' | '–' | '~' | '～' | '至' | '到') {
            return true;
        }
        if !space(c) {
            after_numeral = month_numeral(c);
        }
    }
    false
}

/// What follows the year of a pattern whose year is `[0-9]{4}\s*年`: spaces, then 年
/// (its lead tries no year followed by anything else).
fn nian_next(rest: &str) -> bool {
    rest.trim_start_matches(space).starts_with('年')
}

/// What follows the year of an ISO date (`[0-9]{4}[-./]`).
fn separator_next(rest: &str) -> bool {
    rest.starts_with(['-', '.', '/'])
}

/// What follows the year of a date (`[0-9]{4}(?:\s*年\s*|[-./])`).
fn date_next(rest: &str) -> bool {
    separator_next(rest) || nian_next(rest)
}

/// `[^0-9\s第上下前一二三四]`: what follows a bare year.
fn no_month_after_year(c: char) -> bool {
    !digit(c) && !space(c) && !"第上下前一二三四".contains(c)
}

/// What the rest of the document tells about years: the first year printed, the issue
/// date (the first full date).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hints {
    pub year: Option<i32>,
    pub issue: Option<NaiveDate>,
}

fn year(text: &str) -> Option<i32> {
    text.parse().ok().filter(|y| YEARS.contains(y))
}

fn month_number(text: &str) -> Option<u32> {
    text.parse::<u32>()
        .ok()
        .or_else(|| chinese_numeral(text))
        .filter(|m| (1..=12).contains(m))
}

/// The hints a text gives.
pub fn hints(lines: &[&str]) -> Hints {
    let signs: Vec<Signs> = lines.iter().map(|l| Signs::of(l)).collect();
    hints_of(lines, &signs)
}

/// The hints of lines whose signs are known.
fn hints_of(lines: &[&str], signs: &[Signs]) -> Hints {
    let with = || lines.iter().zip(signs);
    Hints {
        year: with().find_map(|(l, s)| any_year_in(l, *s)),
        issue: with().find_map(|(l, s)| date_with(l, *s)),
    }
}

/// The first plausible year printed with 年 in a line.
fn any_year_in(line: &str, s: Signs) -> Option<i32> {
    if !s.has(Signs::DIGIT | Signs::NIAN) {
        return None;
    }
    ANY_YEAR.captures_iter(line).find_map(|c| year(&c[1]))
}

/// [`date_in`] of a line whose signs are known.
fn date_with(line: &str, s: Signs) -> Option<NaiveDate> {
    if !s.has(Signs::DIGIT) {
        return None;
    }
    date_in(line)
}

/// The first full date of a line (`2022年8月2日`, `2023-10-08`, `2022/9/3`).
fn date_in(line: &str) -> Option<NaiveDate> {
    DATE.captures_iter(line)
        .find_map(|c| NaiveDate::from_ymd_opt(year(&c[1])?, c[2].parse().ok()?, c[3].parse().ok()?))
}

/// Finds the period in the document's lines (normalized), in document order.
pub fn find_period(lines: &[&str]) -> Option<Period> {
    find_period_with(lines, Hints::default())
}

/// Finds the period, with hints from outside the text (the file name) used where the
/// text gives none.
pub fn find_period_with(lines: &[&str], outside: Hints) -> Option<Period> {
    let signs: Vec<Signs> = lines.iter().map(|l| Signs::of(l)).collect();
    find_period_signed(lines, &signs, outside)
}

/// [`find_period_with`] over lines whose signs are known (every sign: nothing skipped).
fn find_period_signed(lines: &[&str], signs: &[Signs], outside: Hints) -> Option<Period> {
    let own = hints_of(lines, signs);
    let h = Hints {
        year: own.year.or(own.issue.map(|d| d.year())).or(outside.year),
        issue: own.issue.or(outside.issue),
    };
    let with = || lines.iter().zip(signs);
    if let Some(p) = with().find_map(|(l, s)| range_in(l, *s)) {
        return Some(p);
    }
    let title: Vec<(&str, Signs)> = with()
        .filter(|(l, _)| !l.trim().is_empty())
        .take(TITLE_LINES)
        .map(|(l, s)| (*l, *s))
        .collect();
    if let Some(p) = title.iter().find_map(|(l, s)| statement_in(l, *s, h)) {
        return Some(p);
    }
    type Finder<'a> = &'a dyn Fn(&str, Signs) -> Option<Period>;
    let finders: [Finder; 7] = [
        &|l, s| quarter_in(l, s, h.year),
        &month_in,
        &|l, s| cumulative_in(l, s, h.year),
        &|l, s| week_in(l, s, h.year),
        &|l, s| half_in(l, s, h.year),
        &|l, s| bare_month_in(l, s, h),
        &year_in,
    ];
    for find in finders {
        if let Some(found) = with().find_map(|(l, s)| find(l, *s)) {
            return Some(found);
        }
    }
    title.iter().find_map(|(l, s)| bare_year_in(l, *s))
}

/// The most precise statement of a period in one line.
fn statement_in(line: &str, s: Signs, h: Hints) -> Option<Period> {
    range_in(line, s)
        .or_else(|| cumulative_in(line, s, h.year))
        .or_else(|| quarter_in(line, s, h.year))
        .or_else(|| half_in(line, s, h.year))
        .or_else(|| month_in(line, s))
        .or_else(|| week_in(line, s, h.year))
        .or_else(|| bare_month_in(line, s, h))
        .or_else(|| year_in(line, s))
}

/// The period a file name states (`城区 热线 2022年8月 通报.csv`, `pinggu-2022-06`,
/// `report_2025-Q1`, `2019-W25-26`, else a year standing alone: `shunyi-2020-annual`).
pub fn period_from_name(stem: &str, outside: Hints) -> Option<Period> {
    if let Some(p) = statement_in(stem, Signs::of(stem), outside) {
        return Some(p);
    }
    let finer = NAME_MONTH.captures_iter(stem).find_map(|c| {
        let y = year(&c[1])?;
        if let Some(m) = c.get(2) {
            return month_period(y, m.as_str().parse().ok()?, &c[0]);
        }
        if let Some(q) = c.get(3) {
            let q: u32 = q.as_str().parse().ok()?;
            return span(
                first_of(y, q * 3 - 2)?,
                last_of_month(y, q * 3)?,
                c[0].trim(),
            );
        }
        if let Some(half) = c.get(4) {
            let m = if half.as_str() == "1" { 1 } else { 7 };
            return span(first_of(y, m)?, last_of_month(y, m + 5)?, c[0].trim());
        }
        let w1: u32 = c.get(5)?.as_str().parse().ok()?;
        let w2 = c.get(6).and_then(|w| w.as_str().parse().ok()).unwrap_or(w1);
        weeks(y, w1, w2, c[0].trim())
    });
    finer.or_else(|| {
        let y = year_from_name(stem)?;
        span(first_of(y, 1)?, last_of_month(y, 12)?, &y.to_string())
    })
}

/// A year a file name gives (`…_2016_…`), as a hint for periods printed without one.
pub fn year_from_name(stem: &str) -> Option<i32> {
    NAME_YEAR.captures_iter(stem).find_map(|c| year(&c[1]))
}

fn first_of(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)
}

fn span(start: NaiveDate, end: NaiveDate, printed: &str) -> Option<Period> {
    (start <= end).then(|| Period {
        label: label_for(start, end),
        start,
        end,
        as_printed: printed.trim().to_string(),
    })
}

/// The text of a match without the boundary character it starts with.
fn printed(c: &Captures) -> String {
    let whole = &c[0];
    whole
        .trim_start_matches(|ch: char| {
            !ch.is_ascii_digit() && !"一二三四五六七八九十第前上下".contains(ch)
        })
        .trim_end_matches([',', ':', '：'])
        .trim()
        .to_string()
}

fn range_in(line: &str, s: Signs) -> Option<Period> {
    if !s.has(Signs::DIGIT) {
        return None;
    }
    // A line without 年, 月 and 日 leaves RANGE no match to find.
    let dated = s.has(Signs::NIAN | Signs::YUE | Signs::RI);
    let ranges = dated
        .then(|| RANGE.captures_iter(line))
        .into_iter()
        .flatten();
    for c in ranges {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let Some(y1) = year(&c[1]) else { continue };
        let Some(start) = NaiveDate::from_ymd_opt(y1, num(2)?, num(3)?) else {
            continue;
        };
        let y2 = c.get(6).and_then(|m| year(m.as_str())).unwrap_or(y1);
        let m2 = num(7).unwrap_or(start.month());
        let Some(mut end) = num(8).and_then(|d| NaiveDate::from_ymd_opt(y2, m2, d)) else {
            continue;
        };
        // `…至6月19日0时` ends at the start of the 19th: the last day is the 18th.
        if num(9) == Some(0) && num(10).unwrap_or(0) == 0 {
            end -= Duration::days(1);
        }
        if let Some(p) = span(start, end, &printed(&c)) {
            return Some(p);
        }
    }
    ISO_RANGE.captures_iter(line).find_map(|c| {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let y1 = year(&c[1])?;
        let start = NaiveDate::from_ymd_opt(y1, num(2)?, num(3)?)?;
        let y2 = c.get(4).and_then(|m| year(m.as_str())).unwrap_or(y1);
        let end = NaiveDate::from_ymd_opt(y2, num(5)?, num(6)?)?;
        span(start, end, &printed(&c))
    })
}

fn cumulative_in(line: &str, s: Signs, year_hint: Option<i32>) -> Option<Period> {
    let months = s.has(Signs::YUE) && s.has_number();
    let spans = months
        .then(|| CUMULATIVE.captures_iter(line))
        .into_iter()
        .flatten();
    for c in spans {
        let (Some(m1), Some(m2)) = (month_number(&c[2]), month_number(&c[3])) else {
            continue;
        };
        if m1 >= m2 {
            continue;
        }
        let Some(y) = c.get(1).map_or(year_hint, |m| year(m.as_str())) else {
            continue;
        };
        if let Some(p) = span(first_of(y, m1)?, last_of_month(y, m2)?, &printed(&c)) {
            return Some(p);
        }
    }
    if !s.has(Signs::JI | Signs::NUMERAL) {
        return None;
    }
    FIRST_QUARTERS.captures_iter(line).find_map(|c| {
        let y = c.get(1).map_or(year_hint, |m| year(m.as_str()))?;
        let q = chinese_numeral(&c[2])?;
        span(first_of(y, 1)?, last_of_month(y, q * 3)?, &printed(&c))
    })
}

fn quarter_in(line: &str, s: Signs, year_hint: Option<i32>) -> Option<Period> {
    if !s.has(Signs::JI) || !s.has_number() {
        return None;
    }
    QUARTER.captures_iter(line).find_map(|c| {
        if c.get(2).is_some() {
            return None; // 前三季度: the first three quarters, a cumulative span
        }
        let y = c.get(1).map_or(year_hint, |m| year(m.as_str()))?;
        let q = match &c[3] {
            "一" | "1" => 1,
            "二" | "2" => 2,
            "三" | "3" => 3,
            _ => 4,
        };
        span(
            first_of(y, q * 3 - 2)?,
            last_of_month(y, q * 3)?,
            &printed(&c),
        )
    })
}

fn half_in(line: &str, s: Signs, year_hint: Option<i32>) -> Option<Period> {
    if !s.has(Signs::BAN | Signs::NIAN) {
        return None;
    }
    HALF.captures_iter(line).find_map(|c| {
        let y = c.get(1).map_or(year_hint, |m| year(m.as_str()))?;
        let first = if &c[2] == "上" { 1 } else { 7 };
        span(
            first_of(y, first)?,
            last_of_month(y, first + 5)?,
            &printed(&c),
        )
    })
}

fn month_in(line: &str, s: Signs) -> Option<Period> {
    if !s.has(Signs::DIGIT | Signs::NIAN | Signs::YUE) {
        return None;
    }
    MONTH.captures_iter(line).find_map(|c| {
        if c.get(4).is_some() {
            return None; // a date, not a month
        }
        month_period(year(&c[1])?, c[2].parse().ok()?, &printed(&c))
    })
}

fn bare_month_in(line: &str, s: Signs, h: Hints) -> Option<Period> {
    if !s.has(Signs::YUE) || !s.has_number() {
        return None;
    }
    BARE_MONTH.captures_iter(line).find_map(|c| {
        let m = month_number(&c[1])?;
        // A bulletin is issued after the month it reports: 七月份 issued 2022年8月2日 is
        // 2022-07; 十二月份 issued in January is the year before.
        let y = match h.issue {
            Some(d) if m > d.month() => d.year() - 1,
            Some(d) => d.year(),
            None => h.year?,
        };
        month_period(y, m, &printed(&c))
    })
}

fn month_period(y: i32, m: u32, printed: &str) -> Option<Period> {
    span(first_of(y, m)?, last_of_month(y, m)?, printed)
}

fn week_in(line: &str, s: Signs, year_hint: Option<i32>) -> Option<Period> {
    if !s.has(Signs::DIGIT | Signs::ZHOU) {
        return None;
    }
    WEEK.captures_iter(line).find_map(|c| {
        let y = c.get(1).map_or(year_hint, |m| year(m.as_str()))?;
        let w1: u32 = c[2].parse().ok()?;
        let w2 = c.get(3).and_then(|m| m.as_str().parse().ok()).unwrap_or(w1);
        weeks(y, w1, w2, &printed(&c))
    })
}

fn weeks(y: i32, w1: u32, w2: u32, printed: &str) -> Option<Period> {
    if w2 < w1 {
        return None;
    }
    let start = NaiveDate::from_isoywd_opt(y, w1, Weekday::Mon)?;
    let end = NaiveDate::from_isoywd_opt(y, w2, Weekday::Sun)?;
    span(start, end, printed)
}

fn year_in(line: &str, s: Signs) -> Option<Period> {
    if !s.has(Signs::DIGIT | Signs::NIAN) {
        return None;
    }
    YEAR.captures_iter(line).find_map(|c| {
        let y = year(&c[1])?;
        span(first_of(y, 1)?, last_of_month(y, 12)?, &printed(&c))
    })
}

fn bare_year_in(line: &str, s: Signs) -> Option<Period> {
    if !s.has(Signs::DIGIT | Signs::NIAN) {
        return None;
    }
    BARE_YEAR.captures_iter(line).find_map(|c| {
        let y = year(&c[1])?;
        // A date (2021 年 1 月 8 日) or an issue number (2022年第7期) is not a year.
        if date_in(line).is_some_and(|d| d.year() == y) {
            return None;
        }
        span(first_of(y, 1)?, last_of_month(y, 12)?, &format!("{y}年"))
    })
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1))
}

fn month_label(d: NaiveDate) -> String {
    format!("{}-{:02}", d.year(), d.month())
}

fn week_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// A label for a span of days (see the module's doc).
fn label_for(start: NaiveDate, end: NaiveDate) -> String {
    let y = start.year();
    let whole_months = start.day() == 1 && Some(end) == last_of_month(end.year(), end.month());
    if whole_months {
        let months = (end.year() - y) * 12 + end.month() as i32 - start.month() as i32 + 1;
        match months {
            1 => return month_label(start),
            3 if start.month() % 3 == 1 => return format!("{y}-Q{}", start.month() / 3 + 1),
            6 if start.month() % 6 == 1 => return format!("{y}-H{}", start.month() / 6 + 1),
            12 if start.month() == 1 => return y.to_string(),
            _ => return format!("{}..{}", month_label(start), month_label(end)),
        }
    }
    let whole_weeks = start.weekday() == Weekday::Mon && end.weekday() == Weekday::Sun;
    if whole_weeks {
        return if end - start == Duration::days(6) {
            week_label(start)
        } else {
            format!("{}..{}", week_label(start), week_label(end))
        };
    }
    // A 考核期 of about a month (5月19日–6月18日) reports the month it ends in.
    let days = (end - start).num_days() + 1;
    if (27..=32).contains(&days) {
        return month_label(end);
    }
    format!("{start}..{end}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn period_reads_a_month_without_its_word_for_month_but_not_a_date() {
        let p = |l: &[&str]| find_period(l).map(|p| p.label);
        assert_eq!(
            p(&[
                "某区热线月度通报",
                "(2023年第5期)",
                "5月,全区共受理诉求100件。"
            ])
            .as_deref(),
            Some("2023-05")
        );
        assert_eq!(p(&["某区热线通报", "6月5日"]).as_deref(), None);
    }

    use super::*;

    fn period(lines: &[&str]) -> (String, String, String) {
        let p = find_period(lines).unwrap();
        (p.label, p.start.to_string(), p.end.to_string())
    }

    #[test]
    fn period_reads_a_range_ending_at_midnight() {
        assert_eq!(
            period(&["2022年5月19日0时至6月19日0时,我区共受理"]),
            ("2022-06".into(), "2022-05-19".into(), "2022-06-18".into())
        );
    }

    #[test]
    fn period_reads_a_whole_year_range() {
        assert_eq!(
            period(&["2020年1月1日0时至12月31日24时,共受理"]),
            ("2020".into(), "2020-01-01".into(), "2020-12-31".into())
        );
    }

    #[test]
    fn period_reads_a_quarter_range_with_spaces() {
        assert_eq!(
            period(&["(统计时间:2019 年 10 月 1 日-12 月 31 日)"]),
            ("2019-Q4".into(), "2019-10-01".into(), "2019-12-31".into())
        );
    }

    #[test]
    fn period_reads_a_range_with_clock_times() {
        assert_eq!(
            period(&["2019年6月28日12:00至2019年7月12日12:00,平台共受理"]),
            (
                "2019-06-28..2019-07-12".into(),
                "2019-06-28".into(),
                "2019-07-12".into()
            )
        );
    }

    #[test]
    fn period_parses_quarter_in_chinese_numerals() {
        assert_eq!(
            period(&[
                "乙山区热线工作情况通报(2021年第三期)",
                "7-9月,全区受理",
                "对我区2021年三季度工单"
            ]),
            ("2021-Q3".into(), "2021-07-01".into(), "2021-09-30".into())
        );
        assert_eq!(period(&["2019年四季度,戊城区"]).0, "2019-Q4");
        assert_eq!(period(&["2024年第二季度,市长信箱共收到"]).0, "2024-Q2");
        assert_eq!(
            period(&["2016年 第4 季度旅游投诉受理情况汇总表"]).0,
            "2016-Q4"
        );
    }

    #[test]
    fn period_reads_cumulative_months() {
        assert_eq!(
            period(&[
                "关于甲市热线平台1-4月份诉求办理情况的通报",
                "2023年1-4月份,共受理"
            ]),
            (
                "2023-01..2023-04".into(),
                "2023-01-01".into(),
                "2023-04-30".into()
            )
        );
        assert_eq!(period(&["2022年1—9月,全市受理"]).0, "2022-01..2022-09");
        assert_eq!(period(&["2022年前三季度工作情况"]).0, "2022-01..2022-09");
        assert_eq!(period(&["2021年1-6月受理情况"]).0, "2021-H1");
    }

    #[test]
    fn period_reads_halves_and_years() {
        assert_eq!(
            period(&["2023年上半年热线运行分析"]),
            ("2023-H1".into(), "2023-01-01".into(), "2023-06-30".into())
        );
        assert_eq!(period(&["2023年下半年"]).0, "2023-H2");
        assert_eq!(period(&["2020年度工作报告"]).0, "2020");
        assert_eq!(period(&["关于2021年度全区热线工作的决定"]).0, "2021");
        // A bare year in the title, when nothing else is said.
        assert_eq!(period(&["关于2017年全国环保举报工作情况的通报"]).0, "2017");
        assert!(find_period(&["2022年第7期"]).is_none());
    }

    #[test]
    fn period_takes_the_year_of_a_bare_month_from_the_issue_date() {
        assert_eq!(
            period(&[
                "2022年第7期",
                "甲州市人民政府办公室 2022年8月2日",
                "七月份工作简报"
            ]),
            ("2022-07".into(), "2022-07-01".into(), "2022-07-31".into())
        );
        assert_eq!(period(&["2023年1月5日", "十二月份工作简报"]).0, "2022-12");
        assert_eq!(
            period(&["7月份热线通报", "2022/9/3 来源:晚报"]).0,
            "2022-07"
        );
    }

    #[test]
    fn period_reads_a_month_but_not_a_date() {
        assert_eq!(period(&["2021年6月,全区受理"]).0, "2021-06");
        assert!(find_period(&["2022年8月2日印发"]).is_none());
    }

    #[test]
    fn period_reads_weeks() {
        assert_eq!(
            period(&["2022年第28周热线简报"]),
            ("2022-W28".into(), "2022-07-11".into(), "2022-07-17".into())
        );
        assert_eq!(
            period(&["“12345一号通”平台2019年第25周、26周受理办理情况通报"]),
            (
                "2019-W25..2019-W26".into(),
                "2019-06-17".into(),
                "2019-06-30".into()
            )
        );
        assert_eq!(period(&["2019年第25、26周"]).0, "2019-W25..2019-W26");
    }

    #[test]
    fn period_years_are_four_digits_standing_alone_and_plausible() {
        assert!(find_period(&["99999年6月"]).is_none());
        assert!(find_period(&["编号12022年6月"]).is_none());
        assert!(find_period(&["0000年1月"]).is_none());
        assert!(find_period(&["第3000年度"]).is_none());
        assert_eq!(period(&["1.2023年10月,受理工单"]).0, "2023-10");
    }

    #[test]
    fn period_from_a_file_name() {
        let none = Hints::default();
        let p = |s: &str| period_from_name(s, none).map(|p| p.label);
        assert_eq!(p("城区 热线 2022年8月 通报").as_deref(), Some("2022-08"));
        assert_eq!(p("pinggu-2022-06").as_deref(), Some("2022-06"));
        assert_eq!(p("b01_x_2025-Q1").as_deref(), Some("2025-Q1"));
        assert_eq!(p("x_2019-W25-26").as_deref(), Some("2019-W25..2019-W26"));
        assert_eq!(p("report"), None);
        assert_eq!(p("shunyi-2020-annual").as_deref(), Some("2020"));
        assert_eq!(year_from_name("b05_x_2016_niandu"), Some(2016));
        assert_eq!(year_from_name("b05_x_12016"), None);
    }

    #[test]
    fn period_uses_a_year_from_outside_for_a_quarter_without_one() {
        let h = Hints {
            year: Some(2025),
            issue: None,
        };
        let p = find_period_with(&["一季度,市长信箱收到网民来信139件"], h).unwrap();
        assert_eq!(p.label, "2025-Q1");
    }

    /// The lead of the cumulative spans and bare months tests a character as the test
    /// of two characters it replaces did, code point by code point.
    #[test]
    fn period_month_numeral_is_the_old_test_of_either_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(month_numeral(c), cn_near(c, None), "{c:?}");
            assert_eq!(cn_near('x', Some(c)), cn_near(c, None), "{c:?}");
        }
    }

    /// A cumulative span's test of a text takes a numeral followed by exactly the words
    /// the pattern joins two months with (`Any` of its connectors), spaces between.
    #[test]
    fn period_cumulative_test_takes_the_patterns_connectors() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let joined = CONNECTORS.contains(c);
            assert_eq!(numeral_then_connector(&format!("1{c}")), joined, "{c:?}");
            assert_eq!(
                numeral_then_connector(&format!("x三 \u{3000}{c}")),
                joined,
                "{c:?}"
            );
            assert!(!numeral_then_connector(&format!("x{c}")), "{c:?}");
        }
    }

    /// Every pattern of the module.
    fn patterns() -> [&'static Pattern; 15] {
        [
            &RANGE,
            &ISO_RANGE,
            &CUMULATIVE,
            &FIRST_QUARTERS,
            &QUARTER,
            &HALF,
            &MONTH,
            &BARE_MONTH,
            &WEEK,
            &YEAR,
            &ANY_YEAR,
            &BARE_YEAR,
            &DATE,
            &NAME_MONTH,
            &NAME_YEAR,
        ]
    }

    /// The edge cases of the patterns: boundaries, spaces, full-width digits (which are
    /// not digits), 至/到/~ ranges, clock times, Chinese numerals.
    const EDGES: &[&str] = &[
        "2022年5月19日0时至6月19日0时,我区共受理",
        "2020年1月1日0时至12月31日24时",
        "(统计时间:2019 年 10 月 1 日-12 月 31 日)",
        "2019年6月28日12:00至2019年7月12日12:00,平台共受理",
        "2019年6月28日12: 00到7月12日 12 : 30",
        "2019年6月28日～7月2日",
        "2019年6月28日–2日",
        "2019年6月28日－7月2日",
        "2019年6月28日~7月2日",
        "2019年6月28日—7月2日",
        "2019年6月28日12点 至 2020 年 1 月 2 日 3 点",
        "12019年6月28日至7月2日",
        "１２０１９年6月28日至7月2日",
        "２０１９年６月",
        "2019-06-28至2019-07-12",
        "2019.6.28~7.12,",
        "2019/6/28 — 2019/7/12x",
        "2019-06-28至07-123",
        "2023年1-4月份,共受理",
        "2022年1—9月",
        "关于甲市热线平台1-4月份诉求办理情况的通报",
        "1.2-4月",
        "一至三月",
        "十一到十二月",
        "十十十一-二月",
        "2022年前三季度工作情况",
        "前两个季度",
        "2022年 前 二 个季度",
        "2021年三季度",
        "2019年四季度,戊城区",
        "2024年第二季度",
        "2016年 第4 季度",
        "2016年度第1季度",
        "前三季度第5季度",
        "2023年上半年",
        "2023年度 下 半 年",
        "上半年",
        "2021年6月,全区受理",
        "2022年8月2日印发",
        "2022年8月份 3日",
        "2022年12月",
        "1.2023年10月,受理工单",
        "5月,全区",
        "七月份工作简报",
        "十二月份",
        "十月:",
        "12月",
        "2022年7月份",
        "至7月份",
        "—7月,",
        "7月份热线通报",
        "2022年第28周热线简报",
        "2019年第25周、26周受理办理情况",
        "2019年第25、26周",
        "第25周 至 第 26 周",
        "第3和4周",
        "第 3周—5周",
        "2020年度工作报告",
        "2020年年度",
        "2020年全年",
        "2020 年 年报",
        "2020年 全年",
        "第3000年度",
        "关于2017年全国环保举报工作情况的通报",
        "2022年第7期",
        "2022年",
        "2022 年 上",
        "2021 年 1 月 8 日",
        "甲州市人民政府办公室 2022年8月2日",
        "2022/9/3 来源:晚报",
        "2023-10-08",
        "2023-10-089",
        "99999年6月",
        "编号12022年6月",
        "0000年1月",
        "城区 热线 2022年8月 通报",
        "pinggu-2022-06",
        "b01_x_2025-Q1",
        "x_2019-W25-26",
        "x_2019w25_26",
        "2019 H2",
        "2019.13",
        "2019-00",
        "shunyi-2020-annual",
        "b05_x_2016_niandu",
        "b05_x_12016",
        "2016",
        "",
        "年月日",
        "2019\u{3000}年\u{a0}6\u{2003}月",
    ];

    /// A long line where a match may start at many places but no year starts: the scan
    /// for a year is not repeated at each of them (it was quadratic).
    #[test]
    fn period_patterns_scan_a_long_line_once() {
        let line = format!("季度{}第3周", " x".repeat(50_000));
        for p in [&QUARTER, &WEEK, &HALF] {
            crate::pattern::check::agrees(p, &line);
        }
    }

    #[test]
    fn period_patterns_match_as_their_regexes() {
        for p in patterns() {
            for t in EDGES {
                crate::pattern::check::agrees(p, t);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn period_patterns_agree_with_their_regexes_on_any_text(
            t in crate::pattern::check::texts(&[
                "0", "1", "2", "3", "9", "20", "2019", "12", "05", "１", "年", "月", "日", "时",
                "点", ":", "至", "到", "-", "—", "~", "～", "–", "－", ".", "/", "_", " ",
                "\u{3000}", "季度", "前", "第", "度", "个", "半", "上", "下", "周", "、", ",",
                "和", "份", "：", "全年", "年报", "一", "二", "三", "两", "四", "十", "九", "Q",
                "w", "H", "x",
            ])
        ) {
            for p in patterns() {
                crate::pattern::check::agrees(p, &t);
            }
        }
    }

    /// Every finder of a line as it finds with the line's signs and with nothing skipped.
    fn finders_agree(line: &str) {
        let (s, all) = (Signs::of(line), Signs::ALL);
        let h = Hints {
            year: Some(2022),
            issue: NaiveDate::from_ymd_opt(2022, 8, 2),
        };
        assert_eq!(range_in(line, s), range_in(line, all), "{line}");
        assert_eq!(
            cumulative_in(line, s, h.year),
            cumulative_in(line, all, h.year),
            "{line}"
        );
        assert_eq!(
            quarter_in(line, s, h.year),
            quarter_in(line, all, h.year),
            "{line}"
        );
        assert_eq!(
            half_in(line, s, h.year),
            half_in(line, all, h.year),
            "{line}"
        );
        assert_eq!(month_in(line, s), month_in(line, all), "{line}");
        assert_eq!(
            bare_month_in(line, s, h),
            bare_month_in(line, all, h),
            "{line}"
        );
        assert_eq!(
            week_in(line, s, h.year),
            week_in(line, all, h.year),
            "{line}"
        );
        assert_eq!(year_in(line, s), year_in(line, all), "{line}");
        assert_eq!(bare_year_in(line, s), bare_year_in(line, all), "{line}");
        assert_eq!(any_year_in(line, s), any_year_in(line, all), "{line}");
        assert_eq!(date_with(line, s), date_in(line), "{line}");
        assert_eq!(
            statement_in(line, s, h),
            statement_in(line, all, h),
            "{line}"
        );
    }

    #[test]
    fn period_finders_skip_no_line_they_would_read_on_the_sample_lines() {
        let lines = crate::extract::sample_lines::sample_lines();
        let mut found = 0;
        for line in &lines {
            finders_agree(line);
            found += usize::from(statement_in(line, Signs::ALL, Hints::default()).is_some());
        }
        assert!(found > 50, "the sample states periods ({found})");
        // And a whole text: the lines in order, the hints they give.
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        for chunk in refs.chunks(40) {
            let all = vec![Signs::ALL; chunk.len()];
            assert_eq!(
                find_period_with(chunk, Hints::default()),
                find_period_signed(chunk, &all, Hints::default())
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn period_finders_skip_no_line_they_would_read_on_any_text(
            t in crate::pattern::check::texts(&[
                "0", "1", "2", "3", "9", "20", "2019", "2022", "12", "05", "年", "月", "日",
                "时", ":", "至", "到", "-", "—", "~", ".", "/", " ", "季度", "季", "前", "第",
                "度", "个", "半", "上", "下", "周", "、", ",", "份", "全年", "一", "二", "三",
                "两", "四", "十", "九", "x", "é", "😀", "ㄱ", "丈",
            ])
        ) {
            finders_agree(&t);
        }
    }
}
