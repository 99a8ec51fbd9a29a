//! The inputs of a batch, in reading order, kept in an unnamed temporary file rather than
//! in memory: a batch of 40,000 files would otherwise hold 40,000 paths (about 80 bytes
//! each) to its end. They are read back a chunk at a time, and a name by its offset when
//! a note names an earlier input.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

use crate::emit::spill::{get_bytes, os_bytes, os_string, padding, put_bytes};
use crate::source::Input;

/// Where an input is: its place in a list given in memory, or its offset in an
/// [`InputList`]'s file (a multiple of eight).
pub(crate) type Key = u64;

/// The inputs, written once, in order.
pub struct InputList {
    file: Mutex<File>,
    end: u64,
    count: usize,
}

/// An [`InputList`] being written.
pub(crate) struct Writer {
    w: BufWriter<File>,
    end: u64,
    count: usize,
}

/// An input as a record: its path's bytes; stdin as no bytes (no path is empty).
/// Records are padded to a multiple of eight bytes (a key fits a `u32` as a slot).
fn record(input: &Input, out: &mut Vec<u8>) {
    let path = match input {
        Input::Stdin => std::borrow::Cow::Borrowed(&b""[..]),
        Input::File(p) => os_bytes(p.as_os_str()),
    };
    put_bytes(out, &path);
    out.resize(out.len() + padding(path.len()), 0);
}

fn input_of(bytes: Vec<u8>) -> Input {
    if bytes.is_empty() {
        Input::Stdin
    } else {
        Input::File(os_string(bytes).into())
    }
}

impl Writer {
    pub(crate) fn new() -> io::Result<Writer> {
        Ok(Writer {
            w: BufWriter::with_capacity(16 << 10, tempfile::tempfile()?),
            end: 0,
            count: 0,
        })
    }

    pub(crate) fn push(&mut self, input: &Input) -> io::Result<()> {
        let mut rec = Vec::new();
        record(input, &mut rec);
        self.w.write_all(&rec)?;
        self.end += rec.len() as u64;
        self.count += 1;
        Ok(())
    }

    pub(crate) fn finish(self) -> io::Result<InputList> {
        let file = self
            .w
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        Ok(InputList {
            file: Mutex::new(file),
            end: self.end,
            count: self.count,
        })
    }
}

impl InputList {
    /// A list of the inputs given.
    pub fn of(inputs: &[Input]) -> io::Result<InputList> {
        let mut w = Writer::new()?;
        for i in inputs {
            w.push(i)?;
        }
        w.finish()
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn file(&self) -> std::sync::MutexGuard<'_, File> {
        // A panic while the file was held leaves it whole: every read seeks first.
        self.file.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Up to `n` inputs from the offset `at` (moved past them), each with its key.
    pub(crate) fn chunk(&self, at: &mut u64, n: usize) -> io::Result<Vec<(Input, Key)>> {
        let mut f = self.file();
        f.seek(SeekFrom::Start(*at))?;
        let mut r = BufReader::with_capacity(16 << 10, (&*f).take(self.end - *at));
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let Some(b) = get_bytes(&mut r as &mut dyn BufRead)? else {
                break;
            };
            let key = *at;
            let pad = padding(b.len());
            *at += (8 + b.len() + pad) as u64;
            std::io::copy(&mut (&mut r).take(pad as u64), &mut std::io::sink())?;
            out.push((input_of(b), key));
        }
        Ok(out)
    }

    /// The input at a key [`InputList::chunk`] gave.
    pub(crate) fn get(&self, key: Key) -> io::Result<Input> {
        let mut f = self.file();
        f.seek(SeekFrom::Start(key))?;
        let mut r = BufReader::with_capacity(512, (&*f).take(self.end.saturating_sub(key)));
        get_bytes(&mut r as &mut dyn BufRead)?
            .map(input_of)
            .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_come_back_in_order_in_chunks_and_by_key() {
        let inputs: Vec<Input> = std::iter::once(Input::Stdin)
            .chain(
                ["a.txt", "甲/乙 丙.xlsx", "x/y,z.pdf"]
                    .iter()
                    .map(|p| Input::File(p.into())),
            )
            .collect();
        let list = InputList::of(&inputs).unwrap();
        assert_eq!(list.len(), 4);
        let mut at = 0;
        let mut got = Vec::new();
        loop {
            let part = list.chunk(&mut at, 3).unwrap();
            if part.is_empty() {
                break;
            }
            got.extend(part);
        }
        assert_eq!(
            got.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>(),
            inputs
        );
        for (i, key) in got.iter().rev() {
            assert_eq!(&list.get(*key).unwrap(), i);
        }
        assert!(InputList::of(&[]).unwrap().is_empty());
    }
}
