//! Batch runs as cron jobs and spreadsheets see them: folders with bad and duplicate
//! files, exit codes, determinism whatever the threads and the order of the inputs,
//! atomic outputs, spreadsheet-safe CSV (with --excel), streamed JSON Lines, period filters.

use std::fs;
use std::path::Path;
use std::process::Command as Std;

use predicates::str::contains;

use crate::common::{read, rexian};

fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn batch_good_bad_and_duplicate_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::copy("fixtures/miyun-2022-06.txt", d.join("a.txt")).unwrap();
    fs::copy("fixtures/miyun-2022-06.txt", d.join("b-same.txt")).unwrap();
    fs::copy("fixtures/sheets/ruzhou-2022-07.xlsx", d.join("c.xlsx")).unwrap();
    fs::copy("tests/data/bad/truncated.xlsx", d.join("d-broken.xlsx")).unwrap();
    fs::write(d.join("e.pptx"), b"PK\x03\x04").unwrap();
    fs::write(d.join("f.pptx"), b"PK\x03\x04").unwrap();
    fs::write(d.join("~$c.xlsx"), b"lock").unwrap();
    fs::write(d.join(".DS_Store"), b"\0\0").unwrap();
    let out = d.join("out");
    rexian()
        .arg("ingest")
        .arg(d)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("d-broken.xlsx: cannot read spreadsheet"))
        .stderr(contains("skipped 2 .pptx files"))
        .stderr(contains("b-same.txt: the same bytes as"));
    let errors = read(&out.join("errors.csv"));
    assert!(errors.contains("d-broken.xlsx,error,"), "{errors}");
    assert!(errors.contains("b-same.txt,note,"), "{errors}");
    assert!(
        !errors.contains("~$c.xlsx") && !errors.contains("DS_Store"),
        "{errors}"
    );
    let metrics = read(&out.join("metrics.csv"));
    assert_eq!(
        metrics.lines().filter(|l| l.contains("/a.txt,")).count(),
        585
    );
    assert_eq!(
        metrics
            .lines()
            .filter(|l| l.contains("/b-same.txt,"))
            .count(),
        0
    );
    assert_eq!(
        metrics.lines().filter(|l| l.contains("/c.xlsx,")).count(),
        249
    );
}

#[test]
fn batch_output_is_the_same_whatever_the_threads_and_order() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    rexian()
        .args(["ingest", "-j1", "fixtures", "-o"])
        .arg(a.path())
        .assert()
        .success();
    rexian()
        .args(["ingest", "-j4", "fixtures", "-o"])
        .arg(b.path())
        .assert()
        .success();
    rexian()
        .args([
            "ingest",
            "fixtures/web",
            "fixtures/sheets",
            "fixtures",
            "fixtures/docs",
            "-j3",
            "-o",
        ])
        .arg(c.path())
        .assert()
        .success();
    let (oa, ob, oc) = (outputs(a.path()), outputs(b.path()), outputs(c.path()));
    assert_eq!(oa.len(), 7);
    assert_eq!(oa, ob, "-j1 and -j4");
    assert_eq!(oa, oc, "inputs in another order");
}

#[test]
fn batch_a_run_killed_at_any_step_leaves_one_whole_set() {
    let dir = tempfile::tempdir().unwrap();
    let (out, fresh) = (dir.path().join("out"), dir.path().join("fresh"));
    rexian()
        .args(["ingest", "fixtures/kecheng-2019-q4.txt", "-o"])
        .arg(&out)
        .assert()
        .success();
    let old = outputs(&out);
    rexian()
        .args(["ingest", "fixtures/ruzhou-2022-07.txt", "-o"])
        .arg(&fresh)
        .assert()
        .success();
    let new = outputs(&fresh);
    assert_eq!(old.len(), 7);
    assert_ne!(old, new);
    for (step, expected) in [("written", &old), ("linked", &old), ("swapped", &new)] {
        let killed = rexian()
            .env("REXIAN_CRASH_AFTER", step)
            .args(["ingest", "fixtures/ruzhou-2022-07.txt", "-o"])
            .arg(&out)
            .assert()
            .failure();
        assert_ne!(killed.get_output().status.code(), Some(0));
        assert!(
            &outputs(&out) == expected,
            "killed after {step}: the {} set, whole",
            if expected == &old { "old" } else { "new" }
        );
        // Back to the old set for the next step; the killed run's set is removed.
        rexian()
            .args(["ingest", "fixtures/kecheng-2019-q4.txt", "-o"])
            .arg(&out)
            .assert()
            .success();
        assert_eq!(outputs(&out), old);
        let sets = fs::read_dir(out.join(".rexian"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("set-")
            })
            .count();
        assert_eq!(sets, 1, "the killed run's set is gone after {step}");
    }
}

#[test]
fn batch_a_run_upgrades_the_plain_files_of_an_older_version_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap();
    for name in ["metrics.csv", "units.csv"] {
        fs::write(out.join(name), "old\n").unwrap();
    }
    fs::write(out.join("notes.txt"), "mine").unwrap();
    rexian()
        .env("REXIAN_CRASH_AFTER", "linked")
        .args(["ingest", "fixtures/kecheng-2019-q4.txt", "-o"])
        .arg(&out)
        .assert()
        .failure();
    assert_eq!(
        read(&out.join("metrics.csv")),
        "old\n",
        "the old file, through the link"
    );
    assert_eq!(read(&out.join("units.csv")), "old\n");
    rexian()
        .args(["ingest", "fixtures/kecheng-2019-q4.txt", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(read(&out.join("metrics.csv")).contains("kecheng-2019-q4.txt"));
    assert_eq!(
        read(&out.join("notes.txt")),
        "mine",
        "files not rexian's are left alone"
    );
}

#[test]
fn batch_a_new_run_removes_the_working_folders_of_dead_runs_whatever_their_age() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let state = out.join(".rexian");
    // A run that died a moment ago: its process is gone (a child that has exited).
    let mut child = Std::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let (killed, live) = (state.join("set-killed"), state.join("set-live"));
    for work in [&killed, &live] {
        fs::create_dir_all(work).unwrap();
        fs::write(work.join("metrics.csv"), "source\n").unwrap();
    }
    fs::write(killed.join("lock"), format!("{dead} 1\n")).unwrap();
    // A live run: this test's own process, with its start time.
    let stat = fs::read_to_string("/proc/self/stat").unwrap();
    let started = stat[stat.rfind(')').unwrap() + 1..]
        .split_whitespace()
        .nth(19)
        .unwrap()
        .to_string();
    fs::write(
        live.join("lock"),
        format!("{} {started}\n", std::process::id()),
    )
    .unwrap();
    // An older version's working folders carry no lock: removed once unwritten for an hour.
    let (stale, recent) = (out.join(".rexian-killed"), out.join(".rexian-running"));
    for work in [&stale, &recent] {
        fs::create_dir_all(work).unwrap();
        fs::write(work.join("metrics.csv"), "source\n").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    for path in [stale.join("metrics.csv"), stale.clone()] {
        fs::File::open(&path)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    rexian()
        .args(["ingest", "fixtures/kecheng-2019-q4.txt", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(!killed.exists(), "a dead run's set is removed at once");
    assert!(
        live.join("metrics.csv").is_file(),
        "a live run's set is left alone"
    );
    assert!(
        !stale.exists(),
        "an old version's folder unwritten for two hours is removed"
    );
    assert!(
        recent.join("metrics.csv").is_file(),
        "a recent one is left alone"
    );
    assert!(out.join("metrics.csv").is_file());
}

#[test]
fn batch_split_keeps_the_periods_a_run_did_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("split");
    for f in ["fixtures/miyun-2022-06.txt", "fixtures/ruzhou-2022-07.txt"] {
        rexian()
            .args(["ingest", f, "--split", "period", "-o"])
            .arg(&out)
            .assert()
            .success();
    }
    assert!(read(&out.join("2022-06/units.csv")).contains("miyun-2022-06.txt"));
    assert!(read(&out.join("2022-07/units.csv")).contains("ruzhou-2022-07.txt"));
}

#[test]
fn batch_a_full_disk_stops_the_run_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    rexian()
        .args(["ingest", "fixtures/kecheng-2019-q4.txt", "-o"])
        .arg(&out)
        .assert()
        .success();
    let old = outputs(&out);
    // Files may not grow past 64 KiB (a disk that fills up): the first write past it fails.
    let bin = assert_cmd::cargo::cargo_bin("rexian");
    let run = Std::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 64; exec '{}' ingest -v -j1 fixtures fixtures/sheets fixtures/docs fixtures/web -o '{}'",
            bin.display(),
            out.display()
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    let named = stderr
        .lines()
        .find(|l| l.starts_with("rexian: error: cannot write "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(named.contains("/.rexian/set-"), "{named}");
    let documents = stderr.lines().filter(|l| l.contains(" tables, ")).count();
    assert!(
        documents < 20,
        "reading stopped at the failed write: {documents} read"
    );
    assert_eq!(outputs(&out), old, "the previous set is whole");
}

#[test]
fn batch_threads_are_capped() {
    rexian()
        .args(["ingest", "-j", "5000", "fixtures/kecheng-2019-q4.txt"])
        .assert()
        .success()
        .stderr(contains("-j 5000 is more than 64 threads: using 64"));
}

#[test]
fn batch_output_folder_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a/b/c");
    rexian()
        .args(["ingest", "fixtures/kecheng-2019-q4.txt", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("units.csv").is_file());
}

#[test]
fn batch_csv_is_safe_in_spreadsheets_and_excel_gets_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let bulletin = dir.path().join("evil.txt");
    fs::write(
        &bulletin,
        "某区热线2023年5月通报\n单位 | 满意率 | 综合成绩 | 环比 |\n=HYPERLINK(\"http://x\",\"点我\") | 99.5% | 98.10 | -2.5% |\n@SUM(A1) | 97% | 96.00 | +1.0% |\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    rexian()
        .args(["ingest", "--excel", "-o"])
        .arg(&out)
        .arg(&bulletin)
        .assert()
        .success();
    let bytes = fs::read(out.join("units.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a BOM for Excel and WPS"
    );
    let script = r#"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
print(rows[0]["unit"]); print(rows[1]["unit"]); print(rows[0]["mom_change"]); print(rows[0]["score"])
"#;
    let Ok(py) = Std::new("python3")
        .arg("-c")
        .arg(script)
        .arg(out.join("units.csv"))
        .output()
    else {
        eprintln!("skipped: python3 is not here to read the CSV back");
        return;
    };
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let lines: Vec<String> = String::from_utf8(py.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines[0], "'=HYPERLINK(\"http://x\",\"点我\")");
    assert_eq!(lines[1], "'@SUM(A1)");
    assert_eq!(lines[2], "-2.5", "a negative number stays a number");
    assert_eq!(lines[3], "98.10");
    // Without --excel: no BOM, for pipes.
    let plain = dir.path().join("plain");
    rexian()
        .args(["ingest", "-o"])
        .arg(&plain)
        .arg(&bulletin)
        .assert()
        .success();
    assert!(fs::read(plain.join("units.csv"))
        .unwrap()
        .starts_with(b"source,"));
}

#[test]
fn batch_jsonl_streams_and_a_closed_pipe_is_quiet() {
    let bin = assert_cmd::cargo::cargo_bin("rexian");
    let out = Std::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' ingest --format jsonl fixtures fixtures/sheets | head -n 1",
            bin.display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).unwrap();
    let doc: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(doc["source"], "fixtures/beijing-2020-annual.txt");
}

#[test]
fn batch_period_filters_and_split() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("june");
    rexian()
        .args(["ingest", "fixtures", "--period", "2022-06", "-o"])
        .arg(&out)
        .assert()
        .success();
    let docs: serde_json::Value = serde_json::from_str(&read(&out.join("documents.json"))).unwrap();
    assert!(docs
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["period"]["label"] == "2022-06"));
    assert_eq!(
        docs.as_array().unwrap().len(),
        11,
        "every form of the June bulletin: text, docx, html, xlsx, xls, ods, doc and four PDFs"
    );

    let out = dir.path().join("range");
    rexian()
        .args([
            "ingest", "fixtures", "--since", "2021-01", "--until", "2022-06", "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let docs: serde_json::Value = serde_json::from_str(&read(&out.join("documents.json"))).unwrap();
    let labels: std::collections::BTreeSet<String> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["period"]["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        labels.into_iter().collect::<Vec<_>>(),
        vec!["2021-Q3", "2022-06"]
    );

    let out = dir.path().join("split");
    rexian()
        .args([
            "ingest",
            "fixtures/miyun-2022-06.txt",
            "fixtures/ruzhou-2022-07.txt",
            "--split",
            "period",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(read(&out.join("2022-06/units.csv")).contains("miyun-2022-06.txt"));
    assert!(read(&out.join("2022-07/units.csv")).contains("ruzhou-2022-07.txt"));
    rexian()
        .args(["ingest", "fixtures", "--period", "June"])
        .assert()
        .code(2)
        .stderr(contains("--period June"));
}

#[test]
fn batch_datapackage_describes_the_csv_columns() {
    let dir = tempfile::tempdir().unwrap();
    rexian()
        .args(["ingest", "fixtures/miyun-2022-06.txt", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let pkg: serde_json::Value =
        serde_json::from_str(&read(&dir.path().join("datapackage.json"))).unwrap();
    let units = &pkg["resources"][1];
    assert_eq!(units["path"], "units.csv");
    let fields = units["schema"]["fields"].as_array().unwrap();
    let header = read(&dir.path().join("units.csv"))
        .lines()
        .next()
        .unwrap()
        .to_string();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names.join(","), header);
    let type_of = |n: &str| {
        fields.iter().find(|f| f["name"] == n).unwrap()["type"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(type_of("response_rate"), "number");
    assert_eq!(type_of("rank"), "integer");
    assert_eq!(type_of("period_start"), "date");
    assert_eq!(type_of("unit"), "string");
}

#[test]
fn batch_completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        rexian()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(contains("ingest"));
    }
    rexian()
        .arg("man")
        .assert()
        .success()
        .stdout(contains(".TH rexian"));
    rexian()
        .args(["ingest", "--help"])
        .assert()
        .success()
        .stdout(contains("--excel"))
        .stdout(contains("--split"));
    rexian()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Exit status"));
}
