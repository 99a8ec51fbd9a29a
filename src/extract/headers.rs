//! The header synonym table: printed header text → what the column holds.
//!
//! This is data. To teach rexian a new header, add a line to [`SYNONYMS`]; the tests
//! check that the table has no duplicates and that every entry is already in normalized
//! (simplified, compact) form. Matching is on normalized text: an exact match first, then
//! the longest synonym the header contains (`按期办结率` is `on_time_rate`, not
//! `completion_rate`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::Metric;
use crate::source::normalize::{compact, to_simplified};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The unit's name (单位, 部门, 镇街 …).
    Unit,
    /// A group label printed on the first row of its group (分类).
    Group,
    /// A running number that is not a rank (序号).
    Seq,
    /// Case-record detail (工单号, 不满意原因): the table yields no metrics.
    Record,
    /// A 合计 column: the score of a points table.
    Total,
    Metric(Metric),
}

use Metric as M;
use Role::{Group, Record, Seq, Total, Unit};

/// Header text (normalized) → role. Order matters only for equally long matches.
pub const SYNONYMS: &[(&str, Role)] = &[
    // unit names
    ("单位", Unit),
    ("单位名称", Unit),
    ("部门", Unit),
    ("部门名称", Unit),
    ("部门单位", Unit),
    ("镇街", Unit),
    ("镇街名称", Unit),
    ("街乡镇", Unit),
    ("街道", Unit),
    ("乡镇", Unit),
    ("乡镇街道", Unit),
    ("乡镇、街道", Unit),
    ("街道乡镇", Unit),
    ("街道(乡镇)", Unit),
    ("办理单位", Unit),
    ("承办单位", Unit),
    ("责任单位", Unit),
    ("被考核单位", Unit),
    ("区县", Unit),
    ("县市区", Unit),
    ("县(市)区", Unit),
    ("地区", Unit),
    ("区域", Unit),
    ("名称", Unit),
    ("类型", Unit),
    ("类别", Unit),
    ("诉求类型", Unit),
    ("问题类型", Unit),
    ("问题类别", Unit),
    ("诉求类别", Unit),
    ("事项类别", Unit),
    ("热点问题", Unit),
    // groups, running numbers, case records
    ("分类", Group),
    ("组别", Group),
    ("所属分类", Group),
    ("序号", Seq),
    ("编号", Seq),
    ("工单号", Record),
    ("工单编号", Record),
    ("工单内容", Record),
    ("诉求内容", Record),
    ("反映内容", Record),
    ("不满意原因", Record),
    ("超期办结原因", Record),
    ("超期原因", Record),
    ("返工原因", Record),
    ("退回原因", Record),
    ("原因", Record),
    ("办理结果", Record),
    ("合计", Total),
    ("总计", Total),
    ("总分", Total),
    // counts
    ("受理", Role::Metric(M::Received)),
    ("受理量", Role::Metric(M::Received)),
    ("受理数", Role::Metric(M::Received)),
    ("受理工单", Role::Metric(M::Received)),
    ("受理工单数", Role::Metric(M::Received)),
    ("受理件数", Role::Metric(M::Received)),
    ("受理信件数", Role::Metric(M::Received)),
    ("受理总量", Role::Metric(M::Received)),
    ("诉求量", Role::Metric(M::Received)),
    ("诉求总量", Role::Metric(M::Received)),
    ("工单总量", Role::Metric(M::Received)),
    ("工单数量", Role::Metric(M::Received)),
    ("交办量", Role::Metric(M::Received)),
    ("交办件数", Role::Metric(M::Received)),
    ("转办量", Role::Metric(M::Received)),
    ("派单量", Role::Metric(M::Received)),
    ("来件量", Role::Metric(M::Received)),
    ("工单量", Role::Metric(M::Received)),
    ("话务量", Role::Metric(M::Calls)),
    ("来电量", Role::Metric(M::Calls)),
    ("来电数", Role::Metric(M::Calls)),
    ("话务总量", Role::Metric(M::Calls)),
    ("呼入量", Role::Metric(M::Calls)),
    ("纳入考评", Role::Metric(M::Assessed)),
    ("纳入考评工单", Role::Metric(M::Assessed)),
    ("纳入考评工单数", Role::Metric(M::Assessed)),
    ("纳入市级考评工单", Role::Metric(M::Assessed)),
    ("纳入考核", Role::Metric(M::Assessed)),
    ("考评工单数", Role::Metric(M::Assessed)),
    ("应办理", Role::Metric(M::Due)),
    ("应办", Role::Metric(M::Due)),
    ("应办理数", Role::Metric(M::Due)),
    ("应办件数", Role::Metric(M::Due)),
    ("办理", Role::Metric(M::Handled)),
    ("已办理", Role::Metric(M::Handled)),
    ("办理数", Role::Metric(M::Handled)),
    ("办理数量", Role::Metric(M::Handled)),
    ("办理量", Role::Metric(M::Handled)),
    ("承办量", Role::Metric(M::Handled)),
    ("办件量", Role::Metric(M::Handled)),
    ("办结", Role::Metric(M::Closed)),
    ("已办结", Role::Metric(M::Closed)),
    ("办结数", Role::Metric(M::Closed)),
    ("办结量", Role::Metric(M::Closed)),
    ("办结件数", Role::Metric(M::Closed)),
    ("按期办结", Role::Metric(M::OnTime)),
    ("按期办结数", Role::Metric(M::OnTime)),
    ("按期办理数", Role::Metric(M::OnTime)),
    ("按时办结", Role::Metric(M::OnTime)),
    ("超期办结", Role::Metric(M::Overdue)),
    ("超期办结数", Role::Metric(M::Overdue)),
    ("超期件", Role::Metric(M::Overdue)),
    ("超期数", Role::Metric(M::Overdue)),
    ("超期工单", Role::Metric(M::Overdue)),
    ("超时办结", Role::Metric(M::Overdue)),
    ("超时工单", Role::Metric(M::Overdue)),
    ("返工", Role::Metric(M::Rework)),
    ("返工数", Role::Metric(M::Rework)),
    ("返工单", Role::Metric(M::Rework)),
    ("返工件", Role::Metric(M::Rework)),
    ("退回重办", Role::Metric(M::Rework)),
    ("满意数", Role::Metric(M::Satisfied)),
    ("满意件", Role::Metric(M::Satisfied)),
    ("满意量", Role::Metric(M::Satisfied)),
    ("不满意", Role::Metric(M::Dissatisfied)),
    ("不满意件", Role::Metric(M::Dissatisfied)),
    ("不满意数", Role::Metric(M::Dissatisfied)),
    ("不满意量", Role::Metric(M::Dissatisfied)),
    ("数量", Role::Metric(M::Count)),
    ("件数", Role::Metric(M::Count)),
    ("工单数", Role::Metric(M::Count)),
    // rates
    ("响应率", Role::Metric(M::ResponseRate)),
    ("及时响应率", Role::Metric(M::ResponseRate)),
    ("签收率", Role::Metric(M::ResponseRate)),
    ("及时签收率", Role::Metric(M::ResponseRate)),
    ("解决率", Role::Metric(M::ResolutionRate)),
    ("问题解决率", Role::Metric(M::ResolutionRate)),
    ("满意率", Role::Metric(M::SatisfactionRate)),
    ("群众满意率", Role::Metric(M::SatisfactionRate)),
    ("满意度", Role::Metric(M::SatisfactionRate)),
    ("不满意率", Role::Metric(M::DissatisfactionRate)),
    ("办结率", Role::Metric(M::CompletionRate)),
    ("按期办结率", Role::Metric(M::OnTimeRate)),
    ("按时办结率", Role::Metric(M::OnTimeRate)),
    ("超期办结率", Role::Metric(M::OverdueRate)),
    ("超期率", Role::Metric(M::OverdueRate)),
    ("超时率", Role::Metric(M::OverdueRate)),
    ("返工率", Role::Metric(M::ReworkRate)),
    ("重办率", Role::Metric(M::ReworkRate)),
    ("退单率", Role::Metric(M::ReworkRate)),
    ("占比", Role::Metric(M::Share)),
    ("所占比例", Role::Metric(M::Share)),
    ("比例", Role::Metric(M::Share)),
    ("环比", Role::Metric(M::MomChange)),
    ("环比增减", Role::Metric(M::MomChange)),
    ("环比增长", Role::Metric(M::MomChange)),
    ("同比", Role::Metric(M::YoyChange)),
    ("同比增减", Role::Metric(M::YoyChange)),
    ("同比增长", Role::Metric(M::YoyChange)),
    ("平均办理时长", Role::Metric(M::AvgDays)),
    ("平均办理天数", Role::Metric(M::AvgDays)),
    ("平均处理时长", Role::Metric(M::AvgDays)),
    ("平均时长", Role::Metric(M::AvgDays)),
    ("平均办结时长", Role::Metric(M::AvgDays)),
    ("平均用时", Role::Metric(M::AvgDays)),
    // scores, grades, ranks
    ("综合成绩", Role::Metric(M::Score)),
    ("综合指标值", Role::Metric(M::Score)),
    ("综合效能指数", Role::Metric(M::Score)),
    ("效能指数", Role::Metric(M::Score)),
    ("综合得分", Role::Metric(M::Score)),
    ("考核得分", Role::Metric(M::Score)),
    ("综合分", Role::Metric(M::Score)),
    ("综合评分", Role::Metric(M::Score)),
    ("得分", Role::Metric(M::Score)),
    ("成绩", Role::Metric(M::Score)),
    ("等级评价", Role::Metric(M::Grade)),
    ("考核等级", Role::Metric(M::Grade)),
    ("评价等级", Role::Metric(M::Grade)),
    ("等级", Role::Metric(M::Grade)),
    ("排名", Role::Metric(M::Rank)),
    ("名次", Role::Metric(M::Rank)),
    ("排序", Role::Metric(M::Rank)),
    ("综合排名", Role::Metric(M::Rank)),
    ("本月排名", Role::Metric(M::Rank)),
    ("市级排名", Role::Metric(M::ParentRank)),
    ("全市排名", Role::Metric(M::ParentRank)),
    ("环比变化", Role::Metric(M::RankChange)),
    ("排名变化", Role::Metric(M::RankChange)),
    ("名次变化", Role::Metric(M::RankChange)),
    // points tables
    ("附加分", Role::Metric(M::BonusPoints)),
    ("加分", Role::Metric(M::BonusPoints)),
    ("加分项", Role::Metric(M::BonusPoints)),
    ("办结率得分", Role::Metric(M::CompletionPoints)),
    ("响应率得分", Role::Metric(M::ResponsePoints)),
    ("满意率得分", Role::Metric(M::SatisfactionPoints)),
];

/// In a points table (a 考核评分表), the rate columns hold points.
pub const POINTS_OF: &[(Metric, Metric)] = &[
    (M::CompletionRate, M::CompletionPoints),
    (M::ResponseRate, M::ResponsePoints),
    (M::SatisfactionRate, M::SatisfactionPoints),
];

/// Unit names that mark a table's total line.
pub const TOTAL_NAMES: &[&str] = &[
    "合计",
    "总计",
    "全区",
    "全市",
    "全县",
    "总数",
    "小计",
    "合计数",
];

fn table() -> &'static HashMap<String, Role> {
    static MAP: OnceLock<HashMap<String, Role>> = OnceLock::new();
    MAP.get_or_init(|| {
        // Converted with the same converter as the documents so any quirk cancels out.
        SYNONYMS
            .iter()
            .map(|(k, r)| (to_simplified(&compact(k)).into_owned(), *r))
            .collect()
    })
}

/// Header text as matched: compact, without unit annotations such as `(件)`, `(%)`.
pub fn header_key(text: &str) -> String {
    let mut t = compact(text);
    for unit in [
        "(件)", "(%)", "(分)", "(天)", "(个)", "(人次)", "(名)", "(次)", "%", "(万件)",
    ] {
        if let Some(stripped) = t.strip_suffix(unit) {
            t = stripped.to_string();
        }
    }
    t
}

/// The role of a header cell: exact match, else the longest synonym it contains.
pub fn lookup(text: &str) -> Option<Role> {
    let key = header_key(text);
    if key.is_empty() {
        return None;
    }
    if let Some(r) = table().get(&key) {
        return Some(*r);
    }
    if key.chars().count() > 12 {
        return None;
    }
    SYNONYMS
        .iter()
        .filter(|(k, _)| k.chars().count() >= 2 && key.contains(k))
        .max_by_key(|(k, _)| k.chars().count())
        .map(|(_, r)| *r)
}

/// Only an exact match: used to tell a header cell in a stream of short lines.
pub fn lookup_exact(text: &str) -> Option<Role> {
    table().get(&header_key(text)).copied()
}

/// Whether a unit name is a total line.
pub fn is_total_name(unit: &str) -> bool {
    TOTAL_NAMES.contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_table_has_no_duplicates_and_is_normalized() {
        let mut seen = std::collections::HashSet::new();
        for (k, _) in SYNONYMS {
            assert!(seen.insert(*k), "duplicate synonym {k}");
            assert_eq!(&to_simplified(&compact(k)), k, "not normalized: {k}");
        }
    }

    #[test]
    fn headers_longest_synonym_wins() {
        assert_eq!(lookup("按期办结率"), Some(Role::Metric(M::OnTimeRate)));
        assert_eq!(
            lookup("不满意率"),
            Some(Role::Metric(M::DissatisfactionRate))
        );
        assert_eq!(lookup("市级排名"), Some(Role::Metric(M::ParentRank)));
        assert_eq!(lookup("办理单位"), Some(Role::Unit));
        assert_eq!(lookup("数量(件)"), Some(Role::Metric(M::Count)));
        assert_eq!(lookup("镇  街"), Some(Role::Unit));
        assert_eq!(lookup("纳入考评"), Some(Role::Metric(M::Assessed)));
        assert_eq!(lookup("当月纳入考评工单"), Some(Role::Metric(M::Assessed)));
    }

    #[test]
    fn headers_match_traditional_after_normalization() {
        let t = crate::source::normalize::normalize_line("綜合指標值");
        assert_eq!(lookup(&t), Some(Role::Metric(M::Score)));
    }

    #[test]
    fn headers_ignore_long_text_and_data() {
        assert_eq!(
            lookup("全市共343个街乡镇参与排名，平均综合成绩为95.60分。"),
            None
        );
        assert_eq!(lookup("99.5"), None);
        assert_eq!(lookup_exact("二、诉求办理情况"), None);
    }
}
