//! What the internet throws at rexian: a folder of bad inputs of every kind (small ones
//! kept in tests/data/bad, large ones made here at run time, never committed), ingested
//! with the good fixtures beside them. No panic, bounded time, one errors.csv row or a
//! valid document per file, and the good files come out whole.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;

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
    // Large, made at run time: a 200 MB line.
    let mut f = fs::File::create(d.join("35-200mb-single-line.txt")).unwrap();
    let chunk = "受理工单12件满意率99%abc ".repeat(1 << 12);
    let mut written = 0;
    while written < 200 << 20 {
        f.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    fs::read_dir(d).unwrap().count()
}

#[test]
fn robustness_every_bad_input_is_one_error_or_one_document_and_the_good_survive() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    fs::create_dir(&bad).unwrap();
    let kinds = make_bad_folder(&bad);
    assert!(kinds >= 30);
    let good = dir.path().join("good");
    fs::create_dir(&good).unwrap();
    for f in ["miyun-2022-06.txt", "ruzhou-2022-07.txt"] {
        fs::copy(Path::new("fixtures").join(f), good.join(f)).unwrap();
    }
    let out = dir.path().join("out");
    let started = Instant::now();
    let run = Command::cargo_bin("rexian")
        .unwrap()
        .arg("ingest")
        .arg(&bad)
        .arg(&good)
        .arg("-o")
        .arg(&out)
        .timeout(Duration::from_secs(600))
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(
        run.status.code(),
        Some(1),
        "some inputs fail, the rest are written: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(elapsed < Duration::from_secs(300), "took {elapsed:?}");

    let docs: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("documents.json")).unwrap()).unwrap();
    let mut errors = csv::Reader::from_path(out.join("errors.csv")).unwrap();
    let failed: std::collections::BTreeSet<String> = errors
        .records()
        .map(|r| r.unwrap())
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
    // A few kinds, as a user would check them.
    for expected_failure in [
        "01-empty.txt",
        "04-binary.txt",
        "05-png-named.txt",
        "25-docx-not-zip.docx",
        "30-password-protected.xlsx",
    ] {
        assert!(
            failed.iter().any(|f| f.ends_with(expected_failure)),
            "{expected_failure} fails clearly"
        );
    }
    let formula = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["source"]
                .as_str()
                .unwrap()
                .ends_with("34-formula-text.txt")
        })
        .unwrap();
    assert_eq!(
        formula["tables"][0]["rows"][0]["unit_raw"],
        "=cmd|' /C calc'!A0".split('|').next().unwrap().trim()
    );
}
