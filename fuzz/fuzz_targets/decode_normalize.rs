//! Any bytes: decoding either fails cleanly or gives text whose every line normalizes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = rexian::source::decode::decode(data, None) {
        for line in d.text.lines() {
            let _ = rexian::source::normalize::normalize_line(line);
        }
    }
});
