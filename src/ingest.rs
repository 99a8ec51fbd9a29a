//! The `ingest` command: inputs → documents → outputs, one failing file never stopping
//! the batch. Hands back the exit status.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Format, IngestArgs};
use crate::emit::{self, Failure};
use crate::error::FatalError;
use crate::extract::{extract_segments, is_header_cell, is_rate_header};
use crate::model::Document;
use crate::profile::Profiles;
use crate::score::score_document;
use crate::source::{self, decode::encoding_by_name, Input};

/// What a batch produced.
pub struct Outcome {
    pub documents: Vec<Document>,
    pub failures: Vec<Failure>,
}

impl Outcome {
    /// 0 when every input was read, 1 when some failed, 2 when none could be read.
    pub fn exit_code(&self) -> ExitCode {
        if self.failures.is_empty() {
            ExitCode::SUCCESS
        } else if self.documents.is_empty() {
            ExitCode::from(2)
        } else {
            ExitCode::from(1)
        }
    }
}

/// Reads and scores every input; a file that fails becomes a [`Failure`] and the batch goes
/// on.
pub fn read_all(
    inputs: &[Input],
    encoding: Option<&'static encoding_rs::Encoding>,
    profiles: &Profiles,
) -> Outcome {
    let mut documents = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        let name = input.name();
        match source::load(input, encoding, &is_header_cell, &is_rate_header) {
            Ok(loaded) => {
                let (mut doc, evidence) =
                    extract_segments(&loaded.segments, &name, &loaded.encoding);
                score_document(&mut doc, &evidence, profiles);
                documents.push(doc);
            }
            Err(e) => failures.push(Failure {
                source: name,
                message: e.to_string(),
            }),
        }
    }
    Outcome {
        documents,
        failures,
    }
}

/// Validates the arguments both `ingest` and `check` take, reads every input and reports
/// the failures on stderr.
pub fn read_inputs(
    paths: &[std::path::PathBuf],
    encoding: Option<&str>,
    profile_files: &[std::path::PathBuf],
    quiet: bool,
) -> Result<Outcome, FatalError> {
    let encoding = match encoding {
        Some(name) => Some(
            encoding_by_name(name).ok_or_else(|| FatalError::UnknownEncoding(name.to_string()))?,
        ),
        None => None,
    };
    let profiles = Profiles::load(profile_files)?;
    let (inputs, skipped) = source::expand(paths)?;
    if !quiet {
        for path in &skipped {
            eprintln!("rexian: skipped {} (not a text bulletin)", path.display());
        }
    }
    let outcome = read_all(&inputs, encoding, &profiles);
    for f in &outcome.failures {
        eprintln!("rexian: {}: {}", f.source, f.message);
    }
    Ok(outcome)
}

/// Runs `rexian ingest`.
pub fn run(args: &IngestArgs) -> Result<ExitCode, FatalError> {
    let outcome = read_inputs(
        &args.paths,
        args.encoding.as_deref(),
        &args.profile,
        args.quiet,
    )?;
    match &args.output {
        Some(dir) => {
            emit::write_dir(dir, &outcome.documents, &outcome.failures)?;
            if !args.quiet {
                let values: usize = outcome
                    .documents
                    .iter()
                    .map(|d| {
                        d.headline.len()
                            + d.tables
                                .iter()
                                .flat_map(|t| &t.rows)
                                .map(|r| r.values.len())
                                .sum::<usize>()
                    })
                    .sum();
                eprintln!(
                    "rexian: {} documents, {} values, {} failed → {}",
                    outcome.documents.len(),
                    values,
                    outcome.failures.len(),
                    dir.display()
                );
            }
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            match args.format {
                Format::Csv => emit::csv_out::metrics(&outcome.documents, &mut w)?,
                Format::Json => emit::documents_json(&outcome.documents, &mut w)?,
                Format::Jsonl => {
                    for d in &outcome.documents {
                        emit::document_jsonl(d, &mut w)?;
                    }
                }
            }
            w.flush()?;
        }
    }
    Ok(outcome.exit_code())
}
