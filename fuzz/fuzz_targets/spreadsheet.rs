//! Any bytes as a workbook, an OpenDocument sheet, a Word file or a web page (chosen by
//! the first byte): reading fails cleanly or gives segments that extract without panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
