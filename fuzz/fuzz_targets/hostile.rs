//! Structured hostile documents (`hostile_gen.rs`): huge spans and repeats, many sheets,
//! overflowing figures, pipes in cells. Each is read, extracted and scored within the
//! memory budget (libFuzzer's -rss_limit_mb) and time (-timeout) without a panic in
//! rexian's own code; panics in registry crates unwind to rexian's handler, as in
//! `spreadsheet`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "hostile_gen.rs"]
mod hostile_gen;

fuzz_target!(
    init: {
        std::panic::set_hook(Box::new(|info| {
            let third_party = info.location().is_some_and(|l| l.file().contains(".cargo/registry"));
            if !third_party {
                eprintln!("{info}");
                std::process::abort();
            }
        }));
    },
    |data: &[u8]| {
        let (name, bytes) = hostile_gen::hostile(data);
        let input = rexian::source::Input::File(name.into());
        if let Ok(loaded) = rexian::source::load_bytes(
            &input,
            &bytes,
            None,
            &rexian::extract::is_header_cell,
            &rexian::extract::is_rate_header,
        ) {
            let (mut doc, evidence) =
                rexian::extract::extract_segments(&loaded.segments, name, &loaded.encoding);
            rexian::score::score_document(&mut doc, &evidence, &rexian::profile::Profiles::builtin());
        }
    }
);
