//! The cost of calamine alone reading every sheet of every .xlsx in a folder: the baseline
//! rexian's spreadsheet path is compared with (`scripts/bench.sh`). With `--rexian`, the
//! same files through rexian's reader stage alone (bytes → segments: cells shown as the
//! sheet shows them, merged regions expanded, provenance), and nothing after it.
//!
//! `cargo run --release --example xlsx_baseline -- DIR [--rexian]`

use calamine::Reader;

fn main() {
    let dir = std::env::args().nth(1).expect("a folder");
    let rexian = std::env::args().any(|a| a == "--rexian");
    let start = std::time::Instant::now();
    let (mut files, mut cells) = (0usize, 0usize);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a readable folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    paths.sort();
    for p in paths {
        let bytes = std::fs::read(&p).expect("readable");
        if rexian {
            let name = p.to_string_lossy();
            let segments = rexian::source::sheet::workbook_segments(&bytes, &name, &|_| false)
                .expect("a workbook");
            cells += segments
                .iter()
                .map(|s| match s {
                    rexian::grid::Segment::Grid(g) => g.rows.iter().map(Vec::len).sum(),
                    rexian::grid::Segment::Prose(p) => p.len(),
                })
                .sum::<usize>();
        } else {
            let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
                .expect("a workbook");
            for name in wb.sheet_names() {
                if let Ok(range) = wb.worksheet_range(&name) {
                    cells += range.used_cells().count();
                }
            }
        }
        files += 1;
    }
    println!(
        "{files} xlsx, {cells} {}, {:.3} s",
        if rexian { "cells laid out" } else { "cells" },
        start.elapsed().as_secs_f64()
    );
}
