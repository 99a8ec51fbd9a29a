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
        resolve_lines(&["关于盘锦市12345热线平台情况的通报"]),
        Some(("盘锦市".into(), Some(211100), "title"))
    );
    assert_eq!(
        name(&["北京市密云区6月工作情况分析"]).as_deref(),
        Some("密云区")
    );
    assert_eq!(
        name(&["2016年清城区旅游投诉汇总情况"]).as_deref(),
        Some("清城区")
    );
}

#[test]
fn jurisdiction_ignores_comparisons_fragments_and_parents_handing_down() {
    // Invented bulletin: the only city named is compared with or sends orders.
    let lines = [
        "一、运行情况",
        "1.本月受理宜春下派工单100件,同比下降6.02%。",
        "2.本月办结工单90件,提前办结率69.16%,比宜春市平均值高7.05%。",
        "(备注:办结工单以宜春市12345政府服务热线系统为准)",
        "8月份市12345在线平台共受理各类诉求800件。",
    ];
    assert_eq!(name(&lines), None);
}

#[test]
fn jurisdiction_from_a_masthead_line() {
    let lines = [
        "索引号: | 123/2020-00027 | 信息分类: | 通报 |",
        "发布机构: | 连云港市12345政府公共服务中心 | 发文日期: | 2020-10-20 |",
        "2020年9月份市12345在线平台",
    ];
    assert_eq!(
        resolve_lines(&lines).map(|j| (j.0, j.2)),
        Some(("连云港市".into(), "masthead"))
    );
    let signed = [
        "热线工作简报",
        "汝州市人民政府办公室 2022年8月2日",
        "七月份工作简报",
    ];
    assert_eq!(name(&signed).as_deref(), Some("汝州市"));
}

#[test]
fn jurisdiction_from_the_subject_of_a_sentence() {
    let lines = ["工作情况通报", "9月份,江阴12345热线共受理诉求171件。"];
    assert_eq!(
        resolve_lines(&lines),
        Some(("江阴市".into(), Some(320281), "text"))
    );
}

#[test]
fn jurisdiction_from_the_subdivisions_listed() {
    let lines = [
        "二季度热线运行情况通报",
        "各县市区中排在前五位的是:岳阳县、岳阳楼区、湘阴县、汨罗市和临湘市。",
    ];
    assert_eq!(
        resolve_lines(&lines).map(|j| (j.0, j.2)),
        Some(("岳阳市".into(), "subdivisions"))
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
        "欢迎访问山东省环境保护科学研究设计院网站",
        "关于2017年全国12369环保举报工作情况的通报",
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
        "有川投水务集团大英分公司、环保局等3个单位满意率低于85%。",
    ];
    assert_eq!(
        resolve_lines(&lines).map(|j| (j.0, j.2)),
        Some(("大英县".into(), "unit_names"))
    );
}

#[test]
fn jurisdiction_handles_provinces_functional_areas_and_former_names() {
    assert_eq!(
        name(&["2023年9月四川省群众诉求情况分析"]).as_deref(),
        Some("四川省")
    );
    let j = resolve(&DocText {
        title: Some("渭南高新区12345热线月报"),
        lines: vec!["渭南高新区12345热线月报"],
        ..DocText::default()
    })
    .unwrap();
    assert_eq!(
        (j.name.as_str(), j.level),
        ("渭南高新区", Some(Level::Functional))
    );
    assert_eq!(
        resolve_lines(&["密云县2014年热线工作报告"]),
        Some(("密云县".into(), Some(110118), "title"))
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
        "c04_gaoan_12345_2023-10",
        "满意率比宜春市平均值高0.64%。",
    ))
    .unwrap();
    assert_eq!(
        (j.name.as_str(), j.source),
        ("高安市", JurisdictionSource::FileName)
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
