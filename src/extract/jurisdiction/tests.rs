//! Tests of jurisdiction resolution, on small texts.

use super::*;

fn resolve_lines(lines: &[&str]) -> Option<(String, Option<u32>, &'static str)> {
    let doc = DocText {
        title: lines.first().copied(),
        lines: lines.to_vec(),
        ..DocText::default()
    };
    resolve(&doc).map(|j| (j.name, j.code, j.source.key()))
}

fn name(lines: &[&str]) -> Option<String> {
    resolve_lines(lines).map(|j| j.0)
}

#[test]
fn jurisdiction_from_the_title_is_the_most_specific_division() {
    assert_eq!(
        resolve_lines(&["关于鞍山市12345热线受理情况的通报"]),
        Some(("鞍山市".into(), Some(210300), "title"))
    );
    assert_eq!(
        name(&["北京市平谷区3月接诉即办情况"]).as_deref(),
        Some("平谷区")
    );
    assert_eq!(
        name(&["2018年清新区旅游投诉统计表"]).as_deref(),
        Some("清新区")
    );
}

#[test]
fn jurisdiction_ignores_comparisons_fragments_and_parents_handing_down() {
    // Invented bulletin: the only city named is compared with or sends orders.
    let lines = [
        "一、运行情况",
        "1.本月承接赣州转派工单120件,环比上升3.1%。",
        "2.本月回访工单98件,满意率92.5%,高于赣州市平均水平1.2%。",
        "(注:数据来源于赣州市12345热线系统)",
        "5月份市12345平台共受理各类诉求640件。",
    ];
    assert_eq!(name(&lines), None);
}

#[test]
fn jurisdiction_from_a_masthead_line() {
    let lines = [
        "索引号: | 123/2020-00027 | 信息分类: | 通报 |",
        "发布机构: | 盐城市12345便民服务中心 | 发文日期: | 2021-03-02 |",
        "2021年2月份市12345平台",
    ];
    assert_eq!(
        resolve_lines(&lines).map(|j| (j.0, j.2)),
        Some(("盐城市".into(), "masthead"))
    );
    let signed = [
        "热线工作简报",
        "登封市人民政府办公室 2023年4月3日",
        "七月份工作简报",
    ];
    assert_eq!(name(&signed).as_deref(), Some("登封市"));
}

#[test]
fn jurisdiction_from_the_subject_of_a_sentence() {
    let lines = ["工作情况通报", "3月份,常熟12345热线共受理诉求905件。"];
    assert_eq!(
        resolve_lines(&lines),
        Some(("常熟市".into(), Some(320581), "text"))
    );
}

#[test]
fn jurisdiction_from_the_subdivisions_listed() {
    let lines = [
        "二季度热线运行情况通报",
        "诉求量居前的依次为:武陵区、鼎城区、汉寿县、澧县和临澧县。",
    ];
    assert_eq!(
        resolve_lines(&lines).map(|j| (j.0, j.2)),
        Some(("常德市".into(), "subdivisions"))
    );
}

#[test]
fn jurisdiction_resolves_an_ambiguous_name_against_its_parent() {
    // 朝阳区 is a district of Beijing and of Changchun.
    let beijing = ["朝阳区12345热线月报", "北京市接诉即办考核"];
    assert_eq!(resolve_lines(&beijing).and_then(|j| j.1), Some(110105));
    let changchun = ["朝阳区12345热线月报", "长春市民服务热线"];
    assert_eq!(resolve_lines(&changchun).and_then(|j| j.1), Some(220104));
    // Alone, the name is kept without a code.
    assert_eq!(
        resolve_lines(&["朝阳区12345热线月报"]),
        Some(("朝阳区".into(), None, "title"))
    );
}

#[test]
fn jurisdiction_is_not_a_place_inside_a_unit_name_when_the_text_names_one() {
    let lines = [
        "欢迎访问浙江省生态环境研究院网站",
        "关于2019年全国12369环保举报办理情况的通报",
    ];
    let doc = DocText {
        title: Some(lines[1]),
        lines: lines.to_vec(),
        ..DocText::default()
    };
    let j = resolve(&doc).unwrap();
    assert_eq!((j.name.as_str(), j.level), ("全国", Some(Level::Country)));
}

#[test]
fn jurisdiction_from_branches_of_units_only_as_a_last_resort() {
    let lines = [
        "12345政府服务热线情况通报",
        "其中燃气集团射洪分公司、住建局等2个单位满意率偏低。",
    ];
    assert_eq!(
        resolve_lines(&lines).map(|j| (j.0, j.2)),
        Some(("射洪市".into(), "unit_names"))
    );
}

#[test]
fn jurisdiction_handles_provinces_functional_areas_and_former_names() {
    assert_eq!(
        name(&["2022年6月云南省群众诉求办理分析"]).as_deref(),
        Some("云南省")
    );
    let j = resolve(&DocText {
        title: Some("宝鸡高新区12345热线季报"),
        lines: vec!["宝鸡高新区12345热线季报"],
        ..DocText::default()
    })
    .unwrap();
    assert_eq!(
        (j.name.as_str(), j.level),
        ("宝鸡高新区", Some(Level::Functional))
    );
    assert_eq!(
        resolve_lines(&["延庆县2013年热线工作总结"]),
        Some(("延庆县".into(), Some(110119), "title"))
    );
}

#[test]
fn jurisdiction_from_a_file_name_in_pinyin_only_when_the_text_names_the_place() {
    let doc = |stem: &'static str, line: &'static str| DocText {
        lines: vec!["一、运行情况", line],
        file_stem: stem,
        ..DocText::default()
    };
    // The text names the city the county lies in (as a comparison).
    let j = resolve(&doc(
        "x07_ruijin_12345_2024-05",
        "解决率高于赣州市平均水平2.1%。",
    ))
    .unwrap();
    assert_eq!(
        (j.name.as_str(), j.source),
        ("瑞金市", JurisdictionSource::FileName)
    );
    // `fenxi` (分析) spells 汾西县, which the text does not name.
    assert_eq!(
        resolve(&doc("c09_yunxing_fenxi", "本月受理工单100件。")),
        None
    );
}

#[test]
fn jurisdiction_masthead_fields_are_split_by_their_labels() {
    let f = fields("版权所有:中国某省甲州市人民政府 主办单位:甲州市政府办 运行维护:乙市运维中心");
    assert_eq!(
        f[0],
        ("版权所有", "中国某省甲州市人民政府 ".trim().to_string())
    );
    assert_eq!(f[2].0, "运行维护");
}

/// Every character's start asked in order, and every third byte, as the mask says.
fn asides_agree(text: &str) {
    let mask = aside_mask(text);
    let mut asides = Asides::new(text);
    for (i, _) in text.char_indices() {
        assert_eq!(asides.inside(i), mask[i], "{text:?} at {i}");
    }
    let mut asides = Asides::new(text);
    for i in (0..text.len() + 2).step_by(3) {
        assert_eq!(
            asides.inside(i),
            mask.get(i).copied().unwrap_or(false),
            "{text:?} at {i}"
        );
    }
}

#[test]
fn asides_read_in_order_are_the_mask_on_the_sample_lines() {
    for line in crate::extract::sample_lines::sample_lines() {
        asides_agree(&line);
    }
    asides_agree("甲市(乙区)“丙县”《丁》");
}

proptest::proptest! {
    #[test]
    fn asides_read_in_order_are_the_mask_on_any_text(
        t in crate::pattern::check::texts(&[
            "(", ")", "《", "》", "〔", "〕", "[", "]", "“", "”", "‘", "’", "\"", "甲", "a", " ",
        ])
    ) {
        asides_agree(&t);
    }
}

/// The places of a line, as the line compacted whole into a new string gives them (and a
/// blank line is one empty once compacted).
fn places_agree(line: &str) {
    assert_eq!(
        format!("{:?}", places_of(line)),
        format!("{:?}", places_of_every_compact_line(line)),
        "{line:?}"
    );
    assert_eq!(is_blank(line), compact(line).is_empty(), "{line:?}");
}

#[test]
fn places_of_a_line_are_those_of_its_compact_copy_on_the_sample_lines() {
    for line in crate::extract::sample_lines::sample_lines() {
        places_agree(&line);
    }
    for t in [
        "",
        " ",
        "\u{3000}",
        "12 | 3.5%",
        "鞍 山 市12345热线",
        "|平谷区|",
    ] {
        places_agree(t);
    }
}

proptest::proptest! {
    #[test]
    fn places_of_a_line_are_those_of_its_compact_copy_on_any_text(
        t in crate::pattern::check::texts(&[
            "鞍山", "市", "平谷", "区", "高新区", "热线", "12345", " ", "\u{3000}", "\u{a0}",
            "、", "比", "(", ")", "1", "a", "|",
        ])
    ) {
        places_agree(&t);
    }
}
