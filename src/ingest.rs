//! The `ingest` command: inputs → documents → outputs, one failing file never stopping
//! the batch. Hands back the exit status.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Format, IngestArgs};
use crate::emit::{self, Failure};
use crate::error::FatalError;
use crate::extract::extract_text;
use crate::model::Document;
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

/// Reads every input; a file that fails becomes a [`Failure`] and the batch goes on.
pub fn read_all(inputs: &[Input], encoding: Option<&'static encoding_rs::Encoding>) -> Outcome {
    let mut documents = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        let name = input.name();
        match source::load(input, encoding) {
            Ok(decoded) => documents.push(extract_text(&decoded.text, &name, decoded.encoding)),
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

/// Runs `rexian ingest`.
pub fn run(args: &IngestArgs) -> Result<ExitCode, FatalError> {
    let encoding = match &args.encoding {
        Some(name) => {
            Some(encoding_by_name(name).ok_or_else(|| FatalError::UnknownEncoding(name.clone()))?)
        }
        None => None,
    };
    let (inputs, skipped) = source::expand(&args.paths)?;
    if !args.quiet {
        for path in &skipped {
            eprintln!("rexian: skipped {} (not a text bulletin)", path.display());
        }
    }
    let outcome = read_all(&inputs, encoding);
    for f in &outcome.failures {
        eprintln!("rexian: {}: {}", f.source, f.message);
    }
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
