//! What the internet throws at rexian: a folder of bad inputs of every kind (small ones
//! kept in tests/data/bad, large ones made here at run time, never committed). Each is
//! ingested alone by the binary as a child process whose peak memory (its max RSS, from
//! `wait4`) and time are measured against a budget; then all of them together with the
//! good fixtures beside them: no panic, one errors.csv row or a valid document per file,
//! and the good files come out whole.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The most memory one case may take (max RSS of the process).
const BUDGET_RSS_MB: u64 = 512;
/// The most time one case may take.
const BUDGET_TIME: Duration = Duration::from_secs(10);

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    fs::write(dir.join(name), bytes).unwrap();
}

/// Deterministic pseudo-random bytes.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn zip(path: &Path, entries: &[(&str, &[u8])]) {
    let mut z = zip::ZipWriter::new(fs::File::create(path).unwrap());
    for (name, body) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap();
}

fn make_bad_folder(d: &Path) -> usize {
    let table = "单位 | 满意率 | 综合成绩 |\n";
    let add = |name: &str, bytes: Vec<u8>| write(d, name, bytes);
    add("01-empty.txt", vec![]);
    add("02-one-byte.txt", b"a".to_vec());
    add("03-one-high-byte.txt", vec![0xFF]);
    add("04-binary.txt", noise(4096, 7));
    add(
        "05-png-named.txt",
        [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(), &noise(512, 3)].concat(),
    );
    let mut truncated = "全区受理工单2848件，办结率100%。".as_bytes().to_vec();
    truncated.truncate(truncated.len() - 2);
    add("06-truncated-utf8.txt", truncated);
    let (gbk, _, _) = encoding_rs::GBK.encode("下半部分是GBK编码的满意率99%");
    add(
        "07-mixed-encodings.txt",
        ["上半部分是UTF-8：受理工单12件。\n".as_bytes(), &gbk].concat(),
    );
    add("08-whitespace-only.txt", b"   \n\t\n  \r\n".to_vec());
    add(
        "09-nul-in-text.txt",
        "受理工单\0\0\x0012件".as_bytes().to_vec(),
    );
    add(
        "10-utf16-without-bom.txt",
        "受理工单12件"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect(),
    );
    add(
        "11-huge-number.txt",
        format!("{table}甲镇 | 1e400 | 99.5 |\n乙镇 | 99.999999999999999999999999999999% | 98 |\n")
            .into_bytes(),
    );
    add(
        "12-negative-counts.txt",
        "单位 | 受理量 | 满意率 |\n甲镇 | -5 | 99% |\n乙镇 | 7 | 98% |\n"
            .as_bytes()
            .to_vec(),
    );
    add(
        "13-rates-over-100.txt",
        format!("{table}甲镇 | 150% | 99.5 |\n乙镇 | 101.5% | 98 |\n").into_bytes(),
    );
    add(
        "14-crlf.txt",
        format!("{table}甲镇 | 99% | 99.5 |\n乙镇 | 98% | 98 |\n")
            .replace('\n', "\r\n")
            .into_bytes(),
    );
    add(
        "15-lone-cr.txt",
        format!("{table}甲镇 | 99% | 99.5 |\n")
            .replace('\n', "\r")
            .into_bytes(),
    );
    add(
        "16-unclosed-parens.txt",
        "((((((((受理工单12件(((满意率99%)))))"
            .repeat(2000)
            .into_bytes(),
    );
    add("17-table-10k-columns.txt", {
        let header: Vec<String> = (0..10_000)
            .map(|i| {
                if i == 0 {
                    "单位".to_string()
                } else {
                    "满意率".to_string()
                }
            })
            .collect();
        let row: Vec<String> = (0..10_000)
            .map(|i| {
                if i == 0 {
                    "甲镇".to_string()
                } else {
                    format!("{}%", i % 100)
                }
            })
            .collect();
        format!("{}\n{}\n", header.join(" | "), row.join(" | ")).into_bytes()
    });
    add(
        "18-million-tiny-rows.txt",
        "1|2\n".repeat(1_000_000).into_bytes(),
    );
    add(
        "19-huge-cell.txt",
        format!(
            "{table}{} | 99% | 99.5 |\n乙镇 | 98% | 98 |\n",
            "镇".repeat(300_000)
        )
        .into_bytes(),
    );
    add(
        "20-pipes-only.txt",
        "|||||||\n| | | |\n|\n".repeat(1000).into_bytes(),
    );
    add(
        "21-deep-html.html",
        format!(
            "<html><body>{}受理工单12件{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        )
        .into_bytes(),
    );
    add("22-html-huge-spans.html", "<table><tr><td rowspan=999999 colspan=999999>单位</td><td>满意率</td></tr><tr><td>99%</td></tr></table>".repeat(20).into_bytes());
    add(
        "23-html-no-table.html",
        b"<html><body><p>nothing here</p></body></html>".to_vec(),
    );
    add(
        "24-csv-bad-quotes.csv",
        b"\"unclosed,1,2\n\"a\"b\",3\n".to_vec(),
    );
    add("25-docx-not-zip.docx", b"PK but not really a zip".to_vec());
    add("26-xlsx-random.xlsx", noise(2048, 11));
    add(
        "27-xls-random.xls",
        [
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".as_slice(),
            &noise(4096, 5),
        ]
        .concat(),
    );
    add("28-ods-random.ods", noise(1024, 13));
    for (name, bytes) in [
        (
            "29-truncated.xlsx",
            fs::read("tests/data/bad/truncated.xlsx").unwrap(),
        ),
        (
            "30-password-protected.xlsx",
            fs::read("tests/data/bad/password-protected.xlsx").unwrap(),
        ),
    ] {
        add(name, bytes);
    }
    zip(
        &d.join("31-docx-bad-xml.docx"),
        &[(
            "word/document.xml",
            b"<w:document><w:body><w:p><w:t>unclosed",
        )],
    );
    zip(&d.join("32-docx-no-document.docx"), &[("hello.txt", b"hi")]);
    zip(
        &d.join("33-ods-huge-repeats.ods"),
        &[(
            "content.xml",
            b"<office:document-content><office:body><office:spreadsheet><table:table table:name=\"s\">\
              <table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>\
              </table:table></office:spreadsheet></office:body></office:document-content>",
        )],
    );
    add(
        "34-formula-text.txt",
        "单位 | 满意率 |\n=cmd|' /C calc'!A0 | 99% |\n乙镇 | 98% |\n"
            .as_bytes()
            .to_vec(),
    );
    // Made at run time, too large to commit.
    add(
        "35-12mb-single-line.txt",
        "受理工单12件满意率99%abc ".repeat(400_000).into_bytes(),
    );
    // Past the input limit (256 MiB): refused before it is read (a sparse file, no disk).
    fs::File::create(d.join("36-300mb-sparse.txt"))
        .unwrap()
        .set_len(300 << 20)
        .unwrap();
    // Eight 28-digit counts and a total: their sum overflows a decimal.
    add("37-overflowing-sums.txt", {
        let mut t = String::from("某区热线2022年6月通报\n单位 | 受理量 | 办结量 |\n");
        for i in 0..8 {
            t.push_str(&format!("第{i}镇 | 9999999999999999999999999999 | 12 |\n"));
        }
        t.push_str("合计 | 9999999999999999999999999999 | 96 |\n");
        t.into_bytes()
    });
    // One 1 MB cell spanning 64 columns, continued by 40 vMerge rows (2 KB zipped).
    zip(
        &d.join("38-docx-span-vmerge.docx"),
        &[("word/document.xml", &{
            let mut x = String::from("<w:document xmlns:w=\"w\"><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"64\"/><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>");
            x.push_str(&"受".repeat(350_000));
            x.push_str("</w:t></w:r></w:p></w:tc></w:tr>");
            for _ in 0..40 {
                x.push_str("<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"64\"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>");
            }
            x.push_str("</w:tbl></w:body></w:document>");
            x.into_bytes()
        })],
    );
    // rowspan=1000 colspan=1000 on a 220 KB cell.
    add(
        "39-html-span-big-cell.html",
        format!(
            "<html><body><table><tr><td rowspan=1000 colspan=1000>{}</td><td>满意率</td></tr><tr><td>99%</td></tr></table></body></html>",
            "单".repeat(73_000)
        )
        .into_bytes(),
    );
    // A 300-character cell repeated 4096 × 4096 (under 1 KB zipped).
    zip(&d.join("40-ods-repeated-cell.ods"), &[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".as_slice()),
        ("content.xml", format!(
            "<office:document-content><office:body><office:spreadsheet><table:table table:name=\"s\">\
             <table:table-row table:number-rows-repeated=\"4096\"><table:table-cell table:number-columns-repeated=\"4096\" office:value-type=\"string\"><text:p>{}</text:p></table:table-cell></table:table-row>\
             </table:table></office:spreadsheet></office:body></office:document-content>",
            "x".repeat(300)
        ).as_bytes()),
    ]);
    // 16 sheets of 70 000 cells each: past the cells one document may hold.
    xlsx_many_sheets(&d.join("41-xlsx-16-sheets.xlsx"), 16, 70_000);
    // A worksheet beside a chart sheet: the worksheet is read.
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, row) in [["单位", "受理量"], ["甲镇", "12"], ["乙镇", "7"]]
            .iter()
            .enumerate()
        {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
        let mut chart = rust_xlsxwriter::Chart::new(rust_xlsxwriter::ChartType::Column);
        chart.add_series().set_values("Sheet1!$B$2:$B$3");
        wb.add_chartsheet().insert_chart(0, 0, &chart).unwrap();
        wb.save(d.join("42-xlsx-chart-sheet.xlsx")).unwrap();
    }
    // A UTF-8 bulletin whose last character is cut.
    add("43-utf8-cut-last-char.txt", {
        let mut b = fs::read("fixtures/kecheng-2019-q4.txt").unwrap();
        b.extend_from_slice(&"满".as_bytes()[..2]);
        b
    });
    // A 4 MB bulletin (the Miyun one, over and over): memory and time stay in the budget.
    add("44-4mb-bulletin.txt", {
        let one = fs::read("fixtures/miyun-2022-06.txt").unwrap();
        let mut b = Vec::new();
        while b.len() < 4 << 20 {
            b.extend_from_slice(&one);
            b.extend_from_slice(b"\n\n");
        }
        b
    });
    // Not a workbook at all, named as one: says so (not "Cannot detect file format").
    add(
        "45-not-a-workbook.xls",
        b"just some words, no workbook".to_vec(),
    );
    fs::read_dir(d).unwrap().count()
}

/// An .xlsx of `sheets` sheets with `cells` numbers each, written as XML directly (the
/// workbook writer is too slow for a million cells).
fn xlsx_many_sheets(path: &Path, sheets: usize, cells: usize) {
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let names: Vec<String> = (1..=sheets).map(|i| format!("Sheet{i}")).collect();
    entries.push(("[Content_Types].xml".into(), format!(
        "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>{}</Types>",
        (1..=sheets).map(|i| format!("<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")).collect::<String>()
    ).into_bytes()));
    entries.push(("_rels/.rels".into(), b"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_vec()));
    entries.push(("xl/workbook.xml".into(), format!(
        "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{}</sheets></workbook>",
        names.iter().enumerate().map(|(i, n)| format!("<sheet name=\"{n}\" sheetId=\"{}\" r:id=\"rId{}\"/>", i + 1, i + 1)).collect::<String>()
    ).into_bytes()));
    entries.push(("xl/_rels/workbook.xml.rels".into(), format!(
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{}</Relationships>",
        (1..=sheets).map(|i| format!("<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>")).collect::<String>()
    ).into_bytes()));
    let width = 100;
    let mut sheet = String::from("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
    for r in 0..cells / width {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for c in 0..width {
            sheet.push_str(&format!("<c><v>{}</v></c>", r * width + c));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    for i in 1..=sheets {
        entries.push((
            format!("xl/worksheets/sheet{i}.xml"),
            sheet.clone().into_bytes(),
        ));
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip(path, &refs);
}

/// What one run of the binary took.
struct Measured {
    code: Option<i32>,
    rss_mb: u64,
    time: Duration,
    stderr: String,
}

/// Starts the binary from a small process and reports its peak memory: a process started
/// from this test would carry the test's own memory in its peak (the kernel counts the
/// memory a process had when it called exec). The launcher forks, resets the copy's peak
/// to what it holds (a few MB of Python), execs the binary and prints what `wait4` says.
const LAUNCHER: &str = r#"
import os, signal, sys
pid = os.fork()
if pid == 0:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.execv(sys.argv[1], sys.argv[1:])
signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
signal.alarm(120)
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"#;

/// Runs `rexian ARGS` as a child process (stdin from `stdin` when given) and measures its
/// peak memory (max RSS, from `wait4`) and its time; a run past two minutes is killed.
fn measure(args: &[&std::ffi::OsStr], stdin: Option<&Path>) -> Measured {
    if !has_python() {
        return measure_without_launcher(args, stdin);
    }
    let mut cmd = std::process::Command::new("python3");
    cmd.arg("-c")
        .arg(LAUNCHER)
        .arg(assert_cmd::cargo::cargo_bin("rexian"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(p) = stdin {
        cmd.stdin(fs::File::open(p).unwrap());
    }
    let started = Instant::now();
    let run = cmd.output().expect("python3 runs");
    let time = started.elapsed();
    let report = String::from_utf8_lossy(&run.stdout).into_owned();
    let mut fields = report.split_whitespace();
    let rss_kb: u64 = fields
        .next()
        .and_then(|f| f.parse().ok())
        .unwrap_or(u64::MAX);
    let code: Option<i32> = fields
        .next()
        .and_then(|f| f.parse().ok())
        .filter(|c: &i32| *c >= 0);
    Measured {
        code,
        rss_mb: rss_kb / 1024,
        time,
        stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
    }
}

/// Whether python3 is here to launch the binary (every machine of this project's kind has
/// it; where it is missing, the time budget is still kept and memory is not measured).
fn has_python() -> bool {
    static HAS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *HAS.get_or_init(|| {
        let ok = std::process::Command::new("python3")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("robustness: python3 is not here: peak memory is not measured");
        }
        ok
    })
}

/// Runs the binary directly, timing it (no peak memory: 0).
fn measure_without_launcher(args: &[&std::ffi::OsStr], stdin: Option<&Path>) -> Measured {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("rexian"));
    cmd.args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    if let Some(p) = stdin {
        cmd.stdin(fs::File::open(p).unwrap());
    }
    let started = Instant::now();
    let run = cmd.output().unwrap();
    Measured {
        code: run.status.code(),
        rss_mb: 0,
        time: started.elapsed(),
        stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
    }
}

/// Why a run is over its budget, if it is.
fn over_budget(what: &str, m: &Measured, time: Duration) -> Option<String> {
    eprintln!(
        "robustness: {what}: {} MB, {:.2} s, exit {:?}",
        m.rss_mb,
        m.time.as_secs_f64(),
        m.code
    );
    if m.code.is_none() {
        Some(format!("{what} did not exit: {}", m.stderr))
    } else if m.stderr.contains("panicked") {
        Some(format!("{what}: {}", m.stderr))
    } else if m.rss_mb > BUDGET_RSS_MB {
        Some(format!("{what}: {} MB of memory", m.rss_mb))
    } else if m.time > time {
        Some(format!("{what}: took {:?}", m.time))
    } else {
        None
    }
}

fn within_budget(what: &str, m: &Measured) {
    if let Some(why) = over_budget(what, m, BUDGET_TIME) {
        panic!("{why}");
    }
}

fn errors_of(out: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(out.join("errors.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn robustness_every_bad_input_is_one_error_or_one_document_within_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    fs::create_dir(&bad).unwrap();
    let kinds = make_bad_folder(&bad);
    assert!(kinds >= 45);
    let mut cases: Vec<PathBuf> = fs::read_dir(&bad)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let mut messages = std::collections::BTreeMap::new();
    let mut over = Vec::new();
    for case in &cases {
        let out = dir.path().join("out-one");
        let m = measure(
            &[
                "ingest".as_ref(),
                case.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
                "-q".as_ref(),
            ],
            None,
        );
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        over.extend(over_budget(&name, &m, BUDGET_TIME));
        assert!(matches!(m.code, Some(0..=2)), "{name}: {}", m.stderr);
        let rows: Vec<String> = errors_of(&out)
            .iter()
            .map(|r| format!("{}: {}", &r[1], &r[3]))
            .collect();
        messages.insert(name, rows);
    }
    assert!(over.is_empty(), "over the budget: {over:#?}");
    let says = |name: &str, what: &str| {
        assert!(
            messages[name].iter().any(|m| m.contains(what)),
            "{name} says {what:?}: {:?}",
            messages[name]
        )
    };
    says(
        "36-300mb-sparse.txt",
        "error: 314572800 bytes: larger than the 268435456 bytes",
    );
    says(
        "37-overflowing-sums.txt",
        "warning: received: the 8 rows above do not add up",
    );
    says(
        "38-docx-span-vmerge.docx",
        "error: the document holds 2756250000 bytes of text once expanded; limit 67108864",
    );
    says(
        "39-html-span-big-cell.html",
        "error: table expands to 1000002 cells; limit 500000",
    );
    says(
        "40-ods-repeated-cell.ods",
        "error: table expands to 16777216 cells; limit 500000",
    );
    says(
        "41-xlsx-16-sheets.xlsx",
        "error: table expands to 500001 cells; limit 500000",
    );
    says(
        "42-xlsx-chart-sheet.xlsx",
        "warning: sheet Chart1: a ChartSheet, not a worksheet: not read",
    );
    says(
        "43-utf8-cut-last-char.txt",
        "warning: the file ends inside a character: its last 2 bytes are dropped",
    );
    says(
        "45-not-a-workbook.xls",
        "error: cannot read spreadsheet: not a workbook: neither a zip (xlsx, xlsb, ods) nor a compound file (xls)",
    );
    says(
        "06-truncated-utf8.txt",
        "warning: the file ends inside a character: its last 1 bytes are dropped",
    );
}

#[test]
fn robustness_the_bad_and_the_good_together() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    fs::create_dir(&bad).unwrap();
    make_bad_folder(&bad);
    let good = dir.path().join("good");
    fs::create_dir(&good).unwrap();
    for f in ["miyun-2022-06.txt", "ruzhou-2022-07.txt"] {
        fs::copy(Path::new("fixtures").join(f), good.join(f)).unwrap();
    }
    let out = dir.path().join("out");
    let m = measure(
        &[
            "ingest".as_ref(),
            bad.as_os_str(),
            good.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        None,
    );
    // One batch of every case: the same memory budget, the time of all of them.
    if let Some(why) = over_budget("all the bad and the good in one batch", &m, BUDGET_TIME * 4) {
        panic!("{why}");
    }
    assert_eq!(
        m.code,
        Some(1),
        "some inputs fail, the rest are written: {}",
        m.stderr
    );

    let docs: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("documents.json")).unwrap()).unwrap();
    let failed: std::collections::BTreeSet<String> = errors_of(&out)
        .iter()
        .filter(|r| &r[1] == "error")
        .map(|r| r[0].to_string())
        .collect();
    let read: std::collections::BTreeSet<String> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["source"].as_str().unwrap().to_string())
        .collect();
    // Every input is either a document or an error, never both, never neither.
    for entry in fs::read_dir(&bad).unwrap() {
        let name = entry.unwrap().path().to_string_lossy().into_owned();
        assert!(
            read.contains(&name) ^ failed.contains(&name),
            "{name}: read {} failed {}",
            read.contains(&name),
            failed.contains(&name)
        );
    }
    // The good files come out whole.
    let metrics = fs::read_to_string(out.join("metrics.csv")).unwrap();
    assert_eq!(
        metrics
            .lines()
            .filter(|l| l.contains("good/miyun-2022-06.txt,"))
            .count(),
        585
    );
    assert_eq!(
        metrics
            .lines()
            .filter(|l| l.contains("good/ruzhou-2022-07.txt,"))
            .count(),
        251
    );
    for expected_failure in [
        "01-empty.txt",
        "04-binary.txt",
        "05-png-named.txt",
        "25-docx-not-zip.docx",
        "30-password-protected.xlsx",
        "36-300mb-sparse.txt",
        "40-ods-repeated-cell.ods",
    ] {
        assert!(
            failed.iter().any(|f| f.ends_with(expected_failure)),
            "{expected_failure} fails clearly"
        );
    }
    let doc = |suffix: &str| {
        docs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["source"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("{suffix} is a document"))
            .clone()
    };
    assert_eq!(
        doc("34-formula-text.txt")["tables"][0]["rows"][0]["unit_raw"],
        "=cmd|' /C calc'!A0".split('|').next().unwrap().trim()
    );
    // The worksheet beside a chart sheet is read: 甲镇 received 12.
    let chart = doc("42-xlsx-chart-sheet.xlsx");
    let row = &chart["tables"][0]["rows"][0];
    assert_eq!(row["unit"], "甲镇");
    assert_eq!(row["values"][0]["value"], "12");
    // The sums that overflow are not compared: no check, one warning.
    let sums = doc("37-overflowing-sums.txt");
    assert_eq!(sums["tables"][0]["checks"].as_array().unwrap().len(), 0);
    // The cut UTF-8 bulletin is the whole Kecheng bulletin.
    let cut = doc("43-utf8-cut-last-char.txt");
    assert_eq!(cut["encoding"], "UTF-8");
    assert_eq!(cut["tables"].as_array().unwrap().len(), 2);
}

#[test]
fn robustness_stdin_past_the_input_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let m = measure(
        &[
            "ingest".as_ref(),
            "-".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        Some(Path::new("/dev/urandom")),
    );
    within_budget("stdin from /dev/urandom", &m);
    assert_eq!(m.code, Some(2), "{}", m.stderr);
    assert!(
        m.stderr.contains("-: binary data, not text"),
        "refused from its first bytes: {}",
        m.stderr
    );
    // Text without end (`yes |`): refused at the limit.
    let endless = dir.path().join("endless.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&endless)
        .status()
        .unwrap();
    assert!(made.success());
    let writer = {
        let endless = endless.clone();
        std::thread::spawn(move || {
            let mut f = fs::OpenOptions::new().write(true).open(&endless).unwrap();
            let line = "全区受理工单2848件，办结率100%。\n".repeat(1000);
            while f.write_all(line.as_bytes()).is_ok() {}
        })
    };
    let m = measure(
        &[
            "ingest".as_ref(),
            "-".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        Some(&endless),
    );
    writer.join().unwrap();
    within_budget("stdin of endless text", &m);
    assert_eq!(m.code, Some(2), "{}", m.stderr);
    assert!(
        m.stderr
            .contains("-: more than 268435456 bytes: larger than the 268435456 bytes"),
        "{}",
        m.stderr
    );
}

#[test]
fn robustness_the_walk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let inp = d.join("in");
    fs::create_dir_all(inp.join("sub")).unwrap();
    fs::copy("fixtures/kecheng-2019-q4.txt", inp.join("a.txt")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/x.txt", inp.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("../a.txt", inp.join("sub/link.txt")).unwrap();
    std::os::unix::fs::symlink("..", inp.join("sub/loop")).unwrap();
    // A link to a bulletin outside the folders given: followed and read.
    fs::create_dir(d.join("elsewhere")).unwrap();
    fs::copy("fixtures/miyun-2022-06.txt", d.join("elsewhere/miyun.txt")).unwrap();
    std::os::unix::fs::symlink(d.join("elsewhere/miyun.txt"), inp.join("sub/miyun.txt")).unwrap();
    let fifo = inp.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // A tree 10,000 folders deep, past what a path may name.
    let deep = d.join("deep");
    fs::create_dir(&deep).unwrap();
    fs::copy("fixtures/ruzhou-2022-07.txt", deep.join("top.txt")).unwrap();
    let script = "import os,sys\nos.chdir(sys.argv[1])\nfor i in range(10000):\n    os.mkdir('d'); os.chdir('d')\nopen('x.txt','w').write('x')\n";
    // (A path that long cannot be named from here: python3 makes it, where it is.)
    if has_python() {
        let made = std::process::Command::new("python3")
            .args(["-c", script])
            .arg(&deep)
            .status()
            .unwrap();
        assert!(made.success());
    }
    let out = d.join("out");
    let m = measure(
        &[
            "ingest".as_ref(),
            inp.join("a.txt").as_os_str(),
            inp.join("dangling.txt").as_os_str(),
            fifo.as_os_str(),
            "/dev/urandom".as_ref(),
            inp.join("sub").as_os_str(),
            deep.as_os_str(),
            d.join("no-such-file.txt").as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        None,
    );
    within_budget("the walk", &m);
    assert_eq!(m.code, Some(1), "{}", m.stderr);
    let rows: Vec<(String, String, String)> = errors_of(&out)
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string(), r[3].to_string()))
        .collect();
    let row = |suffix: &str| {
        rows.iter()
            .find(|r| r.0.ends_with(suffix))
            .unwrap_or_else(|| panic!("a row for {suffix}: {rows:?}"))
            .clone()
    };
    assert_eq!(
        row("dangling.txt").2,
        "a symbolic link to nothing: No such file or directory (os error 2)"
    );
    assert_eq!(
        row("pipe.txt").2,
        "not a regular file (a FIFO): skipped without reading"
    );
    assert_eq!(
        row("/dev/urandom").2,
        "not a regular file (a character device): skipped without reading"
    );
    assert_eq!(row("no-such-file.txt").2, "no such file or folder");
    assert_eq!(row("sub/link.txt").1, "note");
    assert!(row("/sub/loop")
        .2
        .starts_with("a symbolic link loops back to"));
    assert!(
        rows.iter().any(
            |r| r.0.ends_with("/d/d") && r.2 == "cannot read: File name too long (os error 36)"
        ),
        "{rows:?}"
    );
    let docs: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("documents.json")).unwrap()).unwrap();
    let sources: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["source"].as_str().unwrap())
        .collect();
    assert!(
        sources.iter().any(|s| s.ends_with("in/a.txt")),
        "{sources:?}"
    );
    assert!(
        sources.iter().any(|s| s.ends_with("deep/top.txt")),
        "{sources:?}"
    );
    assert!(
        sources.iter().any(|s| s.ends_with("sub/miyun.txt")),
        "a linked bulletin is read: {sources:?}"
    );
}

#[path = "../../fuzz/fuzz_targets/hostile_gen.rs"]
mod hostile_gen;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// Structured hostile documents (huge spans and repeats, many sheets, overflowing
    /// figures, pipes in cells) are read within the budget or refused, never a panic.
    #[test]
    fn robustness_hostile_documents_are_read_within_the_budget_or_refused(
        choices in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)
    ) {
        let (name, bytes) = hostile_gen::hostile(&choices);
        let input = rexian::source::Input::File(name.into());
        let loaded = rexian::guard::catch(|| rexian::source::load_bytes(
            &input,
            &bytes,
            None,
            &rexian::extract::is_header_cell,
            &rexian::extract::is_rate_header,
        ));
        let loaded = loaded.map_err(proptest::test_runner::TestCaseError::fail)?;
        if let Ok(loaded) = loaded {
            let cells: usize = loaded
                .segments
                .iter()
                .map(|s| match s {
                    rexian::grid::Segment::Grid(g) => g.rows.iter().map(Vec::len).sum(),
                    rexian::grid::Segment::Prose(_) => 0,
                })
                .sum();
            proptest::prop_assert!(cells as u64 <= rexian::source::budget::MAX_CELLS);
            let scored = rexian::guard::catch(|| {
                let (mut doc, evidence) =
                    rexian::extract::extract_segments(&loaded.segments, name, &loaded.encoding);
                rexian::score::score_document(&mut doc, &evidence, &rexian::profile::Profiles::builtin());
                doc.tables.len()
            });
            proptest::prop_assert!(scored.is_ok(), "{name}: {scored:?}");
        }
    }
}
