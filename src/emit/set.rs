//! One consistent output set. A run writes its whole set (every file, every period folder)
//! into a fresh working folder `DIR/.rexian/set-…`, and makes it the current set with one
//! atomic rename of the symbolic link `DIR/.rexian/current`. The names a reader opens
//! (`DIR/metrics.csv`, `DIR/2022-06`, …) are symbolic links through `current`, so after a
//! kill at any moment they all show the old set or all the new one, never a mix.
//!
//! Each working folder holds a `lock` file with its run's process id and start time; a
//! new run removes every set that is neither current nor owned by a live process,
//! whatever its age. A reader that opens several files and must not see a swap between
//! two opens resolves `DIR/.rexian/current` once (`readlink`) and reads from that folder:
//! it stays whole until the next run's swap (and files already open stay readable after).
//!
//! Where symbolic links are not available (not unix), each entry is moved into place by
//! its own rename, as before.

use std::path::{Path, PathBuf};

use crate::error::FatalError;

/// The folder inside DIR that holds the sets.
pub const STATE: &str = ".rexian";
/// The link to the current set, inside [`STATE`].
pub const CURRENT: &str = "current";

fn wrap(path: &Path) -> impl Fn(std::io::Error) -> FatalError + '_ {
    move |source| FatalError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// A set being written: its working folder and where it goes.
pub struct OutputSet {
    dir: PathBuf,
    state: PathBuf,
    work: PathBuf,
    name: String,
    committed: bool,
}

impl OutputSet {
    /// Starts a new set for `dir` (created if missing), first removing what killed runs
    /// left behind.
    pub fn begin(dir: &Path) -> Result<OutputSet, FatalError> {
        std::fs::create_dir_all(dir).map_err(wrap(dir))?;
        let state = dir.join(STATE);
        std::fs::create_dir_all(&state).map_err(wrap(&state))?;
        remove_dead_sets(&state);
        remove_legacy_work(dir);
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!("set-{}-{stamp}", std::process::id());
        let work = state.join(&name);
        std::fs::create_dir(&work).map_err(wrap(&work))?;
        let lock = work.join("lock");
        std::fs::write(&lock, own_lock()).map_err(wrap(&lock))?;
        Ok(OutputSet {
            dir: dir.to_path_buf(),
            state,
            work,
            name,
            committed: false,
        })
    }

    /// The folder to write the set's files and folders into.
    pub fn work(&self) -> &Path {
        &self.work
    }

    /// Makes the set current. `keep_old` names entries of the previous set to carry over
    /// when this set has none of that name (`--split period` keeps the folders of the
    /// periods this run did not read).
    pub fn commit(mut self, keep_old: &dyn Fn(&str) -> bool) -> Result<(), FatalError> {
        self.committed = true;
        crate::emit::crash_point("written");
        let result = self.swap(keep_old);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.work);
        }
        result
    }

    #[cfg(unix)]
    fn swap(&self, keep_old: &dyn Fn(&str) -> bool) -> Result<(), FatalError> {
        let current = self.state.join(CURRENT);
        let previous = std::fs::read_link(&current)
            .ok()
            .map(|target| self.state.join(target));
        let names = entries(&self.work)?;
        // Carry over what the previous set has and this one does not.
        if let Some(prev) = &previous {
            for name in entries(prev).unwrap_or_default() {
                if !names.contains(&name) && keep_old(&name) {
                    link_tree(&prev.join(&name), &self.work.join(&name))?;
                }
            }
        }
        let names = entries(&self.work)?;
        let previous = self.adopt_plain_entries(&names, previous)?;
        // Every name a reader opens is a link through `current`; a link for a name the
        // current set lacks points at nothing until the swap, as the old set has nothing
        // of that name either.
        for name in &names {
            let at = self.dir.join(name);
            let target = Path::new(STATE).join(CURRENT).join(name);
            if std::fs::read_link(&at).ok().as_deref() != Some(target.as_path()) {
                replace_with_link(&target, &at)?;
            }
        }
        crate::emit::crash_point("linked");
        // The swap: one rename.
        replace_with_link(Path::new(&self.name), &current)?;
        crate::emit::crash_point("swapped");
        // Names the new set lacks now point at nothing: remove those links.
        for entry in std::fs::read_dir(&self.dir)
            .map_err(wrap(&self.dir))?
            .flatten()
        {
            let at = entry.path();
            let ours = std::fs::read_link(&at)
                .is_ok_and(|t| t.starts_with(Path::new(STATE).join(CURRENT)));
            if ours && !at.exists() {
                let _ = std::fs::remove_file(&at);
            }
        }
        if let Some(prev) = previous {
            let _ = std::fs::remove_dir_all(prev);
        }
        Ok(())
    }

    /// Outputs of an older rexian are plain files and folders in DIR. Before a name is
    /// turned into a link, the plain entry is hard-linked into the previous set (made
    /// current first), so that the name shows the same old content through the link.
    #[cfg(unix)]
    fn adopt_plain_entries(
        &self,
        names: &[String],
        previous: Option<PathBuf>,
    ) -> Result<Option<PathBuf>, FatalError> {
        let plain: Vec<&String> = names
            .iter()
            .filter(|n| std::fs::symlink_metadata(self.dir.join(n)).is_ok_and(|m| !m.is_symlink()))
            .collect();
        if plain.is_empty() {
            return Ok(previous);
        }
        let prev = match previous {
            Some(p) => p,
            None => {
                let name = format!("{}-old", self.name);
                let p = self.state.join(&name);
                std::fs::create_dir(&p).map_err(wrap(&p))?;
                std::fs::write(p.join("lock"), own_lock()).map_err(wrap(&p))?;
                replace_with_link(Path::new(&name), &self.state.join(CURRENT))?;
                p
            }
        };
        for name in plain {
            let (from, to) = (self.dir.join(name), prev.join(name));
            if std::fs::symlink_metadata(&to).is_err() {
                link_tree(&from, &to)?;
            }
            let target = Path::new(STATE).join(CURRENT).join(name);
            // A folder cannot be replaced by a rename: it moves aside first (the name is
            // absent for that moment; only the first run after an upgrade does this).
            if from.is_dir() {
                let aside = self.state.join(format!("{}-aside-{name}", self.name));
                std::fs::rename(&from, &aside).map_err(wrap(&from))?;
                replace_with_link(&target, &from)?;
                let _ = std::fs::remove_dir_all(&aside);
            } else {
                replace_with_link(&target, &from)?;
            }
        }
        Ok(Some(prev))
    }

    #[cfg(not(unix))]
    fn swap(&self, keep_old: &dyn Fn(&str) -> bool) -> Result<(), FatalError> {
        let _ = keep_old;
        for name in entries(&self.work)? {
            if name == "lock" {
                continue;
            }
            let (from, to) = (self.work.join(&name), self.dir.join(&name));
            if to.is_dir() {
                let _ = std::fs::remove_dir_all(&to);
            }
            std::fs::rename(&from, &to).map_err(wrap(&to))?;
        }
        let _ = std::fs::remove_dir_all(&self.work);
        Ok(())
    }
}

impl Drop for OutputSet {
    /// A set abandoned before its commit (a write failed) is removed.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.work);
        }
    }
}

/// The names in a folder, sorted, without the lock file.
fn entries(dir: &Path) -> Result<Vec<String>, FatalError> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(wrap(dir))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "lock")
        .collect();
    names.sort();
    Ok(names)
}

/// Makes `at` a symbolic link to `target`, replacing what is there with one rename.
#[cfg(unix)]
fn replace_with_link(target: &Path, at: &Path) -> Result<(), FatalError> {
    let name = at
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = at.with_file_name(format!(".{name}.rexian-link-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp).map_err(wrap(&tmp))?;
    std::fs::rename(&tmp, at).map_err(wrap(at))
}

/// Copies a file or a folder tree by hard links (a copy where links cannot be made).
fn link_tree(from: &Path, to: &Path) -> Result<(), FatalError> {
    let m = std::fs::metadata(from).map_err(wrap(from))?;
    if m.is_dir() {
        std::fs::create_dir_all(to).map_err(wrap(to))?;
        for entry in std::fs::read_dir(from).map_err(wrap(from))?.flatten() {
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::hard_link(from, to)
            .or_else(|_| std::fs::copy(from, to).map(|_| ()))
            .map_err(wrap(to))
    }
}

/// This process's lock line: its id and start time (a recycled id has another start).
fn own_lock() -> String {
    let pid = std::process::id();
    format!("{pid} {}\n", start_time(pid).unwrap_or_default())
}

/// A process's start time in clock ticks since boot (`/proc/PID/stat`, field 22).
fn start_time(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19).map(str::to_string)
}

/// Whether the run that wrote a lock is still alive. Without `/proc` (not Linux) a set is
/// taken as dead once unwritten for an hour.
fn is_alive(lock: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(lock) else {
        // No lock yet: a run that is just starting, or one killed at once. Young ones live.
        return modified_within(lock.parent().unwrap_or(lock), STALE_WITHOUT_LOCK);
    };
    let mut parts = text.split_whitespace();
    let (Some(pid), started) = (
        parts.next().and_then(|p| p.parse::<u32>().ok()),
        parts.next(),
    ) else {
        return false;
    };
    if !Path::new("/proc/self/stat").exists() {
        return modified_within(lock, STALE_WORK);
    }
    match start_time(pid) {
        Some(now) => started.is_none_or(|s| s == now),
        None => false,
    }
}

/// How long a set without a lock file is taken as a run just starting.
const STALE_WITHOUT_LOCK: std::time::Duration = std::time::Duration::from_secs(60);
/// Where processes cannot be asked after (no `/proc`), or for the working folders of
/// older versions (`DIR/.rexian-*`, no lock): unwritten this long means dead.
const STALE_WORK: std::time::Duration = std::time::Duration::from_secs(60 * 60);

fn modified_within(path: &Path, age: std::time::Duration) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().map_or(true, |e| e < age))
}

/// Removes the sets in `state` that are not current and whose run is gone.
fn remove_dead_sets(state: &Path) {
    let current = std::fs::read_link(state.join(CURRENT)).ok();
    let Ok(entries) = std::fs::read_dir(state) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let path = entry.path();
        if current.as_deref() == Some(Path::new(&name)) {
            continue;
        }
        let n = name.to_string_lossy();
        if n.contains(".rexian-link-") {
            // A killed run's half-made link (a live run's is renamed away at once).
            let pid = n.rsplit('-').next().and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|p| start_time(p).is_none()) {
                let _ = std::fs::remove_file(&path);
            }
            continue;
        }
        if n.starts_with("set-") && path.is_dir() && !is_alive(&path.join("lock")) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Removes the working folders (`DIR/.rexian-*`) that killed runs of older versions left,
/// once unwritten for an hour (they carry no lock), and the temporary links of killed runs.
fn remove_legacy_work(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(".rexian-link-") {
            let pid = name.rsplit('-').next().and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|p| start_time(p).is_none()) {
                let _ = std::fs::remove_file(&path);
            }
            continue;
        }
        if !name.starts_with(".rexian-") || !path.is_dir() {
            continue;
        }
        let written = std::fs::read_dir(&path)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.metadata().and_then(|m| m.modified()).ok())
            .chain(entry.metadata().and_then(|m| m.modified()).ok())
            .max();
        if written.is_some_and(|t| t.elapsed().is_ok_and(|age| age > STALE_WORK)) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}
