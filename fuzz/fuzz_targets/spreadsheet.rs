//! Any bytes as a workbook, an OpenDocument sheet, a Word file or a web page (chosen by
//! the first byte): reading fails cleanly or gives segments that extract without panic.
//!
//! rexian catches a panic inside a third-party reader and reports the file as malformed
//! (calamine asserts on some broken .xls). libFuzzer's hook would count those caught panics
//! as crashes, so the hook here lets panics in registry crates unwind to rexian's handler
//! and aborts on any other panic: a panic in rexian's own code is still a finding.
#![no_main]
use libfuzzer_sys::fuzz_target;

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
        let Some((&which, rest)) = data.split_first() else { return };
        let name = match which % 5 {
            0 => "f.xlsx",
            1 => "f.ods",
            2 => "f.docx",
            3 => "f.html",
            _ => "f.xls",
        };
        let input = rexian::source::Input::File(name.into());
        if let Ok(loaded) = rexian::source::load_bytes(
            &input,
            rest,
            None,
            &rexian::extract::is_header_cell,
            &rexian::extract::is_rate_header,
        ) {
            let _ = rexian::extract::extract_segments(&loaded.segments, name, &loaded.encoding);
        }
    }
);
