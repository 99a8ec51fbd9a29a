//! Chinese: the names of the schema's columns and metric keys, the kinds of check and of
//! table, check details rendered from their data, and the messages about inputs. These
//! are the catalogue: the only place Chinese words of the outputs are written down.

use std::borrow::Cow;

use crate::model::{Basis, Check, CheckKind, Metric, TableKind};

/// The Chinese name of each metric key (the glossary of `model.rs`, as a reader's label).
pub fn metric(m: Metric) -> &'static str {
    match m {
        Metric::Received => "受理量",
        Metric::Calls => "话务量",
        Metric::Assessed => "纳入考评",
        Metric::Due => "应办理",
        Metric::Handled => "办理",
        Metric::Closed => "办结",
        Metric::OnTime => "按期办结",
        Metric::Overdue => "超期办结",
        Metric::Rework => "返工",
        Metric::Satisfied => "满意",
        Metric::Dissatisfied => "不满意",
        Metric::Count => "数量",
        Metric::ResponseRate => "响应率",
        Metric::ResolutionRate => "解决率",
        Metric::SatisfactionRate => "满意率",
        Metric::DissatisfactionRate => "不满意率",
        Metric::CompletionRate => "办结率",
        Metric::OnTimeRate => "按期办结率",
        Metric::OverdueRate => "超期办结率",
        Metric::ReworkRate => "返工率",
        Metric::Share => "占比",
        Metric::MomChange => "环比",
        Metric::YoyChange => "同比",
        Metric::AvgDays => "平均办理时长(天)",
        Metric::CompletionPoints => "办结率得分",
        Metric::ResponsePoints => "响应率得分",
        Metric::SatisfactionPoints => "满意率得分",
        Metric::BonusPoints => "附加分",
        Metric::Score => "综合得分",
        Metric::Grade => "等级",
        Metric::Rank => "排名",
        Metric::ParentRank => "上级排名",
        Metric::RankChange => "排名变化",
    }
}

/// Columns other than the metric keys: (key, Chinese name, what it holds).
pub const COLUMNS: &[(&str, &str, &str)] = &[
    ("source", "来源文件", "读入的文件路径（命令行上给出的形式），标准输入为 -"),
    ("jurisdiction", "地区", "发布通报的地区，规范简称（西城区、浙江省）；通报未说明时为空"),
    ("jurisdiction_code", "区划代码", "该地区的 GB/T 2260 行政区划代码（旧名给出现行区划的代码）"),
    ("jurisdiction_level", "行政级别", "country 全国、province 省级、prefecture 地级、county 县级、functional 功能区"),
    ("jurisdiction_source", "地区依据", "地区从何读出：title 标题、masthead 发布机构、text 正文、subdivisions 下辖地区、table_title 表名、file_name 文件名、unit_names 单位名称"),
    ("period", "期间", "通报期间：2022-06、2021-Q3（季度）、2020（年）、2022-W28（周）"),
    ("period_start", "起始日期", "期间第一天（含）"),
    ("period_end", "截止日期", "期间最后一天（含）"),
    ("period_source", "期间依据", "期间从何读出：text 正文、sheet_name 工作表名、file_name 文件名"),
    ("title", "标题", "通报的标题"),
    ("table", "表序号", "表在通报中的序号；正文中的主要数据为 0"),
    ("table_title", "表名", "表的标题（简体，照印）"),
    ("group", "分组", "行所在的分组（直派、转派、一类部门……）"),
    ("row", "行序号", "行在表中的序号（只计数据行）"),
    ("unit", "单位", "单位名称（简体，去掉内部空格和拼音注音）；合计行为“合计”"),
    ("unit_raw", "单位原文", "单位名称，照印"),
    ("metric", "指标", "指标键（英文，见说明表）"),
    ("value", "数值", "数值：印发的精度；率和占比为百分数（不带 %）；等级见“文本”"),
    ("text", "文本", "不是数字的数值（等级 A、B）"),
    ("as_printed", "印发原文", "通报上印的样子"),
    ("at", "出处", "印在何处：文件:行，或 文件#工作表!B7"),
    ("score_computed", "复算得分", "按评分规则复算的综合得分"),
    ("rank_computed", "复算排名", "按印发得分（及并列规则）复算的排名"),
    ("grade_computed", "复算等级", "按评分规则的分档复算的等级"),
    ("is_total", "合计行", "是否为合计行（true/false）"),
    ("table_kind", "表类型", "metrics 指标表、points 评分表、rank_list 排名名单、records 案件明细、unlabelled 无法识别列名"),
    ("check", "核查项", "score 综合得分、rank 排名、grade 等级、sum 合计、share 占比、rate 率、text_vs_table 正文与表格"),
    ("reported", "印发值", "通报印发的数值"),
    ("computed", "复算值", "由通报自身数据复算的数值"),
    ("delta", "差值", "印发值 − 复算值"),
    ("profile", "评分规则", "所用的评分规则（profiles/*.toml）"),
    ("detail", "说明", "复算值从何而来"),
    ("level", "级别", "error 无法读取、warning 警告、note 提示"),
    ("message", "信息", "问题是什么"),
    ("tables", "表数", "通报中找到的表"),
    ("values", "数值个数", "读出的数值（正文与表格）"),
    ("checks_failed", "不一致数", "印发数字与自身数据不一致之处"),
    ("encoding", "编码", "读入时所用的字符编码"),
    ("profiles", "评分规则", "各表所用的评分规则"),
    ("metric_key", "指标键", "指标的英文键（received、satisfaction_rate……）"),
    ("sheet", "工作表", "工作表"),
    ("column", "列", "列名"),
    ("key", "字段键", "CSV 文件（--headers en）中的列名"),
    ("meaning", "含义", "这一列是什么"),
    ("same_as", "同一通报", "同一通报的另一格式文件（地区、期间和表中数据都相同），统计时勿重复计算"),
];

/// The Chinese name of a column (a metric key or one of [`COLUMNS`]).
pub fn column(key: &str) -> Option<&'static str> {
    if let Some(m) = Metric::from_key(key) {
        return Some(metric(m));
    }
    COLUMNS.iter().find(|(k, _, _)| *k == key).map(|c| c.1)
}

/// What a column holds, in Chinese.
pub fn column_meaning(key: &str) -> Option<&'static str> {
    COLUMNS.iter().find(|(k, _, _)| *k == key).map(|c| c.2)
}

/// What a metric key holds, in Chinese.
pub fn metric_meaning(m: Metric) -> &'static str {
    use crate::model::MetricKind;
    match m.kind() {
        MetricKind::Count => "件数（整数）",
        MetricKind::Rate => "百分数，不带 %（99.88 即 99.88%）",
        MetricKind::Change => "变化的百分数，带正负号（下降 21.07% 为 -21.07）",
        MetricKind::Decimal => match m {
            Metric::AvgDays => "天数",
            Metric::Score => "表据以排名的综合得分",
            _ => "分数（评分表中各项得分，不是百分数）",
        },
        MetricKind::Rank => "名次（整数）",
        MetricKind::RankChange => "名次的变化，上升为正",
        MetricKind::Grade => "等级（文本）",
    }
}

/// The Chinese name of a kind of check.
pub fn check_kind(k: CheckKind) -> &'static str {
    match k {
        CheckKind::Score => "综合得分",
        CheckKind::Rank => "排名",
        CheckKind::Grade => "等级",
        CheckKind::Sum => "合计",
        CheckKind::Share => "占比",
        CheckKind::Rate => "率",
        CheckKind::TextVsTable => "正文与表格",
    }
}

/// The Chinese name of a kind of table.
pub fn table_kind(k: TableKind) -> &'static str {
    match k {
        TableKind::Metrics => "指标表",
        TableKind::Points => "评分表",
        TableKind::RankList => "排名名单",
        TableKind::Records => "案件明细",
        TableKind::Unlabelled => "无法识别列名",
    }
}

/// The Chinese name of a jurisdiction level (`county` → 县级).
pub fn level(key: &str) -> &str {
    match key {
        "country" => "全国",
        "province" => "省级",
        "prefecture" => "地级",
        "county" => "县级",
        "functional" => "功能区",
        other => other,
    }
}

/// A formula over metric keys with each key's Chinese name (`handled / due` → `办理 / 应办理`);
/// other names (a profile's own inputs) stay.
pub fn formula(text: &str) -> String {
    times(&substitute(text, &|name| {
        Metric::from_key(name).map(|m| metric(m).to_string())
    }))
}

/// `*` written as `×`, as a Chinese reader writes a product.
pub fn times(text: &str) -> String {
    text.replace(" * ", " × ")
}

/// `text` with each identifier (`[A-Za-z_][A-Za-z0-9_]*`) that `replace` knows replaced.
pub fn substitute(text: &str, replace: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            match replace(word) {
                Some(r) => out.push_str(&r),
                None => out.push_str(word),
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_ascii_alphabetic() || c == '_' || (!word.is_empty() && c.is_ascii_digit()) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A check's detail in Chinese, from its basis.
pub fn basis(c: &Check, b: &Basis) -> String {
    match b {
        Basis::Score {
            formula: f,
            inputs,
            lo,
            hi,
        } => {
            let mut s = format!("{} = {}", formula(f), c.computed);
            if !inputs.is_empty() {
                let parts: Vec<String> = inputs
                    .iter()
                    .map(|i| format!("{} = {} = {}", i.name, formula(&i.formula), i.value))
                    .collect();
                s.push_str(&format!("（其中 {}）", parts.join("，")));
            }
            s.push_str(&format!(
                "；凡舍入后等于印发数字的真实输入，给出的都在 {lo} 至 {hi} 之间"
            ));
            s
        }
        Basis::Rank {
            by,
            within_group,
            lo,
            hi,
        } => {
            let by: Vec<&str> = by.iter().map(|m| metric(*m)).collect();
            let scope = if *within_group { "组内" } else { "全表" };
            if hi > lo {
                format!("按{}在{scope}排名：可居第 {lo} 至第 {hi} 名", by.join("、"))
            } else {
                format!(
                    "按{}在{scope}排名：有 {} 行排在它前面，应为第 {lo} 名",
                    by.join("、"),
                    lo.saturating_sub(1)
                )
            }
        }
        Basis::Grade { score, possible } => format!(
            "得分 {} 应评为 {}",
            score.map(|s| s.to_string()).unwrap_or_default(),
            possible.join(" 或 ")
        ),
        Basis::Sum { rows } => format!("上面 {rows} 行之和"),
        Basis::Rate {
            numerator,
            denominator,
            num,
            den,
            exact,
        } => format!(
            "{} / {} = {num} / {den} = {exact}%",
            metric(*numerator),
            metric(*denominator)
        ),
        Basis::Share {
            count,
            total,
            exact,
            truncated: None,
        } => format!("{count} / {total} = {exact}%"),
        Basis::Share {
            count,
            total,
            exact,
            truncated: Some(cut),
        } => format!(
            "{count} / {total} = {exact}%：四舍五入为 {}，截断为 {cut}；印发为 {}",
            c.computed, c.reported
        ),
        Basis::Parts { parts, sum, total } => {
            let terms: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            format!("{} = {sum}，印发为 {total}", terms.join(" + "))
        }
        Basis::Ratio { num, den, exact } => format!(
            "{num} / {den} = {exact}%：舍入为 {}；印发为 {}",
            c.computed, c.reported
        ),
        Basis::TextVsTable {
            text,
            table,
            table_at,
        } => format!("正文为 {text}；表的合计行（{table_at}）为 {table}"),
        Basis::TextVsRow {
            text,
            table,
            table_at,
        } => format!("正文为 {text}；表中该单位一行（{table_at}）为 {table}"),
    }
}

/// Messages about inputs: (English start, English end, Chinese start, Chinese end); what
/// lies between the English start and end is kept.
const MESSAGES: &[(&str, &str, &str, &str)] = &[
    (
        "the same bytes as ",
        ": read once",
        "与 ",
        " 字节完全相同：只读一次",
    ),
    (
        "the same bulletin as ",
        " in another format (same jurisdiction, period and table values): count it once",
        "与 ",
        " 是同一通报的不同格式（地区、期间和表中数据都相同）：统计时只算一次",
    ),
    ("binary data, not text", "", "二进制数据，不是文本", ""),
    ("empty file", "", "空文件", ""),
    ("cannot read file: ", "", "无法读取文件：", ""),
    ("not valid ", "", "编码无效：", ""),
    ("cannot read spreadsheet: ", "", "无法读取电子表格：", ""),
    (
        "password-protected: save it without a password first",
        "",
        "有密码保护：请先另存为无密码的文件",
        "",
    ),
    ("not a zip archive: ", "", "不是 zip 压缩包：", ""),
    ("inflates to ", "", "解压后超出上限：", ""),
    (
        "malformed file: the reader failed ",
        "",
        "文件已损坏，读取失败",
        "",
    ),
    ("malformed XML: ", "", "XML 已损坏：", ""),
    (
        "no text layer (scanned?); run OCR first",
        "",
        "没有文字层（扫描件？）：请先做 OCR 文字识别",
        "",
    ),
    (
        "the fonts map no character to Unicode, so the text cannot be read; run OCR first",
        "",
        "字体没有到 Unicode 的映射，读不出文字：请先做 OCR 文字识别",
        "",
    ),
    (
        "truncated PDF: the file ends before its end-of-file marker",
        "",
        "PDF 不完整：文件在结束标记之前中断",
        "",
    ),
    (
        "streams inflate beyond ",
        "",
        "PDF 数据流解压后超出上限：",
        "",
    ),
    ("malformed PDF: ", "", "PDF 已损坏：", ""),
    (
        "cannot read Word document: ",
        "",
        "无法读取 Word 文档：",
        "",
    ),
];

/// A message about an input in Chinese, where the catalogue has it (else as it is).
pub fn message(text: &str) -> Cow<'_, str> {
    for (en_start, en_end, zh_start, zh_end) in MESSAGES {
        if let Some(rest) = text.strip_prefix(en_start) {
            if let Some(middle) = rest.strip_suffix(en_end) {
                return Cow::Owned(format!("{zh_start}{middle}{zh_end}"));
            }
        }
    }
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zh_formula_names_metric_keys_and_keeps_the_rest() {
        assert_eq!(formula("handled / due"), "办理 / 应办理");
        assert_eq!(
            formula("(1 - rework_share) * 20 + satisfied2"),
            "(1 - rework_share) × 20 + satisfied2"
        );
        assert_eq!(formula("response_rate * 0.1"), "响应率 × 0.1");
    }

    #[test]
    fn zh_message_keeps_what_lies_between() {
        assert_eq!(
            message("the same bytes as a/b.txt: read once"),
            "与 a/b.txt 字节完全相同：只读一次"
        );
        assert_eq!(message("empty file"), "空文件");
        assert_eq!(message("something new"), "something new");
    }
}
