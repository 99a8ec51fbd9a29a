//! The phrase tables of the prose reader (`prose.rs`): which words introduce which
//! headline figure, which name a measure the schema has no key for, and which make a
//! clause speak of a part of the whole. Data, not logic: to teach rexian a phrase, add a
//! line here.

use crate::model::Metric;
use crate::pattern::Node::*;
use crate::pattern::{han, lazy, opt, Lead, Pattern};

/// What a keyword introduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A figure of this metric.
    M(Metric),
    /// A measure the schema has no key for: its number is nobody's figure.
    NoKey,
    /// A separate stream of orders (上级交办事项): the figures after it are its own.
    SubScope,
}

use Key::{NoKey, SubScope, M};

/// Phrases that introduce a figure, and the metric they name; `NoKey` for a measure that
/// has no key (`提前办结率` is not 办结率, `直接办理` is not 办理) — it still takes the number
/// after it, so no shorter phrase inside it does. Longer phrases win over the shorter ones
/// they contain (按期办结率 before 办结率 before 办结).
pub const KEYWORDS: &[(&str, Key)] = &[
    // received
    ("受理", M(Metric::Received)),
    ("接收", M(Metric::Received)),
    ("接到", M(Metric::Received)),
    ("接受", M(Metric::Received)),
    ("接受办理", M(Metric::Received)),
    ("收到", M(Metric::Received)),
    ("承接", M(Metric::Received)),
    ("登记", M(Metric::Received)),
    ("有效工单", M(Metric::Received)),
    ("有效电子工单", M(Metric::Received)),
    ("形成工单", M(Metric::Received)),
    ("生成工单", M(Metric::Received)),
    ("形成电子工单", M(Metric::Received)),
    ("产生工单", M(Metric::Received)),
    ("有效诉求", M(Metric::Received)),
    // calls
    ("话务量", M(Metric::Calls)),
    ("话务总量", M(Metric::Calls)),
    ("话务总数", M(Metric::Calls)),
    ("来电量", M(Metric::Calls)),
    ("来电总量", M(Metric::Calls)),
    ("接听", M(Metric::Calls)),
    ("接听来电", M(Metric::Calls)),
    ("接到来电", M(Metric::Calls)),
    ("接到电话", M(Metric::Calls)),
    ("来电总数", M(Metric::Calls)),
    // assessed, due
    ("纳入市级考评", M(Metric::Assessed)),
    ("纳入考评", M(Metric::Assessed)),
    ("纳入考核", M(Metric::Assessed)),
    ("应办理", M(Metric::Due)),
    ("应办", M(Metric::Due)),
    ("应办结", M(Metric::Due)),
    // handled: orders passed to units or worked
    ("办理", M(Metric::Handled)),
    ("已办理", M(Metric::Handled)),
    ("已办", M(Metric::Handled)),
    ("交办", M(Metric::Handled)),
    ("登记交办", M(Metric::Handled)),
    ("转办", M(Metric::Handled)),
    ("转派", M(Metric::Handled)),
    ("转交", M(Metric::Handled)),
    ("转交办理", M(Metric::Handled)),
    ("派单", M(Metric::Handled)),
    ("派发", M(Metric::Handled)),
    ("承办", M(Metric::Handled)),
    // closed
    ("办结", M(Metric::Closed)),
    ("已办结", M(Metric::Closed)),
    // on time, overdue
    ("按期办结", M(Metric::OnTime)),
    ("按时办结", M(Metric::OnTime)),
    ("按期回复", M(Metric::OnTime)),
    ("期内办结", M(Metric::OnTime)),
    ("超期办结", M(Metric::Overdue)),
    ("超时办结", M(Metric::Overdue)),
    ("逾期办结", M(Metric::Overdue)),
    ("逾期办理", M(Metric::Overdue)),
    ("逾期回复", M(Metric::Overdue)),
    ("超期已办理", M(Metric::Overdue)),
    ("超期办理", M(Metric::Overdue)),
    // rework
    ("返工单", M(Metric::Rework)),
    ("返工数", M(Metric::Rework)),
    ("返工", M(Metric::Rework)),
    ("退回重办", M(Metric::Rework)),
    ("发回重办", M(Metric::Rework)),
    // satisfaction
    ("满意数", M(Metric::Satisfied)),
    ("满意", M(Metric::Satisfied)),
    ("不满意", M(Metric::Dissatisfied)),
    // rates
    ("响应率", M(Metric::ResponseRate)),
    ("解决率", M(Metric::ResolutionRate)),
    ("满意率", M(Metric::SatisfactionRate)),
    ("满意度", M(Metric::SatisfactionRate)),
    ("不满意率", M(Metric::DissatisfactionRate)),
    ("办结率", M(Metric::CompletionRate)),
    ("按期办结率", M(Metric::OnTimeRate)),
    ("按时办结率", M(Metric::OnTimeRate)),
    ("期内办结率", M(Metric::OnTimeRate)),
    ("超期办结率", M(Metric::OverdueRate)),
    ("超期率", M(Metric::OverdueRate)),
    ("返工率", M(Metric::ReworkRate)),
    ("重办率", M(Metric::ReworkRate)),
    ("发回重办率", M(Metric::ReworkRate)),
    ("占比", M(Metric::Share)),
    ("占", M(Metric::Share)),
    // changes
    ("环比", M(Metric::MomChange)),
    ("较上月", M(Metric::MomChange)),
    ("较上季度", M(Metric::MomChange)),
    ("较上周", M(Metric::MomChange)),
    ("较上期", M(Metric::MomChange)),
    ("比上月", M(Metric::MomChange)),
    ("比上周", M(Metric::MomChange)),
    ("同比", M(Metric::YoyChange)),
    ("较去年同期", M(Metric::YoyChange)),
    ("比去年同期", M(Metric::YoyChange)),
    ("较上年同期", M(Metric::YoyChange)),
    // days
    ("平均办理时长", M(Metric::AvgDays)),
    ("平均办理时间", M(Metric::AvgDays)),
    ("平均办结时长", M(Metric::AvgDays)),
    ("平均办结时间", M(Metric::AvgDays)),
    ("平均处理时长", M(Metric::AvgDays)),
    // score, grade, rank
    ("综合成绩", M(Metric::Score)),
    ("综合指标值", M(Metric::Score)),
    ("综合效能指数", M(Metric::Score)),
    ("效能指数", M(Metric::Score)),
    ("综合得分", M(Metric::Score)),
    ("综合评价得分", M(Metric::Score)),
    ("综合考评得分", M(Metric::Score)),
    ("综合考核得分", M(Metric::Score)),
    ("考核等级", M(Metric::Grade)),
    ("等级评价", M(Metric::Grade)),
    ("排名", M(Metric::Rank)),
    ("位居", M(Metric::Rank)),
    ("位列", M(Metric::Rank)),
    ("排全", M(Metric::Rank)),
    // measures without a key, and qualified forms that are not the plain measure
    ("提前办结", NoKey),
    ("提前办结率", NoKey),
    ("在线办结", NoKey),
    ("直接办结", NoKey),
    ("即时办结", NoKey),
    ("当场办结", NoKey),
    ("现场办结", NoKey),
    ("办结回复率", NoKey),
    ("办理回复率", NoKey),
    ("回复率", NoKey),
    ("未办结", NoKey),
    ("未办理", NoKey),
    ("待办理", NoKey),
    ("办理中", NoKey),
    ("逾期未办理", NoKey),
    ("超期未办结", NoKey),
    ("超时未办", NoKey),
    ("直接办理", NoKey),
    ("直接答复", NoKey),
    ("直接答复率", NoKey),
    ("直接解答", NoKey),
    ("直接解答率", NoKey),
    ("在线解答", NoKey),
    // separate streams of orders: what follows speaks of them, not of the whole
    ("上级交办", SubScope),
    ("省级交办", SubScope),
    ("市级交办", SubScope),
    ("上级转办", SubScope),
    ("上级转派", SubScope),
    ("承办单位", NoKey),
    ("办理单位", NoKey),
    ("接通率", NoKey),
    ("签收率", NoKey),
    ("及时签收率", NoKey),
    ("按期签收率", NoKey),
    ("回访", NoKey),
    ("回访核实率", NoKey),
    ("按期办理率", NoKey),
    ("按期受理率", NoKey),
    ("按期回复率", NoKey),
    ("反馈率", NoKey),
    ("重派率", NoKey),
    ("平均受理时间", NoKey),
    ("平均响应时间", NoKey),
    ("日均", NoKey),
];

/// Keywords written as a pattern: a phrase with words between (`纳入解决率考核`).
pub(crate) static KEYWORD_PATTERNS: [(Pattern, Key); 2] = [
    (
        Pattern::new(
            r"纳入\p{Han}{1,8}?(?:考核|考评)",
            "纳入",
            Lead::Chars(|a, _| a == '纳'),
            Seq(&[
                Lit("纳入"),
                lazy(&Class(han), 1, 8),
                Alt(&[Lit("考核"), Lit("考评")]),
            ]),
        ),
        M(Metric::Assessed),
    ),
    (
        Pattern::new(
            r"有效\p{Han}{0,2}?(?:电子)?(?:工单|诉求)",
            "有效",
            Lead::Chars(|a, _| a == '有'),
            Seq(&[
                Lit("有效"),
                lazy(&Class(han), 0, 2),
                opt(&Lit("电子")),
                Alt(&[Lit("工单"), Lit("诉求")]),
            ]),
        ),
        M(Metric::Received),
    ),
];

/// Keywords so short that their number must follow at once (`占63.72%`, not `占道经营…`).
pub const TIGHT: &[&str] = &["占"];

/// A qualifier just before a keyword that makes the figure something else (a mean over
/// units, not the jurisdiction's own figure).
pub const NOT_OWN: &[&str] = &["平均"];

/// Units a count carries in prose.
pub const COUNT_UNITS: &[&str] = &["人次", "件", "个", "条", "宗", "次", "封"];

/// Words between a keyword and its number that make the number a threshold.
pub const THRESHOLD_BEFORE: &[&str] = &[
    "低于",
    "高于",
    "不低于",
    "不高于",
    "不足",
    "超过",
    "未达",
    "达不到",
    "以上",
    "以下",
];

/// Words right after a percentage that make it a threshold (`90%以下的单位`).
pub const THRESHOLD_AFTER: &[&str] = &[
    "以上",
    "以下",
    "以内",
    "及以上",
    "及以下",
    "的单位",
    "-",
    "~",
    "至",
];

/// Words just before a number that give it to several things at once (`…均为100%`).
pub const SHARED_BEFORE: &[&str] = &["均为", "均达", "均是", "均在", "都是", "均"];

/// Words in a clause's subject that name an intake channel or a sub-scope of the whole
/// (`网络平台受理…`, `“人大专席”受理…`, `受理非话务渠道诉求…`), once the whole has been stated.
pub const CHANNEL_WORDS: &[&str] = &[
    "网络平台",
    "网上",
    "网站",
    "微信",
    "微博",
    "信箱",
    "留言",
    "专席",
    "专线",
    "分中心",
    "渠道",
    "热线电话",
    "公众号",
    "APP",
    "非话务",
];

/// Words that open a clause about a channel (`通过市长信箱…受理`, `来自12301转办…`).
pub const VIA_WORDS: &[&str] = &["通过", "经由", "来自"];

/// Words in a clause's subject that name a group of units (`各县区…共受理`, `市直部门…`),
/// unless the group is the object (`向各成员单位转派`).
pub const GROUP_WORDS: &[&str] = &[
    "各县",
    "各区",
    "各市",
    "各乡",
    "各镇",
    "各街道",
    "各部门",
    "各单位",
    "各成员单位",
    "各地",
    "市直",
    "县直",
    "区直",
];

/// Words just before a group that make it the object of the clause.
pub const OBJECT_MARKERS: &[&str] = &["向", "对", "给", "到", "至"];

/// Words in a clause's subject that name an earlier period (`上月未办结…`).
pub const EARLIER_WORDS: &[&str] = &["上月", "上年", "去年", "同期", "上季度", "上周", "上期"];

/// Words in a clause's subject that name a topic or category (`重复投诉方面…`).
pub const TOPIC_WORDS: &[&str] = &["方面", "类"];

/// Words opening a clause that go on about the part just named (`…全部第一时间办结`).
pub const CONTINUATION_WORDS: &[&str] = &["全部", "均", "都", "其", "分别", "共"];

/// Words that open a clause giving the size of a change stated before (`同比增加7181件,
/// 增幅11.2%`, `较上月减少200件,下降8.5%`); the sign comes from `number::CHANGE_WORDS`.
pub const CHANGE_SIZE_WORDS: &[&str] = &[
    "增幅", "涨幅", "降幅", "增长", "上升", "提高", "提升", "下降", "减少", "降低",
];

/// Nouns naming kinds of orders: a part named by one (`紧急工单`) is a part, not the whole.
pub const ORDER_NOUNS: &[&str] = &[
    "工单", "诉求", "事项", "来电", "来信", "信件", "举报", "投诉",
];

/// A rank beyond this is not a rank (a damaged number).
pub const MAX_RANK: u32 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_have_no_duplicate_keywords() {
        let mut seen = std::collections::BTreeSet::new();
        for (k, _) in KEYWORDS {
            assert!(seen.insert(*k), "duplicate keyword {k}");
        }
    }

    #[test]
    fn phrases_patterns_match_as_their_regexes() {
        for (p, _) in &KEYWORD_PATTERNS {
            for t in [
                "纳入考核",
                "纳入解决率考核",
                "纳入解决率考评考核",
                "纳入一二三四五六七八考核",
                "纳入一二三四五六七八九考核",
                "纳入a考核",
                "有效工单",
                "有效电子工单",
                "有效的电子诉求",
                "有效三个电子工单",
                "有效的诉求有效工单",
                "有效 工单",
            ] {
                crate::pattern::check::agrees(p, t);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn phrases_patterns_agree_with_their_regexes_on_any_text(
            t in crate::pattern::check::texts(&[
                "纳入", "有效", "考核", "考评", "电子", "工单", "诉求", "解", "决", "率", "a", " ",
                "、", "1", "考", "核", "工", "有",
            ])
        ) {
            for (p, _) in &KEYWORD_PATTERNS {
                crate::pattern::check::agrees(p, &t);
            }
        }
    }
}
