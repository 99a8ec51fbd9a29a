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
