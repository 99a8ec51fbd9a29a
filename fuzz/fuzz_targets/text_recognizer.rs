//! Any text: segmenting, recognizing, reading the prose and scoring never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (mut doc, evidence) = rexian::extract::extract(&text, "fuzz.txt", "UTF-8");
    rexian::score::score_document(&mut doc, &evidence, &rexian::profile::Profiles::builtin());
});
