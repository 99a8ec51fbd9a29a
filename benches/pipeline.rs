//! Criterion benchmarks of the hot pieces: decode, normalize, recognize (segment and
//! extract), score, and the .xlsx reader next to calamine alone (`cargo bench -- xlsx`).
//! `cargo bench`; the whole binary is timed by `scripts/bench.sh`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rexian::extract::{extract, is_header_cell};
use rexian::profile::Profiles;
use rexian::score::score_document;
use rexian::source::decode::decode;
use rexian::source::normalize::normalize_line;
use rexian::source::text::segment;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("fixtures/{name}")).unwrap()
}

fn benches(c: &mut Criterion) {
    let miyun = fixture("miyun-2022-06.txt");
    let junshan = fixture("junshan-2021-q3.txt");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&miyun);
    let profiles = Profiles::builtin();

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(gbk.len() as u64));
    g.bench_function("decode gb18030", |b| {
        b.iter(|| decode(black_box(&gbk), None).unwrap())
    });
    g.throughput(Throughput::Bytes(junshan.len() as u64));
    g.bench_function("normalize traditional", |b| {
        b.iter(|| {
            junshan
                .lines()
                .map(|l| normalize_line(black_box(l)).len())
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Bytes(miyun.len() as u64));
    g.bench_function("segment", |b| {
        b.iter(|| segment(black_box(&miyun), "m", &is_header_cell).len())
    });
    g.bench_function("recognize (segment + extract)", |b| {
        b.iter(|| extract(black_box(&miyun), "m", "UTF-8"))
    });
    let (doc, evidence) = extract(&miyun, "m", "UTF-8");
    g.bench_function("score", |b| {
        b.iter(|| {
            let mut d = doc.clone();
            score_document(&mut d, &evidence, &profiles);
            d
        })
    });
    g.finish();

    // A 100-page PDF (the Beijing bulletin's pages repeated, CID font, ruled tables; made by
    // tools/make_pdf.py): objects, content streams, layout and grids.
    let pdf = std::fs::read("benches/data/100-pages.pdf").unwrap();
    let mut g = c.benchmark_group("pdf");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(pdf.len() as u64));
    g.bench_function("read 100 pages", |b| {
        b.iter(|| {
            rexian::source::pdf::pdf_segments(black_box(&pdf), "100-pages.pdf", &is_header_cell)
                .unwrap()
        })
    });
    g.finish();
}

/// The .xlsx reader stage alone (bytes → segments: every sheet's cells shown as the sheet
/// shows them, merged regions expanded, provenance) next to calamine alone reading every
/// sheet's range of the same bytes (what `examples/xlsx_baseline.rs` times), on the
/// fixtures' workbooks.
fn xlsx(c: &mut Criterion) {
    let books: Vec<(String, Vec<u8>)> = std::fs::read_dir("fixtures/sheets")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| (p.to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    let bytes: usize = books.iter().map(|b| b.1.len()).sum();
    let mut g = c.benchmark_group("xlsx");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("rexian reader (bytes -> segments)", |b| {
        b.iter(|| {
            books
                .iter()
                .map(|(name, bytes)| {
                    rexian::source::sheet::workbook_segments(black_box(bytes), name, &|_| false)
                        .unwrap()
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("calamine alone (every sheet's range)", |b| {
        use calamine::Reader;
        b.iter(|| {
            let mut cells = 0;
            for (_, bytes) in &books {
                let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(black_box(
                    bytes.as_slice(),
                )))
                .unwrap();
                for name in wb.sheet_names() {
                    if let Ok(range) = wb.worksheet_range(&name) {
                        cells += range.used_cells().count();
                    }
                }
            }
            cells
        })
    });
    g.finish();
}

criterion_group!(pipeline, benches, xlsx);
criterion_main!(pipeline);
