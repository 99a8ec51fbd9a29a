//! The prose's checks, each on a small invented text.

use super::*;

fn run(text: &str) -> Vec<Check> {
    let (mut doc, evidence) = crate::extract::extract(text, "t.txt", "utf-8");
    crate::score::score_document(&mut doc, &evidence, &crate::profile::Profiles::builtin());
    doc.checks
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn n(s: &str) -> Figure {
    Figure::Number(d(s))
}

#[test]
fn prose_sum_parts_that_are_all_the_parts_must_add_up() {
    let c = run("本月共受理诉求500件,其中咨询类200件、投诉类180件、其他类100件。");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].check, CheckKind::Sum);
    assert_eq!(
        (c[0].reported.clone(), c[0].computed.clone()),
        (n("500"), n("480"))
    );
    assert_eq!(c[0].delta, Some(d("20")));
    assert_eq!(c[0].detail, "200 + 180 + 100 = 480, printed 500");
    assert_eq!(c[0].at, "t.txt:1");
    // Without a catch-all part the list may be some parts only.
    assert!(run("本月共受理诉求500件,其中咨询类200件、投诉类180件。").is_empty());
    // Parts that add up.
    assert!(run("本月共受理诉求500件,其中咨询类220件、投诉类180件、其他类100件。").is_empty());
}

#[test]
fn prose_sum_parts_may_not_exceed_their_total() {
    let c = run("本月共受理诉求500件,其中咨询类300件、投诉类280件。");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].computed, n("580"));
    assert!(c[0].detail.ends_with("(the parts exceed the total)"));
}

#[test]
fn prose_sum_a_measure_of_the_total_against_the_parts_measures() {
    let text = "本周共受理来电900件,办结850件。其中,甲类事项500件,办结480件;乙类事项350件,办结330件;无效来电50件。";
    let c = run(text);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].metric, Metric::Closed);
    assert_eq!(c[0].detail, "480 + 330 = 810, printed 850");
    let ok = text.replace("办结330件", "办结370件");
    assert!(run(&ok).is_empty());
}

#[test]
fn prose_sum_a_list_of_its_own_against_the_whole() {
    let text = "本月共受理群众诉求1000件。\n(二)承办情况\n县直部门700件\n街道350件\n乡镇100件";
    let c = run(text);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(
        (c[0].reported.clone(), c[0].computed.clone()),
        (n("1000"), n("1150"))
    );
    assert_eq!(c[0].at, "t.txt:1");
    // A list the whole holds, or whose sum is printed elsewhere.
    assert!(run(&text.replace("350件", "150件")).is_empty());
    let printed =
        "本月共受理群众诉求1000件,另有重复来电1150件。\n县直部门700件\n街道350件\n乡镇100件";
    assert!(run(printed).is_empty());
}

#[test]
fn prose_sum_closed_and_open_orders_make_their_total() {
    let c = run("全年已受理300件,已办结290件,待办理0件。");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].detail, "290 + 0 = 290, printed 300");
    assert!(run("全年已受理300件,已办结290件,待办理10件。").is_empty());
}

#[test]
fn prose_share_against_its_count_over_the_parts_total_with_both_readings() {
    // 7/30 = 23.33 (printed 25.00); 8/30 = 26.666… cut to 26.66, rounded 26.67.
    let c = run(
        "从类别看,甲类7件(25.00%);乙类8件(26.66%);丙类10件(33.33%);其他5件(16.67%)。本月共受理30件。",
    );
    let units: Vec<&str> = c.iter().map(|c| c.unit.as_str()).collect();
    assert_eq!(units, ["甲类", "乙类"], "{c:?}");
    assert_eq!(c[0].check, CheckKind::Share);
    assert_eq!(
        (c[0].reported.clone(), c[0].computed.clone()),
        (n("25.00"), n("23.33"))
    );
    assert_eq!(
        c[1].detail,
        "8 / 30 = 26.6667%: rounded 26.67, cut 26.66; printed 26.66"
    );
    assert!(matches!(
        c[1].basis,
        Some(Basis::Share { truncated: Some(t), .. }) if t == d("26.66")
    ));
}

#[test]
fn prose_share_base_tried_against_the_printed_totals() {
    // Some parts only: the base is the printed total most shares agree with.
    let text = "本月共受理400件。较多的是:甲类100件,占25%;乙类80件,占20%;丙类60件,占18%。";
    let c = run(text);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].unit, "丙类");
    assert_eq!(c[0].computed, n("15"));
    // No printed total explains the shares: nothing is said.
    assert!(run("较多的是:甲类100件,占21%;乙类80件,占17%;丙类60件,占12%。").is_empty());
}

#[test]
fn prose_share_a_single_share_of_a_part_with_its_total() {
    let c = run("本月共受理诉求200件,其中投诉类120件,占比50%。");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].computed, n("60"));
    assert!(run("本月共受理诉求200件,其中投诉类120件,占比60%。").is_empty());
}

#[test]
fn prose_rate_against_its_count_and_base() {
    let c = run("本月受理诉求200件,办结190件,办结率98%。");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].check, CheckKind::Rate);
    assert_eq!(c[0].metric, Metric::CompletionRate);
    assert_eq!(
        (c[0].reported.clone(), c[0].computed.clone()),
        (n("98"), n("95"))
    );
    assert_eq!(c[0].detail, "190 / 200 = 95%, printed 98");
    assert!(run("本月受理诉求200件,办结196件,办结率98%。").is_empty());
    // Its count and base in parentheses.
    let c = run("综合办结率99.50%(197/200)。");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].computed, n("98.50"));
    assert!(run("综合办结率98.50%(197/200)。").is_empty());
}

#[test]
fn prose_rate_not_checked_without_its_base() {
    // The base of a satisfaction rate is the return visits: not printed here.
    assert!(run("本月受理诉求200件,满意150件,满意率90%。").is_empty());
    let c = run("本月回访群众200件,满意150件,满意率90%。");
    assert_eq!(c.len(), 1, "{c:?}");
    // A rate whose count is not printed.
    assert!(run("本月受理诉求200件,办结率90%。").is_empty());
}

#[test]
fn prose_counts_in_wan_are_compared_as_bands() {
    // 1.20万 + 2.05万 = 3.25万 within rounding; 1.20/3.25 = 36.92%.
    let text =
        "共受理诉求3.25万件,其中转办1.20万件,占36.9%,直接答复2.05万件,占63.1%,其他0.01万件。";
    assert!(run(text).is_empty(), "{:?}", run(text));
}

#[test]
fn prose_checks_are_table_zero_with_details_in_chinese() {
    use crate::lang::{detail, Lang};
    let c = run("本月共受理诉求500件,其中咨询类200件、投诉类180件、其他类100件。");
    assert_eq!(detail(&c[0], Lang::Zh), "200 + 180 + 100 = 480，印发为 500");
    let c = run("本月受理诉求200件,办结190件,办结率98%。");
    assert_eq!(
        detail(&c[0], Lang::Zh),
        "190 / 200 = 95%：舍入为 95；印发为 98"
    );
}

#[test]
fn prose_text_vs_table_a_part_against_its_row() {
    let table = "\n单位名称 | 受理数 | 办结率 |\n甲局 | 30 | 100% |\n乙局 | 21 | 95.24% |\n丙局 | 5 | 100% |\n";
    let c = run(&format!(
        "本月工单较多的单位是:甲局(30件)、乙局(20件)。{table}"
    ));
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].check, CheckKind::TextVsTable);
    assert_eq!(
        (c[0].unit.as_str(), c[0].metric),
        ("乙局", Metric::Received)
    );
    assert_eq!(
        (c[0].reported.clone(), c[0].computed.clone()),
        (n("20"), n("21"))
    );
    assert_eq!(c[0].at, "t.txt:1");
    assert_eq!(
        crate::lang::detail(&c[0], crate::lang::Lang::Zh),
        "正文为 20件；表中该单位一行（t.txt:4）为 21"
    );
    assert!(run(&format!(
        "本月工单较多的单位是:甲局(30件)、乙局(21件)。{table}"
    ))
    .is_empty());
    // The prose names another measure than the table's.
    assert!(run(&format!(
        "本月办结较多的单位是:甲局(30件)、乙局(20件)。{table}"
    ))
    .is_empty());
}

#[test]
fn prose_sum_a_list_and_the_sum_after_it() {
    let c = run("热线甲受理300件,热线乙受理200件,联动转办50件,合计600件。");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].detail, "300 + 200 + 50 = 550, printed 600");
    assert!(run("热线甲受理300件,热线乙受理200件,联动转办50件,合计550件。").is_empty());
}
