//! Decoded text → a [`Document`]: segments the text into prose and grids, recognizes each
//! grid as a table, and reads the title, jurisdiction, period and headline figures from
//! the prose.

pub mod align;
#[cfg(test)]
mod families;
pub mod headers;
pub mod number;
pub mod period;
pub mod prose;
pub mod stream;
pub mod table;

use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Document, Warning};
use crate::source::normalize::compact;
use crate::source::text::{segment, Line, Segment};

/// How much of a document's text profiles look in: every bulletin fits; a pathological
/// file does not cost a second copy of itself.
const MAX_EVIDENCE_TEXT: usize = 4 << 20;

/// Words that mark a document's title line.
const TITLE_WORDS: &[&str] = &[
    "通报", "简报", "报告", "分析", "情况", "揭晓", "公布", "排名", "通知",
];

/// Administrative suffixes that end a jurisdiction's name.
const ADMIN_SUFFIXES: &str = "省市区县旗";

/// Leading characters that make a place word a reference, not a name (全区, 我市, 各区).
const NOT_A_NAME_START: &str = "全我本各该每市区县此其两";

/// Characters after which a place name starts afresh (年北京市 → 北京市).
const NAME_BREAKS: &str = "年月日国省";

/// What the prose says beyond the document model, for scoring: the normalized text
/// (profiles match phrases and read constants in it) and each paragraph's own figures
/// (compared with the tables).
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub text: String,
    pub statements: Vec<Vec<crate::model::Value>>,
}

/// Reads one decoded text into a document.
pub fn extract_text(text: &str, source: &str, encoding: &str) -> Document {
    extract(text, source, encoding).0
}

/// Whether a compact cell text is a known table header (used by the text layouts).
pub fn is_header_cell(text: &str) -> bool {
    headers::lookup(text).is_some()
}

/// Whether a compact cell text is a header naming a percentage (a rate or a share).
pub fn is_rate_header(text: &str) -> bool {
    matches!(headers::lookup(text), Some(headers::Role::Metric(m)) if m.kind() == crate::model::MetricKind::Rate)
}

/// Reads one decoded text into a document and the evidence scoring needs.
pub fn extract(text: &str, source: &str, encoding: &str) -> (Document, Evidence) {
    let segments = segment(text, source, &is_header_cell);
    extract_segments(&segments, source, encoding)
}

/// Reads the segments of any source (text, sheet, Word, web page) into a document.
pub fn extract_segments(
    segments: &[Segment],
    source: &str,
    encoding: &str,
) -> (Document, Evidence) {
    let line_refs: Vec<&str> = segments
        .iter()
        .flat_map(|s| -> Box<dyn Iterator<Item = &str> + '_> {
            match s {
                Segment::Prose(lines) => Box::new(lines.iter().map(|l| l.norm.as_str())),
                Segment::Grid(g) => Box::new(g.context.iter().map(String::as_str)),
            }
        })
        .collect();

    let mut doc = Document {
        source: source.to_string(),
        encoding: encoding.to_string(),
        title: find_title(&line_refs),
        jurisdiction: find_jurisdiction(&line_refs),
        period: period::find_period(&line_refs),
        headline: Vec::new(),
        tables: Vec::new(),
        warnings: Vec::new(),
    };

    let mut before_tables: Vec<Line> = Vec::new();
    let mut all_prose: Vec<Line> = Vec::new();
    let mut previous_title: Option<String> = None;
    for seg in segments {
        match seg {
            Segment::Prose(lines) => {
                all_prose.extend(lines.iter().cloned());
                if doc.tables.is_empty() {
                    before_tables.extend(lines.iter().cloned());
                }
            }
            Segment::Grid(grid) => {
                let found =
                    table::recognize_all(grid, doc.tables.len() + 1, previous_title.as_deref());
                if found.is_empty() && doc.tables.is_empty() {
                    // Not a table after all: its lines are prose.
                    before_tables.extend(grid_as_lines(grid));
                }
                for f in found {
                    previous_title = f.table.title.clone();
                    doc.warnings.extend(f.warnings);
                    doc.tables.push(f.table);
                }
            }
        }
    }
    let scope = doc.jurisdiction.clone().unwrap_or_default();
    doc.headline = prose::headline(&before_tables, &scope);
    if doc.tables.is_empty() && doc.headline.is_empty() {
        doc.warnings.push(Warning {
            at: source.to_string(),
            message: "no table and no headline figure found".into(),
        });
    }
    // Profiles match phrases of the prose and of the tables' headers (a workbook may have
    // no prose at all).
    let mut text = String::new();
    for line in &line_refs {
        if text.len() + line.len() > MAX_EVIDENCE_TEXT {
            break;
        }
        text.push_str(line);
        text.push('\n');
    }
    for t in &doc.tables {
        text.push('\n');
        text.push_str(&t.header.join(" "));
    }
    let evidence = Evidence {
        text,
        // Reading the prose again is only worth it when a table has something to compare.
        statements: if crate::check::has_total_received(&doc.tables) {
            prose::statements(&all_prose)
        } else {
            Vec::new()
        },
    };
    (doc, evidence)
}

fn grid_as_lines(grid: &crate::grid::Grid) -> Vec<Line> {
    grid.rows
        .iter()
        .filter_map(|r| {
            let first = r.first()?;
            let no = first
                .at
                .rsplit(':')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let norm = r
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            Some(Line {
                no,
                raw: norm.clone(),
                norm,
                at: first.at.clone(),
            })
        })
        .collect()
}

/// The first line that reads as a bulletin's title, else the first non-empty line.
fn find_title(lines: &[&str]) -> Option<String> {
    let candidates: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && l.chars().count() <= 60)
        .take(12)
        .collect();
    candidates
        .iter()
        .find(|l| TITLE_WORDS.iter().any(|w| l.contains(w)) && !l.contains("版权"))
        .or(candidates.first())
        .map(|l| l.to_string())
}

fn han_run_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\p{Han}+").expect("Han run pattern"))
}

/// The issuing area: the most specific place name in the first lines
/// (`中国某省甲州市人民政府` → 甲州市, `2020 年北京市…` → 北京市).
pub fn find_jurisdiction(lines: &[&str]) -> Option<String> {
    for line in lines.iter().filter(|l| !l.trim().is_empty()).take(10) {
        // A title is short: the start of a long line is enough.
        let head = line
            .char_indices()
            .nth(200)
            .map_or(*line, |(i, _)| &line[..i]);
        for run in han_run_re().find_iter(&compact(head)) {
            if let Some(name) = place_in(run.as_str()) {
                return Some(name);
            }
        }
    }
    None
}

fn place_in(run: &str) -> Option<String> {
    let chars: Vec<char> = run.chars().collect();
    // The last administrative suffix that ends a name of two characters or more.
    let mut end = None;
    for (i, c) in chars.iter().enumerate() {
        if ADMIN_SUFFIXES.contains(*c) && i >= 1 {
            end = Some(i);
            // A name continues only while another level follows (某省甲州市).
            let rest: String = chars[i + 1..].iter().collect();
            if !rest.chars().take(6).any(|c| ADMIN_SUFFIXES.contains(c)) {
                break;
            }
        }
    }
    let end = end?;
    let mut start = 0;
    for (i, c) in chars[..end].iter().enumerate() {
        if NAME_BREAKS.contains(*c) || (ADMIN_SUFFIXES.contains(*c) && i + 1 < end) {
            start = i + 1;
        }
    }
    let name: String = chars[start..=end].iter().collect();
    let first = name.chars().next()?;
    (name.chars().count() >= 2 && !NOT_A_NAME_START.contains(first)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jurisdiction_is_the_most_specific_place() {
        let j = |l: &str| find_jurisdiction(&[l]);
        assert_eq!(
            j("版权所有:中国某省甲州市人民政府 主办单位").as_deref(),
            Some("甲州市")
        );
        assert_eq!(
            j("2020 年北京市“接诉即办”改革 工作年度报告").as_deref(),
            Some("北京市")
        );
        assert_eq!(
            j("乙山区热线工作情况通报(2021年第三期)").as_deref(),
            Some("乙山区")
        );
        assert_eq!(
            j("丙云区6月“接诉即办”考核期工作情况分析").as_deref(),
            Some("丙云区")
        );
        assert_eq!(j("丁阳市乙山区热线通报").as_deref(), Some("乙山区"));
        assert_eq!(j("全区受理工单").as_deref(), None);
    }
}
