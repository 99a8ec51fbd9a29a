//! What the commands say on stderr and stdout, in English or Chinese: one place for every
//! sentence, so that the commands only pick one and fill it in.

use std::path::Path;

use crate::error::FatalError;
use crate::lang::{self, zh, Lang};
use crate::model::{Check, Document};

/// Files of a type rexian does not read, found in a folder given.
pub fn skipped(count: usize, ext: &str, example: &Path, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let what = if ext.is_empty() {
                "files without an extension".to_string()
            } else {
                format!(".{ext} files")
            };
            format!(
                "rexian: skipped {count} {what} (not a format rexian reads), e.g. {}",
                example.display()
            )
        }
        Lang::Zh => {
            let what = if ext.is_empty() {
                "无扩展名的文件".to_string()
            } else {
                format!(".{ext} 文件")
            };
            format!(
                "rexian：跳过 {count} 个{what}（rexian 不读这种格式），例如 {}",
                example.display()
            )
        }
    }
}

/// An input that could not be read (or a note about one).
pub fn failed(source: &str, message: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("rexian: {source}: {message}"),
        Lang::Zh => format!("rexian：{source}：{}", lang::message(message, lang)),
    }
}

/// How many documents a period filter kept.
pub fn in_range(kept: usize, of: usize, from: &str, to: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("rexian: {kept} of {of} documents in {from} .. {to}"),
        Lang::Zh => format!("rexian：{of} 份通报中有 {kept} 份在 {from} 至 {to} 之间"),
    }
}

/// The closing line of `ingest -o DIR`.
pub fn wrote(documents: usize, values: usize, failed: usize, dir: &Path, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "rexian: {documents} documents, {values} values, {failed} failed → {}",
            dir.display()
        ),
        Lang::Zh => format!(
            "rexian：{documents} 份通报，{values} 个数值，{failed} 个无法读取 → {}",
            dir.display()
        ),
    }
}

/// No input could be read at all: the inputs that failed and the files of other types,
/// each as (extension, how many).
pub fn nothing_read(failed: &[(String, usize)], other: &[(String, usize)], lang: Lang) -> String {
    let mut parts: Vec<String> = failed
        .iter()
        .map(|(e, n)| match lang {
            Lang::En => format!("{n} {e}"),
            Lang::Zh => format!("{n} 个 {e}"),
        })
        .collect();
    parts.extend(other.iter().map(|(e, n)| match lang {
        Lang::En => format!("{n} {e} (not a format rexian reads)"),
        Lang::Zh => format!("{n} 个 {e}（rexian 不读这种格式）"),
    }));
    match lang {
        Lang::En => format!("rexian: no input could be read: {}", parts.join(", ")),
        Lang::Zh => format!("rexian：没有一个输入能读出：{}", parts.join("，")),
    }
}

/// The line `-v` prints per document.
pub fn document_read(d: &Document, values: usize, lang: Lang) -> String {
    let checks: usize = d.check_count();
    let period = d.period.as_ref().map(|p| p.label.as_str());
    match lang {
        Lang::En => format!(
            "rexian: {}: {} tables, {} values, {} disagreements, period {}",
            d.source,
            d.tables.len(),
            values,
            checks,
            period.unwrap_or("unknown")
        ),
        Lang::Zh => format!(
            "rexian：{}：{} 个表，{} 个数值，{} 处不一致，期间 {}",
            d.source,
            d.tables.len(),
            values,
            checks,
            period.unwrap_or("不明")
        ),
    }
}

/// The first line `check` prints for a document.
pub fn check_summary(
    source: &str,
    tables: usize,
    rows: usize,
    checked: usize,
    disagreements: usize,
    lang: Lang,
) -> String {
    match lang {
        Lang::En => format!(
            "{source}: {tables} tables, {rows} rows, {checked} values checked, {disagreements} disagreement{}",
            if disagreements == 1 { "" } else { "s" }
        ),
        Lang::Zh => format!(
            "{source}：{tables} 个表，{rows} 行，核对 {checked} 个数值，{disagreements} 处不一致"
        ),
    }
}

/// One disagreement as `check` prints it.
pub fn check_line(table: usize, c: &Check, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let group = c
                .group
                .as_deref()
                .map(|g| format!(" [{g}]"))
                .unwrap_or_default();
            let profile = c
                .profile
                .as_deref()
                .map(|p| format!(", profile {p}"))
                .unwrap_or_default();
            format!(
                "  {:<13} table {table}{group} {} {}: printed {}, computed {} ({}{profile}) at {}",
                c.check.key(),
                c.unit,
                c.metric.key(),
                c.reported,
                c.computed,
                c.detail,
                c.at
            )
        }
        Lang::Zh => {
            let group = c
                .group
                .as_deref()
                .map(|g| format!("［{g}］"))
                .unwrap_or_default();
            let profile = c
                .profile
                .as_deref()
                .map(|p| format!("；评分规则 {p}"))
                .unwrap_or_default();
            // A text-vs-table check compares two printed figures: neither is computed.
            let (said, against) = match c.check {
                crate::model::CheckKind::TextVsTable => ("正文", "表格"),
                _ => ("印发", "复算"),
            };
            format!(
                "  {}　表{table}{group} {} {}：{said} {}，{against} {}（{}{profile}）出处 {}",
                zh::check_kind(c.check),
                c.unit,
                zh::metric(c.metric),
                c.reported,
                c.computed,
                lang::detail(c, lang),
                c.at
            )
        }
    }
}

/// An input `check` could not read.
pub fn check_unread(source: &str, message: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{source}: could not be read: {message}"),
        Lang::Zh => format!("{source}：无法读取：{}", lang::message(message, lang)),
    }
}

/// A fatal error's first line, and one line per cause.
pub fn fatal(e: &FatalError, lang: Lang) -> Vec<String> {
    let mut lines = vec![match lang {
        Lang::En => format!("error: {e}"),
        Lang::Zh => format!("错误：{}", fatal_zh(e)),
    }];
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        lines.push(match lang {
            Lang::En => format!("caused by: {c}"),
            Lang::Zh => format!("原因：{}", lang::message(&c.to_string(), lang)),
        });
        cause = c.source();
    }
    lines
}

fn fatal_zh(e: &FatalError) -> String {
    match e {
        FatalError::UnknownEncoding(name) => {
            format!("未知的编码“{name}”（可用 utf-8、utf-16le、utf-16be、gb18030 或 big5）")
        }
        FatalError::Profile(_) => "评分规则文件无效".to_string(),
        FatalError::UnknownProfile(name) => {
            format!("没有名为“{name}”的评分规则（见 `rexian profiles`）")
        }
        FatalError::BadPeriod(flag, value) => {
            format!("{flag} {value}：请给出 2022、2022-06、2022-Q3 或 2022-W28 这样的期间")
        }
        FatalError::Threads(n) => format!("无法启动 {n} 个线程"),
        FatalError::MissingInput(p) => format!("没有这个文件或文件夹：{}", p.display()),
        FatalError::Write { path, .. } => format!("无法写入 {}", path.display()),
        FatalError::Csv(_) => "无法写入 CSV".to_string(),
        FatalError::Json(_) => "无法写入 JSON".to_string(),
        FatalError::Xlsx(m) => format!("无法写入工作簿：{m}"),
        FatalError::BinaryToTerminal(f) => {
            format!("--format {f} 写出的是二进制文件：请重定向（> out.{f}）或用 -o 目录")
        }
        FatalError::NothingToReport(p) => format!(
            "{}：既不是输出文件夹（含 documents.json），也不是通报",
            p.display()
        ),
        FatalError::Io(_) => "输入/输出错误".to_string(),
    }
}
