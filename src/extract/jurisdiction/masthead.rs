//! The masthead of a bulletin: the fields of a metadata block (`发布机构: …`, `名称: …`)
//! and an office signing with a date (`登封市人民政府办公室 2023年4月3日`).

use super::places::is_han;
use crate::pattern::Node::*;
use crate::pattern::{digit, opt, rep, space, star, Lead, Pattern};

/// Labels of issuer fields in a masthead or metadata block.
pub(super) const ISSUER_LABELS: &[&str] = &[
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
pub(super) const TITLE_LABELS: &[&str] = &["信息名称", "文件名称", "标题", "名称"];

/// Other metadata labels: a field's value ends where one of these starts.
pub(super) const OTHER_LABELS: &[&str] = &[
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
pub(super) const OFFICE_ENDINGS: &[&str] = &[
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

/// Splits a masthead line into (label, value) fields.
pub(super) fn fields(line: &str) -> Vec<(&'static str, String)> {
    // Every label is Chinese: none ends before the line's first byte that is no ASCII.
    let Some(wide) = line.bytes().position(|b| !b.is_ascii()) else {
        return Vec::new();
    };
    let mut hits: Vec<(usize, usize, &'static str)> = Vec::new();
    // A label stands at the start or after a separator, and a colon or a cell boundary
    // follows it: each label is tried only where it would end at one (no label overlaps
    // itself, so these are every match of it).
    let ends = line
        .match_indices([':', '|'])
        .map(|(at, _)| at)
        .chain([line.len()])
        .filter(|&end| end > wide);
    for end in ends {
        let head = &line[..end];
        // A label ends with the byte the text before the separator ends with.
        let Some(&last) = head.as_bytes().last() else {
            continue;
        };
        for l in labels().filter(|l| l.as_bytes().last() == Some(&last)) {
            label_at(head, end, l, &mut hits);
        }
    }
    fields_of_hits(line, hits)
}

/// Records label `l` where `head` (the line up to a separator at `end`) ends with it and no
/// Han character stands before it.
fn label_at(head: &str, end: usize, l: &'static str, hits: &mut Vec<(usize, usize, &'static str)>) {
    if let Some(before) = head.strip_suffix(l) {
        if before.chars().next_back().is_none_or(|c| !is_han(c)) {
            hits.push((before.len(), end, l));
        }
    }
}

/// Every label of a masthead field.
fn labels() -> impl Iterator<Item = &'static str> {
    ISSUER_LABELS
        .iter()
        .chain(TITLE_LABELS)
        .chain(OTHER_LABELS)
        .copied()
}

/// [`fields`] as it was: every label tried at every end: the reference the tests compare
/// it with.
#[cfg(test)]
fn fields_by_every_label(line: &str) -> Vec<(&'static str, String)> {
    let mut hits: Vec<(usize, usize, &'static str)> = Vec::new();
    let ends = line
        .match_indices([':', '|'])
        .map(|(at, _)| at)
        .chain([line.len()]);
    for end in ends {
        let head = &line[..end];
        for l in labels() {
            label_at(head, end, l, &mut hits);
        }
    }
    fields_of_hits(line, hits)
}

/// The fields of a line from the labels found in it: (start, end, label).
fn fields_of_hits(
    line: &str,
    mut hits: Vec<(usize, usize, &'static str)>,
) -> Vec<(&'static str, String)> {
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
/// signing (`登封市人民政府办公室 2023年4月3日`).
pub(super) fn office_line(line: &str) -> Option<&str> {
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
pub(super) fn is_date_line(line: &str) -> bool {
    let t = line.trim();
    DATE_AT_END.find(t).is_some_and(|m| m.start() == 0)
}

/// A date closing a line (`2022年8月2日`, `2023-10-08`).
pub(super) static DATE_AT_END: Pattern = Pattern::new(
    r"[0-9]{4}\s*[年./-]\s*[0-9]{1,2}\s*[月./-]\s*[0-9]{1,2}\s*日?$",
    "",
    Lead::Digits,
    Seq(&[
        rep(&Class(digit), 4, 4),
        star(&Class(space)),
        Any("年./-"),
        star(&Class(space)),
        rep(&Class(digit), 1, 2),
        star(&Class(space)),
        Any("月./-"),
        star(&Class(space)),
        rep(&Class(digit), 1, 2),
        star(&Class(space)),
        opt(&Lit("日")),
        End,
    ]),
)
.ending(date_may_end);

/// What a text ends with wherever [`DATE_AT_END`] matches in it: the `[0-9]{1,2}\s*日?`
/// closing the pattern (so most lines, ending in a word or a stop, are not searched).
fn date_may_end(c: char) -> bool {
    c.is_ascii_digit() || space(c) || c == '日'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fields` finds a label only where it ends: right for a label that cannot overlap
    /// itself (no proper prefix of it is also its suffix).
    #[test]
    fn masthead_labels_do_not_overlap_themselves() {
        for l in ISSUER_LABELS.iter().chain(TITLE_LABELS).chain(OTHER_LABELS) {
            for (k, _) in l.char_indices().skip(1) {
                assert!(!l.starts_with(&l[k..]), "{l}");
            }
        }
    }

    /// Every label is Chinese (none ends before a line's first byte that is no ASCII).
    #[test]
    fn masthead_labels_are_not_ascii() {
        for l in labels() {
            assert!(!l.as_bytes()[0].is_ascii(), "{l}");
        }
    }

    fn fields_agree(line: &str) {
        assert_eq!(fields(line), fields_by_every_label(line), "{line:?}");
    }

    #[test]
    fn masthead_fields_are_those_every_label_finds_on_the_sample_lines() {
        for line in crate::extract::sample_lines::sample_lines() {
            fields_agree(&line);
        }
    }

    proptest::proptest! {
        #[test]
        fn masthead_fields_are_those_every_label_finds_on_any_text(
            t in crate::pattern::check::texts(&[
                "发布机构", "来源", "信息来源", "名称", "信息名称", "发布时间", ":", "|", " ",
                "a", "某", "市", "1",
            ])
        ) {
            fields_agree(&t);
        }
    }

    #[test]
    fn masthead_fields_at_colons_cells_and_the_end() {
        let got = fields("发布机构:某市人民政府办公室 发布时间:2023-01-02|来源");
        assert_eq!(
            got,
            vec![
                ("发布机构", "某市人民政府办公室".to_string()),
                ("发布时间", "2023-01-02".to_string()),
                ("来源", String::new()),
            ]
        );
        assert!(fields("其来源:某处").is_empty());
    }

    #[test]
    fn masthead_date_pattern_matches_as_its_regex() {
        for t in [
            "登封市人民政府办公室 2023年4月3日",
            "2023年4月3日",
            "2023 年 4 月 3 日 ",
            "2023-10-08",
            "2023.1.2",
            "2023/1/2",
            "12023年4月3日",
            "2023年4月3日印发",
            "2023年4月33日",
            "2023年4月3",
            "2023 - 4 - 3日",
            "２０２３年4月3日",
            "2023年4月3日 2024年5月6日",
            "",
        ] {
            crate::pattern::check::agrees(&DATE_AT_END, t);
        }
    }

    proptest::proptest! {
        #[test]
        fn masthead_date_pattern_agrees_with_its_regex_on_any_text(
            t in crate::pattern::check::texts(&[
                "2023", "1", "12", "0", "年", "月", "日", ".", "/", "-", " ", "\u{3000}", "办",
                "１",
            ])
        ) {
            crate::pattern::check::agrees(&DATE_AT_END, &t);
        }
    }
}
