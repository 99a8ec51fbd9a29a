//! Writes a corpus of realistic bulletins for benchmarks and soak tests, deterministic from
//! a seed: the fixtures' layouts with their figures varied, in simplified and traditional
//! characters, in UTF-8, GB18030, Big5 and UTF-16, and a share of them as .xlsx.
//!
//! `cargo run --release --example gen_corpus -- --files 10000 --seed 42 --out target/bench-corpus`

use std::fs;
use std::path::{Path, PathBuf};

use rexian::extract::is_header_cell;
use rexian::extract::table::recognize;
use rexian::grid::Segment;
use rexian::source::text::segment;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

const SEEDS: &[&str] = &[
    "beijing-2020-annual",
    "junshan-2021-q3",
    "kecheng-2019-q4",
    "miyun-2022-06",
    "ruzhou-2022-07",
    "layouts/side-by-side",
    "layouts/multi-row-header",
    "layouts/blank-line-cells",
    "layouts/placeholders",
];

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Varies the last digit of every number, keeping its length and layout.
fn vary(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let last_digit =
            c.is_ascii_digit() && !chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if last_digit && rng.below(2) == 0 {
            out.push(char::from(b'0' + rng.below(10) as u8));
        } else {
            out.push(c);
        }
    }
    out
}

fn write_xlsx(text: &str, path: &Path) {
    let segments = segment(text, "x", &is_header_cell);
    let mut wb = Workbook::new();
    // A fixed creation time: the same seed gives the same bytes (rexian reads the same
    // bytes once, so a corpus made twice must not differ in which files are copies).
    if let Ok(created) = ExcelDateTime::from_ymd(2020, 1, 1) {
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    }
    let mut k = 0;
    for seg in &segments {
        let Segment::Grid(g) = seg else { continue };
        if recognize(g, 1, None).is_none() {
            continue;
        }
        k += 1;
        let ws = wb.add_worksheet();
        ws.set_name(format!("表{k}")).unwrap();
        let mut r = 0u32;
        if let Some(title) = g.context.iter().rev().find(|l| !l.trim().is_empty()) {
            ws.write_string(r, 0, title).unwrap();
            r += 1;
        }
        for row in &g.rows {
            for (c, cell) in row.iter().enumerate() {
                let raw = cell.raw.trim();
                let pct = raw.strip_suffix('%');
                match pct.unwrap_or(raw).parse::<f64>() {
                    Ok(v) if pct.is_some() => {
                        let dp = raw.find('.').map_or(0, |i| raw.len() - i - 2);
                        let fmt = format!(
                            "0{}%",
                            if dp > 0 {
                                format!(".{}", "0".repeat(dp))
                            } else {
                                String::new()
                            }
                        );
                        ws.write_number_with_format(
                            r,
                            c as u16,
                            v / 100.0,
                            &Format::new().set_num_format(fmt),
                        )
                        .unwrap();
                    }
                    Ok(v) => {
                        ws.write_number(r, c as u16, v).unwrap();
                    }
                    Err(_) if raw.is_empty() => {}
                    Err(_) => {
                        ws.write_string(r, c as u16, raw).unwrap();
                    }
                }
            }
            r += 1;
        }
    }
    wb.save(path).unwrap();
}

fn main() {
    let mut files = 1000usize;
    let mut seed = 42u64;
    let mut out = PathBuf::from("target/bench-corpus");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--files" => files = args[i + 1].parse().expect("--files N"),
            "--seed" => seed = args[i + 1].parse().expect("--seed N"),
            "--out" => out = PathBuf::from(&args[i + 1]),
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    let texts: Vec<String> = SEEDS
        .iter()
        .map(|s| {
            fs::read_to_string(format!("fixtures/{s}.txt")).expect("run from the repository root")
        })
        .collect();
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).unwrap();
    let mut rng = Rng(seed.max(1));
    let mut bytes = 0u64;
    for n in 0..files {
        // Mostly the real bulletins, now and then a small layout fixture.
        let which = if rng.below(6) == 0 {
            5 + rng.below(4) as usize
        } else {
            rng.below(5) as usize
        };
        let mut text = vary(&texts[which], &mut rng);
        let traditional = rng.below(10) < 3;
        if traditional {
            text = hanconv::s2t(&text);
        }
        let name = SEEDS[which].replace('/', "-");
        let pick = rng.below(20);
        let path = out.join(format!("{n:05}-{name}"));
        let (path, data): (PathBuf, Vec<u8>) = match pick {
            0 | 1 => {
                let p = path.with_extension("xlsx");
                write_xlsx(&text, &p);
                let data = fs::read(&p).unwrap();
                (p, data)
            }
            2..=6 => (
                path.with_extension("txt"),
                encoding_rs::GB18030.encode(&text).0.into_owned(),
            ),
            7 | 8 if traditional => (
                path.with_extension("txt"),
                encoding_rs::BIG5.encode(&text).0.into_owned(),
            ),
            9 => {
                let mut b = vec![0xFF, 0xFE];
                b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                (path.with_extension("txt"), b)
            }
            _ => (path.with_extension("txt"), text.into_bytes()),
        };
        fs::write(&path, &data).unwrap();
        bytes += data.len() as u64;
    }
    println!(
        "{files} files, {:.1} MB → {}",
        bytes as f64 / 1e6,
        out.display()
    );
}
