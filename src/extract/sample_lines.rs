//! The lines of the project's fixtures and of the shared real-world bulletins, as printed,
//! normalized and compacted: the texts the differential tests of the recognizers run
//! their old and new implementations on (tests only; the files are read, never copied).

use std::path::Path;

use crate::source::normalize::{compact, normalize_line};

/// Extensions of the files read as text (a workbook or a PDF is no line of text).
const TEXT_EXTENSIONS: &[&str] = &["txt", "csv", "tsv", "md", "html", "htm", "json"];

fn walk(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, out);
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !TEXT_EXTENSIONS.contains(&ext) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            let norm = normalize_line(line);
            out.push(compact(&norm));
            out.push(norm);
            out.push(line.to_string());
        }
    }
}

/// Every line of `fixtures/` and `../shared/realworld/docs`, each three times: as printed,
/// normalized, and normalized without spaces.
pub(crate) fn sample_lines() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("fixtures"), &mut out);
    walk(&root.join("../shared/realworld/docs"), &mut out);
    assert!(out.len() > 1000, "the sample texts are there");
    out
}
