//! Web pages → segments: the text of block elements in reading order and every data
//! `<table>` as a grid (rowspan and colspan expanded). A table that holds other tables is
//! page layout, read as text. The charset comes from a BOM, the meta tag, or detection.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::error::SourceError;
use crate::grid::Segment;
use crate::source::budget::Budget;
use crate::source::docx::{assemble, DocItem};

/// Elements whose text is not shown.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "svg", "head"];

/// Elements that start a new line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "table",
    "tr",
    "td",
    "th",
    "center",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "pre",
    "hr",
    "form",
    "nav",
    "main",
    "aside",
    "caption",
    "body",
];

/// The most rows or columns a span may cover.
const MAX_SPAN: usize = 1000;

/// The charset a page declares in its first bytes (`<meta charset="gb2312">`).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\'', ' '])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

struct CellBuf {
    text: String,
    colspan: usize,
    rowspan: usize,
}

struct TableBuf {
    rows: Vec<Vec<CellBuf>>,
    cell: Option<CellBuf>,
}

fn span(e: &scraper::node::Element, name: &str) -> usize {
    e.attr(name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lays out rows of spanning cells on a rectangle, once the budget allows the cells and
/// text the spans ask for (counted before anything is laid out).
fn expand(rows: Vec<Vec<CellBuf>>, budget: &mut Budget) -> Result<Vec<Vec<String>>, SourceError> {
    let (mut cells, mut bytes) = (0u64, 0u64);
    for cell in rows.iter().flatten() {
        let copies = (cell.rowspan as u64).saturating_mul(cell.colspan as u64);
        cells = cells.saturating_add(copies);
        bytes = bytes.saturating_add(copies.saturating_mul(cell.text.len() as u64));
    }
    // The spans alone ask for this many cells (holes left beside spanning cells come on
    // top, counted below as the rows grow).
    budget.cells_held(cells)?;
    budget.text(bytes)?;
    let mut grid: Vec<Vec<Option<String>>> = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let mut c = 0;
        for cell in row {
            while grid
                .get(r)
                .and_then(|g| g.get(c))
                .is_some_and(Option::is_some)
            {
                c += 1;
            }
            let text = collapse(&cell.text);
            for rr in r..r + cell.rowspan.min(MAX_SPAN) {
                if grid.len() <= rr {
                    grid.resize_with(rr + 1, Vec::new);
                }
                let line = &mut grid[rr];
                if line.len() < c + cell.colspan {
                    budget.table((c + cell.colspan - line.len()) as u64, 0)?;
                    line.resize(c + cell.colspan, None);
                }
                for slot in line.iter_mut().skip(c).take(cell.colspan) {
                    if slot.is_none() {
                        *slot = Some(text.clone());
                    }
                }
            }
            c += cell.colspan;
        }
    }
    Ok(grid
        .into_iter()
        .map(|row| row.into_iter().map(Option::unwrap_or_default).collect())
        .collect())
}

/// The deepest nesting of elements read as a page. html5ever's tree builder looks through
/// every open element at each start tag, so 100,000 nested `<div>`s take minutes; a page
/// nested deeper than this is read as plain text instead.
const MAX_NESTING: usize = 2_000;

/// Elements that hold no content, or that a parser closes by itself when the next one
/// starts (`<td>` after `<td>`, `<p>` after `<p>`): they do not nest.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp",
];

/// How deep a page's elements nest, told from its tags alone (an upper bound, before any
/// tree is built).
fn nesting(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        i += at + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 {
            continue;
        }
        let name = text[start..start + len].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'>')
            .map(|p| start + p);
        let self_closing = end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// A page too deeply nested to parse, as lines of text: block tags end lines, other tags
/// and scripts are dropped, the common entities are read.
fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() / 2);
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = rest[at + 1..tag_end.saturating_sub(1).max(at + 1)].trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        }
        rest = &rest[tag_end..];
        if HIDDEN.contains(&name.as_str()) && !tag.starts_with('/') && !tag.ends_with('/') {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = &rest[lower.find(&close).unwrap_or(rest.len())..];
        }
    }
    out.push_str(rest);
    for (entity, ch) in [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&amp;", "&"),
    ] {
        if out.contains(entity) {
            out = out.replace(entity, ch);
        }
    }
    out
}

/// Reads a page's text into segments; a page whose tables expand past the budget is an
/// error.
pub fn html_segments(
    text: &str,
    source: &str,
    is_header: &dyn Fn(&str) -> bool,
) -> Result<Vec<Segment>, SourceError> {
    if nesting(text) > MAX_NESTING {
        return Ok(crate::source::text::segment(
            &plain_text(text),
            source,
            is_header,
        ));
    }
    let doc = Html::parse_document(text);
    let mut budget = Budget::new();
    let mut items: Vec<DocItem> = Vec::new();
    let mut line = String::new();
    let mut hidden = 0usize;
    let mut tables: Vec<Option<TableBuf>> = Vec::new(); // None: a layout table
    let flush = |line: &mut String, items: &mut Vec<DocItem>| {
        let t = collapse(line);
        if !t.is_empty() {
            items.push(DocItem::Para(t));
        }
        line.clear();
    };
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if HIDDEN.contains(&name) {
                        hidden += 1;
                        continue;
                    }
                    let in_data = matches!(tables.last(), Some(Some(_)));
                    match name {
                        "table" => {
                            flush(&mut line, &mut items);
                            let nested = node.descendants().skip(1).any(
                                |d| matches!(d.value(), Node::Element(x) if x.name() == "table"),
                            );
                            tables.push((!nested).then(|| TableBuf {
                                rows: Vec::new(),
                                cell: None,
                            }));
                        }
                        "tr" if in_data => {
                            if let Some(Some(t)) = tables.last_mut() {
                                t.rows.push(Vec::new());
                            }
                        }
                        "td" | "th" if in_data => {
                            if let Some(Some(t)) = tables.last_mut() {
                                t.cell = Some(CellBuf {
                                    text: String::new(),
                                    colspan: span(e, "colspan"),
                                    rowspan: span(e, "rowspan"),
                                });
                            }
                        }
                        "br" if in_data => {
                            if let Some(Some(TableBuf { cell: Some(c), .. })) = tables.last_mut() {
                                c.text.push(' ');
                            }
                        }
                        _ if !in_data && BLOCKS.contains(&name) => flush(&mut line, &mut items),
                        _ => {}
                    }
                }
                Node::Text(t) if hidden == 0 => match tables.last_mut() {
                    Some(Some(TableBuf { cell: Some(c), .. })) => c.text.push_str(t),
                    Some(Some(_)) => {}
                    _ => line.push_str(t),
                },
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if HIDDEN.contains(&name) {
                        hidden = hidden.saturating_sub(1);
                        continue;
                    }
                    let in_data = matches!(tables.last(), Some(Some(_)));
                    match name {
                        "td" | "th" if in_data => {
                            if let Some(Some(t)) = tables.last_mut() {
                                if let Some(c) = t.cell.take() {
                                    if t.rows.is_empty() {
                                        t.rows.push(Vec::new());
                                    }
                                    if let Some(row) = t.rows.last_mut() {
                                        row.push(c);
                                    }
                                }
                            }
                        }
                        "table" => {
                            if let Some(Some(t)) = tables.pop() {
                                let rows: Vec<Vec<CellBuf>> =
                                    t.rows.into_iter().filter(|r| !r.is_empty()).collect();
                                if !rows.is_empty() {
                                    items.push(DocItem::Table(expand(rows, &mut budget)?));
                                }
                            }
                            flush(&mut line, &mut items);
                        }
                        _ if !in_data && BLOCKS.contains(&name) => flush(&mut line, &mut items),
                        _ => {}
                    }
                }
            }
        }
    }
    flush(&mut line, &mut items);
    Ok(assemble(items, source, is_header))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Segment;

    fn grids(html: &str) -> Vec<Vec<Vec<String>>> {
        html_segments(html, "t.html", &|_| false)
            .unwrap()
            .into_iter()
            .filter_map(|s| match s {
                Segment::Grid(g) => Some(
                    g.rows
                        .iter()
                        .map(|r| r.iter().map(|c| c.text.clone()).collect())
                        .collect(),
                ),
                Segment::Prose(_) => None,
            })
            .collect()
    }

    #[test]
    fn html_expands_rowspan_and_colspan() {
        let g = grids(
            "<table><tr><td rowspan=2>单位</td><td colspan=2>直派</td></tr><tr><td>响应率</td><td>满意率</td></tr>\
             <tr><td>甲镇</td><td>100%</td><td>99%</td></tr></table>",
        );
        assert_eq!(
            g[0],
            vec![
                vec!["单位", "直派", "直派"],
                vec!["单位", "响应率", "满意率"],
                vec!["甲镇", "100%", "99%"]
            ]
        );
    }

    #[test]
    fn html_reads_layout_tables_as_text_and_skips_scripts() {
        let segs = html_segments(
            "<html><head><title>标题</title><script>var x=1;</script></head><body><table><tr><td><p>全区受理工单120件。</p>\
             <table><tr><td>单位</td><td>得分</td></tr><tr><td>甲镇</td><td>99</td></tr></table></td></tr></table></body></html>",
            "t.html",
            &|_| false,
        )
        .unwrap();
        let prose: Vec<String> = segs
            .iter()
            .flat_map(|s| match s {
                Segment::Prose(l) => l.iter().map(|x| x.norm.clone()).collect(),
                Segment::Grid(_) => vec![],
            })
            .collect();
        assert_eq!(prose, vec!["全区受理工单120件。"]);
        assert_eq!(grids("<table><tr><td><table><tr><td>单位</td><td>得分</td></tr><tr><td>甲镇</td><td>99</td></tr></table></td></tr></table>").len(), 1);
    }

    #[test]
    fn html_nested_too_deep_is_read_as_text() {
        let page = format!(
            "<html><body>{}<p>全区受理工单12件</p>{}</body></html>",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        assert_eq!(nesting(&page), 5002);
        assert_eq!(
            nesting("<table><tr><td>a<td>b<tr><td>c</table><br><img src=x/>"),
            1
        );
        let segs = html_segments(&page, "t.html", &|_| false).unwrap();
        let prose: Vec<String> = segs
            .iter()
            .flat_map(|s| match s {
                Segment::Prose(l) => l.iter().map(|x| x.norm.clone()).collect(),
                Segment::Grid(_) => vec![],
            })
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(prose, vec!["全区受理工单12件"]);
    }

    #[test]
    fn html_charset_comes_from_the_meta_tag() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>";
        assert_eq!(declared_charset(page), Some(encoding_rs::GBK));
        assert_eq!(
            declared_charset(b"<meta charset='big5'>"),
            Some(encoding_rs::BIG5)
        );
        assert_eq!(declared_charset(b"<html>"), None);
    }
}
