//! The `check` command: a short human summary per document, the worst disagreements
//! first, and an exit status fit for cron and CI; with `--html FILE` the report too.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::CheckArgs;
use crate::error::FatalError;
use crate::ingest::{read_each, setup};
use crate::lang::{messages, Lang};
use crate::model::{Check, CheckKind, Document};

/// Runs `rexian check`: 0 nothing disagrees, 1 something does, 2 an input could not be read.
pub fn run(args: &CheckArgs) -> Result<ExitCode, FatalError> {
    let lang = Lang::resolve(args.lang);
    let setup = setup(
        &args.paths,
        args.encoding.as_deref(),
        &args.profile,
        true,
        lang,
    )?;
    let mut w = std::io::BufWriter::new(std::io::stdout());
    let mut disagreements = 0;
    let mut page = args
        .html
        .as_ref()
        .map(|_| crate::emit::report::Report::new(&setup.profiles));
    let tally = read_each(&setup, true, false, &|_| (), &mut |doc: Document, ()| {
        let n = doc.check_count();
        disagreements += n;
        if n > 0 || !args.quiet {
            write_summary(&doc, lang, &mut w)?;
        }
        if let Some(page) = &mut page {
            page.add(doc);
        }
        Ok(())
    })?;
    for f in &tally.failures {
        writeln!(w, "{}", messages::check_unread(&f.source, &f.message, lang))?;
    }
    w.flush()?;
    if let (Some(page), Some(path)) = (page, &args.html) {
        crate::report_cmd::write_page(page, &tally.problems(), path)?;
    }
    Ok(if !tally.failures.is_empty() {
        ExitCode::from(2)
    } else if disagreements > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn severity(c: &Check) -> (u8, rust_decimal::Decimal) {
    let kind = match c.check {
        CheckKind::Score | CheckKind::Sum => 0,
        CheckKind::TextVsTable | CheckKind::Rate => 1,
        CheckKind::Share | CheckKind::Grade => 2,
        CheckKind::Rank => 3,
    };
    (kind, -c.delta.map(|d| d.abs()).unwrap_or_default())
}

/// A document's disagreements, worst first, with their tables' ordinals.
pub fn worst_first(doc: &Document) -> Vec<(usize, &Check)> {
    let mut all: Vec<(usize, &Check)> = doc.all_checks().collect();
    all.sort_by_key(|(t, c)| (severity(c), *t));
    all
}

/// One document: tables, rows, values checked, then each disagreement, worst first.
pub fn write_summary<W: Write>(doc: &Document, lang: Lang, w: &mut W) -> std::io::Result<()> {
    let rows: usize = doc.tables.iter().map(|t| t.rows.len()).sum();
    let checked: usize = doc.tables.iter().map(|t| t.checked).sum();
    let all = worst_first(doc);
    writeln!(
        w,
        "{}",
        messages::check_summary(
            &doc.source,
            doc.tables.len(),
            rows,
            checked,
            all.len(),
            lang
        )
    )?;
    for (t, c) in all {
        writeln!(w, "{}", messages::check_line(t, c, lang))?;
    }
    Ok(())
}
