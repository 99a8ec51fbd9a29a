//! Decoded text → a [`Document`]: segments the text into prose and grids, recognizes each
//! grid as a table, and reads the title, jurisdiction, period and headline figures from
//! the prose.

pub mod align;
#[cfg(test)]
mod families;
pub(crate) mod find;
pub mod headers;
pub mod jurisdiction;
pub mod number;
pub mod period;
pub mod phrases;
pub mod prose;
#[cfg(test)]
pub(crate) mod sample_lines;
pub mod stream;
pub mod table;

use std::borrow::Cow;

use crate::model::{Document, Warning};
use crate::source::text::{segment, Line, Segment};

/// How much of a document's text profiles look in: every bulletin fits; a pathological
/// file does not cost a second copy of itself.
const MAX_EVIDENCE_TEXT: usize = 4 << 20;

/// Words that mark a document's title line.
const TITLE_WORDS: &[&str] = &[
    "通报", "简报", "报告", "分析", "情况", "揭晓", "公布", "排名", "通知",
];

/// What the prose says beyond the document model, for scoring: the normalized text
/// (profiles match phrases and read constants in it) and each paragraph's own figures
/// (compared with the tables).
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub text: String,
    pub statements: Vec<Vec<crate::model::Value>>,
    /// The prose's statements as structures (totals and parts, shares, rates), for the
    /// checks of the prose's own arithmetic.
    pub structures: prose::statement::Structures,
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
        jurisdiction: None,
        jurisdiction_code: None,
        jurisdiction_level: None,
        jurisdiction_source: None,
        period: None,
        period_source: None,
        headline: Vec::new(),
        tables: Vec::new(),
        warnings: Vec::new(),
        checks: Vec::new(),
    };

    // The headline is read from all the prose, with the lines of grids that were no table.
    let mut all_prose: Vec<&Line> = Vec::new();
    // The document's text for its title, jurisdiction and period: prose, the lines around
    // grids, and the rows of grids that were no table (a metadata block in pipes).
    let mut reading: Vec<Cow<'_, str>> = Vec::new();
    let mut previous_title: Option<String> = None;
    // The grids that were no table, by their place among the segments.
    let mut not_tables: Vec<usize> = Vec::new();
    for (k, seg) in segments.iter().enumerate() {
        match seg {
            Segment::Prose(lines) => {
                all_prose.extend(lines);
                reading.extend(lines.iter().map(|l| Cow::Borrowed(l.norm.as_str())));
            }
            Segment::Grid(grid) => {
                for line in &grid.context {
                    // The lines before a grid are often the prose just read.
                    if !reading.iter().rev().take(8).any(|r| r == line) {
                        reading.push(Cow::Borrowed(line.as_str()));
                    }
                }
                let found =
                    table::recognize_all(grid, doc.tables.len() + 1, previous_title.as_deref());
                if found.is_empty() {
                    // Not a table after all: its lines are prose.
                    reading.extend(grid.rows.iter().map(|r| Cow::Owned(joined(r, " | "))));
                    not_tables.push(k);
                }
                for f in found {
                    previous_title = f.table.title.clone();
                    doc.warnings.extend(f.warnings);
                    doc.tables.push(f.table);
                }
            }
        }
    }
    let reading_refs: Vec<&str> = reading.iter().map(|r| r.as_ref()).collect();
    let own = read_identity(&mut doc, segments, &reading_refs, source);
    let scope = doc.jurisdiction.clone().unwrap_or_default();
    let elsewhere = |t: &str| jurisdiction::names_another_area(t, own.as_ref());
    // The headline reads the prose and the grids that were no table; the statements
    // only the prose: where every grid was a table the two are the same paragraphs.
    let prose_paragraphs = prose::Paragraphs::of(all_prose.iter().copied());
    let grid_lines: Vec<(usize, Vec<Line>)> = not_tables
        .iter()
        .filter_map(|&k| match &segments[k] {
            Segment::Grid(grid) => Some((k, grid_as_lines(grid))),
            Segment::Prose(_) => None,
        })
        .collect();
    let with_grids = (!not_tables.is_empty())
        .then(|| prose::Paragraphs::of(prose_and_grids(segments, &grid_lines)));
    let (headline, warnings) = prose::headline_of(
        with_grids.as_ref().unwrap_or(&prose_paragraphs),
        &scope,
        &elsewhere,
    );
    doc.headline = headline;
    doc.warnings.extend(warnings);
    if doc.tables.is_empty() && doc.headline.is_empty() {
        doc.warnings.push(Warning {
            at: source.into(),
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
    // Each paragraph's own figures are only worth reading when a table has something to
    // compare them with.
    let (statements, structures) = prose::statements_and_structures(
        &prose_paragraphs,
        crate::check::has_total_received(&doc.tables),
    );
    let evidence = Evidence {
        text,
        statements,
        structures,
    };
    (doc, evidence)
}

/// The document-level reading, the same for every format: the jurisdiction from the
/// title, masthead, text, tables and file name; the period from the text and table
/// titles, else the sheet names, else the file name.
fn read_identity(
    doc: &mut Document,
    segments: &[Segment],
    lines: &[&str],
    source: &str,
) -> Option<jurisdiction::Jurisdiction> {
    let stem = std::path::Path::new(source)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|_| source != "-")
        .unwrap_or("");
    let table_titles: Vec<&str> = doc
        .tables
        .iter()
        .filter_map(|t| t.title.as_deref())
        .collect();
    let units: Vec<&str> = doc
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .filter(|r| !r.is_total)
        .map(|r| r.unit.as_str())
        .collect();
    let text = jurisdiction::DocText {
        title: doc.title.as_deref(),
        lines: lines.to_vec(),
        table_titles: table_titles.clone(),
        units,
        file_stem: stem,
    };
    let resolved = jurisdiction::resolve(&text);
    if let Some(j) = &resolved {
        doc.jurisdiction = Some(j.name.clone());
        doc.jurisdiction_code = j.code.map(|c| c.to_string());
        doc.jurisdiction_level = j.level.map(|l| l.key().to_string());
        doc.jurisdiction_source = Some(j.source.key().to_string());
    }
    let outside = period::Hints {
        year: period::year_from_name(stem),
        issue: None,
    };
    let mut period_lines = lines.to_vec();
    period_lines.extend(table_titles.iter().copied());
    // The sheet names and the file name are read only when the text states no period.
    let found = period::find_period_with(&period_lines, outside)
        .map(|p| (p, "text"))
        .or_else(|| {
            let sheets = sheet_names(segments, source);
            let sheet_refs: Vec<&str> = sheets.iter().map(String::as_str).collect();
            period::find_period_with(&sheet_refs, outside).map(|p| (p, "sheet_name"))
        })
        .or_else(|| period::period_from_name(stem, outside).map(|p| (p, "file_name")));
    if let Some((p, from)) = found {
        doc.period = Some(p);
        doc.period_source = Some(from.to_string());
    }
    resolved
}

/// The names of the sheets the segments came from (`file#Sheet!B7` provenance).
fn sheet_names(segments: &[Segment], source: &str) -> Vec<String> {
    let prefix = format!("{source}#");
    let mut names: Vec<String> = Vec::new();
    let mut add = |at: &str| {
        if let Some(name) = at
            .strip_prefix(&prefix)
            .and_then(|rest| rest.rsplit_once('!'))
            .map(|(name, _)| crate::source::normalize::normalize_line(name))
        {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    };
    for seg in segments {
        match seg {
            Segment::Prose(lines) => lines.iter().for_each(|l| l.at.with_str(&mut add)),
            Segment::Grid(g) => g.at.with_str(&mut add),
        }
    }
    names
}

/// The lines of the prose and of the grids that were no table (`grids`: their lines, by
/// their place among the segments), in the document's order; borrowed, not copied.
fn prose_and_grids<'a>(segments: &'a [Segment], grids: &'a [(usize, Vec<Line>)]) -> Vec<&'a Line> {
    let mut out = Vec::new();
    for (k, seg) in segments.iter().enumerate() {
        match seg {
            Segment::Prose(lines) => out.extend(lines),
            Segment::Grid(_) => {
                if let Some((_, lines)) = grids.iter().find(|g| g.0 == k) {
                    out.extend(lines);
                }
            }
        }
    }
    out
}

/// The texts of a row's cells joined by `sep`, without a list of them first.
fn joined(row: &[crate::grid::Cell], sep: &str) -> String {
    let len = row.iter().map(|c| c.text.len() + sep.len()).sum::<usize>();
    let mut out = String::with_capacity(len.saturating_sub(sep.len()));
    for (i, c) in row.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&c.text);
    }
    out
}

fn grid_as_lines(grid: &crate::grid::Grid) -> Vec<Line> {
    grid.rows
        .iter()
        .filter_map(|r| {
            let first = r.first()?;
            let no = first
                .at
                .with_str(|at| at.rsplit(':').next().and_then(|n| n.parse().ok()))
                .unwrap_or(0);
            let norm = joined(r, " ");
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
