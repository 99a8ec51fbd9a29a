//! Sorting more rows than memory should hold: rows are kept up to a budget of bytes, then
//! sorted and written out as a run to an unnamed temporary file (removed by the system
//! when closed: nothing is left in an output folder, even after a kill), and the runs are
//! merged in order at the end. errors.csv's rows and the folder walk's listings go
//! through it, so that a batch's memory does not grow with its number of files.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A row that can be written to a run and read back.
pub(crate) trait Spill: Ord + Sized {
    /// Appends the row's bytes.
    fn encode(&self, out: &mut Vec<u8>);
    /// The next row of a run, `None` at its end.
    fn decode(r: &mut dyn BufRead) -> io::Result<Option<Self>>;
    /// About what the row holds in memory, for the budget.
    fn weight(&self) -> usize;
}

/// Appends a length-prefixed byte string.
pub(crate) fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u64).to_le_bytes());
    out.extend_from_slice(b);
}

/// Reads a length-prefixed byte string; `None` at the end of the input.
pub(crate) fn get_bytes(r: &mut dyn BufRead) -> io::Result<Option<Vec<u8>>> {
    if r.fill_buf()?.is_empty() {
        return Ok(None);
    }
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    let mut b = Vec::new();
    r.take(len).read_to_end(&mut b)?;
    if b.len() as u64 != len {
        return Err(io::Error::from(io::ErrorKind::UnexpectedEof));
    }
    Ok(Some(b))
}

/// The bytes that pad a record of `len` bytes of string (and its 8-byte length) to a
/// multiple of eight, so that its offset divided by eight fits a `u32` for any list of
/// less than 32 GiB ([`slot`]).
pub(crate) fn padding(len: usize) -> usize {
    (8 - len % 8) % 8
}

/// An offset of a padded record as a `u32`, for the maps that keep one per file.
pub(crate) fn slot(offset: u64) -> io::Result<u32> {
    u32::try_from(offset / 8).map_err(|_| io::Error::other("more than 32 GiB of names"))
}

/// The offset of a [`slot`].
pub(crate) fn offset(slot: u32) -> u64 {
    u64::from(slot) * 8
}

fn get_string(r: &mut dyn BufRead) -> io::Result<Option<String>> {
    get_bytes(r)?
        .map(|b| String::from_utf8(b).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e)))
        .transpose()
}

impl Spill for [String; 4] {
    fn encode(&self, out: &mut Vec<u8>) {
        for s in self {
            put_bytes(out, s.as_bytes());
        }
    }

    fn decode(r: &mut dyn BufRead) -> io::Result<Option<Self>> {
        let Some(a) = get_string(r)? else {
            return Ok(None);
        };
        let mut next =
            || get_string(r)?.ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof));
        Ok(Some([a, next()?, next()?, next()?]))
    }

    fn weight(&self) -> usize {
        self.iter().map(|s| s.capacity() + 32).sum()
    }
}

/// An OS string as bytes: its bytes on unix, its UTF-8 elsewhere (where the walk's names
/// are written lossily anyway).
pub(crate) fn os_bytes(s: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::borrow::Cow::Borrowed(s.as_bytes())
    }
    #[cfg(not(unix))]
    {
        match s.to_string_lossy() {
            std::borrow::Cow::Borrowed(t) => std::borrow::Cow::Borrowed(t.as_bytes()),
            std::borrow::Cow::Owned(t) => std::borrow::Cow::Owned(t.into_bytes()),
        }
    }
}

/// The OS string of [`os_bytes`].
pub(crate) fn os_string(b: Vec<u8>) -> std::ffi::OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        std::ffi::OsString::from_vec(b)
    }
    #[cfg(not(unix))]
    {
        String::from_utf8_lossy(&b).into_owned().into()
    }
}

impl Spill for PathBuf {
    fn encode(&self, out: &mut Vec<u8>) {
        put_bytes(out, &os_bytes(self.as_os_str()));
    }

    fn decode(r: &mut dyn BufRead) -> io::Result<Option<Self>> {
        Ok(get_bytes(r)?.map(|b| PathBuf::from(os_string(b))))
    }

    fn weight(&self) -> usize {
        self.as_os_str().len() + 48
    }
}

impl Spill for std::ffi::OsString {
    fn encode(&self, out: &mut Vec<u8>) {
        put_bytes(out, &os_bytes(self));
    }

    fn decode(r: &mut dyn BufRead) -> io::Result<Option<Self>> {
        Ok(get_bytes(r)?.map(os_string))
    }

    fn weight(&self) -> usize {
        self.len() + 48
    }
}

/// How many runs are merged at once: past it, the runs are merged into one first (each
/// open run holds a read buffer).
const FAN_IN: usize = 32;

/// Rows being sorted: those held, and the runs written out.
pub(crate) struct ExternalSort<R> {
    dir: Option<PathBuf>,
    budget: usize,
    held: Vec<R>,
    weight: usize,
    runs: Vec<File>,
}

impl<R: Spill> ExternalSort<R> {
    /// Rows held up to about `budget` bytes; runs written into `dir` (the system's
    /// temporary folder when `None`).
    pub(crate) fn new(dir: Option<&Path>, budget: usize) -> Self {
        ExternalSort {
            dir: dir.map(Path::to_path_buf),
            budget,
            held: Vec::new(),
            weight: 0,
            runs: Vec::new(),
        }
    }

    /// Adds a row.
    pub(crate) fn push(&mut self, row: R) -> io::Result<()> {
        self.weight += row.weight();
        self.held.push(row);
        if self.weight > self.budget {
            self.spill()?;
        }
        Ok(())
    }

    fn temp(&self) -> io::Result<File> {
        match &self.dir {
            Some(d) => tempfile::tempfile_in(d),
            None => tempfile::tempfile(),
        }
    }

    /// Writes the rows held as one sorted run.
    fn spill(&mut self) -> io::Result<()> {
        let mut rows = std::mem::take(&mut self.held);
        self.weight = 0;
        rows.sort_unstable();
        let file = self.temp()?;
        let run = write_run(file, rows.into_iter().map(Ok))?;
        self.runs.push(run);
        if self.runs.len() >= FAN_IN {
            let runs = std::mem::take(&mut self.runs);
            let merged = write_run(self.temp()?, Merge::<R>::new(runs)?)?;
            self.runs.push(merged);
        }
        Ok(())
    }

    /// Every row, in order.
    pub(crate) fn into_sorted(mut self) -> io::Result<Sorted<R>> {
        if self.runs.is_empty() {
            self.held.sort_unstable();
            return Ok(Sorted::Held(self.held.into_iter()));
        }
        if !self.held.is_empty() {
            self.spill()?;
        }
        Ok(Sorted::Merged(Merge::new(self.runs)?))
    }
}

fn write_run<R: Spill>(file: File, rows: impl Iterator<Item = io::Result<R>>) -> io::Result<File> {
    let mut w = BufWriter::with_capacity(64 << 10, file);
    let mut buf = Vec::new();
    for row in rows {
        buf.clear();
        row?.encode(&mut buf);
        w.write_all(&buf)?;
    }
    let mut file = w.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.rewind()?;
    Ok(file)
}

/// The rows of sorted runs, in order.
pub(crate) struct Merge<R> {
    readers: Vec<BufReader<File>>,
    heap: BinaryHeap<Reverse<(R, usize)>>,
}

impl<R: Spill> Merge<R> {
    fn new(runs: Vec<File>) -> io::Result<Self> {
        let mut readers: Vec<BufReader<File>> = runs
            .into_iter()
            .map(|f| BufReader::with_capacity(16 << 10, f))
            .collect();
        let mut heap = BinaryHeap::new();
        for (k, r) in readers.iter_mut().enumerate() {
            if let Some(row) = R::decode(r)? {
                heap.push(Reverse((row, k)));
            }
        }
        Ok(Merge { readers, heap })
    }
}

impl<R: Spill> Iterator for Merge<R> {
    type Item = io::Result<R>;

    fn next(&mut self) -> Option<io::Result<R>> {
        let Reverse((row, k)) = self.heap.pop()?;
        match R::decode(&mut self.readers[k]) {
            Ok(Some(next)) => self.heap.push(Reverse((next, k))),
            Ok(None) => {}
            Err(e) => return Some(Err(e)),
        }
        Some(Ok(row))
    }
}

/// The rows of an [`ExternalSort`], in order.
pub(crate) enum Sorted<R> {
    Held(std::vec::IntoIter<R>),
    Merged(Merge<R>),
}

impl<R: Spill> Iterator for Sorted<R> {
    type Item = io::Result<R>;

    fn next(&mut self) -> Option<io::Result<R>> {
        match self {
            Sorted::Held(it) => it.next().map(Ok),
            Sorted::Merged(m) => m.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted_by_spilling<R: Spill + Clone>(rows: &[R], budget: usize) -> Vec<R> {
        let mut s = ExternalSort::new(None, budget);
        for r in rows {
            s.push(r.clone()).unwrap();
        }
        s.into_sorted().unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn rows_come_back_sorted_whether_held_or_spilled() {
        let rows: Vec<[String; 4]> = (0..500)
            .map(|i| {
                let k = (i * 7919) % 500;
                [
                    format!("源{}", k % 37),
                    "note".into(),
                    format!("at{k}"),
                    format!("消息, \"{k}\"\n"),
                ]
            })
            .collect();
        let mut want = rows.clone();
        want.sort();
        // Held in memory; a run every few rows (and merges of runs past the fan-in).
        for budget in [usize::MAX, 1 << 12, 1, 400] {
            assert_eq!(sorted_by_spilling(&rows, budget), want, "budget {budget}");
        }
    }

    #[test]
    fn paths_sort_by_component_as_paths_do() {
        let paths: Vec<PathBuf> = ["a/b", "a-b", "a/b/c", "a.b", "a", "b/a", "a/b"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let mut want = paths.clone();
        want.sort();
        assert_eq!(sorted_by_spilling(&paths, 1), want);
        // By component: `a/b` before `a-b`, unlike a byte order.
        assert!(
            want.iter().position(|p| p == Path::new("a/b"))
                < want.iter().position(|p| p == Path::new("a-b"))
        );
    }

    proptest! {
        #[test]
        fn spilled_sort_equals_a_sort_in_memory(
            rows in proptest::collection::vec(proptest::array::uniform4("[a-c,\"\n甲]{0,4}"), 0..200),
            budget in 1usize..3000,
        ) {
            let mut want = rows.clone();
            want.sort();
            prop_assert_eq!(sorted_by_spilling(&rows, budget), want);
        }
    }
}
