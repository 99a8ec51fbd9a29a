//! Panics, caught per input. A panic anywhere while one file is read, extracted, scored or
//! rendered (a third-party reader's assertion, an overflow nobody foresaw) becomes that
//! file's error row with the panic's message and place; the batch goes on. Outside a
//! guard (the writing thread, argument handling) a panic is printed as Rust prints it.

use std::cell::{Cell, RefCell};

thread_local! {
    /// How many guards this thread is inside.
    static GUARDED: Cell<usize> = const { Cell::new(0) };
    /// The message of the last panic caught inside a guard on this thread.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the panic hook: inside [`catch`] a panic is recorded for the error row, not
/// printed; elsewhere the default hook prints it.
pub fn install_hook() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.with(Cell::get) == 0 {
            default_hook(info);
            return;
        }
        let message = payload_text(info.payload());
        let text = match info.location() {
            Some(l) => format!("{message} (at {}:{})", short_path(l.file()), l.line()),
            None => message,
        };
        CAUGHT.with(|c| *c.borrow_mut() = Some(text));
    }));
}

/// Runs `f`; a panic inside it comes back as its message and place.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get().saturating_sub(1)));
    result.map_err(|payload| {
        CAUGHT
            .with(|c| c.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// A source path as short as it stays clear: a dependency's file from its crate folder on
/// (`rust_decimal-1.36.0/src/ops.rs`), rexian's own as it is (`src/check.rs`).
fn short_path(file: &str) -> &str {
    match file.find("/registry/src/") {
        Some(at) => {
            let rest = &file[at + "/registry/src/".len()..];
            rest.split_once('/')
                .map_or(rest, |(_, crate_path)| crate_path)
        }
        None => file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_turns_a_panic_into_its_message() {
        install_hook();
        let r: Result<(), String> = catch(|| panic!("boom {}", 7));
        let message = r.unwrap_err();
        assert!(message.starts_with("boom 7 (at src/guard.rs:"), "{message}");
        assert_eq!(catch(|| 5), Ok(5));
    }

    #[test]
    fn guard_shortens_dependency_paths() {
        assert_eq!(
            short_path("/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rust_decimal-1.36.0/src/ops.rs"),
            "rust_decimal-1.36.0/src/ops.rs"
        );
        assert_eq!(short_path("src/check.rs"), "src/check.rs");
    }
}
