//! The statement forms, each on a small invented text.

use super::*;

fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            raw: l.to_string(),
            norm: crate::source::normalize::normalize_line(l),
            at: format!("t:{}", i + 1).into(),
        })
        .collect()
}

fn read(text: &str) -> Structures {
    structures(&lines(text))
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn values(b: &Breakdown) -> Vec<Decimal> {
    b.parts.iter().map(|p| p.count.value).collect()
}

#[test]
fn statement_parts_after_qizhong_are_of_the_count_before_it() {
    let s = read("本月共受理群众诉求500件,其中咨询类200件、投诉类180件、求助类120件。");
    assert_eq!(s.breakdowns.len(), 1);
    let b = &s.breakdowns[0];
    assert_eq!(b.totals[0].value, d("500"));
    assert_eq!(values(b), [d("200"), d("180"), d("120")]);
    assert_eq!(b.parts[1].name, "投诉类");
    assert!(!b.all_parts && !b.some_only && !b.uncertain);
}

#[test]
fn statement_qizhong_opening_a_sentence_takes_the_total_and_measures_before() {
    let s = read(
        "本周共受理来电900件,办结850件。其中,甲类事项500件,办结480件;乙类事项350件,办结330件;无效来电50件。",
    );
    let b = s
        .breakdowns
        .iter()
        .find(|b| b.parts.len() == 3)
        .expect("the parts");
    assert_eq!(b.totals[0].value, d("900"));
    assert_eq!(b.measures.len(), 1);
    assert_eq!(b.measures[0].value, d("850"));
    assert_eq!(b.measures[0].metric, Some(Metric::Closed));
    assert_eq!(b.parts[0].measures[0].value, d("480"));
    assert_eq!(b.parts[1].measures[0].value, d("330"));
    assert!(b.parts[2].not_handled && b.parts[2].measures.is_empty());
}

#[test]
fn statement_a_sentence_between_without_counts_is_passed_over_but_not_one_naming_a_count() {
    let s = read("本年受理投诉60件。赔付金额共计900元。其中,甲类40件,其他20件。");
    assert_eq!(s.breakdowns.len(), 1);
    assert_eq!(s.breakdowns[0].totals[0].value, d("60"));
    // `共退回工单件`: the total is there, its number is not.
    let s = read("本年受理投诉60件。系统共退回工单件。其中,甲类40件,其他20件。");
    assert!(s.breakdowns.iter().all(|b| b.totals.is_empty()), "{s:?}");
}

#[test]
fn statement_parentheses_after_a_count_hold_its_parts() {
    let s = read("全月受理诉求600件(电话受理500件,网络受理100件),办结590件。");
    let b = s
        .breakdowns
        .iter()
        .find(|b| b.totals.first().is_some_and(|t| t.value == d("600")))
        .expect("the parentheses' parts");
    assert_eq!(values(b), [d("500"), d("100")]);
    assert!(b.some_only, "parentheses may hold some parts only");
}

#[test]
fn statement_a_list_of_its_own_with_shares_in_parentheses() {
    let s = read("从类别看,甲类40件(40.0%);乙类35件(35.0%);其他25件(25.0%)。");
    assert_eq!(s.breakdowns.len(), 1);
    let b = &s.breakdowns[0];
    assert!(b.totals.is_empty() && b.all_parts);
    let shares: Vec<Decimal> = b
        .parts
        .iter()
        .map(|p| p.share.as_ref().unwrap().value)
        .collect();
    assert_eq!(shares, [d("40.0"), d("35.0"), d("25.0")]);
}

#[test]
fn statement_lines_of_a_list_are_parts_and_their_shares_follow_on_the_line() {
    let s = read("甲类120件 占比 60.00%\n乙类80件 占比 40.00%");
    let b = &s.breakdowns[0];
    assert_eq!(values(b), [d("120"), d("80")]);
    assert_eq!(b.parts[1].share.as_ref().unwrap().value, d("40.00"));
    assert_eq!(b.parts[1].count.at, "t:2");
}

#[test]
fn statement_lists_by_two_dimensions_are_two_lists() {
    let s = read(
        "共受理投诉50件。其中,按类别分,甲类投诉30件、占60%,其他投诉20件、占40%;按渠道分,来自热线40件、占80%,其他渠道10件、占20%。",
    );
    let lists: Vec<Vec<Decimal>> = s.breakdowns.iter().map(values).collect();
    assert_eq!(lists, [vec![d("30"), d("20")], vec![d("40"), d("10")]]);
    assert!(s.breakdowns.iter().all(|b| b.totals[0].value == d("50")));
}

#[test]
fn statement_a_share_after_a_run_joined_by_pauses_is_of_them_all() {
    let s = read("较多的是甲类30件、乙类20件、丙类10件,占总量的60%。");
    let b = &s.breakdowns[0];
    assert!(b.parts.iter().all(|p| p.share.is_none()));
    assert!(b.some_only);
}

#[test]
fn statement_the_items_of_one_part_are_some_of_its_parts() {
    let s = read("1.住宅类(90件,占比30.00%)。主要涉及物业管理50件、房屋维修40件。");
    let b = s
        .breakdowns
        .iter()
        .find(|b| b.parts.len() == 2)
        .expect("the items");
    assert_eq!(b.totals[0].value, d("90"));
    assert_eq!(b.subject, "住宅类");
    assert!(b.some_only);
}

#[test]
fn statement_changes_bare_numbers_and_counts_of_units_are_not_parts() {
    let s = read("共受理400件,同比增加50件。");
    assert!(s.counts.iter().all(|c| c.value != d("50")));
    let s = read("共受理400件。其中:甲类200件、乙类150、丙类50件。");
    assert!(s.breakdowns[0].uncertain, "a bare number");
    let s = read("共受理400件,涉及12个单位。");
    assert!(s.counts.iter().all(|c| c.value != d("12")));
}

#[test]
fn statement_a_measure_that_is_no_part_makes_the_list_uncertain() {
    let s = read("回访工单100件,其中满意90件,不满意10件。");
    assert!(s
        .breakdowns
        .iter()
        .all(|b| b.uncertain || b.parts.is_empty()));
}

#[test]
fn statement_counts_in_wan_stand_for_their_band() {
    let s = read("共受理诉求3.25万件,其中转办1.20万件,直接答复2.05万件。");
    let b = &s.breakdowns[0];
    assert_eq!(b.totals[0].value, d("32500"));
    assert_eq!(b.totals[0].half, d("50"));
    assert_eq!(b.parts[0].count.value, d("12000"));
}

#[test]
fn statement_closed_and_open_orders_of_the_total_before_them() {
    let s = read("全年已受理300件,已办结290件,未办结10件。");
    assert_eq!(s.statuses.len(), 1);
    let st = &s.statuses[0];
    assert_eq!(
        (st.total.value, st.closed.value, st.open.value),
        (d("300"), d("290"), d("10"))
    );
    // The total named by the closed count's subject, a sentence before.
    let s = read("本月直接答复80件,转交处理40件。转交处理事项已办结38件,未办结2件。");
    assert_eq!(s.statuses[0].total.value, d("40"));
    // A third status after them: not two statuses of one total.
    let s = read("全年已受理300件,已办结280件,未办结10件,退回10件。");
    assert!(s.statuses.is_empty());
}

#[test]
fn statement_a_rate_with_its_counts_before_it_or_in_parentheses() {
    let s = read("本月受理200件,办结196件,办结率98.00%。");
    let r = &s.rates[0];
    assert_eq!(r.metric, Metric::CompletionRate);
    assert_eq!(r.before[0].value, d("196"));
    assert_eq!(r.before[0].metric, Some(Metric::Closed));
    assert!(r
        .earlier
        .iter()
        .any(|id| s.count(*id).is_some_and(|c| c.value == d("200"))));
    let s = read("综合办结率98.50%(197/200)。");
    assert_eq!(s.rates[0].explicit, Some((d("197"), d("200"))));
    // A qualified rate is not of the plain count.
    let s = read("本月受理200件,办结196件,快速办结率60%。");
    assert_eq!(s.rates[0].before[0].metric, None);
}

#[test]
fn statement_reading_is_safe_on_odd_text() {
    for t in [
        "",
        "((((",
        "))))件%",
        "其中,",
        "其中,1、2、3。",
        "1.、2、",
        "共(1件(2件(3件)))",
        "9.99万万件",
        "100%%(1/0)",
        "已办结5件,未办结",
    ] {
        let _ = read(t);
    }
}

#[test]
fn statement_a_tag_across_the_parts_makes_the_list_uncertain() {
    let s = read("共受理1000件,其中新件800件,重复件200件,涉企诉求150件。");
    assert!(s.breakdowns[0].uncertain);
    let s = read("共受理1000件,其中新件800件,其他件200件。");
    assert!(!s.breakdowns[0].uncertain);
}

#[test]
fn statement_a_paragraph_of_thousands_of_figures_is_no_statement() {
    let text = "受理工单12件,满意率99%,".repeat(MAX_FIGURES);
    let s = read(&text);
    assert!(s.breakdowns.is_empty() && s.rates.is_empty() && s.counts.is_empty());
    let text = "受理工单12件,满意率99%,".repeat(MAX_FIGURES / 4);
    assert!(!read(&text).counts.is_empty());
}

#[test]
fn statement_a_list_summed_up_at_its_end() {
    let s = read("热线甲受理300件,热线乙受理200件,联动转办50件,合计550件。");
    let b = &s.breakdowns[0];
    assert_eq!(b.totals[0].value, d("550"));
    assert_eq!(values(b), [d("300"), d("200"), d("50")]);
    assert!(b.all_parts);
    // A catch-all part holding a total's word is a part.
    let s = read("甲类300件,乙类200件,其余为其他事项共计50件。");
    assert!(s.breakdowns[0].totals.is_empty());
}

/// The parentheses of the fixtures' and the real bulletins' paragraphs, found by bytes
/// into a sorted list, are those the hash map of every character found.
#[test]
fn statement_parens_by_bytes_agree_with_the_map() {
    for p in &crate::extract::prose::tests::sample_paragraphs() {
        scan::parens_agree(&p.text);
    }
    for t in ["(", ")", "((1件)", "(1件))(", "a(b(2%)c)d", "(1/2)", "()()"] {
        scan::parens_agree(t);
    }
}

proptest::proptest! {
    #[test]
    fn statement_parens_agree_on_any_text(
        t in crate::pattern::check::texts(&["(", ")", "1", "件", "%", "受理", "/", " ", "𠀀"])
    ) {
        scan::parens_agree(&t);
    }
}

/// A name cleaned without copying when it holds no parenthesis is the one cleaned by
/// copying: every clause of the fixtures' and the real bulletins' paragraphs, and odd
/// texts.
#[test]
fn statement_clean_name_agrees_with_the_copying_one() {
    for p in &crate::extract::prose::tests::sample_paragraphs() {
        scan::clean_name_agrees(&p.text);
        for clause in p.text.split([',', ';', ':', '。', '、']) {
            scan::clean_name_agrees(clause);
        }
    }
    for t in [
        "",
        "(",
        ")",
        "(a)b",
        "b(a)",
        "1.其中(x)类",
        ")(",
        " 12、 ",
        "“其中主要包括”热线共计",
        "主要涉及主要涉及是为",
        "其中1.合计",
        "共",
    ] {
        scan::clean_name_agrees(t);
    }
}

proptest::proptest! {
    #[test]
    fn statement_clean_name_agrees_on_any_text(
        t in crate::pattern::check::texts(&[
            "(", ")", "1", "12", ".", "、", "其中", "类", " ", "“", "件", "主要", "包括", "涉及",
            "共计", "共", "为", "是", "具体", "计",
        ])
    ) {
        scan::clean_name_agrees(&t);
    }
}

/// Passing over the characters that do nothing by a byte test reads what reading every
/// character reads: the fixtures' and the real bulletins' paragraphs, and odd texts.
#[test]
fn statement_scan_passing_over_quiet_characters_agrees() {
    scan::stop_bytes_cover_the_scan();
    for p in &crate::extract::prose::tests::sample_paragraphs() {
        scan::scan_agrees(p);
    }
}

proptest::proptest! {
    #[test]
    fn statement_scan_agrees_on_any_text(
        t in crate::pattern::check::texts(&[
            "(", ")", "1", "12", "3.5", "%", "件", "万件", "、", "。", ",", ";", ":", "其中",
            "受理", "办结率", "/", " ", "\n", "封", "宗", "𠀀", "类",
        ])
    ) {
        for p in &crate::extract::prose::paragraphs(&lines(&t)) {
            scan::scan_agrees(p);
        }
    }
}

/// The reader's word lists found by their first characters are those an overlapping
/// automaton found: every suffix of the fixtures' and the real bulletins' paragraphs, and
/// odd texts.
#[test]
fn statement_found_words_agree_with_the_automaton() {
    for p in &crate::extract::prose::tests::sample_paragraphs() {
        scan::found_agrees(&p.text);
    }
    for t in [
        "",
        "公共",
        "共计公共",
        "前3",
        "前十名",
        "其中主要包括",
        "占比重",
        "累计以来",
    ] {
        scan::found_agrees(t);
    }
}

proptest::proptest! {
    #[test]
    fn statement_found_words_agree_on_any_text(
        t in crate::pattern::check::texts(&[
            "公共", "共", "计", "合计", "总", "数", "前", "3", "十", "其中", "主要", "包括", "占",
            "比", "重", "累计", "以来", "回访", "同比", "上升", "a", " ", "𠀀",
        ])
    ) {
        scan::found_agrees(&t);
    }
}
