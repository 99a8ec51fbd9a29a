//! The binary as users run it: output files, stdin, exit codes, bad inputs, determinism.

use std::fs;

use predicates::str::contains;

use crate::common::{read, rexian};

#[test]
fn cli_ingest_writes_every_output_file() {
    let out = tempfile::tempdir().unwrap();
    rexian()
        .args(["ingest", "fixtures", "-o"])
        .arg(out.path())
        .assert()
        .success();
    let metrics = read(&out.path().join("metrics.csv"));
    assert!(metrics.starts_with(
        "source,jurisdiction,jurisdiction_code,jurisdiction_level,period,period_start,period_end,table,table_title,group,row,unit,metric,value,as_printed,at,text\n"
    ));
    assert!(metrics.contains(
        "fixtures/miyun-2022-06.txt,密云区,110118,county,2022-06,2022-05-19,2022-06-18,1,表1:市级考评各镇街群众诉求办理情况统计表(直派),直派,1,新城子镇,score,99.76,99.76,fixtures/miyun-2022-06.txt:30,\n"
    ));
    let units = read(&out.path().join("units.csv"));
    assert!(units
        .lines()
        .next()
        .unwrap()
        .ends_with(",score_computed,rank_computed,grade_computed,is_total,table_kind"));
    let checks = read(&out.path().join("checks.csv"));
    assert!(checks.starts_with(
        "source,table,group,unit,check,metric,reported,computed,delta,profile,at,detail\n"
    ));
    assert_eq!(checks.lines().count(), 1 + 52, "{checks}");
    // Nothing failed; each later form of a seed is a note naming the first.
    let errors = read(&out.path().join("errors.csv"));
    assert!(errors.starts_with("source,level,at,message\n"), "{errors}");
    assert!(
        errors.lines().skip(1).all(|l| l.contains(",note,")),
        "{errors}"
    );
    assert_eq!(errors.lines().count(), 1 + 58 - 9, "{errors}");
    let docs: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("documents.json"))).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 58);
}

#[test]
fn cli_ingest_is_byte_identical_from_run_to_run() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    rexian()
        .args(["ingest", "fixtures", "-o"])
        .arg(a.path())
        .assert()
        .success();
    rexian()
        .args(["ingest", "fixtures", "-o"])
        .arg(b.path())
        .assert()
        .success();
    for f in [
        "metrics.csv",
        "units.csv",
        "checks.csv",
        "errors.csv",
        "documents.json",
    ] {
        assert_eq!(
            fs::read(a.path().join(f)).unwrap(),
            fs::read(b.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn cli_bad_files_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy("fixtures/ruzhou-2022-07.txt", dir.path().join("a-good.txt")).unwrap();
    fs::write(
        dir.path().join("b-image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    )
    .unwrap();
    fs::write(dir.path().join("c-empty.txt"), b"").unwrap();
    let garbage: Vec<u8> = (0..600)
        .map(|i| if i % 3 == 0 { 0xFF } else { 0x81 })
        .collect();
    fs::write(dir.path().join("d-garbage.txt"), garbage).unwrap();
    let out = dir.path().join("out");
    rexian()
        .args(["ingest"])
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("b-image.txt: binary data"))
        .stderr(contains("c-empty.txt: empty file"));
    let errors = read(&out.join("errors.csv"));
    assert_eq!(errors.lines().count(), 4, "{errors}");
    assert!(errors.contains("b-image.txt,error,"));
    assert!(errors.contains("d-garbage.txt,error,"));
    let metrics = read(&out.join("metrics.csv"));
    assert_eq!(
        metrics.lines().filter(|l| l.contains("a-good.txt")).count(),
        251
    );
}

#[test]
fn cli_nothing_readable_is_exit_2_and_a_missing_path_too() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("x.txt"), b"\0\0\0\0").unwrap();
    rexian()
        .arg("ingest")
        .arg(dir.path().join("x.txt"))
        .assert()
        .code(2);
    rexian()
        .args(["ingest", "no/such/folder"])
        .assert()
        .code(2)
        .stderr(contains("error: no such file or folder: no/such/folder"));
}

#[test]
fn cli_reads_stdin_and_writes_csv_to_stdout() {
    let bytes = fs::read("fixtures/kecheng-2019-q4.txt").unwrap();
    let out = rexian()
        .args(["ingest", "-"])
        .write_stdin(bytes)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("-,柯城区,330802,county,2019-Q4,2019-10-01,2019-12-31,2,"));
    assert_eq!(text.lines().count(), 1 + 241);
}

#[test]
fn cli_forced_encoding_and_unknown_encoding() {
    let text = fs::read_to_string("fixtures/ruzhou-2022-07.txt").unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.txt");
    fs::write(&path, &gbk).unwrap();
    let out = rexian()
        .args(["ingest", "--format", "json", "--encoding", "gbk"])
        .arg(&path)
        .assert()
        .success();
    let docs: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(docs[0]["encoding"], "gb18030");
    assert_eq!(docs[0]["jurisdiction"], "汝州市");
    rexian()
        .args(["ingest", "--encoding", "latin9", "fixtures"])
        .assert()
        .code(2)
        .stderr(contains("unknown encoding 'latin9'"));
}

#[test]
fn cli_jsonl_writes_one_document_per_line() {
    let out = rexian()
        .args(["ingest", "--format", "jsonl", "fixtures"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 58);
    for line in text.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(doc["source"].as_str().unwrap().starts_with("fixtures/"));
    }
}

#[test]
fn cli_check_exit_codes_fit_cron() {
    rexian()
        .args(["check", "fixtures/kecheng-2019-q4.txt"])
        .assert()
        .code(0)
        .stdout(contains(
            "fixtures/kecheng-2019-q4.txt: 2 tables, 47 rows, 66 values checked, 0 disagreements",
        ));
    rexian()
        .args(["check", "fixtures/miyun-2022-06.txt"])
        .assert()
        .code(1)
        .stdout(contains("1 disagreement\n"))
        .stdout(contains(
            "rank          table 1 [直派] 东邵渠镇 rank: printed 17, computed 18",
        ));
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.txt"), b"\0\x01\x02\x03").unwrap();
    rexian()
        .args(["check", "fixtures/kecheng-2019-q4.txt"])
        .arg(dir.path().join("bad.txt"))
        .assert()
        .code(2)
        .stdout(contains("bad.txt: could not be read: binary data"));
}

#[test]
fn cli_check_lists_the_worst_first() {
    let out = rexian()
        .args(["check", "fixtures/junshan-2021-q3.txt"])
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with("3 disagreements"), "{text}");
    assert!(lines[1].trim_start().starts_with("score "), "{text}");
}

#[test]
fn cli_user_profile_changes_results_without_recompiling() {
    let out = tempfile::tempdir().unwrap();
    rexian()
        .args([
            "ingest",
            "fixtures/miyun-2022-06.txt",
            "--profile",
            "tests/data/profiles/beijing-equal-weights.toml",
            "-o",
        ])
        .arg(out.path())
        .assert()
        .success();
    let units = read(&out.path().join("units.csv"));
    // 新城子镇: (100.00 + 99.59 + 99.92) / 3 = 99.836… → 99.84 with the user's weights.
    let row = units.lines().find(|l| l.contains(",1,新城子镇,")).unwrap();
    assert!(row.ends_with(",99.84,1,,false,metrics"), "{row}");
    let checks = read(&out.path().join("checks.csv"));
    assert!(
        checks
            .lines()
            .filter(|l| l.contains(",score,score,"))
            .count()
            > 50
    );
    rexian()
        .args(["profiles", "--profile", "tests/data/profiles/beijing-equal-weights.toml"])
        .assert()
        .success()
        .stdout(contains("beijing    equal weights (a test of user profiles)  [tests/data/profiles/beijing-equal-weights.toml"));
}

#[test]
fn cli_profiles_list_and_show() {
    rexian()
        .arg("profiles")
        .assert()
        .success()
        .stdout(contains("beijing"))
        .stdout(contains("yueyang"))
        .stdout(contains("points"))
        .stdout(contains("efficiency"));
    rexian()
        .args(["profiles", "show", "efficiency"])
        .assert()
        .success()
        .stdout(contains(
            "formula = \"100 - 0.5 * max(0, avg_days - district_avg_days)\"",
        ));
    rexian()
        .args(["profiles", "show", "nowhere"])
        .assert()
        .code(2)
        .stderr(contains("no profile named 'nowhere'"));
}

#[test]
fn cli_a_bad_profile_names_file_and_line() {
    rexian()
        .args([
            "check",
            "fixtures",
            "--profile",
            "tests/data/profiles/broken.toml",
        ])
        .assert()
        .code(2)
        .stderr(contains(
            "caused by: tests/data/profiles/broken.toml:8: bad formula",
        ));
}

#[test]
fn cli_no_input_could_be_read_is_exit_2_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/data/bad/scanned.pdf", dir.path().join("a.pdf")).unwrap();
    std::fs::copy("tests/data/bad/truncated.pdf", dir.path().join("b.pdf")).unwrap();
    std::fs::write(dir.path().join("c.pptx"), b"PK\x03\x04").unwrap();
    let out = tempfile::tempdir().unwrap();
    rexian()
        .arg("ingest")
        .arg(dir.path())
        .arg("-o")
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no input could be read: 2 .pdf, 1 .pptx (not a format rexian reads)",
        ));
}

/// A folder with one small bulletin that reads (and agrees with itself), and one file that
/// cannot be read.
fn good_and_bad() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::copy("fixtures/kecheng-2019-q4.txt", &good).unwrap();
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, b"\0\x01\x02\x03").unwrap();
    (dir, good, bad)
}

#[test]
fn cli_exit_codes_of_ingest_check_and_report() {
    let (dir, good, bad) = good_and_bad();
    let empty = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    fs::write(other.path().join("a.pptx"), b"PK\x03\x04").unwrap();
    let out = dir.path().join("out");
    // (arguments after the command, ingest's, check's, report's)
    let cases: [(Vec<&std::path::Path>, i32, i32, i32); 5] = [
        (vec![&good], 0, 0, 0),
        (vec![&good, &bad], 1, 2, 1),
        (vec![&bad], 2, 2, 2),
        (vec![empty.path()], 2, 2, 2),
        (vec![other.path()], 2, 2, 2),
    ];
    for (paths, ingest, check, report) in cases {
        rexian()
            .arg("ingest")
            .args(&paths)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(ingest);
        rexian().arg("check").args(&paths).assert().code(check);
        rexian()
            .arg("report")
            .args(&paths)
            .arg("-o")
            .arg(dir.path().join("r.html"))
            .assert()
            .code(report);
    }
    rexian()
        .arg("ingest")
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(contains("rexian: no input: the folders given hold no file"));
    // A usage error.
    for cmd in ["ingest", "check", "report"] {
        rexian().args([cmd, "--no-such-flag", "x"]).assert().code(2);
        rexian().arg(cmd).assert().code(2);
    }
}

#[test]
fn cli_summary_counts_what_was_written_in_the_users_terms() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("o");
    let assert = rexian()
        .args([
            "ingest",
            "fixtures/miyun-2022-06.txt",
            "fixtures/kecheng-2019-q4.txt",
        ])
        .args(["--period", "2022-06", "-o"])
        .arg(&o)
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let written = read(&o.join("metrics.csv")).lines().count() - 1;
    assert_eq!(written, 585);
    assert!(
        err.contains("rexian: 1 of 2 documents read are in 2022-06\n"),
        "{err}"
    );
    assert!(
        err.contains("rexian: 1 document, 585 values, 0 failed → "),
        "{err}"
    );
    let assert = rexian()
        .args([
            "ingest",
            "fixtures/miyun-2022-06.txt",
            "--since",
            "2022-07",
            "-o",
        ])
        .arg(&o)
        .assert()
        .success();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("0 of 1 document read is from 2022-07 on"),
        "{err}"
    );
    assert!(
        err.contains("rexian: 0 documents, 0 values, 0 failed"),
        "{err}"
    );
    assert!(!err.contains("+262142"), "{err}");
}

#[test]
fn cli_dash_output_is_stdout_and_dash_input_is_stdin() {
    let bytes = fs::read("fixtures/kecheng-2019-q4.txt").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let assert = rexian()
        .current_dir(dir.path())
        .args(["ingest", "-", "-o", "-", "-v"])
        .write_stdin(bytes)
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(out.lines().count(), 1 + 241);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains(
            "rexian: -: 2 tables, 241 values, 0 disagreements, period 2019-Q4, encoding UTF-8, profile efficiency"
        ),
        "{err}"
    );
    assert!(err.contains("→ stdout"), "{err}");
    assert!(!dir.path().join("-").exists());
    rexian()
        .args([
            "ingest",
            "fixtures/kecheng-2019-q4.txt",
            "-o",
            "-",
            "--split",
            "period",
        ])
        .assert()
        .code(2)
        .stderr(contains("rexian: error: --split writes into a folder"));
}

#[test]
fn cli_messages_have_one_style_and_plurals() {
    let (_dir, good, bad) = good_and_bad();
    let assert = rexian()
        .args(["ingest", "-v", "--color", "never", "--no-progress"])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for line in err.lines() {
        assert!(line.starts_with("rexian: "), "{line}");
    }
    assert!(err.contains("bad.txt: binary data, not text"), "{err}");
    rexian()
        .args(["ingest", "--encoding", "latin9", "fixtures"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "rexian: error: unknown encoding",
        ));
    // --color always colours the label, never does not.
    rexian()
        .args(["--color", "always", "ingest", "--encoding", "latin9", "x"])
        .assert()
        .stderr(contains("rexian: \x1b[1;31merror\x1b[0m: unknown encoding"));
    // One of a thing is singular.
    rexian()
        .args(["check", "fixtures/ruzhou-2022-07.txt"])
        .assert()
        .code(1)
        .stdout(contains(
            "4 tables, 60 rows, 62 values checked, 1 disagreement\n",
        ))
        .stdout(contains(
            "1 document checked, 1 disagreement in 1 document, 0 could not be read\n",
        ));
}

#[test]
fn cli_json_encoding_is_a_text_encoding_or_null() {
    let out = rexian()
        .args(["ingest", "--format", "jsonl"])
        .args([
            "fixtures/docs/kecheng-2019-q4.docx",
            "fixtures/pdf/kecheng-2019-q4.ttf-plain.pdf",
            "fixtures/kecheng-2019-q4.txt",
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let enc: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["encoding"].clone())
        .collect();
    assert_eq!(
        enc,
        // In path order: the .docx, the text, the PDF.
        [
            serde_json::json!("UTF-8"),
            serde_json::json!("UTF-8"),
            serde_json::Value::Null
        ]
    );
}

#[test]
fn cli_check_formats_output_file_period_worst_first_and_total() {
    let texts = [
        "fixtures/kecheng-2019-q4.txt",
        "fixtures/miyun-2022-06.txt",
        "fixtures/junshan-2021-q3.txt",
    ];
    // Worst first: junshan (3) before miyun (1) before kecheng (0), then the total.
    let out = rexian().arg("check").args(texts).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let heads: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(
        heads,
        [
            "fixtures/junshan-2021-q3.txt: 4 tables, 25 rows, 165 values checked, 3 disagreements",
            "fixtures/miyun-2022-06.txt: 4 tables, 89 rows, 178 values checked, 1 disagreement",
            "fixtures/kecheng-2019-q4.txt: 2 tables, 47 rows, 66 values checked, 0 disagreements",
            "3 documents checked, 4 disagreements in 2 documents, 0 could not be read",
        ],
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("checks.csv");
    rexian()
        .arg("check")
        .args(texts)
        .args(["--format", "csv", "-o"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("rexian: 3 documents checked, 4 disagreements"));
    let csv = read(&file);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 4, "{csv}");
    assert!(lines[0].starts_with("source,table,group,unit,check,"));
    assert!(
        lines[1].starts_with(
            "fixtures/junshan-2021-q3.txt,4,,交警君山大队,score,score,93.40,93.33,0.07,yueyang,"
        ),
        "{csv}"
    );
    assert!(
        lines[4].starts_with("fixtures/miyun-2022-06.txt,1,直派,东邵渠镇,rank,rank,17,18,-1,"),
        "{csv}"
    );
    let out = rexian()
        .arg("check")
        .args(texts)
        .args(["--format", "json", "--period", "2022-06"])
        .assert()
        .code(1);
    let docs: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 1);
    assert_eq!(docs[0]["source"], "fixtures/miyun-2022-06.txt");
    assert_eq!(docs[0]["disagreements"][0]["computed"], "18");
    assert_eq!(docs[0]["disagreements"][0]["table"], 1);
    // Up to 2020 only the 2019 bulletin is kept, and it agrees with itself.
    rexian()
        .arg("check")
        .args(texts)
        .args(["--until", "2020", "-q"])
        .assert()
        .code(0)
        .stdout("1 document checked, 0 disagreements in 0 documents, 0 could not be read\n");
}

#[test]
fn cli_ingest_table_to_stdout_as_csv_or_json() {
    let out = rexian()
        .args(["ingest", "fixtures/miyun-2022-06.txt", "--table", "checks"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>()[..2],
        [
            "source,table,group,unit,check,metric,reported,computed,delta,profile,at,detail",
            "fixtures/miyun-2022-06.txt,1,直派,东邵渠镇,rank,rank,17,18,-1,beijing,fixtures/miyun-2022-06.txt:194,ranked by score within its group: 17 rows rank above it"
        ]
    );
    let out = rexian()
        .args([
            "ingest",
            "fixtures/miyun-2022-06.txt",
            "fixtures/kecheng-2019-q4.txt",
        ])
        .args(["--table", "summary", "--format", "json"])
        .assert()
        .success();
    let rows: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert_eq!(rows[1]["source"], "fixtures/miyun-2022-06.txt");
    assert_eq!(rows[1]["checks_failed"], "1");
    assert_eq!(rows[0]["same_as"], serde_json::Value::Null);
    let out = rexian()
        .args(["ingest", "fixtures/kecheng-2019-q4.txt", "--table", "units"])
        .assert()
        .success();
    let units = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(units.lines().count(), 1 + 47);
    rexian()
        .args([
            "ingest",
            "fixtures/kecheng-2019-q4.txt",
            "--table",
            "units",
            "-o",
            "x",
        ])
        .assert()
        .code(2)
        .stderr(contains("rexian: error: --table writes to stdout"));
}

#[test]
fn cli_files_glob_and_exclude_choose_what_a_walk_reads() {
    let out = rexian()
        .args([
            "ingest",
            "fixtures",
            "--files",
            "-g",
            "*.docx",
            "--exclude",
            "k*",
        ])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        "fixtures/docs/beijing-2020-annual.docx\nfixtures/docs/junshan-2021-q3.docx\n\
         fixtures/docs/miyun-2022-06.docx\nfixtures/docs/ruzhou-2022-07.docx\n"
    );
    // A pattern with a slash is matched below the folder; a file named is always read.
    let out = rexian()
        .args([
            "check",
            "fixtures",
            "fixtures/kecheng-2019-q4.txt",
            "--files",
        ])
        .args(["--glob", "sheets/*.xls"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        "fixtures/kecheng-2019-q4.txt\nfixtures/sheets/miyun-2022-06.xls\nfixtures/sheets/ruzhou-2022-07.xls\n"
    );
    rexian()
        .args(["ingest", "fixtures", "--files", "-g", "*.nothing"])
        .assert()
        .code(2)
        .stdout("");
    // The walk's choice is what is read.
    let out = rexian()
        .args(["ingest", "fixtures", "-g", "web/*", "--format", "jsonl"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 5);
}

#[test]
fn cli_man_help_and_completions_say_it_all() {
    let man = rexian().args(["man", "ingest"]).assert().success();
    let page = String::from_utf8(man.get_output().stdout.clone()).unwrap();
    assert!(page.contains(".TH rexian-ingest 1"), "{page}");
    assert!(page.contains("\\fB\\-\\-period\\fR"), "{page}");
    assert!(page.contains("datapackage.json"));
    assert!(page.contains("Exit status:"));
    for cmd in ["check", "report", "profiles", "completions", "man"] {
        let out = rexian().args(["man", cmd]).assert().success();
        let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(page.contains(&format!(".TH rexian-{cmd} 1")), "{cmd}");
    }
    rexian().args(["man", "nothing"]).assert().code(2);
    rexian()
        .args(["ingest", "--help"])
        .assert()
        .success()
        .stdout(contains("datapackage.json"))
        .stdout(contains("  2  a usage error"));
    // The profile format, from profiles/README.md.
    rexian()
        .args(["profiles", "--help"])
        .assert()
        .success()
        .stdout(contains("[match]"))
        .stdout(contains("formula = "));
    // Profile names and folders complete.
    let out = rexian().args(["completions", "bash"]).assert().success();
    let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(script.contains("beijing yueyang points efficiency"));
    let out = rexian().args(["completions", "zsh"]).assert().success();
    let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(script.contains("DIR:_files -/"), "{script}");
}
