//! The `check` command: a short human summary per document, the documents and their
//! disagreements worst first, a closing total, and an exit status fit for cron and CI; as
//! text, CSV (the checks.csv columns) or JSON, to stdout or a file; with `--html FILE`
//! the report too.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{CheckArgs, CheckFormat};
use crate::emit::csv_out::{SafeWriter, CHECKS_HEADER};
use crate::emit::CsvStyle;
use crate::error::FatalError;
use crate::ingest::{in_range, nothing_read, period_filter, read_each, setup};
use crate::lang::{self, messages, Lang};
use crate::model::{Check, CheckKind, Document};

/// What `check` keeps of a document: its counts and its disagreements, worst first.
struct Checked {
    source: String,
    tables: usize,
    rows: usize,
    checked: usize,
    checks: Vec<(usize, Check)>,
}

impl Checked {
    fn of(doc: &Document) -> Checked {
        Checked {
            source: doc.source.clone(),
            tables: doc.tables.len(),
            rows: doc.tables.iter().map(|t| t.rows.len()).sum(),
            checked: doc.tables.iter().map(|t| t.checked).sum(),
            checks: worst_first(doc)
                .into_iter()
                .map(|(t, c)| (t, c.clone()))
                .collect(),
        }
    }

    /// Worst first: more disagreements, then a worse worst one; input order breaks ties.
    fn badness(
        &self,
    ) -> (
        std::cmp::Reverse<usize>,
        Option<(u8, rust_decimal::Decimal)>,
    ) {
        (
            std::cmp::Reverse(self.checks.len()),
            self.checks.first().map(|(_, c)| severity(c)),
        )
    }
}

/// Runs `rexian check`: 0 nothing disagrees, 1 something does, 2 an input could not be
/// read (or nothing could).
pub fn run(args: &CheckArgs) -> Result<ExitCode, FatalError> {
    let lang = Lang::resolve(args.lang);
    let filter = period_filter(&args.periods)?;
    let setup = setup(
        &args.paths,
        args.encoding.as_deref(),
        &args.profile,
        &args.walk,
        true,
        lang,
    )?;
    if args.walk.files {
        return crate::ingest::list_files(&setup);
    }
    let mut page = args
        .html
        .as_ref()
        .map(|_| crate::emit::report::Report::new(&setup.profiles));
    let mut docs: Vec<Checked> = Vec::new();
    let tally = read_each(
        &setup,
        args.quiet,
        false,
        &|_| (),
        &mut |doc: Document, ()| {
            if filter.is_some_and(|(from, to)| !in_range(&doc, from, to)) {
                return Ok(());
            }
            docs.push(Checked::of(&doc));
            if let Some(page) = &mut page {
                page.add(doc);
            }
            Ok(())
        },
    )?;
    // A stable sort: documents that disagree equally keep the inputs' order.
    docs.sort_by_key(Checked::badness);
    if filter.is_some() && !args.quiet {
        let words = messages::filter_words(&args.periods, lang);
        crate::term::say(&messages::in_range(
            docs.len(),
            tally.documents,
            &words,
            lang,
        ));
    }
    let disagreements: usize = docs.iter().map(|d| d.checks.len()).sum();
    let out: Box<dyn Write> = match &args.output {
        Some(path) if path.as_os_str() != "-" => Box::new(std::fs::File::create(path).map_err(
            |source| FatalError::Write {
                path: path.clone(),
                source,
            },
        )?),
        _ => Box::new(std::io::stdout()),
    };
    let mut w = std::io::BufWriter::new(out);
    let shown = docs.iter().filter(|d| !args.quiet || !d.checks.is_empty());
    match args.format {
        CheckFormat::Text => {
            let colour = args.output.is_none() && crate::term::colour_stdout();
            for d in shown {
                write_text(d, lang, colour, &mut w)?;
            }
            for f in &tally.failures {
                writeln!(w, "{}", messages::check_unread(&f.source, &f.message, lang))?;
            }
            writeln!(
                w,
                "{}",
                total(&docs, disagreements, tally.failures.len(), lang)
            )?;
        }
        CheckFormat::Csv => {
            let mut csv = SafeWriter::new(&mut w, CsvStyle::default());
            csv.write_header(CHECKS_HEADER, Lang::En)?;
            for d in shown {
                for (t, c) in &d.checks {
                    csv.write_record(check_record(&d.source, *t, c, lang))?;
                }
            }
            csv.flush()?;
        }
        CheckFormat::Json => {
            let all: Vec<JsonDocument> = shown.map(|d| to_json(d, lang)).collect();
            serde_json::to_writer_pretty(&mut w, &all)?;
            writeln!(w)?;
        }
    }
    w.flush()?;
    if args.format != CheckFormat::Text && !args.quiet {
        crate::term::say(&format!(
            "{}{}",
            messages::prefix(lang),
            total(&docs, disagreements, tally.failures.len(), lang)
        ));
    }
    if let (Some(page), Some(path)) = (page, &args.html) {
        crate::report_cmd::write_page(page, &tally.problems(), path)?;
    }
    if let Some(code) = nothing_read(&tally, &setup) {
        return Ok(code);
    }
    Ok(if !tally.failures.is_empty() {
        ExitCode::from(2)
    } else if disagreements > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The closing line: documents checked, how many disagree, disagreements, inputs unread.
fn total(docs: &[Checked], disagreements: usize, unread: usize, lang: Lang) -> String {
    let disagreeing = docs.iter().filter(|d| !d.checks.is_empty()).count();
    messages::check_total(docs.len(), disagreeing, disagreements, unread, lang)
}

/// One disagreement in the checks.csv columns.
fn check_record(source: &str, table: usize, c: &Check, lang: Lang) -> [String; 12] {
    [
        source.to_string(),
        table.to_string(),
        c.group.clone().unwrap_or_default(),
        c.unit.clone(),
        c.check.key().to_string(),
        c.metric.key().to_string(),
        c.reported.to_string(),
        c.computed.to_string(),
        c.delta
            .map(|d| d.normalize().to_string())
            .unwrap_or_default(),
        c.profile.clone().unwrap_or_default(),
        c.at.to_string(),
        lang::detail(c, lang).into_owned(),
    ]
}

/// One document as `--format json` writes it: its counts and its disagreements.
#[derive(serde::Serialize)]
struct JsonDocument<'a> {
    source: &'a str,
    tables: usize,
    rows: usize,
    values_checked: usize,
    disagreements: Vec<JsonCheck>,
}

/// One disagreement in the checks.csv columns (but `source`), in their order; an empty
/// field is null.
#[derive(serde::Serialize)]
struct JsonCheck {
    table: usize,
    group: Option<String>,
    unit: Option<String>,
    check: Option<String>,
    metric: Option<String>,
    reported: Option<String>,
    computed: Option<String>,
    delta: Option<String>,
    profile: Option<String>,
    at: Option<String>,
    detail: Option<String>,
}

fn to_json(d: &Checked, lang: Lang) -> JsonDocument<'_> {
    let disagreements = d
        .checks
        .iter()
        .map(|(t, c)| {
            let [_, _, group, unit, check, metric, reported, computed, delta, profile, at, detail] =
                check_record(&d.source, *t, c, lang).map(|v| Some(v).filter(|v| !v.is_empty()));
            JsonCheck {
                table: *t,
                group,
                unit,
                check,
                metric,
                reported,
                computed,
                delta,
                profile,
                at,
                detail,
            }
        })
        .collect();
    JsonDocument {
        source: &d.source,
        tables: d.tables,
        rows: d.rows,
        values_checked: d.checked,
        disagreements,
    }
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
fn write_text<W: Write>(d: &Checked, lang: Lang, colour: bool, w: &mut W) -> std::io::Result<()> {
    let head =
        messages::check_summary(&d.source, d.tables, d.rows, d.checked, d.checks.len(), lang);
    writeln!(
        w,
        "{}",
        crate::term::bold(&head, colour && !d.checks.is_empty())
    )?;
    for (t, c) in &d.checks {
        writeln!(w, "{}", messages::check_line(*t, c, lang))?;
    }
    Ok(())
}
