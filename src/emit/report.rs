//! The HTML report (`rexian report`, `check --html`): one self-contained page in Chinese,
//! no network and no script. Per bulletin: its identity and headline figures, each table
//! with the cells a check contradicts highlighted and the arithmetic shown under it, and
//! a bar chart (inline SVG) of each ranking table's scores. Later copies of the same
//! bulletin in other formats are named, not repeated.

use std::collections::HashMap;
use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::emit::same::{self, SameBulletins};
use crate::emit::summary::values_in;
use crate::emit::Failure;
use crate::lang::{self, zh, Lang};
use crate::model::{Basis, Check, CheckKind, Document, Figure, Metric, Row, Table};
use crate::profile::Profiles;
use crate::score::number;

/// The page being made: the documents, and what the profiles say of themselves.
pub struct Report {
    docs: Vec<Document>,
    descriptions: HashMap<String, String>,
}

/// `&`, `<`, `>` and quotes as HTML character references.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { border-bottom: 2px solid #4a7ab5; padding-bottom: .2em; margin-top: 2em; }
h3 { margin-top: 1.5em; }
.meta { color: #555; }
table { border-collapse: collapse; margin: .5em 0; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: right; }
th { background: #eef3fa; text-align: center; }
td.name, td.text { text-align: left; }
tr.total td { font-weight: bold; background: #f6f6f6; }
td.bad { background: #fde2e1; color: #a00; font-weight: bold; }
td.bad .computed { display: block; font-size: .8em; color: #555; font-weight: normal; }
.check { border-left: 4px solid #d9534f; background: #fff7f7; margin: .6em 0; padding: .4em .8em; }
.check .what { margin: 0; font-weight: bold; }
.check .how { margin: .2em 0 0 0; }
.check .how li { margin: .1em 0; }
.same { color: #555; font-style: italic; }
.findings li { margin: .3em 0; }
figure.chart { margin: 1em 0; }
figcaption { color: #555; font-size: .9em; }
.ok { color: #2a7a2a; }
"#;

impl Report {
    /// An empty page; the profiles' descriptions explain their formulas.
    pub fn new(profiles: &Profiles) -> Report {
        Report {
            docs: Vec::new(),
            descriptions: profiles
                .list
                .iter()
                .map(|p| (p.name.clone(), p.description.clone()))
                .collect(),
        }
    }

    /// Adds a document, in reading order.
    pub fn add(&mut self, doc: Document) {
        self.docs.push(doc);
    }

    /// The page; `problems` are the inputs that could not be read.
    pub fn render(&self, problems: &[Failure]) -> String {
        let mut same = SameBulletins::default();
        let firsts: Vec<Option<usize>> = self
            .docs
            .iter()
            .map(|d| {
                same.see(same::fingerprint(d), &d.source)
                    .and_then(|first| self.docs.iter().position(|x| x.source == first))
            })
            .collect();
        let checks: usize = self
            .docs
            .iter()
            .zip(&firsts)
            .filter(|(_, f)| f.is_none())
            .map(|(d, _)| d.check_count())
            .sum();
        let copies = firsts.iter().filter(|f| f.is_some()).count();
        let mut h = String::new();
        h.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.push_str("<title>12345 热线通报核查报告</title>\n<style>");
        h.push_str(STYLE);
        h.push_str("</style>\n</head>\n<body>\n<h1>12345 热线通报核查报告</h1>\n");
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} 份通报（其中 {copies} 份是另一格式的同一通报）；{} 处印发数字与通报自身的数据不一致。由 rexian {} 生成：每个数字都从通报自身的数据复算，舍入误差不算不一致。</p>",
            self.docs.len(),
            checks,
            env!("CARGO_PKG_VERSION")
        );
        self.overview(&mut h, &firsts);
        self.findings(&mut h, &firsts);
        for (i, d) in self.docs.iter().enumerate() {
            self.document(&mut h, i, d, firsts[i]);
        }
        let unread: Vec<&Failure> = problems.iter().filter(|f| !f.note).collect();
        if !unread.is_empty() {
            h.push_str("<section id=\"unread\"><h2>无法读取的文件</h2><ul>\n");
            for f in unread {
                let _ = writeln!(
                    h,
                    "<li>{}：{}</li>",
                    escape(&f.source),
                    escape(&lang::message(&f.message, Lang::Zh))
                );
            }
            h.push_str("</ul></section>\n");
        }
        h.push_str("</body>\n</html>\n");
        h
    }

    fn name_of(d: &Document) -> String {
        let place = d.jurisdiction.as_deref().unwrap_or("（地区不明）");
        let period = d
            .period
            .as_ref()
            .map_or("（期间不明）", |p| p.label.as_str());
        format!("{place} {period}")
    }

    fn overview(&self, h: &mut String, firsts: &[Option<usize>]) {
        h.push_str("<section id=\"overview\"><h2>总览</h2>\n<table class=\"overview\">\n<thead><tr><th>通报</th><th>地区</th><th>期间</th><th>表</th><th>数值</th><th>不一致</th><th>同一通报</th></tr></thead>\n<tbody>\n");
        for (i, d) in self.docs.iter().enumerate() {
            let n: usize = d.check_count();
            let same = firsts[i].map_or(String::new(), |f| {
                format!("<a href=\"#d{f}\">{}</a>", escape(&self.docs[f].source))
            });
            let _ = writeln!(
                h,
                "<tr><td class=\"name\"><a href=\"#d{i}\">{}</a></td><td class=\"text\">{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"text\">{same}</td></tr>",
                escape(&d.source),
                escape(d.jurisdiction.as_deref().unwrap_or("")),
                escape(d.period.as_ref().map_or("", |p| p.label.as_str())),
                d.tables.len(),
                values_in(d),
                if n == 0 { "<span class=\"ok\">0</span>".to_string() } else { n.to_string() },
            );
        }
        h.push_str("</tbody></table></section>\n");
    }

    fn findings(&self, h: &mut String, firsts: &[Option<usize>]) {
        h.push_str("<section id=\"findings\"><h2>不一致之处</h2>\n");
        let mut any = false;
        h.push_str("<ol class=\"findings\">\n");
        for (i, d) in self.docs.iter().enumerate() {
            if firsts[i].is_some() {
                continue;
            }
            let copies = firsts.iter().filter(|f| **f == Some(i)).count();
            for (t, c) in crate::check_cmd::worst_first(d) {
                any = true;
                let also = if copies > 0 {
                    format!("（另有 {copies} 个格式的同一通报）")
                } else {
                    String::new()
                };
                let _ = writeln!(
                    h,
                    "<li><a href=\"#{}\">{} · 表{t} · {}</a>：{}{also}</li>",
                    check_id(i, t, c),
                    escape(&Self::name_of(d)),
                    escape(&c.unit),
                    headline_of(c)
                );
            }
        }
        h.push_str("</ol>\n");
        if !any {
            h.push_str("<p class=\"ok\">没有发现不一致。</p>\n");
        }
        h.push_str("</section>\n");
    }

    fn document(&self, h: &mut String, i: usize, d: &Document, first: Option<usize>) {
        let title = d.title.as_deref().unwrap_or(&d.source);
        let _ = writeln!(
            h,
            "<section class=\"doc\" id=\"d{i}\">\n<h2>{}</h2>",
            escape(title)
        );
        let mut meta = vec![format!("文件 {}", escape(&d.source))];
        if let Some(j) = &d.jurisdiction {
            let mut s = format!("地区 {}", escape(j));
            let extra: Vec<String> = [
                d.jurisdiction_code.as_deref().map(escape),
                d.jurisdiction_level
                    .as_deref()
                    .map(|l| zh::level(l).to_string()),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !extra.is_empty() {
                s.push_str(&format!("（{}）", extra.join("，")));
            }
            meta.push(s);
        }
        if let Some(p) = &d.period {
            meta.push(format!(
                "期间 {}（{} 至 {}）",
                escape(&p.label),
                p.start,
                p.end
            ));
        }
        meta.push(format!("编码 {}", escape(&d.encoding)));
        let _ = writeln!(h, "<p class=\"meta\">{}</p>", meta.join(" · "));
        if let Some(f) = first {
            let _ = writeln!(
                h,
                "<p class=\"same\">与 <a href=\"#d{f}\">{}</a> 是同一通报的不同格式（地区、期间和表中数据都相同），不再重复列出。</p>\n</section>",
                escape(&self.docs[f].source)
            );
            return;
        }
        self.headline(h, d);
        for c in &d.checks {
            let _ = writeln!(
                h,
                "<div class=\"check\" id=\"{}\" data-check=\"{}\"><p class=\"what\">{}</p><ul class=\"how\"><li>{}</li><li>出处：{}</li></ul></div>",
                check_id(i, 0, c),
                c.check.key(),
                format_args!("正文 · {} · {}", escape(&c.unit), headline_of(c)),
                escape(&lang::detail(c, Lang::Zh)),
                c.at.with_str(escape)
            );
        }
        for t in &d.tables {
            self.table(h, i, t);
        }
        h.push_str("</section>\n");
    }

    /// The headline figures as one row per scope (the jurisdiction first, then each named
    /// category or part) and one column per metric; the phrase and its place on hover.
    fn headline(&self, h: &mut String, d: &Document) {
        if d.headline.is_empty() {
            return;
        }
        let mut scopes: Vec<&str> = Vec::new();
        for x in &d.headline {
            if !scopes.contains(&x.unit.as_str()) {
                scopes.push(&x.unit);
            }
        }
        let metrics: Vec<Metric> = Metric::ALL
            .iter()
            .copied()
            .filter(|m| d.headline.iter().any(|x| x.value.metric == *m))
            .collect();
        h.push_str("<h3>主要数据（正文）</h3>\n<table class=\"headline\"><thead><tr><th>范围</th>");
        for m in &metrics {
            let _ = write!(h, "<th>{}</th>", zh::metric(*m));
        }
        h.push_str("</tr></thead><tbody>\n");
        for scope in scopes {
            let _ = write!(h, "<tr><td class=\"name\">{}</td>", escape(scope));
            for m in &metrics {
                match d
                    .headline
                    .iter()
                    .find(|x| x.unit == scope && x.value.metric == *m)
                {
                    Some(x) => {
                        let _ = write!(
                            h,
                            "<td title=\"{} · {}\">{}</td>",
                            escape(&x.value.as_printed),
                            x.value.at.with_str(escape),
                            show(*m, &x.value.value)
                        );
                    }
                    None => h.push_str("<td></td>"),
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table>\n");
    }

    fn table(&self, h: &mut String, i: usize, t: &Table) {
        let _ = writeln!(
            h,
            "<h3 id=\"d{i}-t{}\">表{}{}</h3>",
            t.index,
            t.index,
            t.title
                .as_deref()
                .map(|s| format!("：{}", escape(s)))
                .unwrap_or_default()
        );
        let size = if t.kind == crate::model::TableKind::Records {
            format!("{} 条记录（不含指标）", t.records)
        } else {
            format!("{} 行", t.rows.len())
        };
        let mut meta = vec![zh::table_kind(t.kind).to_string(), size];
        if let Some(p) = &t.profile {
            let desc = self
                .descriptions
                .get(p)
                .map(|s| escape(s))
                .unwrap_or_default();
            meta.push(format!("评分规则 {}：{desc}", escape(p)));
        }
        if t.checked > 0 {
            meta.push(format!(
                "核对 {} 个数值，{} 处不一致",
                t.checked,
                t.checks.len()
            ));
        }
        let _ = writeln!(h, "<p class=\"meta\">{}</p>", meta.join(" · "));
        let metrics: Vec<Metric> = Metric::ALL
            .iter()
            .copied()
            .filter(|m| {
                t.rows
                    .iter()
                    .any(|r| r.values.iter().any(|v| v.metric == *m))
            })
            .collect();
        if metrics.is_empty() {
            return;
        }
        let groups = t.rows.iter().any(|r| r.group.is_some());
        let computed_score = t.rows.iter().any(|r| r.computed.score.is_some());
        let computed_rank = t.rows.iter().any(|r| r.computed.rank.is_some());
        h.push_str("<table class=\"data\"><thead><tr>");
        if groups {
            h.push_str("<th>分组</th>");
        }
        h.push_str("<th>单位</th>");
        for m in &metrics {
            let _ = write!(h, "<th>{}</th>", zh::metric(*m));
        }
        if computed_score {
            h.push_str("<th>复算得分</th>");
        }
        if computed_rank {
            h.push_str("<th>复算排名</th>");
        }
        h.push_str("</tr></thead><tbody>\n");
        for r in &t.rows {
            let _ = write!(
                h,
                "<tr{}>",
                if r.is_total { " class=\"total\"" } else { "" }
            );
            if groups {
                let _ = write!(
                    h,
                    "<td class=\"text\">{}</td>",
                    escape(r.group.as_deref().unwrap_or(""))
                );
            }
            let _ = write!(h, "<td class=\"name\">{}</td>", escape(&r.unit));
            for m in &metrics {
                let v = r.values.iter().find(|v| v.metric == *m);
                let shown = v.map_or(String::new(), |v| escape(&v.value.to_string()));
                match contradicting(t, r, *m) {
                    Some(c) => {
                        let _ = write!(
                            h,
                            "<td class=\"bad\" id=\"{}-cell\" title=\"{}\">{shown}<span class=\"computed\">{}</span></td>",
                            check_id(i, t.index, c),
                            escape(&lang::detail(c, Lang::Zh)),
                            escape(&cell_note(c)),
                        );
                    }
                    None => {
                        let _ = write!(h, "<td>{shown}</td>");
                    }
                }
            }
            if computed_score {
                let _ = write!(
                    h,
                    "<td>{}</td>",
                    r.computed.score.map(|d| d.to_string()).unwrap_or_default()
                );
            }
            if computed_rank {
                let _ = write!(
                    h,
                    "<td>{}</td>",
                    r.computed.rank.map(|d| d.to_string()).unwrap_or_default()
                );
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table>\n");
        for c in &t.checks {
            let _ = writeln!(
                h,
                "<div class=\"check\" id=\"{}\" data-check=\"{}\"><p class=\"what\">{}</p><ul class=\"how\">{}</ul></div>",
                check_id(i, t.index, c),
                c.check.key(),
                format_args!("表{} · {} · {}", t.index, escape(&c.unit), headline_of(c)),
                self.arithmetic(t, c)
                    .iter()
                    .map(|l| format!("<li>{l}</li>"))
                    .collect::<String>()
            );
        }
        if let Some(svg) = chart(t) {
            let _ = writeln!(
                h,
                "<figure class=\"chart\">{svg}<figcaption>表{} 各单位{}（红色：印发数字与自身数据不一致的行；黑线：复算的得分）</figcaption></figure>",
                t.index,
                zh::metric(Metric::Score)
            );
        }
    }

    /// The arithmetic of a check, line by line (HTML).
    fn arithmetic(&self, t: &Table, c: &Check) -> Vec<String> {
        let row = t
            .rows
            .iter()
            .find(|r| r.unit == c.unit && r.group == c.group);
        let mut out = Vec::new();
        match &c.basis {
            Some(Basis::Score {
                formula,
                inputs,
                lo,
                hi,
            }) => {
                if let Some(p) = &c.profile {
                    let desc = self
                        .descriptions
                        .get(p)
                        .map(|s| escape(s))
                        .unwrap_or_default();
                    out.push(format!("评分规则 {}：{desc}", escape(p)));
                }
                let value_of = |name: &str| -> Option<String> {
                    if let Some(i) = inputs.iter().find(|i| i.name == name) {
                        return Some(round4(i.value));
                    }
                    let m = Metric::from_key(name)?;
                    row.and_then(|r| number(r, m)).map(|d| d.to_string())
                };
                for input in inputs {
                    out.push(escape(&format!(
                        "{} = {} = {} = {}",
                        input.name,
                        zh::formula(&input.formula),
                        zh::times(&zh::substitute(&input.formula, &|n| {
                            Metric::from_key(n).and_then(|_| value_of(n))
                        })),
                        round4(input.value)
                    )));
                }
                out.push(escape(&format!(
                    "{} = {} = {} = {}",
                    zh::metric(Metric::Score),
                    zh::formula(formula),
                    zh::times(&zh::substitute(formula, &value_of)),
                    c.computed
                )));
                out.push(format!(
                    "凡舍入后等于印发数字的真实输入，给出的都在 {lo} 至 {hi} 之间：印发的 <b>{}</b> 不在其中。",
                    c.reported
                ));
            }
            Some(Basis::Rank {
                by,
                within_group,
                lo,
                hi,
            }) => {
                let key = by.first().copied().unwrap_or(Metric::Score);
                let scope: Vec<&Row> = t
                    .rows
                    .iter()
                    .filter(|r| !r.is_total && (!within_group || r.group == c.group))
                    .collect();
                let mine = row.and_then(|r| number(r, key));
                let by_names: Vec<&str> = by.iter().map(|m| zh::metric(*m)).collect();
                out.push(format!(
                    "按{}在{}由高到低排名（并列同名次）。",
                    by_names.join("、"),
                    if *within_group { "本组" } else { "全表" }
                ));
                if let Some(mine) = mine {
                    let mut above: Vec<(&str, Decimal)> = scope
                        .iter()
                        .filter_map(|r| Some((r.unit.as_str(), number(r, key)?)))
                        .filter(|(_, s)| *s > mine)
                        .collect();
                    above.sort_by_key(|(_, s)| *s);
                    let nearest: Vec<String> = above
                        .iter()
                        .take(3)
                        .map(|(u, s)| format!("{} {s}", escape(u)))
                        .collect();
                    out.push(format!(
                        "本行{} {mine}；{}高于它的有 {} 行（最接近的：{}）。",
                        zh::metric(key),
                        zh::metric(key),
                        above.len(),
                        nearest.join("，")
                    ));
                    let tied: Vec<String> = scope
                        .iter()
                        .filter(|r| r.unit != c.unit && number(r, key) == Some(mine))
                        .map(|r| escape(&r.unit))
                        .collect();
                    if !tied.is_empty() {
                        out.push(format!("与它同分的：{}。", tied.join("，")));
                    }
                }
                if hi > lo {
                    out.push(format!(
                        "所以它可居第 {lo} 至第 {hi} 名，印发的是第 <b>{}</b> 名。",
                        c.reported
                    ));
                } else {
                    out.push(format!(
                        "所以应为第 {lo} 名，印发的是第 <b>{}</b> 名。",
                        c.reported
                    ));
                }
            }
            Some(b @ (Basis::Parts { .. } | Basis::Ratio { .. } | Basis::TextVsRow { .. })) => {
                out.push(escape(&zh::basis(c, b)))
            }
            Some(
                b @ Basis::Share {
                    truncated: Some(_), ..
                },
            ) => out.push(escape(&zh::basis(c, b))),
            Some(Basis::Share {
                count,
                total,
                exact,
                truncated: None,
            }) => {
                out.push(format!(
                    "{} = {count} / {total} = {exact}%，舍入到印发的小数位为 {}；印发的是 <b>{}</b>。",
                    zh::metric(Metric::Share),
                    c.computed,
                    c.reported
                ));
                out.push(format!(
                    "总量 {total} 是通报自己印的合计（多数行的占比都由它算出）。"
                ));
            }
            Some(Basis::Rate {
                numerator,
                denominator,
                num,
                den,
                exact,
            }) => {
                out.push(format!(
                    "{} = {} / {} = {num} / {den} = {exact}%，舍入为 {}；印发的是 <b>{}</b>。",
                    zh::metric(c.metric),
                    zh::metric(*numerator),
                    zh::metric(*denominator),
                    c.computed,
                    c.reported
                ));
            }
            Some(Basis::Sum { rows }) => {
                out.push(format!(
                    "上面 {rows} 行的{}之和为 {}；合计行印的是 <b>{}</b>。",
                    zh::metric(c.metric),
                    c.computed,
                    c.reported
                ));
            }
            Some(Basis::TextVsTable {
                text,
                table,
                table_at,
            }) => {
                out.push(format!(
                    "正文（{}）称{}为 <b>{}</b>；它所说的表的合计行（{}）印的是 {}。",
                    c.at.with_str(escape),
                    zh::metric(c.metric),
                    escape(text),
                    table_at.with_str(escape),
                    escape(table)
                ));
            }
            Some(Basis::Grade { score, possible }) => {
                out.push(format!(
                    "得分 {} 按评分规则的分档应评为 {}；印发的是 <b>{}</b>。",
                    score.map(|s| s.to_string()).unwrap_or_default(),
                    escape(&possible.join(" 或 ")),
                    escape(&c.reported.to_string())
                ));
            }
            None => out.push(escape(&c.detail)),
        }
        out.push(format!("出处：{}", c.at.with_str(escape)));
        out
    }
}

fn round4(d: Decimal) -> String {
    d.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// A figure for the page: rates with their `%`.
fn show(m: Metric, f: &Figure) -> String {
    use crate::model::MetricKind;
    match (f, m.kind()) {
        (Figure::Number(d), MetricKind::Rate | MetricKind::Change) => format!("{d}%"),
        _ => escape(&f.to_string()),
    }
}

/// "综合得分：印发 93.40，复算 93.33（差 0.07）".
fn headline_of(c: &Check) -> String {
    let delta = c
        .delta
        .map(|d| format!("（差 {}）", d.normalize()))
        .unwrap_or_default();
    let what = match c.check {
        CheckKind::TextVsTable => format!(
            "{}：正文 <b>{}</b>，表格 <b>{}</b>",
            zh::metric(c.metric),
            escape(&c.reported.to_string()),
            escape(&c.computed.to_string())
        ),
        _ => format!(
            "{}：印发 <b>{}</b>，复算 <b>{}</b>",
            zh::metric(c.metric),
            escape(&c.reported.to_string()),
            escape(&c.computed.to_string())
        ),
    };
    format!("{what}{delta}〔{}〕", zh::check_kind(c.check))
}

/// The short note under a highlighted cell.
fn cell_note(c: &Check) -> String {
    match c.check {
        CheckKind::TextVsTable => format!("正文 {}", c.reported),
        _ => format!("复算 {}", c.computed),
    }
}

fn check_id(doc: usize, table: usize, c: &Check) -> String {
    format!("d{doc}-t{table}-{}-{}", c.check.key(), c.metric.key()) + &anchor(&c.unit)
}

/// A stable anchor for a unit's name (its characters' code points).
fn anchor(unit: &str) -> String {
    unit.chars().map(|c| format!("-{:x}", c as u32)).collect()
}

/// The check that contradicts a row's cell of `m`, if one does: the printed value of a
/// score, rank, grade, share, rate or sum check, or a total-line cell the text disagrees
/// with.
fn contradicting<'t>(t: &'t Table, r: &Row, m: Metric) -> Option<&'t Check> {
    t.checks
        .iter()
        .find(|c| c.metric == m && c.unit == r.unit && c.group == r.group)
}

const CHART_WIDTH: i64 = 720;
const LABEL: i64 = 170;
const BAR_AREA: i64 = 460;
const ROW_HEIGHT: i64 = 20;

/// A horizontal bar chart of a ranking table's scores (rows in the table's order), the
/// rows a check contradicts in red, the computed score as a black line where it differs.
/// Coordinates are computed in exact decimals.
fn chart(t: &Table) -> Option<String> {
    let rows: Vec<(&Row, Decimal)> = t
        .rows
        .iter()
        .filter(|r| !r.is_total)
        .filter_map(|r| Some((r, number(r, Metric::Score)?)))
        .collect();
    if rows.len() < 2 {
        return None;
    }
    let max = rows.iter().map(|(_, s)| *s).max()?;
    let min = rows.iter().map(|(_, s)| *s).min()?;
    // The axis starts a little below the lowest score (bars of 90–100 would otherwise all
    // look alike), at a whole number, never below zero.
    let span = (max - min).max(Decimal::ONE);
    let lo = (min - span / Decimal::from(10)).floor().max(Decimal::ZERO);
    let hi = max.ceil().max(lo + Decimal::ONE);
    let x = |v: Decimal| -> Decimal {
        let frac = (v - lo) / (hi - lo);
        (Decimal::from(LABEL) + frac * Decimal::from(BAR_AREA)).round_dp(1)
    };
    let height = ROW_HEIGHT * rows.len() as i64 + 40;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{CHART_WIDTH}\" height=\"{height}\" viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" aria-label=\"表{} {}\" font-size=\"12\">",
        t.index,
        zh::metric(Metric::Score)
    );
    for (k, (r, score)) in rows.iter().enumerate() {
        let y = 10 + ROW_HEIGHT * k as i64;
        let bad = t.checks.iter().any(|c| {
            c.unit == r.unit
                && c.group == r.group
                && matches!(c.metric, Metric::Score | Metric::Rank)
        });
        let label: String = {
            let name = match &r.group {
                Some(g) => format!("{}（{g}）", r.unit),
                None => r.unit.clone(),
            };
            name.chars().take(14).collect()
        };
        let end = x(*score);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"bar{}\" x=\"{LABEL}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {score}</title></rect><text x=\"{}\" y=\"{}\">{score}</text>",
            LABEL - 6,
            y + 13,
            escape(&label),
            if bad { " bad" } else { "" },
            y + 3,
            end - Decimal::from(LABEL),
            ROW_HEIGHT - 6,
            if bad { "#d9534f" } else { "#4a7ab5" },
            escape(&r.unit),
            end + Decimal::from(4),
            y + 13,
        );
        if let Some(c) = r.computed.score.filter(|c| c != score) {
            let cx = x(c);
            let _ = write!(
                s,
                "<line x1=\"{cx}\" x2=\"{cx}\" y1=\"{}\" y2=\"{}\" stroke=\"#000\" stroke-width=\"2\"><title>复算 {c}</title></line>",
                y + 1,
                y + ROW_HEIGHT - 1
            );
        }
    }
    let axis_y = 10 + ROW_HEIGHT * rows.len() as i64 + 4;
    let _ = write!(
        s,
        "<line x1=\"{LABEL}\" x2=\"{}\" y1=\"{axis_y}\" y2=\"{axis_y}\" stroke=\"#888\"/><text x=\"{LABEL}\" y=\"{}\" text-anchor=\"middle\">{lo}</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{hi}</text></svg>",
        LABEL + BAR_AREA,
        axis_y + 16,
        LABEL + BAR_AREA,
        axis_y + 16
    );
    Some(s)
}
