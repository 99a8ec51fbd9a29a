//! Tests of the prose reader, on small invented texts.

use super::*;

fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            raw: l.to_string(),
            norm: crate::source::normalize::normalize_line(l),
            at: format!("t.txt:{}", i + 1).into(),
        })
        .collect()
}

fn read(text: &str) -> Vec<(String, &'static str, String)> {
    headline(&lines(text), "甲区", &|_| false)
        .0
        .into_iter()
        .map(|h| (h.unit, h.value.metric.key(), h.value.value.to_string()))
        .collect()
}

fn v(unit: &str, key: &'static str, value: &str) -> (String, &'static str, String) {
    (unit.to_string(), key, value.to_string())
}

fn own(pairs: &[(&'static str, &str)]) -> Vec<(String, &'static str, String)> {
    pairs.iter().map(|(k, x)| v("甲区", k, x)).collect()
}

#[test]
fn prose_keeps_a_heading_apart_from_its_paragraph() {
    let h = headline(
        &lines("(一) 疫情防控\n疫情防控类问题共来电 107.7 万件。"),
        "甲市",
        &|_| false,
    )
    .0;
    assert_eq!(h[0].unit, "疫情防控类");
}

#[test]
fn prose_reads_counts_and_signed_changes() {
    assert_eq!(
        read("我区共受理“12345”市民服务热线群众诉求17190件，环比上升9.51%，同比下降9.21%。"),
        own(&[
            ("received", "17190"),
            ("mom_change", "9.51"),
            ("yoy_change", "-9.21")
        ])
    );
}

#[test]
fn prose_reads_a_named_category_after_qizhong() {
    assert_eq!(
        read("其中，疫情防控类工单4032件，占比23.46%。"),
        vec![
            v("疫情防控类", "count", "4032"),
            v("疫情防控类", "share", "23.46")
        ]
    );
    // 各类 names no category.
    assert_eq!(
        read("本月受理各类诉求38447件,同比下降24.85%。"),
        own(&[("received", "38447"), ("yoy_change", "-24.85")])
    );
}

#[test]
fn prose_skips_parts_and_asides() {
    assert_eq!(read("其中,紧急工单受理35件,办结率100%。"), vec![]);
    assert_eq!(read("（2021年6月，全区受理工单共15741件）。"), vec![]);
    assert_eq!(
        read("抽查回访工单560件,其中不满意6件,不满意率1.07%。"),
        own(&[("dissatisfied", "6"), ("dissatisfaction_rate", "1.07")])
    );
}

#[test]
fn prose_reads_a_breakdown_of_the_whole_after_qizhong() {
    assert_eq!(
        read("8月份,甲区热线平台共受理各类来电来信5664件。其中,接听电话5646人次,登记交办1469件,已办结1469件,办结率100%,满意率99%;网络平台受理交办17件,按时办结回复17件。"),
        own(&[
            ("received", "5664"),
            ("calls", "5646"),
            ("handled", "1469"),
            ("closed", "1469"),
            ("completion_rate", "100"),
            ("satisfaction_rate", "99"),
        ])
    );
    // A list of bare parts ends where a measure of the whole opens a clause.
    assert_eq!(
        read("2017年,平台共接到举报6188件,其中电话举报4095件,微信举报1294件,平均受理时间为3天,平均办结时间为24天,按期办结率达到99.8%。"),
        own(&[("received", "6188"), ("avg_days", "24"), ("on_time_rate", "99.8")])
    );
}

#[test]
fn prose_parallel_parts_after_qizhong_are_parts() {
    assert_eq!(
        read("本级登记事项448件。其中,协调办理326件,办结率100%,满意率96%;交办处理121件,已办结115件,办结率95%,满意率89%。"),
        own(&[("received", "448")])
    );
}

#[test]
fn prose_channels_groups_and_earlier_periods_are_parts() {
    let text = "本月共受理诉求500件,办结率98%。\n12345热线电话受理300件,办结率97%。\n通过市长信箱等网络平台受理交办17件,按时办结回复17件。\n各县区共受理诉求200件。\n“人大专席”受理工单9件,满意率80%。";
    assert_eq!(
        read(text),
        own(&[("received", "500"), ("completion_rate", "98")])
    );
    assert_eq!(
        read("上月未办结工单233件,本月受理100件。"),
        own(&[("received", "100")])
    );
    // The first statement may be about a channel: the document's subject.
    assert_eq!(
        read("一季度,市长信箱收到网民来信139件,涉及22个单位。"),
        own(&[("received", "139")])
    );
    // A channel named in the gap between keyword and number.
    assert_eq!(
        read("12345热线话务总数为20693个,受理非话务渠道诉求277件,办结272件。"),
        own(&[("calls", "20693")])
    );
}

#[test]
fn prose_reads_score_and_rank_in_chinese_numerals() {
    assert_eq!(
        read("响应率99.88%、解决率95.52%，综合成绩95.91 分，排名十六区第4位。"),
        own(&[
            ("response_rate", "99.88"),
            ("resolution_rate", "95.52"),
            ("score", "95.91"),
            ("rank", "4")
        ])
    );
    assert_eq!(
        read("综合指标值排名在各县区位居第一。"),
        own(&[("rank", "1")])
    );
    assert_eq!(
        read("效能指数 99.363,排全市各(县、市、区)第二名。"),
        own(&[("score", "99.363"), ("rank", "2")])
    );
}

#[test]
fn prose_an_implausible_rank_is_a_warning_not_a_value() {
    let (h, w) = headline(
        &lines("排名全市第99999999999999999999999名。"),
        "甲区",
        &|_| false,
    );
    assert!(h.is_empty());
    assert_eq!(w.len(), 1);
}

#[test]
fn prose_never_shifts_a_neighbouring_number() {
    // 满意率 has no number of its own; the count after it is not a rate.
    assert_eq!(
        read("满意率有所提高，受理工单120件。"),
        own(&[("received", "120")])
    );
    assert_eq!(read("平均综合成绩96.68分。"), vec![]);
    assert_eq!(read("28 家单位满意率未达到 100%。"), vec![]);
}

#[test]
fn prose_a_phrase_without_its_number_gives_nothing() {
    assert_eq!(
        read("共受理群众和企业诉求件,较上月下降1.52%,转交部门办理件。按时办结率99.94%;逾期未办理9件,逾期办理2件。"),
        own(&[("mom_change", "-1.52"), ("on_time_rate", "99.94"), ("overdue", "2")])
    );
}

#[test]
fn prose_reads_thousands_separators_and_spaced_digits() {
    assert_eq!(
        read("全省共受理群众诉求1,620,949件,环比下降1.22%,办结1,381,908件,不满意率8.10%。"),
        own(&[
            ("received", "1620949"),
            ("mom_change", "-1.22"),
            ("closed", "1381908"),
            ("dissatisfaction_rate", "8.10")
        ])
    );
    assert_eq!(read("共受理8 523件。"), own(&[("received", "8523")]));
    assert_eq!(read("共受理8 52件。"), vec![]);
    assert_eq!(
        read("办结率9 9 . 8 8 %。"),
        own(&[("completion_rate", "99.88")])
    );
}

#[test]
fn prose_thresholds_and_shared_figures_are_nobodys() {
    assert_eq!(read("响应率低于70%的单位有:甲公司。"), vec![]);
    assert_eq!(read("回复满意率90%以下的单位4家。"), vec![]);
    assert_eq!(read("有9个单位按期办结率、群众满意率均为100%。"), vec![]);
}

#[test]
fn prose_joins_a_sentence_broken_across_lines() {
    assert_eq!(
        read("12345市民服务热线共受理群众来电（包括电话反映和网络反映）\n\n1103.94 万件，环比 2019 年上升 55.24%。"),
        own(&[("received", "11039400"), ("mom_change", "55.24")])
    );
}

#[test]
fn prose_reads_shares_and_changes_in_other_words() {
    assert_eq!(
        read("本周共接收热线工单506件,比上周增长20.48%。其中,咨询类诉求124件,占24.51%。"),
        vec![
            v("甲区", "received", "506"),
            v("甲区", "mom_change", "20.48"),
            v("咨询类", "count", "124"),
            v("咨询类", "share", "24.51")
        ]
    );
    assert_eq!(read("主要是占道经营问题15件。"), vec![]);
    assert_eq!(
        read("二季度,热线共受理市民诉求7126件,同比增加718件,增幅11.2%。"),
        own(&[("received", "7126"), ("yoy_change", "11.2")])
    );
    assert_eq!(
        read("受理工单100件,较上月同比增长5%。"),
        own(&[("received", "100")])
    );
}

#[test]
fn prose_reads_calls_with_wan_and_grades() {
    assert_eq!(
        read("热线话务量约1.1万人次,办理本级登记事项4480件。"),
        own(&[("calls", "11000"), ("received", "4480")])
    );
    assert_eq!(
        read("共受理各类诉求9.67 万件,转办2.42万件。"),
        own(&[("received", "96700"), ("handled", "24200")])
    );
    assert_eq!(read("考核等级为A类。"), own(&[("grade", "A")]));
}

#[test]
fn prose_qualified_measures_are_not_the_plain_one() {
    assert_eq!(
        read("本月办结工单1833件,提前办结率69.16%。本月纳入解决率考核1774件,其中已解决1273件,解决率71.76%。"),
        own(&[("closed", "1833"), ("assessed", "1774"), ("resolution_rate", "71.76")])
    );
    assert_eq!(
        read("直接办理4148件,交办服务工单4172件,按时办结率96.27%,及时签收率99.64%。"),
        own(&[("handled", "4172"), ("on_time_rate", "96.27")])
    );
}

#[test]
fn prose_a_different_total_moves_to_another_subject() {
    assert_eq!(
        read("共办理热线工单2495件。办理市效能热线办交办重要来电10件,其中满意7件,不满意3件。"),
        own(&[("handled", "2495")])
    );
    assert_eq!(
        read("(二)上级交办事项197件。其中,平台交办事项190件;已办结197件,办结率100%。"),
        vec![]
    );
}

#[test]
fn place_after_reads_arabic_and_chinese_places() {
    assert_eq!(
        place_after("位列全市第 3 名,较上月"),
        Ok(Some((3, 16, "第 3 名")))
    );
    assert_eq!(place_after("排在第十二位"), Ok(Some((12, 9, "第十二位"))));
    assert_eq!(place_after("第一季度排名第2"), Ok(Some((2, 21, "第2"))));
    // Not past a clause mark, not beyond 40 characters.
    assert_eq!(place_after("较好,第3名"), Ok(None));
    let far = format!("{}第3名", "很".repeat(41));
    assert_eq!(place_after(&far), Ok(None));
}

#[test]
fn prose_pairs_measures_and_figures_given_respectively() {
    assert_eq!(
        super::respectively("全区响应率、解决率、满意率分别为100%、93.21%、94.56%,综合成绩95分。"),
        "全区响应率100%,解决率93.21%,满意率94.56%,综合成绩95分。"
    );
    assert_eq!(
        super::respectively("办结率和满意率分别达到99.1%和97%。"),
        "办结率99.1%,满意率97%。"
    );
    assert_eq!(
        super::respectively("受理1件。响应率、满意率分别为99%、98%。"),
        "受理1件。响应率99%,满意率98%。"
    );
    // Sides that do not pair one to one are left alone.
    assert_eq!(
        super::respectively("响应率、解决率分别为100%。"),
        "响应率、解决率分别为100%。"
    );
}

#[test]
fn prose_reads_a_rate_printed_after_its_change_in_points() {
    assert_eq!(
        super::rate_after_its_change("办结率98%,群众满意率同比上升1.2个百分点,达到96.40%。"),
        "办结率98%,群众满意率同比上升1.2个百分点,群众满意率达到96.40%。"
    );
    assert_eq!(
        super::rate_after_its_change("受理量同比增加3个百分点。"),
        "受理量同比增加3个百分点。"
    );
}

/// The keywords of a sentence found once give, for every span of it, what a search of
/// the span alone gives: spans that cut a keyword or a pattern are searched again.
#[test]
fn prose_sentence_hits_give_every_span_its_own_hits() {
    let shown = |hits: &[Hit]| -> Vec<String> {
        hits.iter()
            .map(|h| format!("{}..{} {:?}", h.start, h.end, h.key))
            .collect()
    };
    for text in [
        "共受理群众诉求17190件,其中有效工单16020件,纳入解决率考核工单12000件,办结率99.88%",
        "接收市级交办工单320件,满意率96.40%;不满意率1.2%、响应率100%",
        "有效电子诉求5件,纳入考评8件,受理,其中咨询类工单4032件",
    ] {
        let once = clause::TextHits::of(text, 0, text.len());
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for (k, &a) in bounds.iter().enumerate() {
            for &b in &bounds[k..] {
                assert_eq!(
                    shown(&once.span(text, a, b)),
                    shown(&keyword_hits(text, a, b)),
                    "{:?}",
                    &text[a..b]
                );
            }
        }
    }
}

/// The prose of the fixtures' and the real bulletins' text files, as paragraphs.
pub(super) fn sample_paragraphs() -> Vec<Paragraph> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [root.join("fixtures"), root.join("../shared/realworld/docs")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 5, "the fixtures' text files");
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let text = crate::source::decode::decode(&bytes, None).unwrap().text;
        out.extend(paragraphs(&lines(&text)));
    }
    out
}

/// The sentence spans of a paragraph's blanked text, as `Reader::paragraph` cuts them.
fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, ch) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '。')))
    {
        if matches!(ch, '。' | '!' | '?') {
            out.push((start, i));
            start = i + ch.len_utf8().min(text.len() - i);
        }
    }
    out
}

/// What the keywords found once per paragraph give equals what searching each sentence
/// of the blanked text (the headline reader) and the printed paragraph (the statements)
/// gave.
fn hits_agree(para: &Paragraph) {
    let (blank, spans) = blank_parens_spans(&para.text);
    assert_eq!(blank, blank_parens(&para.text));
    for (a, b) in sentence_spans(&blank) {
        assert_eq!(
            TextHits::within(para.matches(), &spans, a, b),
            TextHits::of(&blank, a, b),
            "{:?}",
            &blank[a..b]
        );
    }
    assert_eq!(
        para.matches().hits(&para.text),
        keyword_hits(&para.text, 0, para.text.len())
    );
}

#[test]
fn prose_hits_found_once_per_paragraph_agree_with_each_sentence_searched() {
    let paras = sample_paragraphs();
    assert!(paras.len() > 100);
    for p in &paras {
        hits_agree(p);
    }
}

#[test]
fn prose_keywords_hold_no_mark_that_cuts_a_text() {
    for (w, _) in KEYWORDS {
        assert!(
            w.chars()
                .all(|c| !matches!(c, '(' | ')' | ' ' | '。' | '!' | '?')),
            "{w}"
        );
    }
}

proptest::proptest! {
    #[test]
    fn prose_hits_found_once_agree_on_any_text(
        t in crate::pattern::check::texts(&[
            "受理", "办结", "率", "满意", "(", ")", "((", " ", "。", "!", "?", ",", ";", "、",
            "纳入", "考核", "有效", "工单", "诉求", "电子", "其中", "1", "23", "件", "%", "类",
            "接收", "交办", "占", "排名", "第",
        ])
    ) {
        let para = Paragraph {
            text: t.clone(),
            starts: vec![(0, "t.txt:1".into())],
            found: std::cell::OnceCell::new(),
        };
        hits_agree(&para);
    }
}

/// The readings by bytes agree with the readings char by char they replace: sentences,
/// clauses, a subject naming a category.
fn cuts_agree(para: &Paragraph) {
    let blank = blank_parens(&para.text);
    let spans: Vec<(usize, usize)> = sentences(&blank).collect();
    assert_eq!(spans, sentence_spans(&blank));
    for span in spans {
        let clauses = Reader::clauses(&blank, span);
        assert_eq!(
            clauses,
            Reader::clauses_by_char(&blank, span),
            "{:?}",
            &blank[span.0..span.1]
        );
        for c in &clauses {
            let t = &blank[c.a..c.b];
            assert_eq!(
                names_category(t),
                clause::names_category_by_list(t),
                "{t:?}"
            );
        }
    }
}

#[test]
fn prose_cuts_by_bytes_agree_with_cuts_by_chars() {
    for p in &sample_paragraphs() {
        cuts_agree(p);
    }
}

/// A paragraph the headline reader passes over gives it nothing when read.
#[test]
fn prose_paragraph_without_digit_letter_or_place_gives_nothing() {
    let paras = sample_paragraphs();
    let skipped: Vec<&Paragraph> = paras
        .iter()
        .filter(|p| !may_state_a_figure(&p.text))
        .collect();
    assert!(skipped.len() > 10);
    let mut reader = Reader {
        jurisdiction: "甲区",
        elsewhere: &|_| false,
        out: Vec::new(),
        warnings: Vec::new(),
    };
    for p in skipped {
        reader.read_paragraph(p);
    }
    assert!(reader.out.is_empty() && reader.warnings.is_empty());
    assert!(may_state_a_figure("排名第十六位"));
    assert!(may_state_a_figure("等级为A"));
    assert!(!may_state_a_figure("受理群众诉求,办结率高。"));
}

#[test]
fn prose_respectively_words_start_with_fen_or_yi() {
    for w in RESPECTIVELY {
        assert!(w.starts_with('分') || w.starts_with('依'), "{w}");
    }
}

proptest::proptest! {
    #[test]
    fn prose_cuts_by_bytes_agree_on_any_text(
        t in crate::pattern::check::texts(&[
            "受理", "类", "各类", "咨询", "方面", "(", ")", " ", "。", "!", "?", ",", ";", "、",
            "1", "23", ",", "1,234", "件", "%", "其中", "、1", "类类", "这类", "!", "𠀀", "a",
        ])
    ) {
        let para = Paragraph {
            text: t.clone(),
            starts: vec![(0, "t.txt:1".into())],
            found: std::cell::OnceCell::new(),
        };
        cuts_agree(&para);
    }

    #[test]
    fn prose_paragraph_without_digit_letter_or_place_gives_nothing_on_any_text(
        t in crate::pattern::check::texts(&[
            "受理", "办结率", "排名", "等级", "为", "其中", "咨询类", "工单", "件", "%", "。",
            ",", "、", "(", ")", "上升", "同比", "满意率", "综合成绩", "分", "十六", "位",
        ])
    ) {
        let para = Paragraph {
            text: t.clone(),
            starts: vec![(0, "t.txt:1".into())],
            found: std::cell::OnceCell::new(),
        };
        proptest::prop_assert!(!may_state_a_figure(&t));
        let mut reader = Reader {
            jurisdiction: "甲区",
            elsewhere: &|_| false,
            out: Vec::new(),
            warnings: Vec::new(),
        };
        reader.read_paragraph(&para);
        proptest::prop_assert!(reader.out.is_empty() && reader.warnings.is_empty());
    }
}

#[test]
fn prose_fen_or_yi_found_by_bytes_as_by_chars() {
    let by_chars = |t: &str| t.contains('分') || t.contains('依');
    for p in &sample_paragraphs() {
        assert_eq!(holds_fen_or_yi(&p.text), by_chars(&p.text));
    }
    for t in [
        "分",
        "依",
        "a分",
        "份",
        "仆",
        "众",
        "",
        "十分之一",
        "依次为",
        "\u{86}",
    ] {
        assert_eq!(holds_fen_or_yi(t), by_chars(t), "{t:?}");
    }
}
