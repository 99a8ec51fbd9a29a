//! The header synonym table: printed header text → what the column holds.
//!
//! This is data. To teach rexian a new header, add a line to [`SYNONYMS`] (a whole
//! header), or a word to one of the word lists below (the parts headers are made of).
//! The tests check that the tables have no duplicates and that every entry is already in
//! normalized (simplified, compact) form.
//!
//! A header that is not a synonym is read the way Chinese builds it, head last:
//! - a unit or category word ends it (`承办县区`, `受理单位`, `投诉渠道`): the words
//!   before only say which units, so any short prefix is allowed;
//! - a verb naming what was done to the orders, then what was counted (`受理` `案件`
//!   `数`, `交办` `总量`, `收到` `来信`): the verb gives the key;
//! - only what was counted (`工单` `总数`, `总` `件数`): a count of orders whose key the
//!   table decides (a unit's orders are `handled`, a category's are its `count`);
//! - a rate, a score or a rank with neutral qualifiers before it (`群众满意率`,
//!   `本月排名`). Any other qualifier changes the meaning (`提前办结率` is not
//!   `completion_rate`, `按时反馈率` is no key), so the header is not named;
//! - a total score (`数据质量总分`) whatever its topic; a criterion's points
//!   (`工单抽检得分`) have no key.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use crate::model::{Metric, MetricKind};
use crate::source::normalize::{compact, compacted, to_simplified};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The unit's name (单位, 部门, 镇街 …).
    Unit,
    /// A category's name (类型, 来源, 渠道 …): the rows are categories, not units.
    Category,
    /// A group label printed on the first row of its group (分类).
    Group,
    /// A running number that is not a rank (序号).
    Seq,
    /// Case-record detail (工单号, 不满意原因): the table yields no metrics.
    Record,
    /// A 合计 column: the score of a points table.
    Total,
    /// A count of orders that names no verb (总件数, 工单总数, 数量): `handled` in a
    /// table of units, `count` in a table of categories.
    Orders,
    /// A known header with no key in the schema (处理中, 接通率, 回访率); it holds
    /// figures of this kind, which helps to align cells.
    Other(Cell),
    Metric(Metric),
}

/// What a cell of a keyless column looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Whole numbers.
    Count,
    /// Percentages.
    Rate,
    /// Decimal numbers (points, days).
    Decimal,
}

use Metric as M;
use Role::{Category, Group, Orders, Other, Record, Seq, Total, Unit};

/// Whole headers (normalized) → role. Order matters only for equally long matches.
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
    ("乡镇(街道)", Unit),
    ("街道乡镇", Unit),
    ("街道(乡镇)", Unit),
    ("区县", Unit),
    ("县区", Unit),
    ("县市区", Unit),
    ("县(市)区", Unit),
    ("县(市、区)", Unit),
    ("地区", Unit),
    ("区域", Unit),
    ("名称", Unit),
    ("县", Unit),
    ("区", Unit),
    ("镇", Unit),
    ("乡", Unit),
    // category names
    ("类型", Category),
    ("类别", Category),
    ("诉求类型", Category),
    ("问题类型", Category),
    ("问题类别", Category),
    ("诉求类别", Category),
    ("事项类别", Category),
    ("热点问题", Category),
    ("诉求来源", Category),
    ("来源", Category),
    ("渠道", Category),
    ("工单类型", Category),
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
    // counts named by what was done
    ("受理", Role::Metric(M::Received)),
    ("诉求量", Role::Metric(M::Received)),
    ("诉求总量", Role::Metric(M::Received)),
    ("来件量", Role::Metric(M::Received)),
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
    ("办件量", Role::Metric(M::Handled)),
    ("办结", Role::Metric(M::Closed)),
    ("已办结", Role::Metric(M::Closed)),
    ("按期办结", Role::Metric(M::OnTime)),
    ("按时办结", Role::Metric(M::OnTime)),
    ("按期办理数", Role::Metric(M::OnTime)),
    ("超期件", Role::Metric(M::Overdue)),
    ("超期数", Role::Metric(M::Overdue)),
    ("超期工单", Role::Metric(M::Overdue)),
    ("超时工单", Role::Metric(M::Overdue)),
    ("返工", Role::Metric(M::Rework)),
    ("返工单", Role::Metric(M::Rework)),
    ("返工件", Role::Metric(M::Rework)),
    ("退回重办", Role::Metric(M::Rework)),
    ("满意件", Role::Metric(M::Satisfied)),
    ("不满意", Role::Metric(M::Dissatisfied)),
    ("不满意件", Role::Metric(M::Dissatisfied)),
    // orders counted with no verb
    ("数量", Orders),
    ("件数", Orders),
    ("总数", Orders),
    ("总量", Orders),
    ("工单数", Orders),
    ("工单量", Orders),
    ("工单总量", Orders),
    ("工单数量", Orders),
    // known headers with no key
    ("处理中", Other(Cell::Count)),
    ("正在办理", Other(Cell::Count)),
    ("在办", Other(Cell::Count)),
    ("在办数", Other(Cell::Count)),
    ("在办件", Other(Cell::Count)),
    ("未办结", Other(Cell::Count)),
    ("超时未办", Other(Cell::Count)),
    ("超期未办", Other(Cell::Count)),
    ("超期未办结", Other(Cell::Count)),
    ("逾期未办", Other(Cell::Count)),
    ("不予受理", Other(Cell::Count)),
    ("未办结数", Other(Cell::Count)),
    ("在办件数", Other(Cell::Count)),
    ("直接办结", Other(Cell::Count)),
    ("直办量", Other(Cell::Count)),
    ("即时办结", Other(Cell::Count)),
    ("退回件数", Other(Cell::Count)),
    ("基本满意", Other(Cell::Count)),
    ("上月排名", Other(Cell::Count)),
    ("上期排名", Other(Cell::Count)),
    ("接通率", Other(Cell::Rate)),
    ("回访率", Other(Cell::Rate)),
    ("回访核实率", Other(Cell::Rate)),
    ("及时签收率", Other(Cell::Rate)),
    ("提前办结率", Other(Cell::Rate)),
    ("反馈率", Other(Cell::Rate)),
    ("按期办理率", Other(Cell::Rate)),
    ("按期反馈率", Other(Cell::Rate)),
    ("签收及时率", Other(Cell::Rate)),
    ("按时签收率", Other(Cell::Rate)),
    ("先行联系率", Other(Cell::Rate)),
    ("及时联系率", Other(Cell::Rate)),
    ("联系率", Other(Cell::Rate)),
    ("一次性解决率", Other(Cell::Rate)),
    ("退回率", Other(Cell::Rate)),
    ("扣分", Other(Cell::Decimal)),
    ("扣分项", Other(Cell::Decimal)),
    // rates
    ("响应率", Role::Metric(M::ResponseRate)),
    ("及时响应率", Role::Metric(M::ResponseRate)),
    ("签收率", Role::Metric(M::ResponseRate)),
    ("解决率", Role::Metric(M::ResolutionRate)),
    ("问题解决率", Role::Metric(M::ResolutionRate)),
    ("满意率", Role::Metric(M::SatisfactionRate)),
    ("满意度", Role::Metric(M::SatisfactionRate)),
    ("不满意率", Role::Metric(M::DissatisfactionRate)),
    ("办结率", Role::Metric(M::CompletionRate)),
    ("结案率", Role::Metric(M::CompletionRate)),
    ("按期办结率", Role::Metric(M::OnTimeRate)),
    ("按时办结率", Role::Metric(M::OnTimeRate)),
    ("及时办结率", Role::Metric(M::OnTimeRate)),
    ("超期办结率", Role::Metric(M::OverdueRate)),
    ("超期率", Role::Metric(M::OverdueRate)),
    ("超时率", Role::Metric(M::OverdueRate)),
    ("逾期率", Role::Metric(M::OverdueRate)),
    ("返工率", Role::Metric(M::ReworkRate)),
    ("重办率", Role::Metric(M::ReworkRate)),
    ("发回重办率", Role::Metric(M::ReworkRate)),
    ("退单率", Role::Metric(M::ReworkRate)),
    ("占比", Role::Metric(M::Share)),
    ("所占比例", Role::Metric(M::Share)),
    ("比例", Role::Metric(M::Share)),
    ("比重", Role::Metric(M::Share)),
    ("所占比重", Role::Metric(M::Share)),
    ("百分比", Role::Metric(M::Share)),
    ("环比", Role::Metric(M::MomChange)),
    ("环比增减", Role::Metric(M::MomChange)),
    ("环比增长", Role::Metric(M::MomChange)),
    ("环比增幅", Role::Metric(M::MomChange)),
    ("同比", Role::Metric(M::YoyChange)),
    ("同比增减", Role::Metric(M::YoyChange)),
    ("同比增长", Role::Metric(M::YoyChange)),
    ("同比增幅", Role::Metric(M::YoyChange)),
    ("平均办理时长", Role::Metric(M::AvgDays)),
    ("平均办理天数", Role::Metric(M::AvgDays)),
    ("平均处理时长", Role::Metric(M::AvgDays)),
    ("平均时长", Role::Metric(M::AvgDays)),
    ("平均办结时长", Role::Metric(M::AvgDays)),
    ("平均用时", Role::Metric(M::AvgDays)),
    ("平均办理时间", Role::Metric(M::AvgDays)),
    ("平均处理时间", Role::Metric(M::AvgDays)),
    ("平均办结天数", Role::Metric(M::AvgDays)),
    ("平均办理用时", Role::Metric(M::AvgDays)),
    // scores, grades, ranks
    ("综合成绩", Role::Metric(M::Score)),
    ("综合指标值", Role::Metric(M::Score)),
    ("综合效能指数", Role::Metric(M::Score)),
    ("效能指数", Role::Metric(M::Score)),
    ("综合指数", Role::Metric(M::Score)),
    ("综合得分", Role::Metric(M::Score)),
    ("考核得分", Role::Metric(M::Score)),
    ("考评得分", Role::Metric(M::Score)),
    ("综合分", Role::Metric(M::Score)),
    ("综合评分", Role::Metric(M::Score)),
    ("得分", Role::Metric(M::Score)),
    ("评分", Role::Metric(M::Score)),
    ("分数", Role::Metric(M::Score)),
    ("成绩", Role::Metric(M::Score)),
    ("总得分", Role::Metric(M::Score)),
    ("等级评价", Role::Metric(M::Grade)),
    ("考核等级", Role::Metric(M::Grade)),
    ("评价等级", Role::Metric(M::Grade)),
    ("等级", Role::Metric(M::Grade)),
    ("等次", Role::Metric(M::Grade)),
    ("考评等次", Role::Metric(M::Grade)),
    ("考核等次", Role::Metric(M::Grade)),
    ("考评等级", Role::Metric(M::Grade)),
    ("等级评定", Role::Metric(M::Grade)),
    ("评定等级", Role::Metric(M::Grade)),
    ("排名", Role::Metric(M::Rank)),
    ("名次", Role::Metric(M::Rank)),
    ("位次", Role::Metric(M::Rank)),
    ("排序", Role::Metric(M::Rank)),
    ("排位", Role::Metric(M::Rank)),
    ("排名情况", Role::Metric(M::Rank)),
    ("名次排序", Role::Metric(M::Rank)),
    ("市级排名", Role::Metric(M::ParentRank)),
    ("全市排名", Role::Metric(M::ParentRank)),
    ("全省排名", Role::Metric(M::ParentRank)),
    ("环比变化", Role::Metric(M::RankChange)),
    ("排名变化", Role::Metric(M::RankChange)),
    ("名次变化", Role::Metric(M::RankChange)),
    ("排名升降", Role::Metric(M::RankChange)),
    ("排名较上月变化", Role::Metric(M::RankChange)),
    ("较上月排名变化", Role::Metric(M::RankChange)),
    ("较上期排名变化", Role::Metric(M::RankChange)),
    // points tables
    ("附加分", Role::Metric(M::BonusPoints)),
    ("加分", Role::Metric(M::BonusPoints)),
    ("加分项", Role::Metric(M::BonusPoints)),
    ("办结率得分", Role::Metric(M::CompletionPoints)),
    ("响应率得分", Role::Metric(M::ResponsePoints)),
    ("满意率得分", Role::Metric(M::SatisfactionPoints)),
];

/// Words that end a unit's header (`承办县区`, `受理单位`) after one of [`UNIT_PREFIXES`].
const UNIT_HEADS: &[&str] = &[
    "单位",
    "部门",
    "镇街",
    "乡镇",
    "街道",
    "县区",
    "区县",
    "县市区",
    "社区",
    "机关",
    "科室",
    "名称",
    "县(市、区)",
    "乡镇(街道)",
];

/// What a unit's header says of the units before its head word: the part they played.
/// (A unit's own name also ends in such a word, `城关街道`, so not any prefix will do.)
const UNIT_PREFIXES: &[&str] = &[
    "承办",
    "办理",
    "受理",
    "责任",
    "被考核",
    "考核",
    "参评",
    "所属",
    "涉及",
    "牵头",
    "主办",
    "协办",
    "交办",
    "处置",
];

/// Words that end a category's header (`投诉渠道`, `问题类型`) after one of
/// [`CATEGORY_PREFIXES`].
const CATEGORY_HEADS: &[&str] = &[
    "类型", "类别", "渠道", "来源", "问题", "事项", "分类", "诉求",
];

/// What a category header says of its categories.
const CATEGORY_PREFIXES: &[&str] = &[
    "投诉", "受理", "诉求", "问题", "来电", "来信", "工单", "事项", "业务", "热点", "反映", "信件",
    "咨询", "服务", "案件",
];

/// Verbs that say what was done to the counted orders, and the key each gives.
const VERBS: &[(&str, Metric)] = &[
    ("受理", M::Received),
    ("收到", M::Received),
    ("接收", M::Received),
    ("接受", M::Received),
    ("收件", M::Received),
    ("来信", M::Received),
    ("话务", M::Calls),
    ("来电", M::Calls),
    ("接听", M::Calls),
    ("呼入", M::Calls),
    ("纳入考评", M::Assessed),
    ("纳入考核", M::Assessed),
    ("考评", M::Assessed),
    ("应办理", M::Due),
    ("应办", M::Due),
    ("交办", M::Handled),
    ("登记交办", M::Handled),
    ("转办", M::Handled),
    ("转派", M::Handled),
    ("派单", M::Handled),
    ("派发", M::Handled),
    ("派遣", M::Handled),
    ("下派", M::Handled),
    ("承办", M::Handled),
    ("办件", M::Handled),
    ("办理", M::Handled),
    ("已办理", M::Handled),
    ("办结", M::Closed),
    ("已办结", M::Closed),
    ("结案", M::Closed),
    ("已结案", M::Closed),
    ("按期办结", M::OnTime),
    ("按时办结", M::OnTime),
    ("按期回复", M::OnTime),
    ("按时回复", M::OnTime),
    ("按期办理", M::OnTime),
    ("超期办结", M::Overdue),
    ("超时办结", M::Overdue),
    ("逾期回复", M::Overdue),
    ("逾期办理", M::Overdue),
    ("逾期办结", M::Overdue),
    ("超期", M::Overdue),
    ("逾期", M::Overdue),
    ("返工", M::Rework),
    ("重办", M::Rework),
    ("退回重办", M::Rework),
    ("发回重办", M::Rework),
    ("满意", M::Satisfied),
    ("不满意", M::Dissatisfied),
];

/// What was counted: the orders themselves.
const OBJECTS: &[&str] = &[
    "工单", "案件", "诉求", "来信", "信件", "事项", "件", "问题", "电话", "留言",
];

/// How it was counted.
const MEASURES: &[&str] = &[
    "数",
    "数量",
    "量",
    "总量",
    "总数",
    "件数",
    "件",
    "个数",
    "次数",
    "总件数",
];

/// Qualifiers that leave a header's meaning as it is (`群众满意率`, `本月排名`).
const NEUTRAL: &[&str] = &[
    "本月",
    "当月",
    "本期",
    "当期",
    "本季度",
    "本年",
    "月度",
    "季度",
    "年度",
    "累计",
    "全部",
    "总",
    "合计",
    "群众",
    "市民",
    "回访",
    "综合",
    "总体",
    "整体",
    "实际",
    "有效",
    "工单",
    "诉求",
    "案件",
    "来信",
    "信件",
    "共",
];

/// Words that make a header a total score whatever its topic (`数据质量总分`).
const TOTAL_SCORE_HEADS: &[&str] = &["总分", "总得分", "综合得分", "综合成绩", "综合评分"];

/// Words that end a criterion's points (`工单抽检得分`): no key unless the whole header
/// is a synonym.
const POINTS_HEADS: &[&str] = &["得分", "分值", "评分"];

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
    "全省",
    "总数",
    "合计数",
    "总体",
];

/// Words that end the label of a group of rows (`一类部门`, `区级有关单位`).
pub const GROUP_WORDS: &[&str] = &[
    "部门", "单位", "乡镇", "街道", "镇街", "区县", "县区", "板块", "类", "机关", "系统",
];

/// A subtotal line: not a unit, gives nothing.
pub const SUBTOTAL_NAMES: &[&str] = &["小计"];

/// Keys of a page's metadata block (`索引号: | … | 发布机构: | …`): a block holding two of
/// them is no table.
pub const METADATA_KEYS: &[&str] = &[
    "索引号",
    "信息分类",
    "发布机构",
    "发文日期",
    "发布日期",
    "成文日期",
    "文号",
    "发文字号",
    "主题词",
    "主题分类",
    "信息名称",
    "内容概览",
    "时效",
    "有效性",
    "发文单位",
    "发文机关",
    "公开方式",
    "公开范围",
    "浏览次数",
    "生成日期",
    "组配分类",
];

/// Annotations of the unit of measure that headers carry (`(件)`, `(%)`).
const UNIT_ANNOTATIONS: &[&str] = &[
    "(件)",
    "(%)",
    "(分)",
    "(天)",
    "(个)",
    "(人次)",
    "(名)",
    "(次)",
    "(万件)",
    "(万)",
    "(万人次)",
    "(万个)",
    "(条)",
    "(封)",
    "(宗)",
    "(工作日)",
    "(小时)",
    "%",
];

/// The synonyms by key. Hashed with Fx, not SipHash: the keys are our own data and the
/// headers looked up are a bulletin's, short and few, where SipHash's guard against
/// chosen collisions costs more than the lookup.
fn table() -> &'static FxHashMap<String, Role> {
    static MAP: OnceLock<FxHashMap<String, Role>> = OnceLock::new();
    MAP.get_or_init(|| {
        // Converted with the same converter as the documents so any quirk cancels out.
        SYNONYMS
            .iter()
            .map(|(k, r)| (to_simplified(&compact(k)).into_owned(), *r))
            .collect()
    })
}

/// Header text as matched: compact, without `|` debris, a trailing colon or unit
/// annotations such as `(件)`, `(%)`.
pub fn header_key(text: &str) -> String {
    let mut t = compact(text.trim_matches(|c: char| c == '|' || c.is_whitespace()));
    loop {
        let before = t.len();
        for unit in UNIT_ANNOTATIONS {
            // Cut in place: the key is already its own string.
            if let Some(n) = t.strip_suffix(unit).map(str::len) {
                t.truncate(n);
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// How many lookups each thread remembers (bulletins repeat the same few headers).
const MEMO: usize = 4096;

thread_local! {
    // Fx-hashed as [`table`] is; the memo is bounded by [`MEMO`] whatever the headers.
    static SEEN: std::cell::RefCell<FxHashMap<String, Option<Role>>> =
        std::cell::RefCell::new(FxHashMap::default());
}

/// The role of a header cell: a whole synonym, else the header read by its parts.
pub fn lookup(text: &str) -> Option<Role> {
    // Header cells are short: a long text is no header, and is not worth remembering.
    if text.len() > 3 * 24 {
        return None;
    }
    if let Some(r) = SEEN.with(|m| m.borrow().get(text).copied()) {
        return r;
    }
    let r = lookup_uncached(text);
    SEEN.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO {
            m.clear();
        }
        m.insert(text.to_string(), r);
    });
    r
}

fn lookup_uncached(text: &str) -> Option<Role> {
    let key = header_key(text);
    if in_hours(text) {
        // A mean time printed in hours is no `avg_days`; its figures still align.
        return match role_of(&key) {
            Some(Role::Metric(M::AvgDays)) => Some(Other(Cell::Decimal)),
            r => r,
        };
    }
    role_of(&key)
}

fn role_of(key: &str) -> Option<Role> {
    if key.is_empty() || key.chars().count() > 16 || key.ends_with(':') {
        return None;
    }
    if let Some(r) = table().get(key) {
        return Some(*r);
    }
    if key.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    by_parts(key)
}

/// Whether a header says its figures are in hours (`平均办理时长(小时)`).
fn in_hours(text: &str) -> bool {
    let t = compacted(text);
    t.ends_with("(小时)") || t.ends_with("(h)") || t.ends_with("(H)")
}

/// Whether a header says its counts are in ten thousands (`受理量(万件)`): each of its
/// figures is read as if printed with 万 after it.
pub fn in_wan(text: &str) -> bool {
    let t = compacted(text);
    ["(万件)", "(万)", "(万人次)", "(万个)"]
        .iter()
        .any(|u| t.ends_with(u))
}

/// Only a whole synonym.
pub fn lookup_exact(text: &str) -> Option<Role> {
    table().get(&header_key(text)).copied()
}

/// Reads a header that is not a synonym by its parts (see the module doc).
fn by_parts(key: &str) -> Option<Role> {
    // Entity heads after a prefix that says what part the units played.
    let prefixed = |heads: &[&str], prefixes: &[&str]| {
        heads
            .iter()
            .any(|h| key.strip_suffix(h).is_some_and(|p| prefixes.contains(&p)))
    };
    if prefixed(UNIT_HEADS, UNIT_PREFIXES)
        || key
            .strip_suffix("名称")
            .is_some_and(|p| p.chars().count() <= 4)
    {
        return Some(Unit);
    }
    // A unit header that names its kinds of unit in parentheses (`镇(街道)`, `县(市、区)`).
    if let Some(open) = key.find('(') {
        let bare = &key[..open];
        if key.ends_with(')') && matches!(table().get(bare), Some(Unit)) {
            return Some(Unit);
        }
    }
    if let Some(r) = counted(key) {
        return Some(r);
    }
    // A metric with neutral qualifiers before it.
    let mut rest = key;
    while let Some(stripped) = strip_neutral(rest) {
        rest = stripped;
        if let Some(r) = table().get(rest) {
            return Some(*r);
        }
        if let Some(r) = counted(rest) {
            return Some(r);
        }
    }
    if TOTAL_SCORE_HEADS.iter().any(|h| key.ends_with(h)) {
        return Some(Role::Metric(M::Score));
    }
    if POINTS_HEADS.iter().any(|h| key.ends_with(h)) {
        return Some(Other(Cell::Decimal));
    }
    if prefixed(CATEGORY_HEADS, CATEGORY_PREFIXES) {
        return Some(Category);
    }
    None
}

/// `verb object? measure?` or `object? measure`.
fn counted(key: &str) -> Option<Role> {
    let tail_is_count = |rest: &str| {
        let rest = OBJECTS
            .iter()
            .filter_map(|o| rest.strip_prefix(o))
            .min_by_key(|r| r.len())
            .unwrap_or(rest);
        rest.is_empty() || MEASURES.contains(&rest)
    };
    // The longest verb first: 按期办结 before 办结.
    let verb = VERBS
        .iter()
        .filter(|(v, _)| key.starts_with(v))
        .max_by_key(|(v, _)| v.len());
    if let Some((v, m)) = verb {
        let rest = &key[v.len()..];
        if !rest.is_empty() && tail_is_count(rest) || rest.is_empty() {
            return Some(Role::Metric(*m));
        }
        return None;
    }
    let object = OBJECTS.iter().any(|o| key.starts_with(o));
    let measure = MEASURES.iter().any(|m| key.ends_with(m));
    (object && measure && tail_is_count(key)).then_some(Orders)
}

fn strip_neutral(key: &str) -> Option<&str> {
    NEUTRAL
        .iter()
        .filter_map(|q| key.strip_prefix(q))
        .filter(|r| !r.is_empty())
        .min_by_key(|r| r.len())
}

/// Whether a unit name is a table's total line.
pub fn is_total_name(unit: &str) -> bool {
    TOTAL_NAMES.contains(&unit)
}

/// Whether a unit name is a subtotal line (not a unit, gives nothing).
pub fn is_subtotal_name(unit: &str) -> bool {
    SUBTOTAL_NAMES.contains(&unit)
}

/// Whether a cell is a key of a page's metadata block.
pub fn is_metadata_key(text: &str) -> bool {
    // Asked of every cell of a stream: most hold no whitespace, and none is copied.
    let t = compacted(text);
    let t = t.trim_end_matches(':');
    METADATA_KEYS.contains(&t)
}

/// How a column's cells look, from its role.
pub fn cell_of(role: Role) -> Option<Cell> {
    match role {
        Orders | Seq => Some(Cell::Count),
        Other(c) => Some(c),
        Role::Metric(m) => Some(match m.kind() {
            MetricKind::Count | MetricKind::Rank => Cell::Count,
            MetricKind::Rate | MetricKind::Change => Cell::Rate,
            _ => Cell::Decimal,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(t: &str) -> Option<&'static str> {
        match lookup(t)? {
            Role::Metric(m) => Some(m.key()),
            _ => None,
        }
    }

    #[test]
    fn headers_tables_have_no_duplicates_and_are_normalized() {
        let mut seen = std::collections::HashSet::new();
        for (k, _) in SYNONYMS {
            assert!(seen.insert(*k), "duplicate synonym {k}");
            assert_eq!(&to_simplified(&compact(k)), k, "not normalized: {k}");
        }
        for list in [
            UNIT_HEADS,
            UNIT_PREFIXES,
            CATEGORY_HEADS,
            CATEGORY_PREFIXES,
            OBJECTS,
            MEASURES,
            NEUTRAL,
            METADATA_KEYS,
            TOTAL_NAMES,
        ] {
            let mut seen = std::collections::HashSet::new();
            for w in list {
                assert!(seen.insert(*w), "duplicate word {w}");
                assert_eq!(&to_simplified(&compact(w)), w, "not normalized: {w}");
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (v, _) in VERBS {
            assert!(seen.insert(*v), "duplicate verb {v}");
        }
    }

    #[test]
    fn headers_whole_synonyms_win() {
        assert_eq!(key_of("按期办结率"), Some("on_time_rate"));
        assert_eq!(key_of("不满意率"), Some("dissatisfaction_rate"));
        assert_eq!(key_of("市级排名"), Some("parent_rank"));
        assert_eq!(lookup("办理单位"), Some(Role::Unit));
        assert_eq!(lookup("数量(件)"), Some(Role::Orders));
        assert_eq!(lookup("镇  街"), Some(Role::Unit));
        assert_eq!(key_of("纳入考评"), Some("assessed"));
    }

    #[test]
    fn headers_read_by_their_parts() {
        // Units and categories: head last, any prefix.
        assert_eq!(lookup("受理单位"), Some(Role::Unit));
        assert_eq!(lookup("承办县区"), Some(Role::Unit));
        assert_eq!(lookup("承办部门"), Some(Role::Unit));
        assert_eq!(lookup("投诉渠道"), Some(Role::Category));
        // A unit's own name is no header.
        assert_eq!(lookup("城关街道"), None);
        assert_eq!(lookup("市直单位"), None);
        assert_eq!(lookup("镇(街道)"), Some(Role::Unit));
        assert_eq!(lookup("事项名称"), Some(Role::Unit));
        assert_eq!(lookup("热点诉求"), Some(Role::Category));
        // Counts: the verb gives the key.
        assert_eq!(key_of("受理案件数"), Some("received"));
        assert_eq!(key_of("收到来信(件)"), Some("received"));
        assert_eq!(key_of("接受总数"), Some("received"));
        assert_eq!(key_of("交办总量"), Some("handled"));
        assert_eq!(key_of("承办件数"), Some("handled"));
        assert_eq!(key_of("转派工单"), Some("handled"));
        assert_eq!(key_of("办件数量"), Some("handled"));
        assert_eq!(key_of("派遣案件总数"), Some("handled"));
        assert_eq!(key_of("按期回复(件)"), Some("on_time"));
        assert_eq!(key_of("结案件数"), Some("closed"));
        assert_eq!(key_of("超期办结数"), Some("overdue"));
        assert_eq!(key_of("逾期回复"), Some("overdue"));
        assert_eq!(key_of("当月纳入考评工单"), Some("assessed"));
        // No verb: the table decides.
        assert_eq!(lookup("总件数"), Some(Role::Orders));
        assert_eq!(lookup("工单总数"), Some(Role::Orders));
        assert_eq!(lookup("总工单数"), Some(Role::Orders));
        // Rates and scores with neutral qualifiers.
        assert_eq!(key_of("群众满意率"), Some("satisfaction_rate"));
        assert_eq!(key_of("回访满意率"), Some("satisfaction_rate"));
        assert_eq!(key_of("本月排名"), Some("rank"));
        assert_eq!(key_of("数据质量总分"), Some("score"));
    }

    #[test]
    fn headers_with_meaning_changing_qualifiers_have_no_key() {
        for t in [
            "提前办结率",
            "按时反馈率",
            "有效回访率",
            "重新派发次数",
            "延期次数",
            "知识库更新总数目",
            "工单抽检得分",
            "数据完整得分",
            "正式受理",
            "不予受理",
            "处理中",
            "接通率",
            "及时签收率",
            "上月排名",
            "超期未办结",
        ] {
            assert_eq!(key_of(t), None, "{t}");
        }
    }

    #[test]
    fn headers_metadata_and_text_are_not_headers() {
        assert!(is_metadata_key("索 引 号:"));
        assert!(is_metadata_key("发布机构"));
        assert_eq!(lookup("发布机构:"), None);
        assert_eq!(
            lookup("全市共343个街乡镇参与排名，平均综合成绩为95.60分。"),
            None
        );
        assert_eq!(lookup("99.5"), None);
        assert_eq!(lookup_exact("二、诉求办理情况"), None);
    }

    #[test]
    fn headers_match_traditional_after_normalization() {
        let t = crate::source::normalize::normalize_line("綜合指標值");
        assert_eq!(key_of(&t), Some("score"));
        let t = crate::source::normalize::normalize_line("結(jié)案件數(shù)");
        assert_eq!(key_of(&t), Some("closed"));
    }
}
