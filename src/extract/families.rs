//! Whole invented bulletins, one per family of table layout that real bulletins and their
//! mirror sites print (cell per line with and without pipes, blank-line cells, inline
//! pipes with dropped cells, units side by side, headers over two levels, traditional
//! text with pinyin glosses), read end to end: text → segments → tables → values.
//! The place and unit names are invented.

use super::extract_text;

/// Every table value of a text: (unit, metric, value).
fn values(text: &str) -> Vec<(String, String, String)> {
    let doc = extract_text(text, "t.txt", "UTF-8");
    doc.tables
        .iter()
        .flat_map(|t| {
            t.rows.iter().flat_map(|r| {
                r.values.iter().map(|v| {
                    (
                        r.unit.clone(),
                        v.metric.key().to_string(),
                        v.value.to_string(),
                    )
                })
            })
        })
        .collect()
}

fn has(v: &[(String, String, String)], unit: &str, metric: &str, value: &str) -> bool {
    v.iter()
        .any(|(u, m, x)| u == unit && m == metric && x == value)
}

#[track_caller]
fn assert_all(v: &[(String, String, String)], want: &[(&str, &str, &str)]) {
    for (u, m, x) in want {
        assert!(has(v, u, m, x), "missing {u} {m} {x} in {v:?}");
    }
    assert_eq!(v.len(), want.len(), "extra values in {v:?}");
}

#[test]
fn family_cell_per_line_without_pipes() {
    let text = "二、各单位办理情况\n各镇街工单办理情况表\n镇街\n交办量\n按时办结率\n满意度\n排位\n甲山镇\n120\n99.17%\n98.00%\n1\n乙水街道\n86\n97.67%\n96.51%\n2\n三、下一步工作\n各镇街要进一步提高办理质量。\n";
    let v = values(text);
    assert_all(
        &v,
        &[
            ("甲山镇", "handled", "120"),
            ("甲山镇", "on_time_rate", "99.17"),
            ("甲山镇", "satisfaction_rate", "98.00"),
            ("甲山镇", "rank", "1"),
            ("乙水街道", "handled", "86"),
            ("乙水街道", "on_time_rate", "97.67"),
            ("乙水街道", "satisfaction_rate", "96.51"),
            ("乙水街道", "rank", "2"),
        ],
    );
}

#[test]
fn family_cell_per_line_with_pipes_caption_and_debris() {
    let text = "各区县考核得分情况表 |\n|||||\n区县 |\n受理数量 |\n办结率 |\n考核总分 |\n名次 |\n东坡区 |\n2,315 |\n99.1% |\n96.5 |\n1 |\n西岭县 |\n1,002 |\n98.4% |\n95 |\n2 |\n说明:数据截至月底。\n";
    let v = values(text);
    assert_all(
        &v,
        &[
            ("东坡区", "received", "2315"),
            ("东坡区", "completion_rate", "99.1"),
            ("东坡区", "score", "96.5"),
            ("东坡区", "rank", "1"),
            ("西岭县", "received", "1002"),
            ("西岭县", "completion_rate", "98.4"),
            ("西岭县", "score", "95"),
            ("西岭县", "rank", "2"),
        ],
    );
}

#[test]
fn family_blank_line_cells_with_a_header_broken_over_two_lines() {
    let text = "附件\n\n单位\n\n承办件数\n\n按时\n\n反馈率\n\n满意率\n\n甲局\n\n40\n\n100%\n\n97.5%\n\n乙局\n\n12\n\n91.67%\n\n100%\n\n以上排名不分先后,请各单位对照整改,切实提高服务质量。\n";
    let v = values(text);
    assert_all(
        &v,
        &[
            ("甲局", "handled", "40"),
            ("甲局", "satisfaction_rate", "97.5"),
            ("乙局", "handled", "12"),
            ("乙局", "satisfaction_rate", "100"),
        ],
    );
}

#[test]
fn family_inline_pipes_with_dropped_and_empty_cells() {
    let text = "2024年上半年投诉受理情况汇总表 | |||||\n| 受理渠道 | 接收总数 | 不予受理 | 已结案 | 结案率 | 正在办理 |\n热线电话 | 10 | 9 | 100% | ||\n网站留言 | |||||\n合 计 | 10 | 9 | 100% |\n";
    let v = values(text);
    assert!(has(&v, "热线电话", "received", "10"), "{v:?}");
    assert!(has(&v, "热线电话", "closed", "9"), "{v:?}");
    assert!(has(&v, "热线电话", "completion_rate", "100"), "{v:?}");
    assert!(has(&v, "合计", "completion_rate", "100"), "{v:?}");
    assert!(!v.iter().any(|(u, ..)| u == "网站留言"), "{v:?}");
}

#[test]
fn family_inline_pipes_padded_with_a_leading_pipe_on_the_header_only() {
    let text = "1.各县区办理情况:\n| 承办县区 | 总件数 | 在办 | 已办结 | 办结率 | \n南湖区  | 30  | 1  | 29  | 96.67%  | \n北岸县  | 8  | 0  | 8  | 100%  | \n合计  | 38  | 1  | 37  | 97.37%  | \n2.市直部门办理情况:\n| 承办部门 | 总件数 | 在办 | 已办结 | 办结率 | \n市交通局  | 3  | 0  | 3  | 100%  | \n市水";
    let v = values(text);
    assert_all(
        &v,
        &[
            ("南湖区", "handled", "30"),
            ("南湖区", "closed", "29"),
            ("南湖区", "completion_rate", "96.67"),
            ("北岸县", "handled", "8"),
            ("北岸县", "closed", "8"),
            ("北岸县", "completion_rate", "100"),
            ("合计", "handled", "38"),
            ("合计", "closed", "37"),
            ("合计", "completion_rate", "97.37"),
            ("市交通局", "handled", "3"),
            ("市交通局", "closed", "3"),
            ("市交通局", "completion_rate", "100"),
        ],
    );
}

#[test]
fn family_units_side_by_side_in_a_stream_with_an_odd_count() {
    let text = "各区工单数量及得分排名表 |\n||||||\n排名 |\n单位 |\n得分 |\n排名 |\n单位 |\n得分 |\n1 |\n甲区 |\n99.5 |\n3 |\n丙区 |\n97 |\n2 |\n乙区 |\n98.25 |\n二、存在问题\n";
    let v = values(text);
    assert_all(
        &v,
        &[
            ("甲区", "rank", "1"),
            ("甲区", "score", "99.5"),
            ("乙区", "rank", "2"),
            ("乙区", "score", "98.25"),
            ("丙区", "rank", "3"),
            ("丙区", "score", "97"),
        ],
    );
}

#[test]
fn family_header_over_two_levels_in_inline_pipes() {
    let text = "表2 各街道诉求办理情况\n| 街道 | 本月 | | 累计 | |\n| | 受理量 | 满意率 | 受理量 | 满意率 |\n| 城东街道 | 51 | 98% | 300 | 97.5% |\n";
    let v = values(text);
    assert!(has(&v, "城东街道", "received", "51"), "{v:?}");
    assert!(has(&v, "城东街道", "received", "300"), "{v:?}");
    assert!(has(&v, "城东街道", "satisfaction_rate", "97.5"), "{v:?}");
    assert_eq!(v.len(), 4);
}

#[test]
fn family_traditional_with_pinyin_glosses() {
    let text = "關(guān)于熱線辦理情況的通報(bào)\n序號(hào) |\n承辦單(dān)位 |\n辦結(jié)率 |\n群眾滿意率 |\n評(píng)分 |\n1 |\n東(dōng)城街道 |\n99.50% |\n98.10% |\n99.2 |\n2 |\n西湖鎮(zhèn) 政府 |\n100.00% |\n97.00% |\n98.80 |\n";
    let v = values(text);
    assert_all(
        &v,
        &[
            ("东城街道", "completion_rate", "99.50"),
            ("东城街道", "satisfaction_rate", "98.10"),
            ("东城街道", "score", "99.2"),
            ("西湖镇政府", "completion_rate", "100.00"),
            ("西湖镇政府", "satisfaction_rate", "97.00"),
            ("西湖镇政府", "score", "98.80"),
        ],
    );
}

#[test]
fn family_row_cut_off_by_the_end_of_the_text_gives_nothing() {
    let text = "单位 |\n受理量 |\n满意率 |\n甲局 |\n5 |\n100% |\n乙局 |\n7 |";
    let v = values(text);
    assert_all(
        &v,
        &[
            ("甲局", "received", "5"),
            ("甲局", "satisfaction_rate", "100"),
        ],
    );
}

#[test]
fn family_metadata_blocks_and_case_lists_give_no_values() {
    let text = "索 引 号: | 000/2024-001 | 发布日期: | 2024-05-01 |\n---|---|---|---|\n发布机构: | 某市热线中心 | 文号: | |\n工单编号 |\n诉求内容 |\n承办单位 |\n20240501 |\n路灯不亮 |\n城管局 |\n";
    assert!(values(text).is_empty());
}

#[test]
fn family_inline_pipes_with_units_of_measure_under_the_header() {
    let text =
        "| 单位 | 受理量 | 满意率 |\n| | (件) | (%) |\n| 甲局 | 5 | 99 |\n| 乙局 | 7 | 98.5 |\n";
    assert_all(
        &values(text),
        &[
            ("甲局", "received", "5"),
            ("甲局", "satisfaction_rate", "99"),
            ("乙局", "received", "7"),
            ("乙局", "satisfaction_rate", "98.5"),
        ],
    );
}

#[test]
fn family_inline_header_wrapped_onto_a_second_row() {
    let text = "| 单位 | 按期 | 群众 |\n| | 办结率 | 满意率 |\n| 甲局 | 97% | 99% |\n";
    assert_all(
        &values(text),
        &[
            ("甲局", "on_time_rate", "97"),
            ("甲局", "satisfaction_rate", "99"),
        ],
    );
}

#[test]
fn family_cell_per_line_pipes_with_a_cell_broken_over_two_lines() {
    let text = "序号 |\n承办单位 |\n办结率 |\n评分 |\n1 |\n东湖区 |\n99.5% |\n98.5 |\n2 |\n西山沿江经济\n技术开发区 |\n100% |\n99 |\n下文\n";
    assert_all(
        &values(text),
        &[
            ("东湖区", "completion_rate", "99.5"),
            ("东湖区", "score", "98.5"),
            ("西山沿江经济技术开发区", "completion_rate", "100"),
            ("西山沿江经济技术开发区", "score", "99"),
        ],
    );
}

#[test]
fn family_cell_per_line_header_over_two_levels_with_an_unknown_sub_column() {
    let text = "各单位情况表 |\n单位 |\n工单情况 |\n满意情况 |\n受理量 |\n办结率 |\n回访量 |\n满意率 |\n甲局 |\n10 |\n100% |\n8 |\n87.5% |\n乙局 |\n5 |\n80% |\n5 |\n100% |\n";
    assert_all(
        &values(text),
        &[
            ("甲局", "received", "10"),
            ("甲局", "completion_rate", "100"),
            ("甲局", "satisfaction_rate", "87.5"),
            ("乙局", "received", "5"),
            ("乙局", "completion_rate", "80"),
            ("乙局", "satisfaction_rate", "100"),
        ],
    );
}

#[test]
fn family_blank_line_cells_with_thousands_separators_in_traditional() {
    let text = "關(guān)於熱線辦理情況的通報(bào)\n\n單(dān)位名稱(chēng)\n\n來電(diàn)量\n\n辦結(jié)率\n\n甲局\n\n1,203\n\n99.92%\n\n乙局\n\n987\n\n100.00%\n\n以上數據由熱線中心統計，請各單位認真對照。\n";
    assert_all(
        &values(text),
        &[
            ("甲局", "calls", "1203"),
            ("甲局", "completion_rate", "99.92"),
            ("乙局", "calls", "987"),
            ("乙局", "completion_rate", "100.00"),
        ],
    );
}

#[test]
fn family_tied_ranks_are_ranks() {
    let text = "| 排名 | 部门 | 综合成绩 |\n| 1 | 甲局 | 99.5 |\n| 并列2 | 乙局 | 98 |\n| 并列2 | 丙局 | 98 |\n";
    let v = values(text);
    assert!(
        has(&v, "乙局", "rank", "2") && has(&v, "丙局", "rank", "2"),
        "{v:?}"
    );
}

#[test]
fn family_stream_whose_first_header_cell_is_unknown() {
    let text = "月份 |\n受理量 |\n办结率 |\n1月 |\n100 |\n99% |\n2月 |\n120 |\n98.5% |\n";
    assert_all(
        &values(text),
        &[
            ("1月", "received", "100"),
            ("1月", "completion_rate", "99"),
            ("2月", "received", "120"),
            ("2月", "completion_rate", "98.5"),
        ],
    );
}

#[test]
fn family_cell_per_line_pipes_with_the_caption_after_the_table() {
    let text = "单位 |\n受理量 |\n满意率 |\n甲局 |\n5 |\n100% |\n乙局 |\n7 |\n98% |\n表3 各局受理情况 |\n三、下步工作\n";
    let doc = super::extract_text(text, "t.txt", "UTF-8");
    assert_eq!(doc.tables.len(), 1);
    let units: Vec<&str> = doc.tables[0].rows.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(units, vec!["甲局", "乙局"]);
}

#[test]
fn family_stream_with_its_header_repeated_after_a_page_break() {
    let text = "街道 |\n\n受理量 |\n\n满意率 |\n\n东湖街道 |\n\n210 |\n\n97.14% |\n\n街道 |\n\n受理量 |\n\n满意率 |\n\n南湖街道 |\n\n95 |\n\n— |\n\n说明:满意率为回访满意率,下同,以此为准。\n";
    let doc = super::extract_text(text, "t.txt", "UTF-8");
    assert_eq!(doc.tables.len(), 1, "the same table goes on");
    let v = values(text);
    assert_all(
        &v,
        &[
            ("东湖街道", "received", "210"),
            ("东湖街道", "satisfaction_rate", "97.14"),
            ("南湖街道", "received", "95"),
        ],
    );
}

#[test]
fn family_tab_rows_with_a_header_over_two_levels() {
    let text = "各镇街考核情况表\n镇街\t受理情况\t\t满意情况\t\n\t受理量\t办结率\t回访量\t满意率\n甲镇\t100\t99%\t80\t97.5%\n";
    assert_all(
        &values(text),
        &[
            ("甲镇", "received", "100"),
            ("甲镇", "completion_rate", "99"),
            ("甲镇", "satisfaction_rate", "97.5"),
        ],
    );
}

#[test]
fn family_cell_per_line_with_every_header_cell_broken_and_a_note_on_some_rows() {
    // `受理` / `工单数` is one header broken over two lines, not 受理 over five columns;
    // the note column is printed only where a row has a note, and a count is never a rate.
    let text = "各县区工单办理情况统计表\n县区\n受理\n工单数\n按期\n办结率\n回访\n满意率\n综合\n得分\n排名\n备注\n东岭县\n1,203\n98.5%\n95.1%\n96.32\n1\n西塘县\n980\n97.2%\n96.0%\n95.87\n2\n新设\n北川区\n765\n96.8%\n93.4%\n94.10\n3\n\n注：综合得分按各项加权计算。\n";
    let v = values(text);
    let mut want = Vec::new();
    for (unit, received, on_time, satisfied, score, rank) in [
        ("东岭县", "1203", "98.5", "95.1", "96.32", "1"),
        ("西塘县", "980", "97.2", "96.0", "95.87", "2"),
        ("北川区", "765", "96.8", "93.4", "94.10", "3"),
    ] {
        want.push((unit, "received", received));
        want.push((unit, "on_time_rate", on_time));
        want.push((unit, "satisfaction_rate", satisfied));
        want.push((unit, "score", score));
        want.push((unit, "rank", rank));
    }
    assert_all(&v, &want);
}

#[test]
fn family_space_separated_units_side_by_side_with_a_short_last_row() {
    // Text copied from a PDF: cells one space apart, two units to a row, the last row
    // holding one; the header's words run together are also a known header.
    let text = "各乡镇综合得分排名\n排名 乡镇 综合得分 排名 乡镇 综合得分\n1 东岭镇 98.52 4 南坪乡 95.10\n2 西塘镇 97.88 5 北川乡 94.77\n3 中和镇 97.01\n";
    let v = values(text);
    let mut want = Vec::new();
    for (unit, rank, score) in [
        ("东岭镇", "1", "98.52"),
        ("西塘镇", "2", "97.88"),
        ("中和镇", "3", "97.01"),
        ("南坪乡", "4", "95.10"),
        ("北川乡", "5", "94.77"),
    ] {
        want.push((unit, "rank", rank));
        want.push((unit, "score", score));
    }
    assert_all(&v, &want);
}

#[test]
fn family_space_separated_header_whose_words_run_together_name_a_header() {
    let text = "排名 单位 满意率 得分\n1 甲镇 99.5% 98.1\n2 乙镇 97% 96\n";
    let v = values(text);
    assert_all(
        &v,
        &[
            ("甲镇", "rank", "1"),
            ("甲镇", "satisfaction_rate", "99.5"),
            ("甲镇", "score", "98.1"),
            ("乙镇", "rank", "2"),
            ("乙镇", "satisfaction_rate", "97"),
            ("乙镇", "score", "96"),
        ],
    );
}
