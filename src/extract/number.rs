//! Printed figures → exact decimals. Counts, rates, signed changes, ranks (in Arabic or
//! Chinese numerals), rank changes with arrows, grades. Every number is a
//! `rust_decimal::Decimal` that keeps its printed precision (`95.30` stays `95.30`).

use rust_decimal::Decimal;

use crate::grid::is_placeholder;
use crate::model::{Figure, MetricKind};

/// Why a cell could not be read as its column's kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read '{text}' as {expected}")]
pub struct NumberError {
    pub text: String,
    pub expected: &'static str,
}

fn fail(text: &str, expected: &'static str) -> NumberError {
    NumberError {
        text: text.to_string(),
        expected,
    }
}

/// Reads a cell as a figure of `kind`. `Ok(None)` for an empty placeholder.
pub fn parse_figure(text: &str, kind: MetricKind) -> Result<Option<Figure>, NumberError> {
    let t = text.trim();
    if let Some(d) = plain_figure(t, kind) {
        return Ok(Some(Figure::Number(d)));
    }
    if is_placeholder(t) {
        return Ok(None);
    }
    let num = |d: Option<Decimal>, what| {
        d.map(|d| Some(Figure::Number(d)))
            .ok_or_else(|| fail(t, what))
    };
    match kind {
        MetricKind::Count => num(parse_count(t), "a count"),
        MetricKind::Rate => num(parse_rate(t), "a percentage"),
        MetricKind::Change => num(parse_change(t), "a signed change"),
        MetricKind::Decimal => num(parse_plain(t), "a number"),
        MetricKind::Rank => num(parse_rank(t), "a rank"),
        MetricKind::RankChange => num(parse_rank_change(t), "a rank change"),
        MetricKind::Grade => parse_grade(t)
            .map(|g| Some(Figure::Text(g)))
            .ok_or_else(|| fail(t, "a grade")),
    }
}

/// The value of a trimmed cell printed in the plainest form its kind takes (ASCII digits
/// for a count or a rank; digits and a point for a number; the same with a `%` for a
/// percentage), or `None` for any other: most cells of a table are such, and for them the
/// kind's own reader strips nothing and reads the same decimal.
fn plain_figure(t: &str, kind: MetricKind) -> Option<Decimal> {
    let (body, point) = match kind {
        MetricKind::Count | MetricKind::Rank => (t, false),
        MetricKind::Decimal => (t, true),
        MetricKind::Rate => (t.strip_suffix('%').unwrap_or(t), true),
        _ => return None,
    };
    let plain = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || point && b == b'.');
    if plain {
        parse_decimal(body)
    } else {
        None
    }
}

/// A plain decimal: optional sign, digits, optional fraction; thousands separators and
/// surrounding spaces allowed. Keeps the printed scale.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    // Read in one pass, without the string the digits were once gathered into: it is done
    // for every number of every line. Spaces and commas anywhere are skipped; a sign
    // (`+`, `-`, `−`) may stand first only.
    let mut negative = false;
    let mut mantissa: u128 = 0;
    let mut len = 0usize; // digits and point read
    let mut point: Option<usize> = None; // `len` when the point was read
    let mut started = false;
    for c in text.chars() {
        if c.is_whitespace() || c == ',' {
            continue;
        }
        let first = !started;
        started = true;
        match c {
            '+' | '-' | '−' if first => negative = c != '+',
            '0'..='9' => {
                len += 1;
                // Beyond 28 significant digits rust_decimal cannot hold a figure exactly.
                if len > 28 {
                    return None;
                }
                mantissa = mantissa * 10 + u128::from(c as u32 - '0' as u32);
            }
            '.' if point.is_none() && len > 0 => {
                len += 1;
                if len > 28 {
                    return None;
                }
                point = Some(len);
            }
            _ => return None,
        }
    }
    let scale = match point {
        Some(at) if at == len => return None, // `12.`
        Some(at) => (len - at) as u32,
        None if len == 0 => return None,
        None => 0,
    };
    // 28 digits at most: below 2^96.
    let lo = mantissa as u32;
    let mid = (mantissa >> 32) as u32;
    let hi = u32::try_from(mantissa >> 64).ok()?;
    Some(Decimal::from_parts(lo, mid, hi, negative, scale))
}

fn strip_suffixes<'a>(mut t: &'a str, suffixes: &[&str]) -> &'a str {
    let mut changed = true;
    while changed {
        changed = false;
        t = t.trim();
        for s in suffixes {
            if let Some(rest) = t.strip_suffix(s) {
                t = rest;
                changed = true;
            }
        }
    }
    t.trim()
}

/// A count of work orders: `17190`, `17190件`, `1.1万`, `约1.1万人次`, `1103.94 万件`.
pub fn parse_count(text: &str) -> Option<Decimal> {
    let t = text
        .trim()
        .trim_start_matches('约')
        .trim_start_matches('共');
    let t = strip_suffixes(t, &["件", "个", "人次", "条", "次", "人", "余", "多"]);
    let (t, scale) = if let Some(rest) = t.strip_suffix('万') {
        (rest, Decimal::from(10_000))
    } else if let Some(rest) = t.strip_suffix('亿') {
        (rest, Decimal::from(100_000_000))
    } else {
        (t, Decimal::ONE)
    };
    let d = parse_decimal(t)?;
    if d.is_sign_negative() {
        return None;
    }
    if scale == Decimal::ONE {
        // A bare count must be whole.
        (d.scale() == 0).then_some(d)
    } else {
        let v = d.checked_mul(scale)?.normalize();
        Some(v)
    }
}

/// A percentage: `99.88%` or `99.88` is 99.88.
pub fn parse_rate(text: &str) -> Option<Decimal> {
    let t = strip_suffixes(text, &["%", "‰"]);
    parse_decimal(t)
}

/// A signed change: `+9.51%`, `-21.07%`, `上升9.51%`, `下降21.07%`, `↑9.51%`, `9.51%↓`.
pub fn parse_change(text: &str) -> Option<Decimal> {
    let mut t = text.trim().to_string();
    let mut negative = false;
    for (word, neg) in CHANGE_WORDS {
        if t.contains(word) {
            t = t.replace(word, "");
            negative = *neg;
        }
    }
    let d = parse_rate(&t)?;
    Some(if negative && !d.is_sign_negative() {
        -d
    } else {
        d
    })
}

/// Words and arrows that give a change its sign.
pub const CHANGE_WORDS: &[(&str, bool)] = &[
    ("上升", false),
    ("增幅", false),
    ("涨幅", false),
    ("降幅", true),
    ("增长", false),
    ("增加", false),
    ("提高", false),
    ("提升", false),
    ("↑", false),
    ("下降", true),
    ("减少", true),
    ("降低", true),
    ("回落", true),
    ("↓", true),
];

/// A decimal, possibly followed by 分 or 天.
pub fn parse_plain(text: &str) -> Option<Decimal> {
    parse_decimal(strip_suffixes(text, &["分", "天", "个工作日"]))
}

/// A rank: `3`, `第3名`, `第三`, `3名`, `第3位`, `并列2` (a tie).
pub fn parse_rank(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let t = t.strip_prefix("并列").unwrap_or(t).trim_start_matches('第');
    let t = strip_suffixes(t, &["名", "位"]);
    if let Some(d) = parse_decimal(t) {
        return (d.scale() == 0 && !d.is_sign_negative()).then_some(d);
    }
    chinese_numeral(t).map(Decimal::from)
}

/// A change of rank, up positive: `7 ↑` is 7, `6 ↓` is -6, `持平` is 0.
pub fn parse_rank_change(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if matches!(t, "持平" | "不变" | "→") {
        return Some(Decimal::ZERO);
    }
    let down = t.contains('↓') || t.contains("下降");
    let core: String = t
        .chars()
        .filter(|c| !matches!(c, '↑' | '↓') && !c.is_whitespace())
        .collect();
    let core = core.replace("上升", "").replace("下降", "");
    let d = parse_decimal(&core)?;
    if d.scale() != 0 {
        return None;
    }
    Some(if down { -d.abs() } else { d })
}

/// A letter grade: `A`, `A类` → `A`; `优秀` stays `优秀`.
pub fn parse_grade(text: &str) -> Option<String> {
    let t = strip_suffixes(text, &["类", "级", "等"]);
    let ok = !t.is_empty() && t.chars().count() <= 4 && parse_decimal(t).is_none();
    ok.then(|| t.to_string())
}

/// A number printed in prose: its byte span and its value, when it reads as one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    /// The number as printed (`1,620,949`, `9 9 . 8 8`), a slice of the text.
    pub printed: &'a str,
    /// `None` for a number that does not read as one (`8 52`, `1,62`): such a number
    /// gives nothing, never a fragment of itself.
    pub value: Option<Decimal>,
}

/// The numbers of a text: digits with a decimal point, thousands separators (`1,620,949`,
/// `8,523`; full-width ones are folded to ASCII by normalization) or thousands spaces
/// (`8 523`), and digits spaced out one by one by a PDF export (`9 9 . 8 8`). Found one
/// by one as they are asked for: most callers want the first only, or whether there is
/// one, and none keeps a list of them.
pub fn numbers_in(text: &str) -> Numbers<'_> {
    Numbers { text, i: 0 }
}

/// The numbers of a text, in order ([`numbers_in`]).
pub struct Numbers<'a> {
    text: &'a str,
    /// Where the search goes on.
    i: usize,
}

impl<'a> Iterator for Numbers<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let text = self.text;
        let bytes = text.as_bytes();
        let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        let mut i = self.i;
        while i < bytes.len() {
            if !digit(i)
                || (i > 0 && (digit(i - 1) || bytes[i - 1] == b'.' && digit(i.wrapping_sub(2))))
            {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i;
            loop {
                while digit(end) {
                    end += 1;
                }
                // A separator goes on only between digits: `1,620`, `99.88`, `9 9`, `9 . 8`.
                let next = |j: usize| {
                    let mut k = j;
                    while bytes.get(k) == Some(&b' ') && k - j < 1 {
                        k += 1;
                    }
                    k
                };
                match bytes.get(end) {
                    Some(b',') if digit(end + 1) => end += 1,
                    Some(b'.') if digit(end + 1) => end += 1,
                    Some(b'.') if bytes.get(end + 1) == Some(&b' ') && digit(end + 2) => end += 2,
                    Some(b' ') if digit(next(end)) => end = next(end),
                    Some(b' ') if bytes.get(end + 1) == Some(&b'.') => {
                        let k = end + 2 + usize::from(bytes.get(end + 2) == Some(&b' '));
                        if digit(k) {
                            end = k;
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            let printed = &text[start..end];
            self.i = end;
            return Some(Token {
                start,
                end,
                printed,
                value: read_token(printed),
            });
        }
        self.i = bytes.len();
        None
    }
}

/// The value of a number as printed in prose, or `None` when its grouping is not one
/// that reads unambiguously. Its groups are looked at in place: [`parse_decimal`] passes
/// over the spaces and the commas itself.
fn read_token(printed: &str) -> Option<Decimal> {
    let reads = if printed.contains(' ') {
        let spaced_out = printed
            .split([' ', '.'])
            .filter(|g| !g.is_empty())
            .all(|g| g.len() == 1);
        // 9 9 . 8 8, else thousands: 8 523.
        spaced_out || {
            let (int, frac) = printed.split_once('.').unwrap_or((printed, ""));
            !frac.contains(' ') && thousands(int.split(' ').filter(|g| !g.is_empty()))
        }
    } else if printed.contains(',') {
        let (int, _) = printed.split_once('.').unwrap_or((printed, ""));
        thousands(int.split(','))
    } else {
        true
    };
    if reads {
        parse_decimal(printed)
    } else {
        None
    }
}

/// Whether groups of digits are a thousands grouping: one to three digits, then threes.
fn thousands<'a>(mut groups: impl Iterator<Item = &'a str>) -> bool {
    groups.next().is_some_and(|g| (1..=3).contains(&g.len())) && groups.all(|g| g.len() == 3)
}

/// [`read_token`] as it was written (the digits squeezed into a string, the groups
/// collected): kept to compare with.
#[cfg(test)]
fn read_token_by_strings(printed: &str) -> Option<Decimal> {
    if printed.contains(' ') {
        let squeezed: String = printed.split(' ').collect();
        let groups: Vec<&str> = printed
            .split([' ', '.'])
            .filter(|g| !g.is_empty())
            .collect();
        if groups.iter().all(|g| g.len() == 1) {
            return parse_decimal(&squeezed); // 9 9 . 8 8
        }
        let (int, frac) = printed.split_once('.').unwrap_or((printed, ""));
        let int_groups: Vec<&str> = int.split(' ').filter(|g| !g.is_empty()).collect();
        let thousands = !frac.contains(' ')
            && (1..=3).contains(&int_groups[0].len())
            && int_groups[1..].iter().all(|g| g.len() == 3);
        return if thousands {
            parse_decimal(&squeezed)
        } else {
            None
        };
    }
    if printed.contains(',') {
        let (int, _) = printed.split_once('.').unwrap_or((printed, ""));
        let groups: Vec<&str> = int.split(',').collect();
        let ok = (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        return if ok { parse_decimal(printed) } else { None };
    }
    parse_decimal(printed)
}

/// Chinese numerals up to 9999: 一, 十六, 二十三, 一百零五, 两.
pub fn chinese_numeral(text: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    if text.is_empty() {
        return None;
    }
    let mut total = 0u32;
    let mut current: Option<u32> = None;
    for c in text.chars() {
        let unit = match c {
            '十' => Some(10),
            '百' => Some(100),
            '千' => Some(1000),
            _ => None,
        };
        if let Some(u) = unit {
            total += current.unwrap_or(1) * u;
            current = None;
        } else {
            let d = digit(c)?;
            current = Some(current.map_or(d, |v| v * 10 + d));
        }
    }
    Some(total + current.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    /// The reading `parse_decimal` had, through `Decimal::from_str`, for comparison.
    fn parse_decimal_by_str(text: &str) -> Option<Decimal> {
        let mut s: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        if let Some(rest) = s.strip_prefix('−') {
            s = format!("-{rest}");
        }
        let body = s.strip_prefix(['+', '-']).unwrap_or(&s);
        if body.is_empty()
            || !body.chars().all(|c| c.is_ascii_digit() || c == '.')
            || body.starts_with('.')
            || body.ends_with('.')
            || body.matches('.').count() > 1
            || body.len() > 28
        {
            return None;
        }
        Decimal::from_str(s.strip_prefix('+').unwrap_or(&s)).ok()
    }

    #[test]
    fn number_parse_decimal_reads_as_from_str_did() {
        let shown =
            |d: Option<Decimal>| d.map(|d| (d.to_string(), d.scale(), d.is_sign_negative()));
        let samples = [
            "0",
            "-0",
            "-0.00",
            "+0.5",
            "0000123.4500",
            "1,234.5",
            " 12 ",
            "−3",
            "−+5",
            "+-5",
            "-−5",
            "12.",
            ".5",
            "1.2.3",
            "",
            " ",
            "+",
            "-",
            "1 2 3",
            "12,345,678.90",
            "9999999999999999999999999999",
            "99999999999999999999999999999",
            "999999999999999999999999999.9",
            "0.000000000000000000000000001",
            "1.0000000000000000000000000000",
            "12a",
            "a12",
            "1e5",
            "１２",
            "5%",
            "3.14\u{3000}",
            "79228162514264337593543950335",
            "7922816251426433759354395033.5",
        ];
        for t in samples {
            assert_eq!(
                shown(parse_decimal(t)),
                shown(parse_decimal_by_str(t)),
                "{t:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn number_parse_decimal_agrees_with_from_str_on_any_text(
            t in "[-+−0-9., \u{3000}a]{0,32}"
        ) {
            let shown = |d: Option<Decimal>| d.map(|d| (d.to_string(), d.scale(), d.is_sign_negative()));
            proptest::prop_assert_eq!(shown(parse_decimal(&t)), shown(parse_decimal_by_str(&t)));
        }
    }

    use super::*;

    /// `parse_figure` as it was, without the fast path for plain figures.
    fn parse_figure_old(text: &str, kind: MetricKind) -> Result<Option<Figure>, NumberError> {
        let t = text.trim();
        if is_placeholder(t) {
            return Ok(None);
        }
        let num = |d: Option<Decimal>, what| {
            d.map(|d| Some(Figure::Number(d)))
                .ok_or_else(|| fail(t, what))
        };
        match kind {
            MetricKind::Count => num(parse_count(t), "a count"),
            MetricKind::Rate => num(parse_rate(t), "a percentage"),
            MetricKind::Change => num(parse_change(t), "a signed change"),
            MetricKind::Decimal => num(parse_plain(t), "a number"),
            MetricKind::Rank => num(parse_rank(t), "a rank"),
            MetricKind::RankChange => num(parse_rank_change(t), "a rank change"),
            MetricKind::Grade => parse_grade(t)
                .map(|g| Some(Figure::Text(g)))
                .ok_or_else(|| fail(t, "a grade")),
        }
    }

    const KINDS: [MetricKind; 7] = [
        MetricKind::Count,
        MetricKind::Rate,
        MetricKind::Change,
        MetricKind::Decimal,
        MetricKind::Rank,
        MetricKind::RankChange,
        MetricKind::Grade,
    ];

    /// A reading shown to the representation: the scale and the sign are in `Debug`.
    fn shown_figure(r: Result<Option<Figure>, NumberError>) -> String {
        format!("{r:?}")
    }

    #[test]
    fn parse_figure_is_the_old_one_on_the_sample_texts() {
        let mut plain = 0;
        for line in crate::extract::sample_lines::sample_lines() {
            let words = line.split([' ', '\t', '|', '\u{3000}']);
            for t in std::iter::once(line.as_str()).chain(words) {
                for kind in KINDS {
                    assert_eq!(
                        shown_figure(parse_figure(t, kind)),
                        shown_figure(parse_figure_old(t, kind)),
                        "{t:?} {kind:?}"
                    );
                    plain += usize::from(plain_figure(t.trim(), kind).is_some());
                }
            }
        }
        assert!(plain > 1000, "the fast path was taken {plain} times");
    }

    #[test]
    fn plain_figures_read() {
        assert_eq!(plain_figure("17190", MetricKind::Count), Some(d("17190")));
        assert_eq!(plain_figure("1.5", MetricKind::Count), None);
        assert_eq!(plain_figure("99.80%", MetricKind::Rate), Some(d("99.80")));
        assert_eq!(plain_figure("99.80", MetricKind::Decimal), Some(d("99.80")));
        assert_eq!(plain_figure("99.80%", MetricKind::Decimal), None);
        assert_eq!(plain_figure("3", MetricKind::Rank), Some(d("3")));
        assert_eq!(plain_figure("3", MetricKind::Grade), None);
        assert_eq!(plain_figure("12.", MetricKind::Decimal), None);
        assert_eq!(plain_figure("", MetricKind::Count), None);
    }

    proptest::proptest! {
        #[test]
        fn parse_figure_is_the_old_one(t in "[-+0-9.,% 万件名第约‰]{0,10}") {
            for kind in KINDS {
                proptest::prop_assert_eq!(
                    shown_figure(parse_figure(&t, kind)),
                    shown_figure(parse_figure_old(&t, kind))
                );
            }
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn number_keeps_printed_precision() {
        assert_eq!(parse_rate("95.30%").unwrap().to_string(), "95.30");
        assert_eq!(parse_rate("100%").unwrap().to_string(), "100");
        assert_eq!(parse_rate("100.00").unwrap().to_string(), "100.00");
        assert_eq!(parse_plain("99.363").unwrap().to_string(), "99.363");
        assert_eq!(parse_plain("95.91 分").unwrap().to_string(), "95.91");
    }

    #[test]
    fn number_reads_counts_with_wan() {
        assert_eq!(parse_count("17190件"), Some(d("17190")));
        assert_eq!(parse_count("约1.1万人次").unwrap().to_string(), "11000");
        assert_eq!(parse_count("1103.94 万件").unwrap().to_string(), "11039400");
        assert_eq!(parse_count("1,318"), Some(d("1318")));
        assert_eq!(parse_count("12.5"), None);
        assert_eq!(parse_count("-3"), None);
    }

    fn tokens(text: &str) -> Vec<(String, Option<String>)> {
        numbers_in(text)
            .map(|t| (t.printed.to_string(), t.value.map(|v| v.to_string())))
            .collect()
    }

    /// [`read_token`] reads every number of a text as [`read_token_by_strings`] does.
    fn read_token_agrees(text: &str) {
        for t in numbers_in(text) {
            let shown =
                |d: Option<Decimal>| d.map(|d| (d.to_string(), d.scale(), d.is_sign_negative()));
            assert_eq!(
                shown(t.value),
                shown(read_token_by_strings(t.printed)),
                "{:?}",
                t.printed
            );
        }
    }

    #[test]
    fn number_read_token_is_the_old_one_on_the_sample_texts() {
        for line in crate::extract::sample_lines::sample_lines() {
            read_token_agrees(&line);
        }
        for t in [
            "8 523",
            "8 52",
            "1,62",
            "1,620,949.5",
            "9 9 . 8 8",
            "1 234 567.8 9",
            "12 345,6",
        ] {
            read_token_agrees(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn number_read_token_is_the_old_one(t in "[0-9., ]{0,16}") {
            read_token_agrees(&t);
        }
    }

    #[test]
    fn number_tokens_read_thousands_separators() {
        assert_eq!(
            tokens("共受理群众诉求1,620,949件,环比下降1.22%"),
            vec![
                ("1,620,949".into(), Some("1620949".into())),
                ("1.22".into(), Some("1.22".into()))
            ]
        );
        assert_eq!(
            tokens("受理8,523件"),
            vec![("8,523".into(), Some("8523".into()))]
        );
        assert_eq!(
            tokens("受理8 523件"),
            vec![("8 523".into(), Some("8523".into()))]
        );
        // A grouping that is no thousands grouping reads as nothing, never as a part.
        assert_eq!(tokens("受理8 52件"), vec![("8 52".into(), None)]);
        assert_eq!(tokens("受理1,62件"), vec![("1,62".into(), None)]);
    }

    #[test]
    fn number_tokens_read_digits_spaced_out() {
        assert_eq!(
            tokens("办结率9 9 . 8 8 %"),
            vec![("9 9 . 8 8".into(), Some("99.88".into()))]
        );
        assert_eq!(
            tokens("2019 年 10 月"),
            vec![
                ("2019".into(), Some("2019".into())),
                ("10".into(), Some("10".into()))
            ]
        );
        assert_eq!(tokens("第 3 名"), vec![("3".into(), Some("3".into()))]);
    }

    #[test]
    fn number_reads_signed_changes() {
        assert_eq!(parse_change("上升9.51%"), Some(d("9.51")));
        assert_eq!(parse_change("下降21.07%"), Some(d("-21.07")));
        assert_eq!(parse_change("-3.2%"), Some(d("-3.2")));
        assert_eq!(parse_change("↓1.5%"), Some(d("-1.5")));
    }

    #[test]
    fn number_reads_ranks_in_both_numerals() {
        assert_eq!(parse_rank("4"), Some(d("4")));
        assert_eq!(parse_rank("第4位"), Some(d("4")));
        assert_eq!(parse_rank("第二名"), Some(d("2")));
        assert_eq!(parse_rank("十六"), Some(d("16")));
        assert_eq!(parse_rank("1.5"), None);
        assert_eq!(chinese_numeral("二十三"), Some(23));
        assert_eq!(chinese_numeral("一百零五"), Some(105));
        assert_eq!(chinese_numeral("三季"), None);
    }

    #[test]
    fn number_reads_rank_changes_with_arrows() {
        assert_eq!(parse_rank_change("7 ↑"), Some(d("7")));
        assert_eq!(parse_rank_change("6 ↓"), Some(d("-6")));
        assert_eq!(parse_rank_change("持平"), Some(d("0")));
    }

    #[test]
    fn number_placeholders_give_nothing_and_junk_is_an_error() {
        assert_eq!(parse_figure("/", MetricKind::Rate), Ok(None));
        assert_eq!(parse_figure("—", MetricKind::Count), Ok(None));
        assert_eq!(parse_figure("", MetricKind::Decimal), Ok(None));
        assert!(parse_figure("abc", MetricKind::Rate).is_err());
        assert!(parse_figure("1e400", MetricKind::Decimal).is_err());
        assert!(parse_figure("99.999999999999999999999999999999%", MetricKind::Rate).is_err());
        assert_eq!(
            parse_figure("A类", MetricKind::Grade),
            Ok(Some(Figure::Text("A".into())))
        );
    }
}
