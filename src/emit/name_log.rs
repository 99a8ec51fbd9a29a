//! Names (of sources, of inputs) written once and read back by their offset, so that a
//! map of what was seen holds an integer per file, not its name. In memory for a batch
//! that keeps its documents anyway (the report), else in an unnamed temporary file.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// An append-only list of names.
pub(crate) enum NameLog {
    Memory(Vec<u8>),
    File { w: BufWriter<File>, end: u64 },
}

impl Default for NameLog {
    fn default() -> Self {
        NameLog::Memory(Vec::new())
    }
}

impl NameLog {
    /// A list in an unnamed temporary file in `dir` (the system's temporary folder when
    /// `None`).
    pub(crate) fn on_disk(dir: Option<&Path>) -> io::Result<NameLog> {
        let file = match dir {
            Some(d) => tempfile::tempfile_in(d)?,
            None => tempfile::tempfile()?,
        };
        Ok(NameLog::File {
            w: BufWriter::with_capacity(16 << 10, file),
            end: 0,
        })
    }

    /// Adds a name; gives its offset (a multiple of eight: records are padded).
    pub(crate) fn push(&mut self, name: &[u8]) -> io::Result<u64> {
        let mut rec = Vec::with_capacity(16 + name.len());
        crate::emit::spill::put_bytes(&mut rec, name);
        rec.resize(rec.len() + crate::emit::spill::padding(name.len()), 0);
        match self {
            NameLog::Memory(b) => {
                let at = b.len() as u64;
                b.extend_from_slice(&rec);
                Ok(at)
            }
            NameLog::File { w, end } => {
                let at = *end;
                w.write_all(&rec)?;
                *end += rec.len() as u64;
                Ok(at)
            }
        }
    }

    /// The name at an offset [`NameLog::push`] gave.
    pub(crate) fn get(&mut self, at: u64) -> io::Result<Vec<u8>> {
        match self {
            NameLog::Memory(b) => {
                let from = usize::try_from(at).unwrap_or(usize::MAX);
                let mut r = b.get(from..).unwrap_or_default();
                crate::emit::spill::get_bytes(&mut r)?
                    .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))
            }
            NameLog::File { w, end } => {
                w.flush()?;
                let f = w.get_mut();
                f.seek(SeekFrom::Start(at))?;
                let got = crate::emit::spill::get_bytes(&mut BufReader::new((&*f).take(*end - at)));
                f.seek(SeekFrom::End(0))?;
                got?.ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_back_by_offset_in_memory_and_on_disk() {
        for mut log in [NameLog::default(), NameLog::on_disk(None).unwrap()] {
            let names = ["a.txt", "", "甲/乙.xlsx", "x,y\n\"z\""];
            let at: Vec<u64> = names
                .iter()
                .map(|n| log.push(n.as_bytes()).unwrap())
                .collect();
            for (n, a) in names.iter().zip(&at).rev() {
                assert_eq!(log.get(*a).unwrap(), n.as_bytes());
            }
            // Writing on after a read appends.
            let more = log.push(b"later").unwrap();
            assert_eq!(log.get(more).unwrap(), b"later");
            assert_eq!(log.get(at[2]).unwrap(), "甲/乙.xlsx".as_bytes());
        }
    }
}
