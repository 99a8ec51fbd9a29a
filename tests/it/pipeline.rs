//! The whole pipeline over the fixtures: every seed against the answer key, a reviewed
//! snapshot of each seed's model, the same values from every encoding, and the layouts
//! the seeds lack.

use std::collections::BTreeMap;
use std::path::Path;

use rexian::extract::extract_text;
use rexian::model::{Document, Figure};
use rexian::source::decode::decode;
use rexian::source::normalize::remove_pinyin_glosses;

const SEEDS: &[&str] = &[
    "beijing-2020-annual.txt",
    "junshan-2021-q3.txt",
    "kecheng-2019-q4.txt",
    "miyun-2022-06.txt",
    "ruzhou-2022-07.txt",
];

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("fixtures").join(name)).unwrap()
}

fn ingest_bytes(bytes: &[u8], name: &str) -> Document {
    let decoded = decode(bytes, None).unwrap();
    extract_text(&decoded.text, name, decoded.encoding)
}

fn ingest(name: &str) -> Document {
    ingest_bytes(&fixture(name), name)
}

/// Every value of a document as (table, group, unit, metric, value), in order.
fn values(doc: &Document) -> Vec<(usize, String, String, String, String)> {
    let mut out = Vec::new();
    for h in &doc.headline {
        out.push((
            0,
            String::new(),
            h.unit.clone(),
            h.value.metric.key().to_string(),
            h.value.value.to_string(),
        ));
    }
    for t in &doc.tables {
        for r in &t.rows {
            for v in &r.values {
                out.push((
                    t.index,
                    r.group.clone().unwrap_or_default(),
                    r.unit.clone(),
                    v.metric.key().to_string(),
                    v.value.to_string(),
                ));
            }
        }
    }
    out
}

type Key = (String, usize, String, String, String, String);

fn gold() -> BTreeMap<Key, usize> {
    let mut rdr = csv::Reader::from_path("tests/data/seeds.gold.csv").unwrap();
    let mut out = BTreeMap::new();
    for rec in rdr.records() {
        let r = rec.unwrap();
        let key = (
            r[0].to_string(),
            r[1].parse().unwrap(),
            r[2].to_string(),
            r[3].to_string(),
            r[4].to_string(),
            r[5].to_string(),
        );
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

#[test]
fn seeds_give_every_table_value_of_the_answer_key_and_nothing_else() {
    let gold = gold();
    for seed in SEEDS {
        let doc = ingest(seed);
        assert!(doc.warnings.is_empty(), "{seed}: {:?}", doc.warnings);
        let mut got: BTreeMap<Key, usize> = BTreeMap::new();
        for (t, g, u, m, v) in values(&doc).into_iter().filter(|v| v.0 > 0) {
            *got.entry((seed.to_string(), t, g, u, m, v)).or_insert(0) += 1;
        }
        let want: BTreeMap<Key, usize> = gold
            .iter()
            .filter(|(k, _)| k.0 == *seed && k.1 > 0)
            .map(|(k, n)| (k.clone(), *n))
            .collect();
        let missing: Vec<_> = want
            .iter()
            .filter(|(k, n)| got.get(*k) != Some(n))
            .collect();
        let extra: Vec<_> = got
            .iter()
            .filter(|(k, n)| want.get(*k) != Some(n))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{seed}: missing {missing:?}\nextra {extra:?}"
        );
    }
}

#[test]
fn seeds_give_every_headline_figure_of_the_answer_key() {
    let gold = gold();
    for seed in SEEDS {
        let doc = ingest(seed);
        let got: Vec<(String, String)> = values(&doc)
            .into_iter()
            .filter(|v| v.0 == 0)
            .map(|v| (v.3, v.4))
            .collect();
        for (k, _) in gold.iter().filter(|(k, _)| k.0 == *seed && k.1 == 0) {
            assert!(
                got.contains(&(k.4.clone(), k.5.clone())),
                "{seed}: missing headline {} = {}",
                k.4,
                k.5
            );
        }
    }
}

#[test]
fn seeds_give_their_period_and_jurisdiction() {
    let expect = [
        (
            "beijing-2020-annual.txt",
            "北京市",
            "2020",
            "2020-01-01",
            "2020-12-31",
        ),
        (
            "junshan-2021-q3.txt",
            "君山区",
            "2021-Q3",
            "2021-07-01",
            "2021-09-30",
        ),
        (
            "kecheng-2019-q4.txt",
            "柯城区",
            "2019-Q4",
            "2019-10-01",
            "2019-12-31",
        ),
        (
            "miyun-2022-06.txt",
            "密云区",
            "2022-06",
            "2022-05-19",
            "2022-06-18",
        ),
        (
            "ruzhou-2022-07.txt",
            "汝州市",
            "2022-07",
            "2022-07-01",
            "2022-07-31",
        ),
    ];
    for (seed, place, label, start, end) in expect {
        let doc = ingest(seed);
        let p = doc.period.unwrap();
        assert_eq!(doc.jurisdiction.as_deref(), Some(place), "{seed}");
        assert_eq!(
            (p.label.as_str(), p.start.to_string(), p.end.to_string()),
            (label, start.into(), end.into()),
            "{seed}"
        );
    }
}

/// A compact, reviewable view of a document: one line per row.
fn summary(doc: &Document) -> serde_json::Value {
    let fig = |f: &Figure| f.to_string();
    serde_json::json!({
        "source": doc.source,
        "encoding": doc.encoding,
        "title": doc.title,
        "jurisdiction": doc.jurisdiction,
        "jurisdiction_code": doc.jurisdiction_code,
        "jurisdiction_level": doc.jurisdiction_level,
        "jurisdiction_source": doc.jurisdiction_source,
        "period_source": doc.period_source,
        "period": doc.period.as_ref().map(|p| format!("{} {}..{} ({})", p.label, p.start, p.end, p.as_printed)),
        "headline": doc.headline.iter().map(|h| format!("{} {}={} [{}] @{}", h.unit, h.value.metric.key(), fig(&h.value.value), h.value.as_printed, h.value.at)).collect::<Vec<_>>(),
        "tables": doc.tables.iter().map(|t| serde_json::json!({
            "index": t.index,
            "title": t.title,
            "kind": t.kind,
            "header": t.header.join(" | "),
            "columns": t.columns.iter().map(|c| c.clone().unwrap_or_else(|| "-".into())).collect::<Vec<_>>().join(" | "),
            "records": t.records,
            "rows": t.rows.iter().map(|r| format!(
                "{} [{}] {}{}: {}",
                r.index,
                r.group.clone().unwrap_or_default(),
                r.unit,
                if r.unit != r.unit_raw { format!(" (printed {:?})", r.unit_raw) } else { String::new() },
                r.values.iter().map(|v| format!("{}={}", v.metric.key(), fig(&v.value))).collect::<Vec<_>>().join(" ")
            )).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "warnings": doc.warnings.iter().map(|w| format!("{}: {}", w.at, w.message)).collect::<Vec<_>>(),
    })
}

#[test]
fn seeds_match_their_reviewed_snapshots() {
    for seed in SEEDS {
        let doc = ingest(seed);
        insta::assert_json_snapshot!(seed.trim_end_matches(".txt"), summary(&doc));
    }
}

#[test]
fn seeds_give_the_same_values_in_every_encoding() {
    use encoding_rs::{BIG5, GB18030};
    for seed in SEEDS {
        let text = String::from_utf8(fixture(seed)).unwrap();
        let original = values(&ingest(seed));
        let (gbk, _, unmappable) = GB18030.encode(&text);
        assert!(!unmappable);
        let doc = ingest_bytes(&gbk, seed);
        assert_eq!(doc.encoding, "gb18030", "{seed}");
        assert_eq!(values(&doc), original, "{seed} as GB18030");
    }

    // Big5 has no letters for pinyin glosses: a Big5 original would not carry them.
    let junshan = String::from_utf8(fixture("junshan-2021-q3.txt")).unwrap();
    let plain: String = junshan
        .lines()
        .map(|l| remove_pinyin_glosses(l) + "\n")
        .collect();
    let (big5, _, unmappable) = BIG5.encode(&plain);
    assert!(!unmappable, "junshan without glosses is all Big5");
    let doc = ingest_bytes(&big5, "junshan-2021-q3.txt");
    assert_eq!(doc.encoding, "Big5");
    assert_eq!(values(&doc), values(&ingest("junshan-2021-q3.txt")));

    let beijing = String::from_utf8(fixture("beijing-2020-annual.txt")).unwrap();
    let original = values(&ingest("beijing-2020-annual.txt"));
    let mut le = vec![0xFF, 0xFE];
    le.extend(beijing.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(beijing.encode_utf16().flat_map(u16::to_be_bytes));
    for (bytes, enc) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
        let doc = ingest_bytes(&bytes, "beijing-2020-annual.txt");
        assert_eq!(doc.encoding, enc);
        assert_eq!(values(&doc), original, "beijing as {enc}");
    }
}

fn table_values(name: &str) -> Vec<(String, String, String, String)> {
    values(&ingest(name))
        .into_iter()
        .filter(|v| v.0 > 0)
        .map(|v| (v.1, v.2, v.3, v.4))
        .collect()
}

fn t(group: &str, unit: &str, metric: &str, value: &str) -> (String, String, String, String) {
    (group.into(), unit.into(), metric.into(), value.into())
}

#[test]
fn layout_side_by_side_units_become_rows() {
    let v = table_values("layouts/side-by-side.txt");
    assert_eq!(v.len(), 10);
    assert_eq!(v[6], t("", "南岭乡", "rank", "4"));
    assert_eq!(v[9], t("", "北坡镇", "score", "96.05"));
}

#[test]
fn layout_multi_row_header_groups_its_sub_columns() {
    let v = table_values("layouts/multi-row-header.txt");
    assert_eq!(
        v,
        vec![
            t("直派", "城关街道", "response_rate", "100.00"),
            t("直派", "城关街道", "satisfaction_rate", "97.50"),
            t("直派", "新华街道", "response_rate", "98.60"),
            t("转派", "城关街道", "response_rate", "99.20"),
            t("转派", "城关街道", "satisfaction_rate", "95.00"),
            t("转派", "新华街道", "response_rate", "100.00"),
            t("转派", "新华街道", "satisfaction_rate", "93.33"),
        ]
    );
}

#[test]
fn layout_blank_line_cells_are_cut_by_the_header() {
    let v = table_values("layouts/blank-line-cells.txt");
    assert_eq!(v.len(), 11);
    assert_eq!(v[0], t("", "市住建局", "handled", "412"));
    assert_eq!(v[6], t("", "市交通运输局", "rank", "2"));
    assert_eq!(v[9], t("", "市场监管局", "satisfaction_rate", "93.75"));
}

#[test]
fn layout_placeholders_give_nothing_and_a_repeated_header_is_skipped() {
    let doc = ingest("layouts/placeholders.txt");
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(doc.period.as_ref().unwrap().label, "2023-W28");
    let v = table_values("layouts/placeholders.txt");
    assert!(v.contains(&t("", "乙镇", "dissatisfied", "2")));
    assert!(!v
        .iter()
        .any(|x| x.1 == "乙镇" && (x.2 == "completion_rate" || x.2 == "score")));
    assert!(!v.iter().any(|x| x.1 == "丙镇" && x.2 == "dissatisfied"));
    assert_eq!(v.last(), Some(&t("", "合计", "dissatisfied", "2")));
    let total = doc.tables[0].rows.last().unwrap();
    assert!(total.is_total);
}
