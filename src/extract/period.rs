//! The period a bulletin covers, read from its own words: `2022年5月19日0时至6月19日0时`,
//! `2021年三季度`, `七月份` (with the year of the issue date), `2019年四季度`, `第28周`,
//! `2020年度`. The most precise statement wins: a date range, then a quarter, a month, a
//! week, a year.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;

use crate::extract::number::chinese_numeral;
use crate::model::Period;

// Each pattern is compiled on first use (a run that never needs one does not pay for it);
// they are constants exercised by the tests below.
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*(?:([0-9]{1,2})\s*[时点])?\s*(?:至|到|-|—|~|–)\s*(?:([0-9]{4})\s*年\s*)?(?:([0-9]{1,2})\s*月\s*)?([0-9]{1,2})\s*日\s*(?:([0-9]{1,2})\s*[时点])?").expect("range pattern")
});
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:([0-9]{4})\s*年\s*)?(?:第)?([一二三四1-4])\s*季度").expect("quarter pattern")
});
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月(份)?(\s*[0-9]{1,2}\s*日)?")
        .expect("month pattern")
});
static BARE_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9年])(十[一二]?|[一二三四五六七八九]|[0-9]{1,2})\s*月份")
        .expect("bare month pattern")
});
static WEEK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:([0-9]{4})\s*年\s*)?第\s*([0-9]{1,2})\s*周").expect("week pattern")
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*(?:年度|年年度|年全年|年\s*(?:全年|年报))").expect("year pattern")
});
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]{4})\s*年").expect("any year pattern"));

/// Finds the period in the document's lines (normalized), in document order.
pub fn find_period(lines: &[&str]) -> Option<Period> {
    let year_hint = lines.iter().find_map(|l| {
        ANY_YEAR
            .captures(l)
            .and_then(|c| c[1].parse::<i32>().ok())
            .filter(|y| (1990..=2100).contains(y))
    });
    let issue_date = lines.iter().find_map(|l| {
        MONTH.captures_iter(l).find_map(|c| {
            let day = c.get(4)?;
            let y = c[1].parse().ok()?;
            let m = c[2].parse().ok()?;
            let d = day
                .as_str()
                .trim()
                .trim_end_matches('日')
                .trim()
                .parse()
                .ok()?;
            NaiveDate::from_ymd_opt(y, m, d)
        })
    });
    type Finder<'a> = &'a dyn Fn(&str) -> Option<Period>;
    let finders: [Finder; 4] = [
        &|l| range_in(l),
        &|l| quarter_in(l, year_hint),
        &|l| month_in(l),
        &|l| week_in(l, year_hint),
    ];
    for find in finders {
        if let Some(found) = lines.iter().find_map(|l| find(l)) {
            return Some(found);
        }
    }
    if let Some(found) = lines
        .iter()
        .find_map(|l| bare_month_in(l, issue_date, year_hint))
    {
        return Some(found);
    }
    lines.iter().find_map(|l| {
        let c = YEAR.captures(l)?;
        let y: i32 = c[1].parse().ok()?;
        let start = NaiveDate::from_ymd_opt(y, 1, 1)?;
        let end = NaiveDate::from_ymd_opt(y, 12, 31)?;
        Some(Period {
            label: y.to_string(),
            start,
            end,
            as_printed: c[0].to_string(),
        })
    })
}

fn range_in(line: &str) -> Option<Period> {
    let c = RANGE.captures(line)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let y1: i32 = c[1].parse().ok()?;
    let start = NaiveDate::from_ymd_opt(y1, num(2)?, num(3)?)?;
    let y2 = c
        .get(5)
        .and_then(|m| m.as_str().parse::<i32>().ok())
        .unwrap_or(y1);
    let m2 = num(6).unwrap_or(start.month());
    let mut end = NaiveDate::from_ymd_opt(y2, m2, num(7)?)?;
    // `…至6月19日0时` ends at the start of the 19th: the last day is the 18th.
    if num(8) == Some(0) {
        end -= Duration::days(1);
    }
    if end < start {
        return None;
    }
    Some(Period {
        label: label_for(start, end),
        start,
        end,
        as_printed: c[0].to_string(),
    })
}

fn quarter_in(line: &str, year_hint: Option<i32>) -> Option<Period> {
    let c = QUARTER.captures(line)?;
    let y = c
        .get(1)
        .and_then(|m| m.as_str().parse().ok())
        .or(year_hint)?;
    let q = match &c[2] {
        "一" | "1" => 1,
        "二" | "2" => 2,
        "三" | "3" => 3,
        _ => 4,
    };
    let start = NaiveDate::from_ymd_opt(y, q * 3 - 2, 1)?;
    let end = last_of_month(y, q * 3)?;
    Some(Period {
        label: format!("{y}-Q{q}"),
        start,
        end,
        as_printed: c[0].to_string(),
    })
}

fn month_in(line: &str) -> Option<Period> {
    MONTH.captures_iter(line).find_map(|c| {
        if c.get(4).is_some() {
            return None; // a date, not a month
        }
        let y: i32 = c[1].parse().ok()?;
        let m: u32 = c[2].parse().ok()?;
        month_period(y, m, &c[0])
    })
}

fn bare_month_in(line: &str, issue: Option<NaiveDate>, year_hint: Option<i32>) -> Option<Period> {
    let c = BARE_MONTH.captures(line)?;
    let m = c[1]
        .parse::<u32>()
        .ok()
        .or_else(|| chinese_numeral(&c[1]))?;
    // A bulletin is issued after the month it reports: 七月份 issued 2022年8月2日 is 2022-07;
    // 十二月份 issued in January is the year before.
    let y = match issue {
        Some(d) if m > d.month() => d.year() - 1,
        Some(d) => d.year(),
        None => year_hint?,
    };
    month_period(
        y,
        m,
        c[0].trim_start_matches(|ch: char| {
            !ch.is_ascii_digit() && !"一二三四五六七八九十".contains(ch)
        }),
    )
}

fn month_period(y: i32, m: u32, printed: &str) -> Option<Period> {
    let start = NaiveDate::from_ymd_opt(y, m, 1)?;
    Some(Period {
        label: format!("{y}-{m:02}"),
        start,
        end: last_of_month(y, m)?,
        as_printed: printed.to_string(),
    })
}

fn week_in(line: &str, year_hint: Option<i32>) -> Option<Period> {
    let c = WEEK.captures(line)?;
    let y = c
        .get(1)
        .and_then(|m| m.as_str().parse().ok())
        .or(year_hint)?;
    let w: u32 = c[2].parse().ok()?;
    let start = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon)?;
    Some(Period {
        label: format!("{y}-W{w:02}"),
        start,
        end: start + Duration::days(6),
        as_printed: c[0].to_string(),
    })
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1))
}

/// A label for a date range: a calendar year, quarter or month when it is one, else the
/// month the range ends in (a 考核期 such as 5月19日–6月18日 reports June).
fn label_for(start: NaiveDate, end: NaiveDate) -> String {
    let y = start.year();
    if start.day() == 1 && Some(end) == last_of_month(end.year(), end.month()) && end.year() == y {
        let months = end.month() - start.month() + 1;
        if months == 12 {
            return y.to_string();
        }
        if months == 3 && start.month() % 3 == 1 {
            return format!("{y}-Q{}", start.month() / 3 + 1);
        }
        if months == 1 {
            return format!("{y}-{:02}", start.month());
        }
    }
    format!("{}-{:02}", end.year(), end.month())
}

#[cfg(test)]
mod tests {
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
    }

    #[test]
    fn period_reads_a_month_but_not_a_date() {
        assert_eq!(period(&["2021年6月,全区受理"]).0, "2021-06");
        assert!(find_period(&["2022年8月2日印发"]).is_none());
    }

    #[test]
    fn period_reads_a_week_and_a_year() {
        assert_eq!(
            period(&["2022年第28周热线简报"]),
            ("2022-W28".into(), "2022-07-11".into(), "2022-07-17".into())
        );
        assert_eq!(period(&["2020年度工作报告"]).0, "2020");
    }
}
