//! Prints the segments a file is read into (prose lines and grids), to see what the
//! recognizer is given: `cargo run --example dump_segments FILE`.

use rexian::extract::{is_header_cell, is_rate_header};
use rexian::grid::Segment;
use rexian::source::{load, Input};

fn main() {
    for path in std::env::args().skip(1) {
        let input = Input::File(path.clone().into());
        match load(&input, None, &is_header_cell, &is_rate_header) {
            Ok(loaded) => {
                for seg in loaded.segments {
                    match seg {
                        Segment::Prose(lines) => {
                            for l in lines {
                                println!("P {} | {}", l.at, l.norm);
                            }
                        }
                        Segment::Grid(g) => {
                            println!("G {} context={:?}", g.at, g.context.last());
                            for r in g.rows {
                                let cells: Vec<String> =
                                    r.iter().map(|c| c.raw.replace('\n', "⏎")).collect();
                                println!("  | {}", cells.join(" | "));
                            }
                        }
                    }
                }
            }
            Err(e) => println!("{path}: {e}"),
        }
    }
}
