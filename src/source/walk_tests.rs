//! The walk against walkdir's (the code it replaced, kept here): the same inputs in the
//! same order, the same skipped files and problems, on a tree with links, loops, hidden
//! entries and a folder large enough for its listing to go through runs on disk.

use std::path::{Path, PathBuf};

use super::super::{
    file_id, is_hidden_or_temp, kind_of, problem, problem_text, special_kind, Input,
};
use crate::error::{FatalError, SourceError};

/// What expanding the command line's paths gave: the inputs to read, the files skipped
/// for their type, and every path that could not be walked or read, with the reason.
#[derive(Debug, Default)]
pub struct OldExpanded {
    pub inputs: Vec<Input>,
    pub skipped: Vec<PathBuf>,
    pub problems: Vec<crate::emit::Failure>,
}

/// Expands the paths given on the command line: files as given, folders walked
/// recursively in sorted order (hidden and temporary files skipped), `-` for stdin.
/// Symbolic links to files and folders are followed (a loop is reported, a file reached
/// twice is read once); a path that cannot be walked or read, a dangling link, a FIFO or a
/// device is a problem row and the walk goes on. Only when no path given exists at all is
/// it an error.
pub fn old_expand(paths: &[PathBuf]) -> Result<OldExpanded, FatalError> {
    let mut out = OldExpanded::default();
    let mut seen = std::collections::HashMap::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => {
                if first_sight(&mut seen, &m, path, &mut out) {
                    out.inputs.push(Input::File(path.clone()));
                }
            }
            Ok(m) if m.is_dir() => walk(path, &mut seen, &mut out),
            Ok(m) => out
                .problems
                .push(problem(path, SourceError::Special(special_kind(&m)))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if std::fs::symlink_metadata(path).is_ok() {
                    out.problems.push(problem_text(
                        path,
                        format!("a symbolic link to nothing: {e}"),
                    ));
                } else {
                    missing.push(path.clone());
                }
            }
            Err(e) => out.problems.push(problem(path, SourceError::Io(e))),
        }
    }
    if !missing.is_empty() && out.inputs.is_empty() && out.problems.is_empty() {
        return Err(FatalError::MissingInput(missing[0].clone()));
    }
    for path in missing {
        out.problems
            .push(problem_text(&path, "no such file or folder".to_string()));
    }
    // Independent of the order the paths were given in: stdin first, then files by path.
    out.inputs.sort_by(|a, b| match (a, b) {
        (Input::Stdin, Input::Stdin) => std::cmp::Ordering::Equal,
        (Input::Stdin, _) => std::cmp::Ordering::Less,
        (_, Input::Stdin) => std::cmp::Ordering::Greater,
        (Input::File(x), Input::File(y)) => x.cmp(y),
    });
    out.inputs.dedup();
    out.problems
        .sort_by(|a, b| (&a.source, &a.message).cmp(&(&b.source, &b.message)));
    out.problems.dedup();
    Ok(out)
}

/// Walks one folder, links followed; every entry that cannot be walked is a problem and
/// the walk goes on.
fn walk(
    root: &Path,
    seen: &mut std::collections::HashMap<(u64, u64), usize>,
    out: &mut OldExpanded,
) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden_or_temp(e.path()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let message = match (e.loop_ancestor(), e.io_error()) {
                    (Some(ancestor), _) => format!(
                        "a symbolic link loops back to {}: not followed",
                        ancestor.display()
                    ),
                    (None, Some(io)) if io.kind() == std::io::ErrorKind::NotFound => {
                        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) {
                            format!("a symbolic link to nothing: {io}")
                        } else {
                            format!("removed during the walk: {io}")
                        }
                    }
                    (None, Some(io)) => format!("cannot read: {io}"),
                    (None, None) => format!("cannot read: {e}"),
                };
                out.problems.push(problem_text(&path, message));
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if !ft.is_file() {
            if kind_of(entry.path()).is_some() {
                let kind = entry
                    .metadata()
                    .map_or("a special file", |m| special_kind(&m));
                out.problems
                    .push(problem(entry.path(), SourceError::Special(kind)));
            }
            continue;
        }
        if kind_of(entry.path()).is_none() {
            out.skipped.push(entry.into_path());
            continue;
        }
        match entry.metadata() {
            Ok(m) => {
                if first_sight(seen, &m, entry.path(), out) {
                    out.inputs.push(Input::File(entry.into_path()));
                }
            }
            Err(e) => out
                .problems
                .push(problem_text(entry.path(), format!("cannot read: {e}"))),
        }
    }
}

/// Whether a file is seen for the first time (by device and inode: a link to a file
/// already listed is a note, read once). The map keeps the index of the first input, not
/// its path again.
fn first_sight(
    seen: &mut std::collections::HashMap<(u64, u64), usize>,
    m: &std::fs::Metadata,
    path: &Path,
    out: &mut OldExpanded,
) -> bool {
    let Some(id) = file_id(m) else {
        return true;
    };
    match seen.get(&id) {
        Some(&first) => {
            let first = out.inputs[first].name();
            if Path::new(&first) != path {
                out.problems.push(crate::emit::Failure {
                    source: path.to_string_lossy().replace('\\', "/"),
                    message: format!("the same file as {first}: read once"),
                    note: true,
                });
            }
            false
        }
        None => {
            seen.insert(id, out.inputs.len());
            true
        }
    }
}

fn new_expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<PathBuf>, Vec<crate::emit::Failure>) {
    let e = super::expand(paths).unwrap();
    let mut inputs: Vec<Input> = Vec::new();
    if e.stdin {
        inputs.push(Input::Stdin);
    }
    for f in e.files {
        let f = Input::File(f.unwrap());
        if inputs.last() != Some(&f) {
            inputs.push(f);
        }
    }
    (inputs, e.skipped, e.problems)
}

fn same_as_walkdir(paths: &[PathBuf]) {
    let old = old_expand(paths).unwrap();
    let (inputs, skipped, problems) = new_expand(paths);
    assert_eq!(inputs, old.inputs);
    assert_eq!(skipped, old.skipped);
    assert_eq!(problems, old.problems);
}

#[cfg(unix)]
#[test]
fn the_walk_is_walkdirs() {
    use std::os::unix::fs::symlink;
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    let w = |p: &str, s: &str| {
        let p = r.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    };
    // Enough names in one folder for its listing, and the inputs, to spill runs.
    for i in 0..4000 {
        w(
            &format!("big/f{:05}-{}.txt", (i * 7919) % 4000, "x".repeat(40)),
            "a",
        );
    }
    w("a/b.txt", "1");
    w("a-b.txt", "2");
    w("a/b/c.txt", "3");
    w("a/.hidden.txt", "4");
    w("a/~$lock.docx", "5");
    w("a/draft.txt~", "6");
    w("a/x.tmp", "7");
    w(".hid/in.txt", "8");
    w("a/notes.pptx", "9");
    w("a/d.csv", "10");
    w("z/y.TXT", "11");
    symlink(r.join("a/b.txt"), r.join("a/link.txt")).unwrap();
    symlink(r.join("a"), r.join("z/to-a")).unwrap();
    symlink(r.join("z"), r.join("z/loop")).unwrap();
    symlink(r.join("nothing.txt"), r.join("z/dangling.txt")).unwrap();
    symlink(r.join("nothing"), r.join("z/.dangling-hidden")).unwrap();
    symlink(r.join("z"), r.join("z/.loop-hidden")).unwrap();
    std::fs::hard_link(r.join("a-b.txt"), r.join("z/hard.txt")).unwrap();
    std::fs::create_dir_all(r.join("empty")).unwrap();
    same_as_walkdir(&[r.to_path_buf()]);
    same_as_walkdir(&[r.join("z"), r.join("a"), r.join("a/b.txt")]);
    same_as_walkdir(&[r.join("a/b.txt"), r.join("a/link.txt"), r.join("a/b.txt")]);
    same_as_walkdir(&[PathBuf::from("-"), r.join("z"), r.join("missing")]);
    same_as_walkdir(&[r.join("empty")]);
    assert!(matches!(
        old_expand(&[r.join("missing")]),
        Err(FatalError::MissingInput(_))
    ));
    assert!(matches!(
        super::expand(&[r.join("missing")]),
        Err(FatalError::MissingInput(_))
    ));
    let (inputs, _, problems) = new_expand(&[r.to_path_buf()]);
    // a/b.txt, a-b.txt, a/b/c.txt, a/d.csv, z/y.TXT; the links and z/to-a are the same files.
    assert_eq!(inputs.len(), 4000 + 5);
    assert!(problems.iter().any(|p| p.message.contains("loops back")));
    assert!(problems
        .iter()
        .any(|p| p.message.contains("the same file as")));
}
