//! Expanding the command line's paths into the inputs, in memory that does not grow with
//! the number of files: a folder's listing is sorted through [`ExternalSort`] (runs on
//! disk past a budget), the inputs found are sorted the same way, and the map that finds
//! a file reached twice (by device and inode) holds an integer per file, the first's
//! name being in a [`NameLog`]. The walk is the one `walkdir` made (`follow_links`,
//! `sort_by_file_name`, hidden and temporary entries filtered below the root): the same
//! entries in the same order with the same problems; a test compares the two.

use std::path::{Path, PathBuf};

use crate::emit::first_seen::FirstSeen;
use crate::emit::name_log::NameLog;
use crate::emit::spill::{
    get_bytes, offset, os_bytes, os_string, put_bytes, slot, ExternalSort, Sorted, Spill,
};
use crate::emit::Failure;
use crate::error::{FatalError, SourceError};

use super::{file_id, is_hidden_or_temp, kind_of, problem, problem_text, special_kind};

/// What expanding the command line's paths gave: the inputs to read (stdin first when
/// given, then the files by path; a path given twice comes twice, to be dropped by the
/// reader), the files skipped for their type, and every path that could not be walked or
/// read, with the reason.
pub(crate) struct Expanded {
    pub stdin: bool,
    pub files: Sorted<PathBuf>,
    pub skipped: Vec<PathBuf>,
    pub problems: Vec<Failure>,
}

/// The bytes of a folder's listing, and of the inputs found, held before a run of them
/// is written out.
const HELD: usize = 128 << 10;

/// A folder's entry: its name and the type its listing gave.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    name: std::ffi::OsString,
    kind: u8,
}

const DIR: u8 = 0;
const FILE: u8 = 1;
const SYMLINK: u8 = 2;
const OTHER: u8 = 3;

impl Spill for Entry {
    fn encode(&self, out: &mut Vec<u8>) {
        put_bytes(out, &os_bytes(&self.name));
        out.push(self.kind);
    }

    fn decode(r: &mut dyn std::io::BufRead) -> std::io::Result<Option<Self>> {
        let Some(name) = get_bytes(r)? else {
            return Ok(None);
        };
        let mut kind = [0u8];
        r.read_exact(&mut kind)?;
        Ok(Some(Entry {
            name: os_string(name),
            kind: kind[0],
        }))
    }

    fn weight(&self) -> usize {
        self.name.len() + 48
    }
}

/// A folder being walked: its path, its identity (for finding loops) and the entries
/// not yet visited.
struct Level {
    dir: PathBuf,
    id: Option<(u64, u64)>,
    entries: Sorted<Entry>,
}

/// The state of an expansion.
struct Walk {
    /// Files listed so far by device and inode: the offset of the first one's name.
    seen: FirstSeen<(u64, u64), u32>,
    names: NameLog,
    files: ExternalSort<PathBuf>,
    count: usize,
    skipped: Vec<PathBuf>,
    problems: Vec<Failure>,
}

/// Expands the paths given on the command line: files as given, folders walked
/// recursively in sorted order (hidden and temporary files skipped), `-` for stdin.
/// Symbolic links to files and folders are followed (a loop is reported, a file reached
/// twice is read once); a path that cannot be walked or read, a dangling link, a FIFO or a
/// device is a problem row and the walk goes on. Only when no path given exists at all is
/// it an error.
pub(crate) fn expand(paths: &[PathBuf]) -> Result<Expanded, FatalError> {
    let mut w = Walk {
        seen: FirstSeen::default(),
        names: NameLog::on_disk(None)?,
        files: ExternalSort::new(None, HELD),
        count: 0,
        skipped: Vec::new(),
        problems: Vec::new(),
    };
    let mut stdin = false;
    let mut missing = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            stdin = true;
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => w.list(&m, path)?,
            Ok(m) if m.is_dir() => w.walk(path)?,
            Ok(m) => w
                .problems
                .push(problem(path, SourceError::Special(special_kind(&m)))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if std::fs::symlink_metadata(path).is_ok() {
                    w.problems.push(problem_text(
                        path,
                        format!("a symbolic link to nothing: {e}"),
                    ));
                } else {
                    missing.push(path.clone());
                }
            }
            Err(e) => w.problems.push(problem(path, SourceError::Io(e))),
        }
    }
    if !missing.is_empty() && !stdin && w.count == 0 && w.problems.is_empty() {
        return Err(FatalError::MissingInput(missing[0].clone()));
    }
    for path in missing {
        w.problems
            .push(problem_text(&path, "no such file or folder".to_string()));
    }
    w.problems
        .sort_by(|a, b| (&a.source, &a.message).cmp(&(&b.source, &b.message)));
    w.problems.dedup();
    Ok(Expanded {
        stdin,
        files: w.files.into_sorted()?,
        skipped: w.skipped,
        problems: w.problems,
    })
}

/// What walkdir's error said of an entry that could not be read.
fn unreadable(path: &Path, io: &std::io::Error) -> String {
    if io.kind() == std::io::ErrorKind::NotFound {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) {
            format!("a symbolic link to nothing: {io}")
        } else {
            format!("removed during the walk: {io}")
        }
    } else {
        format!("cannot read: {io}")
    }
}

#[cfg(unix)]
fn same_dir(a: Option<(u64, u64)>, b: &std::fs::Metadata, _: &Path, _: &Path) -> bool {
    a.is_some() && a == file_id(b)
}

#[cfg(not(unix))]
fn same_dir(_: Option<(u64, u64)>, _: &std::fs::Metadata, a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

impl Walk {
    /// Lists a file unless it was reached before (by device and inode: a link to a file
    /// already listed is a note, read once).
    fn list(&mut self, m: &std::fs::Metadata, path: &Path) -> Result<(), FatalError> {
        let name = path.to_string_lossy().replace('\\', "/");
        if let Some(id) = file_id(m) {
            if let Some(at) = self.seen.get(id) {
                let first = String::from_utf8_lossy(&self.names.get(offset(at))?).into_owned();
                if Path::new(&first) != path {
                    self.problems.push(Failure {
                        source: name,
                        message: format!("the same file as {first}: read once"),
                        note: true,
                    });
                }
                return Ok(());
            }
            let at = self.names.push(name.as_bytes())?;
            self.seen.insert(id, slot(at)?);
        }
        self.count += 1;
        self.files.push(path.to_path_buf())?;
        Ok(())
    }

    /// A folder's entries, sorted; `None` (a problem said) when it cannot be listed.
    fn open(&mut self, dir: &Path, root: &Path) -> Result<Option<Level>, FatalError> {
        let listing = match std::fs::read_dir(dir) {
            Ok(l) => l,
            Err(e) => {
                self.problems.push(problem_text(dir, unreadable(dir, &e)));
                return Ok(None);
            }
        };
        let mut sort = ExternalSort::new(None, HELD);
        for entry in listing {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.problems.push(problem_text(root, unreadable(root, &e)));
                    continue;
                }
            };
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => SYMLINK,
                Ok(t) if t.is_dir() => DIR,
                Ok(t) if t.is_file() => FILE,
                Ok(_) => OTHER,
                Err(e) => {
                    let path = entry.path();
                    self.problems
                        .push(problem_text(&path, unreadable(&path, &e)));
                    continue;
                }
            };
            sort.push(Entry {
                name: entry.file_name(),
                kind,
            })?;
        }
        let id = std::fs::metadata(dir).ok().and_then(|m| file_id(&m));
        Ok(Some(Level {
            dir: dir.to_path_buf(),
            id,
            entries: sort.into_sorted()?,
        }))
    }

    /// Walks one folder, links followed; every entry that cannot be walked is a problem
    /// and the walk goes on.
    fn walk(&mut self, root: &Path) -> Result<(), FatalError> {
        let mut stack: Vec<Level> = self.open(root, root)?.into_iter().collect();
        while let Some(level) = stack.last_mut() {
            let Some(entry) = level.entries.next() else {
                stack.pop();
                continue;
            };
            let entry = entry?;
            let path = level.dir.join(&entry.name);
            self.visit(path, entry.kind, root, &mut stack)?;
        }
        Ok(())
    }

    fn visit(
        &mut self,
        path: PathBuf,
        kind: u8,
        root: &Path,
        stack: &mut Vec<Level>,
    ) -> Result<(), FatalError> {
        // A link is followed first (its problems are said even for a hidden name), as
        // walkdir did.
        let followed = if kind == SYMLINK {
            match std::fs::metadata(&path) {
                Ok(m) => Some(m),
                Err(e) => {
                    self.problems
                        .push(problem_text(&path, unreadable(&path, &e)));
                    return Ok(());
                }
            }
        } else {
            None
        };
        let is_dir = followed.as_ref().map_or(kind == DIR, |m| m.is_dir());
        if let (true, Some(m)) = (is_dir, &followed) {
            if let Some(ancestor) = stack
                .iter()
                .rev()
                .find(|l| same_dir(l.id, m, &l.dir, &path))
            {
                let message = format!(
                    "a symbolic link loops back to {}: not followed",
                    ancestor.dir.display()
                );
                self.problems.push(problem_text(&path, message));
                return Ok(());
            }
        }
        if is_hidden_or_temp(&path) {
            return Ok(());
        }
        if is_dir {
            if let Some(level) = self.open(&path, root)? {
                stack.push(level);
            }
            return Ok(());
        }
        let metadata = || match &followed {
            Some(m) => Ok(m.clone()),
            None => std::fs::symlink_metadata(&path),
        };
        let is_file = followed.as_ref().map_or(kind == FILE, |m| m.is_file());
        if !is_file {
            if kind_of(&path).is_some() {
                let what = metadata().map_or("a special file", |m| special_kind(&m));
                self.problems
                    .push(problem(&path, SourceError::Special(what)));
            }
            return Ok(());
        }
        if kind_of(&path).is_none() {
            self.skipped.push(path);
            return Ok(());
        }
        match metadata() {
            Ok(m) => self.list(&m, &path),
            Err(e) => {
                let message = format!(
                    "cannot read: IO error for operation on {}: {e}",
                    path.display()
                );
                self.problems.push(problem_text(&path, message));
                Ok(())
            }
        }
    }
}

#[cfg(test)]
#[path = "walk_tests.rs"]
mod tests;
