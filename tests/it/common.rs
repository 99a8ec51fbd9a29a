//! Helpers the integration tests share.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// The binary, speaking English whatever the locale the tests run under.
pub fn rexian() -> Command {
    let mut c = Command::cargo_bin("rexian").unwrap();
    c.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c
}

/// A file's text.
pub fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap()
}

/// Where the real bulletins of the development set are (CI has `../shared` too).
pub const REALWORLD: &str = "../shared/realworld";

/// `rexian ingest -q -o OUT` over the real bulletins' folder: the output folder.
pub fn ingest_realworld(docs: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_rexian"))
        .args(["ingest", "-q", "-o"])
        .arg(out.path())
        .arg(docs)
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{status}");
    out
}
