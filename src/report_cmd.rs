//! The `report` command: one HTML page of the bulletins, from an output folder of
//! `ingest -o` (its documents.json, or those of its `--split` folders) or from bulletins
//! read as `check` reads them. The page is written atomically (a temporary file beside
//! it, then a rename), or to stdout.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::ReportArgs;
use crate::emit::report::Report;
use crate::emit::Failure;
use crate::error::FatalError;
use crate::ingest::{read_each, setup};
use crate::lang::Lang;
use crate::model::Document;
use crate::profile::Profiles;

/// The documents.json files of an output folder: its own, else those of its period
/// folders (`--split period`), in name order. Empty when it is no output folder.
fn documents_files(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let own = dir.join("documents.json");
    if own.is_file() {
        return vec![own];
    }
    let mut parts: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("documents.json"))
        .filter(|p| p.is_file())
        .collect();
    parts.sort();
    parts
}

/// Reads the documents of a documents.json (one per line).
fn read_documents(path: &Path, into: &mut Report) -> Result<(), FatalError> {
    let wrap = |source| FatalError::Write {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(wrap)?;
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(wrap)?;
        let line = line.trim_end().trim_end_matches(',');
        if line.starts_with('{') {
            let doc: Document = serde_json::from_str(line)?;
            into.add(doc);
        }
    }
    Ok(())
}

/// The inputs an output folder's errors.csv lists as not read (its first two columns:
/// source and level, whatever the headers' language).
fn read_unread(errors: &Path, into: &mut Vec<Failure>) {
    let Ok(mut r) = csv::ReaderBuilder::new().flexible(true).from_path(errors) else {
        return;
    };
    for rec in r.records().flatten() {
        if rec.get(1) == Some("error") {
            into.push(Failure {
                source: rec.get(0).unwrap_or("").to_string(),
                message: rec.get(3).unwrap_or("").to_string(),
                note: false,
            });
        }
    }
}

/// Runs `rexian report`: 0 when the page is written and every input was read, 1 when some
/// input could not be (it is listed on the page), 2 when nothing could be reported on.
pub fn run(args: &ReportArgs) -> Result<ExitCode, FatalError> {
    let lang = Lang::resolve(args.lang);
    let profiles = Profiles::load(&args.profile)?;
    let mut report = Report::new(&profiles);
    let mut problems = Vec::new();
    let mut bulletins = Vec::new();
    // How many output folders were given: with none, and no bulletin read, there is
    // nothing to report on.
    let mut from_folders = 0usize;
    for p in &args.paths {
        let files = documents_files(p);
        if files.is_empty() {
            bulletins.push(p.clone());
            continue;
        }
        let mut folders: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        folders.push(p.join("unread"));
        folders.dedup();
        from_folders += 1;
        for f in &files {
            read_documents(f, &mut report)?;
        }
        for dir in folders {
            read_unread(&dir.join("errors.csv"), &mut problems);
        }
    }
    let mut code = ExitCode::SUCCESS;
    if !bulletins.is_empty() {
        let setup = setup(
            &bulletins,
            args.encoding.as_deref(),
            &args.profile,
            &crate::cli::WalkArgs::default(),
            true,
            lang,
        )?;
        let tally = read_each(&setup, true, false, &|_| (), &mut |doc: Document, ()| {
            report.add(doc);
            Ok(())
        })?;
        if tally.documents == 0 && !tally.failures.is_empty() {
            return Err(FatalError::NothingToReport(bulletins[0].clone()));
        }
        if from_folders == 0 {
            if let Some(code) = crate::ingest::nothing_read(&tally, &setup) {
                return Ok(code);
            }
        }
        code = tally.exit_code();
        problems.extend(tally.problems());
    }
    match &args.output {
        Some(path) => write_page(report, &problems, path)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(report.render(&problems).as_bytes())?;
            out.flush()?;
        }
    }
    Ok(code)
}

/// Writes the page to `path` atomically.
pub fn write_page(report: Report, problems: &[Failure], path: &Path) -> Result<(), FatalError> {
    let wrap = |source| FatalError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".rexian-report-")
        .tempfile_in(dir)
        .map_err(wrap)?;
    tmp.write_all(report.render(problems).as_bytes())
        .map_err(wrap)?;
    tmp.flush().map_err(wrap)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(wrap)?;
    }
    tmp.persist(path).map_err(|e| wrap(e.error))?;
    Ok(())
}
