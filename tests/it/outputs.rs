//! The outputs as an analyst, a researcher and a journalist use them: stable units.csv
//! columns, numbers in `value`, faithful CSV by default and a spreadsheet-safe form, the
//! workbook (read back with calamine), summary.csv, the same bulletin in several formats,
//! Chinese headers and messages, and the HTML report (parsed with scraper).

use std::fs;
use std::path::Path;
use std::process::Command as Std;

use calamine::{open_workbook, Data, Reader, Xlsx};
use predicates::str::contains;

use crate::common::{read, rexian};

fn records(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(p).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// A bulletin whose unit names a spreadsheet would run as formulas.
const EVIL: &str = "某区热线2023年5月通报\n单位 | 满意率 | 综合成绩 | 环比 |\n=HYPERLINK(\"http://x\",\"点我\") | 99.5% | 98.10 | -2.5% |\n@SUM(A1) | 97% | 96.00 | +1.0% |\n-2+3+cmd | 95% | 95.00 | - |\n";

#[test]
fn outputs_units_columns_never_depend_on_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (input, out) in [
        ("fixtures/junshan-2021-q3.txt", &a),
        ("fixtures/layouts/placeholders.txt", &b),
    ] {
        rexian()
            .args(["ingest", input, "-o"])
            .arg(out)
            .assert()
            .success();
    }
    let (ha, rows) = records(&a.join("units.csv"));
    let (hb, _) = records(&b.join("units.csv"));
    assert_eq!(ha, hb, "the same columns for every input");
    let metrics_at = ha.iter().position(|c| c == "received").unwrap();
    let keys: Vec<&str> = rexian::model::Metric::ALL.iter().map(|m| m.key()).collect();
    assert_eq!(&ha[metrics_at..metrics_at + keys.len()], &keys[..]);
    assert_eq!(
        &ha[metrics_at + keys.len()..],
        [
            "score_computed",
            "rank_computed",
            "grade_computed",
            "is_total",
            "table_kind"
        ]
    );
    let total = rows.iter().find(|r| r[11] == "合计").unwrap();
    assert_eq!(total[ha.len() - 2], "true");
    assert_eq!(total[ha.len() - 1], "metrics");
    // datapackage.json says the same.
    let pkg: serde_json::Value = serde_json::from_str(&read(&a.join("datapackage.json"))).unwrap();
    let units = pkg["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "units")
        .unwrap();
    let names: Vec<&str> = units["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ha);
}

#[test]
fn outputs_value_is_a_number_and_a_grade_is_text() {
    let dir = tempfile::tempdir().unwrap();
    rexian()
        .args(["ingest", "fixtures/junshan-2021-q3.txt", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let (h, rows) = records(&dir.path().join("metrics.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (metric, value, text) = (col("metric"), col("value"), col("text"));
    let mut grades = 0;
    for r in &rows {
        if r[metric] == "grade" {
            grades += 1;
            assert!(r[value].is_empty() && !r[text].is_empty(), "{r:?}");
        } else {
            assert!(
                rust_decimal::Decimal::from_str_exact(&r[value]).is_ok(),
                "{r:?}"
            );
        }
    }
    assert!(grades > 20);
    let pkg: serde_json::Value =
        serde_json::from_str(&read(&dir.path().join("datapackage.json"))).unwrap();
    let fields = pkg["resources"][0]["schema"]["fields"].as_array().unwrap();
    let ty = |n: &str| {
        fields.iter().find(|f| f["name"] == n).unwrap()["type"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(ty("value"), "number");
    assert_eq!(ty("text"), "string");
}

#[test]
fn outputs_default_csv_is_as_read_and_excel_csv_is_safe() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.txt");
    fs::write(&evil, EVIL).unwrap();
    // stdin and a formula-like unit, faithful by default.
    let out = rexian()
        .args(["ingest", "-"])
        .write_stdin(EVIL)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert!(rows.iter().all(|x| &x[0] == "-"), "source stays -");
    assert!(rows.iter().all(|x| x[15].starts_with("-:")), "at stays -:N");
    assert!(rows
        .iter()
        .any(|x| &x[11] == "=HYPERLINK(\"http://x\",\"点我\")"));
    assert!(rows.iter().any(|x| &x[14] == "-2.5%"), "as printed");

    let plain = dir.path().join("plain");
    let excel = dir.path().join("excel");
    rexian()
        .args(["ingest", "-o"])
        .arg(&plain)
        .arg(&evil)
        .assert()
        .success();
    rexian()
        .args(["ingest", "--excel", "-o"])
        .arg(&excel)
        .arg(&evil)
        .assert()
        .success();
    assert!(read(&plain.join("units.csv")).starts_with("source,"));
    assert!(fs::read(excel.join("units.csv"))
        .unwrap()
        .starts_with(b"\xEF\xBB\xBFsource,"));
    // Read back with Python's csv module, as a script would.
    let script = r#"
import csv, sys
for path, enc in ((sys.argv[1], "utf-8"), (sys.argv[2], "utf-8-sig")):
    for r in csv.DictReader(open(path, encoding=enc, newline="")):
        print(r["unit"], r["mom_change"], r["score"], sep="\t")
"#;
    let py = match Std::new("python3")
        .arg("-c")
        .arg(script)
        .arg(plain.join("units.csv"))
        .arg(excel.join("units.csv"))
        .output()
    {
        Ok(o) if o.status.success() => String::from_utf8(o.stdout).unwrap(),
        _ => {
            eprintln!("skipped: python3 is not here to read the CSV back");
            return;
        }
    };
    let lines: Vec<&str> = py.lines().collect();
    assert_eq!(
        lines,
        [
            "=HYPERLINK(\"http://x\",\"点我\")\t-2.5\t98.10",
            "@SUM(A1)\t1.0\t96.00",
            "-2+3+cmd\t\t95.00",
            "'=HYPERLINK(\"http://x\",\"点我\")\t-2.5\t98.10",
            "'@SUM(A1)\t1.0\t96.00",
            "'-2+3+cmd\t\t95.00",
        ]
    );
}

fn cell<'a>(range: &'a calamine::Range<Data>, header: &str, unit: &str) -> &'a Data {
    let rows: Vec<&[Data]> = range.rows().collect();
    let col = rows[0]
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == header))
        .unwrap_or_else(|| panic!("no column {header}"));
    let unit_col = rows[0]
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == "单位"))
        .unwrap();
    let row = rows
        .iter()
        .find(|r| matches!(&r[unit_col], Data::String(s) if s == unit))
        .unwrap_or_else(|| panic!("no row {unit}"));
    &row[col]
}

#[test]
fn outputs_workbook_opens_with_calamine_with_its_types() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.txt");
    fs::write(&evil, EVIL).unwrap();
    let out = dir.path().join("out");
    rexian()
        .args(["ingest", "fixtures/junshan-2021-q3.txt", "--xlsx", "-o"])
        .arg(&out)
        .arg(&evil)
        .assert()
        .success();
    let mut wb: Xlsx<_> = open_workbook(out.join("rexian.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["汇总", "单位", "指标", "核查", "错误", "说明"]
    );
    let units = wb.worksheet_range("单位").unwrap();
    // Counts and rates are numbers, grades text, a total line a boolean, dates dates.
    assert_eq!(cell(&units, "应办理", "交警君山大队"), &Data::Float(3.0));
    assert_eq!(cell(&units, "综合得分", "交警君山大队"), &Data::Float(93.4));
    assert_eq!(
        cell(&units, "复算得分", "交警君山大队"),
        &Data::Float(93.33)
    );
    assert_eq!(cell(&units, "满意率", "交警君山大队"), &Data::Float(100.0));
    assert_eq!(
        cell(&units, "等级", "交警君山大队"),
        &Data::String("A".into())
    );
    assert_eq!(cell(&units, "合计行", "合计"), &Data::Bool(true));
    assert!(matches!(
        cell(&units, "起始日期", "交警君山大队"),
        Data::DateTime(_)
    ));
    assert_eq!(
        cell(&units, "表类型", "交警君山大队"),
        &Data::String("指标表".into())
    );
    // The formula-like names are strings, unchanged; no cell holds a formula.
    let name = "=HYPERLINK(\"http://x\",\"点我\")";
    assert_eq!(cell(&units, "单位原文", name), &Data::String(name.into()));
    for sheet in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has no formula"
        );
    }
    let checks = wb.worksheet_range("核查").unwrap();
    let rows: Vec<&[Data]> = checks.rows().collect();
    assert_eq!(rows[0][0], Data::String("来源文件".into()));
    assert!(rows
        .iter()
        .any(|r| r[6] == Data::Float(93.4) && r[7] == Data::Float(93.33)));
    let summary = wb.worksheet_range("汇总").unwrap();
    assert_eq!(summary.rows().count(), 1 + 2);
    // Styles: the percent format keeps the value, the risky names are marked as text.
    let mut zip = zip::ZipArchive::new(fs::File::open(out.join("rexian.xlsx")).unwrap()).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(
        styles.contains("formatCode=\"0.00&quot;%&quot;\""),
        "{styles}"
    );
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
}

#[test]
fn outputs_workbook_is_byte_identical_from_run_to_run_and_goes_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        rexian()
            .args([
                "ingest",
                "fixtures/miyun-2022-06.txt",
                "fixtures/sheets/ruzhou-2022-07.xlsx",
                "--xlsx",
                "-o",
            ])
            .arg(out)
            .assert()
            .success();
    }
    assert_eq!(
        fs::read(a.join("rexian.xlsx")).unwrap(),
        fs::read(b.join("rexian.xlsx")).unwrap()
    );
    let piped = rexian()
        .args([
            "ingest",
            "fixtures/miyun-2022-06.txt",
            "fixtures/sheets/ruzhou-2022-07.xlsx",
            "--format",
            "xlsx",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(piped, fs::read(a.join("rexian.xlsx")).unwrap());
}

#[test]
fn outputs_summary_has_a_row_per_document_with_the_headline_figures() {
    let dir = tempfile::tempdir().unwrap();
    rexian()
        .args(["ingest", "-o"])
        .arg(dir.path())
        .args([
            "fixtures/beijing-2020-annual.txt",
            "fixtures/junshan-2021-q3.txt",
            "fixtures/kecheng-2019-q4.txt",
            "fixtures/miyun-2022-06.txt",
            "fixtures/ruzhou-2022-07.txt",
        ])
        .assert()
        .success();
    let (h, rows) = records(&dir.path().join("summary.csv"));
    assert_eq!(rows.len(), 5);
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let get =
        |seed: &str, n: &str| rows.iter().find(|r| r[0].contains(seed)).unwrap()[col(n)].clone();
    assert_eq!(get("beijing", "received"), "11039400");
    assert_eq!(get("beijing", "handled"), "4487100");
    assert_eq!(get("junshan", "received"), "2848");
    assert_eq!(get("junshan", "score"), "98.3");
    assert_eq!(get("junshan", "grade"), "A");
    assert_eq!(get("junshan", "checks_failed"), "3");
    assert_eq!(get("junshan", "profiles"), "yueyang");
    assert_eq!(get("miyun", "received"), "17190");
    assert_eq!(get("miyun", "satisfaction_rate"), "95.41");
    assert_eq!(get("miyun", "jurisdiction_code"), "110118");
    assert_eq!(get("miyun", "period"), "2022-06");
    assert_eq!(get("kecheng", "received"), "10701");
    assert_eq!(get("ruzhou", "received"), "4480");
    assert_eq!(get("ruzhou", "tables"), "4");
    assert_eq!(get("ruzhou", "values"), "251");
    assert_eq!(get("ruzhou", "encoding"), "UTF-8");
    assert_eq!(get("ruzhou", "same_as"), "");
}

#[test]
fn outputs_the_same_bulletin_in_another_format_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    rexian()
        .args([
            "ingest",
            "fixtures/junshan-2021-q3.txt",
            "fixtures/sheets/junshan-2021-q3.xlsx",
            "fixtures/pdf/junshan-2021-q3.ttf-ruled.pdf",
            "fixtures/miyun-2022-06.txt",
            "-o",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let errors = read(&dir.path().join("errors.csv"));
    for copy in ["junshan-2021-q3.xlsx", "junshan-2021-q3.ttf-ruled.pdf"] {
        assert!(
            errors.lines().any(|l| l.contains(copy)
                && l.contains(",note,")
                && l.contains("the same bulletin as fixtures/junshan-2021-q3.txt")),
            "{errors}"
        );
    }
    assert!(!errors.contains("miyun"), "{errors}");
    let (h, rows) = records(&dir.path().join("summary.csv"));
    let same = h.iter().position(|c| c == "same_as").unwrap();
    let named: Vec<&str> = rows.iter().map(|r| r[same].as_str()).collect();
    assert_eq!(
        named
            .iter()
            .filter(|s| **s == "fixtures/junshan-2021-q3.txt")
            .count(),
        2
    );
}

#[test]
fn outputs_split_periods_share_one_set_of_columns() {
    let dir = tempfile::tempdir().unwrap();
    rexian()
        .args(["ingest", "fixtures", "--split", "period", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let mut headers = std::collections::BTreeSet::new();
    let mut months = 0;
    for e in fs::read_dir(dir.path()).unwrap() {
        let p = e.unwrap().path();
        for f in ["units.csv", "metrics.csv", "summary.csv"] {
            if p.join(f).is_file() {
                headers.insert((f, read(&p.join(f)).lines().next().unwrap().to_string()));
            }
        }
        months += usize::from(p.join("units.csv").is_file());
    }
    assert!(months >= 9, "{months}");
    assert_eq!(headers.len(), 3, "one header per file kind: {headers:?}");
}

#[test]
fn outputs_chinese_headers_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    rexian()
        .args([
            "ingest",
            "fixtures/junshan-2021-q3.txt",
            "--headers",
            "zh",
            "--lang",
            "zh",
            "-o",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(contains("rexian：1 份通报"));
    let units = read(&dir.path().join("units.csv"));
    assert!(
        units.starts_with("来源文件,地区,区划代码,行政级别,期间,"),
        "{units}"
    );
    assert!(units.lines().next().unwrap().contains(",满意率,"));
    let checks = read(&dir.path().join("checks.csv"));
    assert!(checks.starts_with("来源文件,表序号,"));
    assert!(
        checks.contains("completion = 办理 / 应办理 = 1"),
        "{checks}"
    );
    assert!(checks.contains("正文为 75件；表的合计行"), "{checks}");
    let pkg: serde_json::Value =
        serde_json::from_str(&read(&dir.path().join("datapackage.json"))).unwrap();
    let units_fields = pkg["resources"][1]["schema"]["fields"].as_array().unwrap();
    assert_eq!(units_fields[0]["name"], "来源文件");
    assert_eq!(units_fields[0]["title"], "source");
    // `check` in Chinese, from the flag or from the locale.
    rexian()
        .args(["check", "--lang", "zh", "fixtures/miyun-2022-06.txt"])
        .assert()
        .code(1)
        .stdout(contains("1 处不一致"))
        .stdout(contains(
            "排名　表1［直派］ 东邵渠镇 排名：印发 17，复算 18",
        ));
    rexian()
        .env("LANG", "zh_CN.UTF-8")
        .args(["check", "fixtures/ruzhou-2022-07.txt"])
        .assert()
        .code(1)
        .stdout(contains(
            "占比：印发 33.8，复算 33.7（1511 / 4480 = 33.7277%）",
        ));
    rexian()
        .env("LANG", "zh_CN.UTF-8")
        .args(["ingest", "no/such/folder"])
        .assert()
        .code(2)
        .stderr(contains("错误：没有这个文件或文件夹：no/such/folder"));
}

/// The text of the elements `selector` picks.
fn texts(page: &scraper::Html, selector: &str) -> Vec<String> {
    let s = scraper::Selector::parse(selector).unwrap();
    page.select(&s)
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[test]
fn outputs_report_shows_the_disagreements_with_their_arithmetic() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let seeds = [
        "fixtures/beijing-2020-annual.txt",
        "fixtures/junshan-2021-q3.txt",
        "fixtures/kecheng-2019-q4.txt",
        "fixtures/miyun-2022-06.txt",
        "fixtures/ruzhou-2022-07.txt",
    ];
    rexian()
        .arg("report")
        .args(seeds)
        .arg("-o")
        .arg(&html)
        .assert()
        .success();
    let text = read(&html);
    let page = scraper::Html::parse_document(&text);
    assert_eq!(
        texts(&page, "html[lang=zh-CN] h1"),
        ["12345 热线通报核查报告"]
    );
    // Self-contained: no script, nothing fetched.
    assert!(texts(&page, "script").is_empty());
    for attr in ["src", "href"] {
        let s = scraper::Selector::parse(&format!("[{attr}]")).unwrap();
        for e in page.select(&s) {
            let v = e.value().attr(attr).unwrap();
            assert!(v.starts_with('#'), "{attr}={v}");
        }
    }
    let checks = texts(&page, "div.check");
    assert_eq!(checks.len(), 5, "{checks:#?}");
    let find = |needle: &[&str]| {
        checks
            .iter()
            .find(|c| needle.iter().all(|n| c.contains(n)))
            .unwrap_or_else(|| panic!("no check with {needle:?}: {checks:#?}"))
            .clone()
    };
    // Junshan: the 岳阳 formula over the row's own counts.
    let score = find(&["交警君山大队", "综合得分：印发 93.40，复算 93.33"]);
    assert!(score.contains("办结率×30"), "{score}");
    assert!(
        score.contains("rework_share = 返工 / 办理 = 1 / 3 = 0.3333"),
        "{score}"
    );
    assert!(
        score.contains("= 1 × 30 + 1 × 30 + (1 - 0.3333) × 20 + 1 × 20 = 93.33"),
        "{score}"
    );
    // Junshan: the prose against the total line.
    find(&["满意：正文 75，表格 72", "称满意为 75件"]);
    find(&["按期办结率：正文 100，表格 97.40"]);
    // Miyun: the rank the printed scores give.
    let rank = find(&["东邵渠镇", "排名：印发 17，复算 18"]);
    assert!(rank.contains("高于它的有 17 行"), "{rank}");
    // Ruzhou: a share of the printed total.
    find(&["占比：印发 33.8，复算 33.7", "1511 / 4480 = 33.7277%"]);
    // The contradicted cells are highlighted in their tables.
    let bad = texts(&page, "table.data td.bad");
    assert_eq!(bad.len(), 5, "{bad:?}");
    assert!(bad
        .iter()
        .any(|c| c.starts_with("93.40") && c.contains("复算 93.33")));
    assert!(bad
        .iter()
        .any(|c| c.starts_with("17") && c.contains("复算 18")));
    // Headline figures and a chart per ranking table.
    assert!(texts(&page, "table.headline td")
        .iter()
        .any(|c| c == "17190"));
    let charts = texts(&page, "figure.chart figcaption");
    assert!(charts.len() >= 3, "{charts:?}");
    let s = scraper::Selector::parse("svg rect.bad").unwrap();
    assert!(
        page.select(&s).count() >= 2,
        "the contradicted rows' bars are red"
    );
    assert_eq!(texts(&page, "#overview tbody tr").len(), 5);

    // The same page from an output folder of `ingest -o`, and from `check --html`.
    let out = dir.path().join("out");
    rexian()
        .arg("ingest")
        .args(seeds)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let from_dir = dir.path().join("from-dir.html");
    rexian()
        .arg("report")
        .arg(&out)
        .arg("-o")
        .arg(&from_dir)
        .assert()
        .success();
    assert_eq!(read(&from_dir), text);
    let from_check = dir.path().join("from-check.html");
    rexian()
        .arg("check")
        .args(seeds)
        .arg("--html")
        .arg(&from_check)
        .assert()
        .code(1);
    assert_eq!(read(&from_check), text);
}

#[test]
fn outputs_report_names_the_other_formats_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    rexian()
        .args(["ingest", "fixtures", "--split", "period", "-o"])
        .arg(&out)
        .assert()
        .success();
    let page = rexian()
        .arg("report")
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page = scraper::Html::parse_document(&String::from_utf8(page).unwrap());
    assert_eq!(texts(&page, "#overview tbody tr").len(), 58);
    assert_eq!(texts(&page, "p.same").len(), 49);
    // Each disagreement once, whatever the number of its forms.
    let findings = texts(&page, "ol.findings li");
    assert_eq!(findings.len(), 5, "{findings:#?}");
}

#[test]
fn outputs_excel_csv_opens_in_libreoffice_without_formulas() {
    if Std::new("soffice").arg("--version").output().is_err() {
        eprintln!("skipped: soffice is not here (apt-get install libreoffice-calc-nogui)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.txt");
    fs::write(&evil, EVIL).unwrap();
    let out = dir.path().join("out");
    rexian()
        .args(["ingest", "--excel", "fixtures/junshan-2021-q3.txt", "-o"])
        .arg(&out)
        .arg(&evil)
        .assert()
        .success();
    // The CSV import filter: comma, double quote, UTF-8, from line 1, … and the 13th
    // option on: formulas are evaluated on import, the worst case.
    let profile = format!("file://{}", dir.path().join("lo-profile").display());
    let conv = dir.path().join("conv");
    let run = Std::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,false,true",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&conv)
        .arg(out.join("units.csv"))
        .output()
        .unwrap();
    let converted = conv.join("units.xlsx");
    assert!(
        converted.is_file(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut wb: Xlsx<_> = open_workbook(&converted).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(
        rows[0][0],
        Data::String("source".into()),
        "no BOM in the header"
    );
    let col = |n: &str| {
        rows[0]
            .iter()
            .position(|c| matches!(c, Data::String(s) if s == n))
            .unwrap()
    };
    let (unit, title, mom) = (col("unit"), col("table_title"), col("mom_change"));
    let units: Vec<String> = rows[1..].iter().map(|r| r[unit].to_string()).collect();
    assert!(
        units.contains(&"交警君山大队".to_string()),
        "Chinese intact: {units:?}"
    );
    assert!(rows[1..]
        .iter()
        .any(|r| r[title] == Data::String("2021年三季度君山区市(区)长信箱办理综合评价表".into())));
    assert!(units.contains(&"'=HYPERLINK(\"http://x\",\"点我\")".to_string()));
    assert!(units.contains(&"'@SUM(A1)".to_string()));
    assert!(
        rows[1..].iter().any(|r| r[mom] == Data::Float(-2.5)),
        "a number stays a number"
    );
    let formulas = wb.worksheet_formula(&sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cell"
    );
}

/// documents.json is written by hand (`src/emit/json.rs`): every document of the fixtures
/// is the bytes serde_json writes for the model read back from it.
#[test]
fn outputs_documents_json_is_serde_jsons_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    rexian()
        .args(["ingest", "fixtures", "-q", "-o"])
        .arg(&out)
        .assert()
        .code(predicates::ord::le(1));
    let text = read(&out.join("documents.json"));
    let docs: Vec<rexian::model::Document> = serde_json::from_str(&text).unwrap();
    assert!(docs.len() > 10, "{} documents", docs.len());
    let by_serde: Vec<String> = docs
        .iter()
        .map(|d| serde_json::to_string(d).unwrap())
        .collect();
    assert_eq!(text, format!("[\n{}\n]\n", by_serde.join(",\n")));
}
