//! Tests of the table recognizer, on small grids.

use super::*;

fn grid(rows: &[&[&str]], context: &[&str]) -> Grid {
    Grid {
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.iter()
                    .map(|t| Cell::new(*t, *t, format!("t:{}", i + 1)))
                    .collect()
            })
            .collect(),
        context: context.iter().map(|s| s.to_string()).collect(),
        at: "t:1".into(),
        ..Grid::default()
    }
}

fn values(t: &Table) -> Vec<(String, Option<String>, &'static str, String)> {
    t.rows
        .iter()
        .flat_map(|r| {
            r.values.iter().map(move |v| {
                (
                    r.unit.clone(),
                    r.group.clone(),
                    v.metric.key(),
                    v.value.to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn table_reads_a_ranking_with_title_group() {
    let g = grid(
        &[
            &["排名", "镇街", "响应率", "综合成绩"],
            &["1", "甲镇", "100.00%", "99.76"],
            &["2", "乙 镇", "98.04%", "99.1"],
        ],
        &["表1:统计表(直派)"],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(t.title.as_deref(), Some("表1:统计表(直派)"));
    assert_eq!(t.kind, TableKind::Metrics);
    let v = values(&t);
    assert_eq!(v.len(), 6);
    assert_eq!(
        v[1],
        (
            "甲镇".into(),
            Some("直派".into()),
            "response_rate",
            "100.00".into()
        )
    );
    assert_eq!(
        v[5],
        ("乙镇".into(), Some("直派".into()), "score", "99.1".into())
    );
}

#[test]
fn table_skips_a_repeated_header_and_reads_placeholders_as_nothing() {
    let g = grid(
        &[
            &["单位", "满意率", "得分"],
            &["甲镇", "/", "90"],
            &["单位", "满意率", "得分"],
            &["乙镇", "—", ""],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(t.rows.len(), 2);
    assert_eq!(
        values(&t),
        vec![("甲镇".into(), None, "score", "90".into())]
    );
}

#[test]
fn table_follows_group_column_and_section_rows() {
    let g = grid(
        &[
            &["排名", "分类", "部门", "得分"],
            &["1", "一类部门", "甲局", "99"],
            &["2", "", "乙局", "98"],
            &["1", "二类部门", "丙局", "97"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    let groups: Vec<_> = t.rows.iter().map(|r| r.group.clone().unwrap()).collect();
    assert_eq!(groups, vec!["一类部门", "一类部门", "二类部门"]);

    let g = grid(
        &[
            &["单位", "得分"],
            &["乡镇"],
            &["甲镇", "99"],
            &["区级部门"],
            &["乙局", "98"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    let groups: Vec<_> = t.rows.iter().map(|r| r.group.clone().unwrap()).collect();
    assert_eq!(groups, vec!["乡镇", "区级部门"]);
}

#[test]
fn table_marks_the_total_row() {
    let g = grid(
        &[
            &["类型", "数量(件)", "占比"],
            &["咨询类", "10", "50%"],
            &["合  计", "20", "100%"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert!(t.rows[1].is_total);
    assert_eq!(t.rows[1].unit, "合计");
    assert_eq!(t.rows[1].unit_raw, "合  计");
}

#[test]
fn table_reads_units_side_by_side() {
    let g = grid(
        &[
            &["单位", "得分", "排名", "单位", "得分", "排名"],
            &["甲镇", "99", "1", "丙镇", "97", "3"],
            &["乙镇", "98", "2", "", "", ""],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    let units: Vec<_> = t.rows.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(units, vec!["甲镇", "乙镇", "丙镇"]);
    assert_eq!(t.rows[2].values.len(), 2);
    assert_eq!(t.rows[2].values[1].value.to_string(), "3");
}

#[test]
fn table_reads_a_two_row_header_with_groups() {
    let g = grid(
        &[
            &["单位", "直派", "", "转派", ""],
            &["", "响应率", "满意率", "响应率", "满意率"],
            &["甲镇", "100%", "99%", "98%", "97%"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].group.as_deref(), Some("直派"));
    assert_eq!(
        values(&t)[3],
        (
            "甲镇".into(),
            Some("转派".into()),
            "satisfaction_rate",
            "97".into()
        )
    );
}

#[test]
fn table_reads_a_wrapped_two_row_header() {
    let g = grid(
        &[
            &["单位", "纳入", "综合"],
            &["", "考评", "成绩"],
            &["甲镇", "95", "99.1"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(t.header, vec!["单位", "纳入考评", "综合成绩"]);
    assert_eq!(values(&t).len(), 2);
}

#[test]
fn table_turns_a_points_table_into_points() {
    let g = grid(
        &[
            &["评分表", "", ""],
            &["单位", "办结率", "响应率", "附加分", "合计"],
            &["甲镇", "40", "20", "25", "85"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(t.kind, TableKind::Points);
    let keys: Vec<_> = values(&t).into_iter().map(|v| v.2).collect();
    assert_eq!(
        keys,
        vec![
            "completion_points",
            "response_points",
            "bonus_points",
            "score"
        ]
    );
}

#[test]
fn table_reads_a_total_column_of_a_rates_table_as_the_score() {
    let g = grid(
        &[
            &["单位", "办结率", "满意率", "总分"],
            &["甲镇", "99%", "98%", "97.5"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(values(&t)[2].2, "score");
    let g = grid(
        &[&["类别", "咨询", "投诉", "合计"], &["甲镇", "3", "4", "7"]],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(
        (t.kind, t.records),
        (TableKind::Unlabelled, 1),
        "a count total over unknown columns is not a score"
    );
}

#[test]
fn table_keeps_case_records_without_metrics() {
    let g = grid(
        &[
            &["单位", "工单号", "不满意原因"],
            &["甲局", "395784", "未联系"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(t.kind, TableKind::Records);
    assert_eq!(t.records, 1);
    assert!(t.rows.is_empty());
}

#[test]
fn table_reads_a_rank_list_and_rejects_a_contents_page() {
    let g = grid(
        &[&["1", "怀柔区"], &["2", "大兴区"]],
        &["各区综合成绩排名前三"],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(t.kind, TableKind::RankList);
    assert_eq!(values(&t)[1], ("大兴区".into(), None, "rank", "2".into()));
    let toc = grid(&[&["一、总体情况.....", "1"], &["二、热点.....", "6"]], &[]);
    assert!(recognize(&toc, 1, None).is_none());
}

#[test]
fn table_reports_unreadable_cells() {
    let g = grid(&[&["单位", "满意率"], &["甲镇", "很好"]], &[]);
    let r = recognize(&g, 1, None).unwrap();
    assert_eq!(r.warnings.len(), 1);
    assert!(r.warnings[0].message.contains("很好"));
}

fn stream_grid(cells: &[&str], context: &[&str]) -> Grid {
    Grid {
        rows: cells
            .iter()
            .enumerate()
            .map(|(i, t)| vec![Cell::new(*t, *t, format!("t:{}", i + 1))])
            .collect(),
        context: context.iter().map(|s| s.to_string()).collect(),
        at: "t:1".into(),
        stream: true,
        at_end: false,
    }
}

#[test]
fn table_cuts_a_stream_with_a_spanning_total_and_two_category_blocks() {
    // 受理总量 printed once over the rows; two category lists side by side; the second
    // row lost its empty leading cell, the third printed it.
    let g = stream_grid(
        &[
            "受理总量",
            "来源",
            "数量",
            "占比",
            "工单类型",
            "数量",
            "占比",
            "100",
            "电话",
            "60",
            "60%",
            "咨询类",
            "70",
            "70%",
            "网站",
            "30",
            "30%",
            "投诉类",
            "30",
            "30%",
            "",
            "信件",
            "10",
            "10%",
        ],
        &["本月受理情况"],
    );
    let found = recognize_all(&g, 1, None);
    assert_eq!(found.len(), 1);
    let v = values(&found[0].table);
    assert!(v.contains(&("合计".into(), None, "received", "100".into())));
    assert!(v.contains(&("电话".into(), Some("来源".into()), "count", "60".into())));
    assert!(v.contains(&("信件".into(), Some("来源".into()), "share", "10".into())));
    assert!(v.contains(&(
        "投诉类".into(),
        Some("工单类型".into()),
        "count",
        "30".into()
    )));
    assert_eq!(v.len(), 1 + 3 * 2 + 2 * 2);
}

#[test]
fn table_realigns_a_row_whose_empty_cells_were_dropped() {
    let g = grid(
        &[
            &[
                "渠道",
                "接受总数",
                "正式受理",
                "不予受理",
                "结案件数",
                "结案率",
                "正在办理",
            ],
            &["甲渠道", "4", "4", "4", "100%", "", ""],
            &["乙渠道", "", "", "", "", "", ""],
            &["合 计", "4", "4", "4", "100%"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    let v = values(&t);
    assert!(v.contains(&("甲渠道".into(), None, "received", "4".into())));
    assert!(v.contains(&("甲渠道".into(), None, "closed", "4".into())));
    assert!(v.contains(&("甲渠道".into(), None, "completion_rate", "100".into())));
    assert!(v.contains(&("合计".into(), None, "completion_rate", "100".into())));
    // A unit printed with every cell empty is a row, not a section label.
    assert_eq!(t.rows[1].unit, "乙渠道");
    assert!(t.rows[1].values.is_empty());
    assert_eq!(t.rows[2].group, None);
}

#[test]
fn table_counts_of_orders_are_handled_for_units_and_count_for_categories() {
    let g = grid(
        &[&["承办单位", "总件数", "办结率"], &["甲局", "5", "100%"]],
        &[],
    );
    assert_eq!(
        values(&recognize(&g, 1, None).unwrap().table)[0].2,
        "handled"
    );
    let g = grid(&[&["问题类型", "件数", "占比"], &["咨询", "5", "50%"]], &[]);
    assert_eq!(values(&recognize(&g, 1, None).unwrap().table)[0].2, "count");
}

#[test]
fn table_reads_a_three_level_header_and_drops_channel_splits() {
    let g = grid(
        &[
            &["区县", "派遣案件总数", "", "", "", ""],
            &["", "总计", "热线渠道", "", "网络渠道", ""],
            &["", "", "按时办结", "超时办结", "按时办结", "超时办结"],
            &["甲区", "30", "10", "2", "15", "3"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(
        values(&t),
        vec![("甲区".into(), None, "handled", "30".into())]
    );
}

#[test]
fn table_a_metadata_block_is_no_table() {
    let g = grid(
        &[
            &["索引号:", "123/2020", "信息分类:", "通报"],
            &["发布机构:", "某中心", "发文日期:", "2020-10-20"],
        ],
        &[],
    );
    assert!(recognize(&g, 1, None).is_none());
}

#[test]
fn table_a_subtotal_line_gives_nothing() {
    let g = grid(
        &[
            &["单位", "受理量"],
            &["甲镇", "3"],
            &["小计", "3"],
            &["合计", "3"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    let units: Vec<_> = t.rows.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(units, vec!["甲镇", "合计"]);
}

#[test]
fn table_reads_a_two_row_header_whose_merged_group_cells_were_expanded() {
    let g = grid(
        &[
            &["单位", "受理情况", "受理情况", "满意情况", "满意情况"],
            &["单位", "受理量", "办结率", "回访量", "满意率"],
            &["甲镇", "10", "100%", "8", "87.5%"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    assert_eq!(
        t.header,
        vec!["单位", "受理量", "办结率", "回访量", "满意率"]
    );
    let keys: Vec<_> = values(&t).into_iter().map(|v| v.2).collect();
    assert_eq!(
        keys,
        vec!["received", "completion_rate", "satisfaction_rate"]
    );
}

#[test]
fn table_reads_counts_in_ten_thousands_and_leaves_hours_unnamed() {
    let g = grid(
        &[
            &["地区", "受理量(万件)", "办结率", "平均办理时长(小时)"],
            &["甲市", "12.5", "99.10%", "30.5"],
            &["乙市", "3", "98.00%", "41"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    let v = values(&t);
    assert_eq!(
        v,
        vec![
            ("甲市".into(), None, "received", "125000".into()),
            ("甲市".into(), None, "completion_rate", "99.10".into()),
            ("乙市".into(), None, "received", "30000".into()),
            ("乙市".into(), None, "completion_rate", "98.00".into()),
        ]
    );
}

#[test]
fn headers_of_other_bulletins_name_their_columns() {
    use crate::extract::headers::lookup;
    use crate::source::normalize::normalize_line;
    let role = |h: &str| lookup(&normalize_line(h));
    assert_eq!(role("考评等次"), Some(Role::Metric(Metric::Grade)));
    assert_eq!(role("逾期率（%）"), Some(Role::Metric(Metric::OverdueRate)));
    assert_eq!(role("平均办结天数"), Some(Role::Metric(Metric::AvgDays)));
    assert_eq!(
        role("排名较上月变化"),
        Some(Role::Metric(Metric::RankChange))
    );
    // last month's rank is not this month's
    assert!(!matches!(role("上月排名"), Some(Role::Metric(_))));
    assert!(!matches!(role("先行联系率"), Some(Role::Metric(_))));
}

#[test]
fn table_a_category_before_the_units_names_their_groups() {
    let g = grid(
        &[
            &["类别", "单位", "办结率", "排名"],
            &["区县", "甲区", "99.5%", "1"],
            &["区县", "乙区", "98.7%", "2"],
            &["市直部门", "市水务局", "100%", "1"],
        ],
        &[],
    );
    let t = recognize(&g, 1, None).unwrap().table;
    let v = values(&t);
    assert_eq!(v.len(), 6);
    assert_eq!(
        v[0],
        (
            "甲区".into(),
            Some("区县".into()),
            "completion_rate",
            "99.5".into()
        )
    );
    assert_eq!(
        v[4],
        (
            "市水务局".into(),
            Some("市直部门".into()),
            "completion_rate",
            "100".into()
        )
    );
}

#[test]
fn table_same_compact_is_compact_then_equal() {
    for (text, compacted) in [
        ("单 位", "单位"),
        ("单\u{3000}位", "单位"),
        (" 满意率 ", "满意率"),
        ("满意率", "满意"),
        ("", ""),
        ("排名", "排 名"),
    ] {
        assert_eq!(
            super::same_compact(text, compacted),
            crate::source::normalize::compact(text) == compacted,
            "{text:?} {compacted:?}"
        );
    }
}

#[test]
fn table_figure_under_a_column_reads_as_under_its_header() {
    let headers = [
        "受理量(万件)",
        "受理量 (万)",
        "人次(万人次)",
        "个数(万个)",
        "受理量",
        "万件",
        "",
    ];
    let texts = ["12", " 1.5 ", "1,234", "3万", "12%", "", "abc", "-", "0.75"];
    for h in headers {
        for t in texts {
            for m in [Metric::Received, Metric::ResolutionRate, Metric::Score] {
                assert_eq!(
                    figure_under(t, m, headers::in_wan(h)),
                    figure_under_header(t, m, h),
                    "{t:?} under {h:?} as {m:?}"
                );
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn table_figure_under_agrees_with_its_reference(
        t in "[0-9., 万%a]{0,6}",
        h in "[受理量 ()万件人次个]{0,8}",
    ) {
        proptest::prop_assert_eq!(
            figure_under(&t, Metric::Received, headers::in_wan(&h)),
            figure_under_header(&t, Metric::Received, &h)
        );
    }
}

/// [`merge_header_rows`] as it was (each cell compacted on every look, each path cloned):
/// the reference for it.
fn merge_header_rows_old(rows: &[&Vec<Cell>]) -> (Vec<String>, Vec<Option<String>>) {
    let levels = rows.len();
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let text = |k: usize, c: usize| rows[k].get(c).map(|x| compact(&x.text)).unwrap_or_default();
    // Each column's path of (text, the column its cell was printed in), top down.
    let mut carried: Vec<Option<(String, usize)>> = vec![None; levels];
    let mut paths: Vec<Vec<(String, usize)>> = Vec::with_capacity(width);
    for col in 0..width {
        let mut path = Vec::new();
        for k in 0..levels {
            let t = text(k, col);
            let below = (k + 1..levels).any(|j| !text(j, col).is_empty());
            if !t.is_empty() {
                // A merged group cell expanded over its span repeats its text: the same
                // cell as the one to the left.
                let same = carried[k]
                    .as_ref()
                    .filter(|(text, _)| below && *text == t)
                    .cloned();
                let here = same.unwrap_or_else(|| (t.clone(), col));
                carried[k] = below.then(|| here.clone());
                for c in carried.iter_mut().skip(k + 1) {
                    *c = None;
                }
                path.push(here);
            } else if below {
                if let Some(c) = &carried[k] {
                    path.push(c.clone());
                }
            }
        }
        paths.push(path);
    }
    let span = |origin: &(String, usize)| paths.iter().filter(|p| p.contains(origin)).count();
    let mut header = Vec::with_capacity(width);
    let mut tops = Vec::with_capacity(width);
    for path in &paths {
        let mut path = path.clone();
        let mut name = path.pop().map(|(t, _)| t).unwrap_or_default();
        // A cell merged down its rows, expanded, repeats its text: one cell.
        while path.last().is_some_and(|p| p.0 == name) {
            path.pop();
        }
        if let Some(parent) = path.last() {
            let joined = format!("{}{name}", parent.0);
            let parent_counts = matches!(
                headers::lookup(&parent.0),
                Some(Role::Metric(_) | Role::Orders)
            );
            if span(parent) == 1
                || headers::lookup_exact(&joined).is_some()
                || headers::lookup(&name).is_none() && headers::lookup(&joined).is_some()
            {
                name = joined;
                path.pop();
            } else if headers::is_total_name(&name) && parent_counts {
                name = parent.0.clone();
                path.pop();
            }
        }
        header.push(name);
        let groups: Vec<String> = path.into_iter().map(|(t, _)| t).collect();
        tops.push((!groups.is_empty()).then(|| groups.join("/")));
    }
    (header, tops)
}

/// The lines of the samples that hold pipes as rows, each cell a piece between pipes.
fn sample_pipe_rows() -> Vec<Vec<Cell>> {
    crate::extract::sample_lines::sample_lines()
        .iter()
        .filter(|l| l.contains('|'))
        .map(|l| l.split('|').map(|t| Cell::new(t, t, "t:1")).collect())
        .collect()
}

#[test]
fn table_merge_header_rows_is_the_old_one_on_the_samples() {
    let rows = sample_pipe_rows();
    assert!(rows.len() > 1000, "{} rows", rows.len());
    // Every run of one to three lines in a row read as a header.
    for n in 1..=3 {
        for run in rows.windows(n) {
            let refs: Vec<&Vec<Cell>> = run.iter().collect();
            assert_eq!(
                merge_header_rows(&refs),
                merge_header_rows_old(&refs),
                "{run:?}"
            );
        }
    }
}

proptest::proptest! {
    #[test]
    fn table_merge_header_rows_agrees_with_its_reference(
        rows in proptest::collection::vec(
            proptest::collection::vec(
                proptest::sample::select(vec![
                    "", "", " ", "单位", "直派", "转派", "受理量", "(件)", "合计", "总计",
                    "派遣案件总数", "响应率", "满意 率", "纳入", "考评", "12345热线",
                ]),
                0..6,
            ),
            1..4,
        )
    ) {
        let rows: Vec<Vec<Cell>> = rows
            .iter()
            .map(|r| r.iter().map(|t| Cell::new(*t, *t, "t:1")).collect())
            .collect();
        let refs: Vec<&Vec<Cell>> = rows.iter().collect();
        proptest::prop_assert_eq!(merge_header_rows(&refs), merge_header_rows_old(&refs));
    }
}
