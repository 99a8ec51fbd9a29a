//! The words of the statement reader (`statement.rs`): what opens a list of parts, what
//! makes a list all the parts or only some, what names a count closed or still open, and
//! the filler around a measure's keyword. Data, not logic: to teach the reader a phrase,
//! add it here.

use crate::model::Metric;

/// Words that open the parts of the total just printed (`共受理…件,其中A…件、B…件`).
pub const PARTS_OPENERS: &[&str] = &["其中"];

/// Words that open some of the parts of the figure just printed, maybe not all
/// (`…类793件。主要涉及A…件、B…件`, `…3件,具体承办单位为:…`).
pub const SOME_PARTS_OPENERS: &[&str] = &[
    "主要涉及",
    "主要包括",
    "主要有",
    "主要为",
    "主要是",
    "具体为",
    "具体是",
    "具体承办单位为",
    "包括",
    "涉及",
];

/// Words of a part's name that make it a tag across the other parts (`重复来电`): a list
/// holding one may count an order twice.
pub const CROSS_CUTTING: &[&str] = &["重复", "同时", "兼"];

/// The same, opening the name (`涉企诉求`).
pub const CROSS_CUTTING_OPENERS: &[&str] = &["涉"];

/// Words naming a catch-all part: a list holding one names all the parts of its total.
pub const CATCH_ALL: &[&str] = &["其他", "其它", "其余", "剩余", "余下"];

/// Words saying that the parts listed are the largest or the main ones only (`排名前5位的
/// 是…`, `主要集中在…`, `工单数量较多的单位为…`); `前` before a numeral is one too.
pub const SOME_ONLY: &[&str] = &[
    "主要", "集中", "较多", "较高", "居多", "热点", "排名", "排在", "位居", "位列", "前列", "以上",
    "突出", "重点",
];

/// The numerals of a top-N (`前三位`, `前5名`).
pub const TOP_NUMERALS: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '一', '二', '三', '四', '五', '六', '七',
    '八', '九', '十',
];

/// The word before a top-N's numeral.
pub const TOP_WORD: char = '前';

/// Words saying the figures are of another or a longer period than the bulletin's own.
pub const OTHER_PERIOD: &[&str] = &[
    "累计",
    "以来",
    "上月",
    "去年",
    "同期",
    "上年",
    "上季度",
    "上周",
    "上期",
];

/// Words of a part that is never handled (an invalid request is not worked on): the
/// parts' closed orders leave it out when it prints none.
pub const NOT_HANDLED_PARTS: &[&str] = &["无效"];

/// Words after a count that name its orders as closed (`有320件已完成`).
pub const CLOSED_AFTER: &[&str] = &["已完成", "已办结", "办结", "已办理完毕", "完成"];

/// Words naming orders still open (`待办理0件`, `55件正在有序推进中`).
pub const OPEN_WORDS: &[&str] = &[
    "未办结",
    "未办理",
    "未完成",
    "待办理",
    "待办",
    "办理中",
    "在办",
    "正在办理",
    "正在处理",
    "处理中",
    "推进中",
];

/// A closed count's keywords: the words before one name what was closed
/// (`转交办理事项已办结…件`).
pub const CLOSED_KEYWORDS: &[&str] = &["已办结", "办结"];

/// Words qualifying a rate that do not make it another rate (`群众满意率`, `回访满意率`).
pub const RATE_NEUTRAL: &[&str] = &[
    "群众", "市民", "总体", "整体", "回访", "本月", "本期", "当月", "全市", "全县", "全区",
];

/// Nouns after a count's unit that make it a count of units or people, not of orders
/// (`涉及22个单位`, `9家`).
pub const ORG_NOUNS: &[&str] = &[
    "单位", "部门", "乡镇", "街道", "县", "区", "镇", "村", "社区", "人", "家", "企业",
];

/// Words opening the count after a list that sums it up (`…,合计14146件`).
pub const SUM_WORDS: &[&str] = &["合计", "共计", "总计", "总共", "以上合计", "以上共计"];

/// Words that make a count a total (`共受理…`, `合计…`).
pub const TOTAL_WORDS: &[&str] = &["共计", "总计", "合计", "共", "总量", "总数", "累计"];

/// Words holding a total's word that are no total (`公共安全`).
pub const NOT_TOTAL: &[&str] = &["公共"];

/// Count units that, printed without a number, name a count the text leaves out
/// (`系统共回退工单件`).
pub const BLIND_UNITS: &[char] = &['件', '封', '宗'];

/// Filler around a measure's keyword: a count named by a keyword and these only
/// (`…,办结14937件`, `已办结…件`) is a measure of what was named before, not a part.
pub const MEASURE_FILLER: &[&str] = &[
    "共计", "总计", "合计", "达到", "总数", "总量", "工单", "诉求", "事项", "共", "已", "为", "是",
    "有", "达", "数", "量", "了", "的", "件", "均", "并", "另",
];

/// Words of comparison: a count named with one and a direction is a change
/// (`比上月增加747件`, `同比增加7181件`), not a figure of the period.
pub const COMPARISON_WORDS: &[&str] = &["比", "较"];

/// Directions of a change.
pub const DIRECTION_WORDS: &[&str] = &[
    "增加", "减少", "增长", "下降", "上升", "降低", "提高", "增", "减", "多", "少",
];

/// Words after a percentage's keyword that make it a change, not a level (`环比减少12.3%`).
pub const CHANGE_PERCENT_WORDS: &[&str] = &[
    "同比", "环比", "增长", "下降", "上升", "减少", "增加", "降低", "提高", "提升", "增幅", "降幅",
    "涨幅", "相比",
];

/// Words that name a percentage as a share of a total (`占诉求总量的59.87%`, `占比`).
pub const SHARE_WORDS: &[&str] = &["占比", "占", "比重"];

/// Words of a count that make it a count of return visits (a satisfaction rate's base).
pub const VISIT_WORDS: &[&str] = &["回访"];

/// Words before a count that make it approximate (`约3000件`, `近万件`).
pub const APPROX_BEFORE: &[&str] = &["约", "近", "超过", "逾", "大约", "将近", "不足"];

/// Qualifiers right before a satisfaction keyword that make the count no numerator of
/// the rate (`基本满意…件`).
pub const NOT_NUMERATOR_BEFORE: &[&str] = &["基本", "比较", "较为", "非常", "一般"];

/// The measures that name no part of a total of orders: a count named by one is a
/// measure, and a list holding one is no list of parts (`其中满意7件,不满意3件`).
pub const NON_PART_METRICS: &[Metric] = &[
    Metric::Satisfied,
    Metric::Dissatisfied,
    Metric::OnTime,
    Metric::Overdue,
    Metric::Rework,
];

/// The end of a count's words that makes it a part of what they name (`…工单中1件`).
pub const PART_OF_END: char = '中';

/// Characters trimmed from a part's name.
pub const NAME_TRIM: &[char] = &[
    ' ', '\t', '\u{3000}', '“', '”', '"', '\'', '‘', '’', '《', '》', '<', '>', ':', ',', ';',
    '、', '(', ')', '[', ']', '【', '】', '-', '—', '·', '•', '●', '◆', '■', '□', '▪',
];

/// Words trimmed from the end of a part's name (`…为`, `…共`).
pub const NAME_TAIL: &[&str] = &["共计", "总计", "合计", "共", "为", "是", "有", "达", "约"];
