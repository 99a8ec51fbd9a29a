//! What the commands say on stderr and stdout, in English or Chinese: one place for every
//! sentence, so that the commands only pick one and fill it in.

use std::path::Path;

use crate::error::FatalError;
use crate::lang::{self, zh, Lang};
use crate::model::{Check, Document};
use crate::term;

/// `1 table`, `2 tables`: a count and its noun, singular for one.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The start of every line rexian writes to stderr.
pub fn prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "rexian: ",
        Lang::Zh => "rexian：",
    }
}

/// A warning or note of rexian's own (not about one input), as stderr shows it.
pub fn notice(text: &str, lang: Lang) -> String {
    format!("{}{text}", prefix(lang))
}

/// Files of a type rexian does not read, found in a folder given.
pub fn skipped(count: usize, ext: &str, example: &Path, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let what = if ext.is_empty() {
                self::count(
                    count,
                    "file without an extension",
                    "files without an extension",
                )
            } else {
                self::count(count, &format!(".{ext} file"), &format!(".{ext} files"))
            };
            format!(
                "rexian: skipped {what} (not a format rexian reads), e.g. {}",
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

/// A period filter in the user's own terms (`in 2022-06`, `from 2022-01 on`, `up to
/// 2022-06`, `from 2022-01 to 2022-06`), never the dates it stands for.
pub fn filter_words(p: &crate::cli::PeriodArgs, lang: Lang) -> String {
    let (period, since, until) = (p.period.as_deref(), p.since.as_deref(), p.until.as_deref());
    match (lang, period, since, until) {
        (Lang::En, Some(p), _, _) => format!("in {p}"),
        (Lang::En, None, Some(s), Some(u)) => format!("from {s} to {u}"),
        (Lang::En, None, Some(s), None) => format!("from {s} on"),
        (Lang::En, None, None, Some(u)) => format!("up to {u}"),
        (Lang::Zh, Some(p), _, _) => format!("在 {p}"),
        (Lang::Zh, None, Some(s), Some(u)) => format!("在 {s} 至 {u}"),
        (Lang::Zh, None, Some(s), None) => format!("在 {s} 及以后"),
        (Lang::Zh, None, None, Some(u)) => format!("在 {u} 及以前"),
        (_, None, None, None) => String::new(),
    }
}

/// How many documents a period filter kept (`words` from [`filter_words`]).
pub fn in_range(kept: usize, of: usize, words: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "rexian: {kept} of {} {words}",
            count(of, "document read is", "documents read are")
        ),
        Lang::Zh => format!("rexian：读出的 {of} 份通报中有 {kept} 份{words}"),
    }
}

/// The closing line of `ingest`: what was written, and where (`None`: stdout).
pub fn wrote(
    documents: usize,
    values: usize,
    failed: usize,
    dir: Option<&Path>,
    lang: Lang,
) -> String {
    match lang {
        Lang::En => format!(
            "rexian: {}, {}, {} failed → {}",
            count(documents, "document", "documents"),
            count(values, "value", "values"),
            failed,
            dir.map_or_else(|| "stdout".to_string(), |d| d.display().to_string())
        ),
        Lang::Zh => format!(
            "rexian：{documents} 份通报，{values} 个数值，{failed} 个无法读取 → {}",
            dir.map_or_else(|| "标准输出".to_string(), |d| d.display().to_string())
        ),
    }
}

/// Nothing at all to read: the folders given hold no file.
pub fn no_input(lang: Lang) -> String {
    match lang {
        Lang::En => "rexian: no input: the folders given hold no file rexian reads".to_string(),
        Lang::Zh => "rexian：没有输入：所给文件夹中没有 rexian 能读的文件".to_string(),
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
    let colour = term::colour_stderr();
    match lang {
        Lang::En => format!(
            "rexian: {}: no input could be read: {}",
            term::red("error", colour),
            parts.join(", ")
        ),
        Lang::Zh => format!(
            "rexian：{}：没有一个输入能读出：{}",
            term::red("错误", colour),
            parts.join("，")
        ),
    }
}

/// The line `-v` prints per document.
pub fn document_read(d: &Document, values: usize, lang: Lang) -> String {
    let checks: usize = d.check_count();
    let period = d.period.as_ref().map(|p| p.label.as_str());
    let profiles = crate::emit::summary::profiles_of(d).join(", ");
    let encoding = if d.encoding.is_empty() {
        None
    } else {
        Some(d.encoding.as_str())
    };
    match lang {
        Lang::En => format!(
            "rexian: {}: {}, {}, {}, period {}, encoding {}, profile {}",
            d.source,
            count(d.tables.len(), "table", "tables"),
            count(values, "value", "values"),
            count(checks, "disagreement", "disagreements"),
            period.unwrap_or("unknown"),
            encoding.unwrap_or("none (not a text file)"),
            if profiles.is_empty() {
                "none"
            } else {
                &profiles
            }
        ),
        Lang::Zh => format!(
            "rexian：{}：{} 个表，{} 个数值，{} 处不一致，期间 {}，编码 {}，评分规则 {}",
            d.source,
            d.tables.len(),
            values,
            checks,
            period.unwrap_or("不明"),
            encoding.unwrap_or("无（不是文本文件）"),
            if profiles.is_empty() {
                "无"
            } else {
                &profiles
            }
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
            "{source}: {}, {}, {} checked, {}",
            count(tables, "table", "tables"),
            count(rows, "row", "rows"),
            count(checked, "value", "values"),
            count(disagreements, "disagreement", "disagreements"),
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

/// The closing line of `check`.
pub fn check_total(
    documents: usize,
    disagreeing: usize,
    disagreements: usize,
    unread: usize,
    lang: Lang,
) -> String {
    match lang {
        Lang::En => format!(
            "{} checked, {} in {}, {} could not be read",
            count(documents, "document", "documents"),
            count(disagreements, "disagreement", "disagreements"),
            count(disagreeing, "document", "documents"),
            unread
        ),
        Lang::Zh => format!(
            "核查 {documents} 份通报，{disagreeing} 份中有 {disagreements} 处不一致，{unread} 个无法读取"
        ),
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
    let colour = term::colour_stderr();
    let mut lines = vec![match lang {
        Lang::En => format!("rexian: {}: {e}", term::red("error", colour)),
        Lang::Zh => format!("rexian：{}：{}", term::red("错误", colour), fatal_zh(e)),
    }];
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        lines.push(match lang {
            Lang::En => format!("rexian: caused by: {c}"),
            Lang::Zh => format!("rexian：原因：{}", lang::message(&c.to_string(), lang)),
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
        FatalError::NeedsFolder(flag) => format!("{flag} 写入文件夹：请用 -o 目录，而不是标准输出"),
        FatalError::NeedsStdout(flag) => format!("{flag} 写到标准输出：请去掉 -o 目录"),
        FatalError::TableAsXlsx(t) => {
            format!("--table {t} 只能写成 csv、json 或 jsonl，不能写成 xlsx")
        }
        FatalError::Io(_) => "输入/输出错误".to_string(),
    }
}
