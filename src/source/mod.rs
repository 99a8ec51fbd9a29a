//! Inputs → decoded text. Owns reading files and stdin and choosing the encoding; hands
//! the text on to `extract`.

pub mod decode;
pub mod normalize;
pub mod text;

use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::error::{FatalError, SourceError};

/// One input to ingest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The name written in the `source` column: the path as given, or `-`.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.to_string_lossy().replace('\\', "/"),
            Input::Stdin => "-".to_string(),
        }
    }

    /// Reads the input's bytes.
    pub fn read(&self) -> Result<Vec<u8>, SourceError> {
        match self {
            Input::File(p) => Ok(std::fs::read(p)?),
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin().lock().read_to_end(&mut buf)?;
                Ok(buf)
            }
        }
    }
}

/// File extensions read as text bulletins when a folder is walked.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md"];

/// Expands the paths given on the command line: files as given, folders walked
/// recursively in sorted order (hidden and temporary files skipped), `-` for stdin.
/// Returns the inputs and the files skipped for their type.
pub fn expand(paths: &[PathBuf]) -> Result<(Vec<Input>, Vec<PathBuf>), FatalError> {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if path.is_file() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        if !path.is_dir() {
            return Err(FatalError::MissingInput(path.clone()));
        }
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden_or_temp(e.path()));
        for entry in walker {
            let entry = entry.map_err(|e| FatalError::Io(e.into()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            if has_text_extension(entry.path()) {
                inputs.push(Input::File(entry.into_path()));
            } else {
                skipped.push(entry.into_path());
            }
        }
    }
    Ok((inputs, skipped))
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_hidden_or_temp(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.starts_with("~$") || n.ends_with('~'))
}

/// Reads and decodes one input.
pub fn load(
    input: &Input,
    forced: Option<&'static Encoding>,
) -> Result<decode::Decoded, SourceError> {
    let bytes = input.read()?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SourceError::Empty);
    }
    decode::decode(&bytes, forced)
}
