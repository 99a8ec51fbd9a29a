//! The `check` command: a short human summary per document, the worst disagreements
//! first, and an exit status fit for cron and CI.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::CheckArgs;
use crate::error::FatalError;
use crate::ingest::{read_each, setup};
use crate::model::{Check, CheckKind, Document};

/// Runs `rexian check`: 0 nothing disagrees, 1 something does, 2 an input could not be read.
pub fn run(args: &CheckArgs) -> Result<ExitCode, FatalError> {
    let setup = setup(&args.paths, args.encoding.as_deref(), &args.profile, true)?;
    let mut w = std::io::BufWriter::new(std::io::stdout());
    let mut disagreements = 0;
    let tally = read_each(&setup, true, false, &|_| (), &mut |doc: Document, ()| {
        let n = doc.tables.iter().map(|t| t.checks.len()).sum::<usize>();
        disagreements += n;
        if n > 0 || !args.quiet {
            write_summary(&doc, &mut w)?;
        }
        Ok(())
    })?;
    for f in &tally.failures {
        writeln!(w, "{}: could not be read: {}", f.source, f.message)?;
    }
    w.flush()?;
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

/// One document: tables, rows, values checked, then each disagreement, worst first.
pub fn write_summary<W: Write>(doc: &Document, w: &mut W) -> std::io::Result<()> {
    let rows: usize = doc.tables.iter().map(|t| t.rows.len()).sum();
    let checked: usize = doc.tables.iter().map(|t| t.checked).sum();
    let mut all: Vec<(usize, &Check)> = doc
        .tables
        .iter()
        .flat_map(|t| t.checks.iter().map(move |c| (t.index, c)))
        .collect();
    all.sort_by_key(|(t, c)| (severity(c), *t));
    writeln!(
        w,
        "{}: {} tables, {} rows, {} values checked, {} disagreement{}",
        doc.source,
        doc.tables.len(),
        rows,
        checked,
        all.len(),
        if all.len() == 1 { "" } else { "s" }
    )?;
    for (t, c) in all {
        let group = c
            .group
            .as_deref()
            .map(|g| format!(" [{g}]"))
            .unwrap_or_default();
        let profile = c
            .profile
            .as_deref()
            .map(|p| format!(", profile {p}"))
            .unwrap_or_default();
        writeln!(
            w,
            "  {:<13} table {t}{group} {} {}: printed {}, computed {} ({}{profile}) at {}",
            c.check.key(),
            c.unit,
            c.metric.key(),
            c.reported,
            c.computed,
            c.detail,
            c.at
        )?;
    }
    Ok(())
}
