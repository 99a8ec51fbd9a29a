//! The terminal: whether to colour, the progress bar, and every line written to stderr.
//! A message goes through [`say`] so that a progress bar on screen is cleared before it
//! and drawn again after it (indicatif's `suspend`), never left half-drawn under it.

use std::io::IsTerminal;
use std::sync::{Mutex, OnceLock};

/// When to colour what rexian prints (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When the output is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

/// The choice made once, at start.
static CHOICE: OnceLock<ColorChoice> = OnceLock::new();
/// Whether a progress bar may be shown at all (`--no-progress` says no).
static PROGRESS: OnceLock<bool> = OnceLock::new();
/// The progress bar on screen, if any.
static BAR: Mutex<Option<indicatif::ProgressBar>> = Mutex::new(None);

/// Records `--color` and `--no-progress`; the first call counts.
pub fn init(color: ColorChoice, progress: bool) {
    let _ = CHOICE.set(color);
    let _ = PROGRESS.set(progress);
}

fn colour_for(is_terminal: bool) -> bool {
    match CHOICE.get().copied().unwrap_or_default() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// Whether stderr is coloured.
pub fn colour_stderr() -> bool {
    colour_for(std::io::stderr().is_terminal())
}

/// Whether stdout is coloured.
pub fn colour_stdout() -> bool {
    colour_for(std::io::stdout().is_terminal())
}

/// `text` in bold red when `on` (an error's label).
pub fn red(text: &str, on: bool) -> String {
    paint(text, "1;31", on)
}

/// `text` in bold when `on` (a file's name).
pub fn bold(text: &str, on: bool) -> String {
    paint(text, "1", on)
}

fn paint(text: &str, sgr: &str, on: bool) -> String {
    if on {
        format!("\x1b[{sgr}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Writes one line to stderr, clearing the progress bar first and drawing it again after.
pub fn say(line: &str) {
    let bar = BAR.lock().ok().and_then(|b| b.clone());
    match bar {
        Some(bar) => bar.suspend(|| eprintln!("{line}")),
        None => eprintln!("{line}"),
    }
}

/// A progress bar over `len` inputs on stderr, when stderr is a terminal, there is more
/// than one input, and neither `-q` nor `--no-progress` was given. It stays until
/// [`finish_progress`].
pub fn start_progress(len: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    let allowed = PROGRESS.get().copied().unwrap_or(true);
    if quiet || !allowed || len < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    if let Ok(mut slot) = BAR.lock() {
        *slot = Some(bar.clone());
    }
    Some(bar)
}

/// Clears the progress bar from the screen.
pub fn finish_progress(bar: Option<indicatif::ProgressBar>) {
    if let Some(bar) = bar {
        bar.finish_and_clear();
        if let Ok(mut slot) = BAR.lock() {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paint_only_when_asked() {
        assert_eq!(red("error", false), "error");
        assert_eq!(red("error", true), "\x1b[1;31merror\x1b[0m");
        assert_eq!(bold("a.txt", true), "\x1b[1ma.txt\x1b[0m");
    }
}
