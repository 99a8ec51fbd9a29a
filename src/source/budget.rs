//! The memory budget of one document. Spans, merges and repeats let a few bytes of input
//! ask for billions of cells (a 522-byte .ods repeats a cell 4096 × 4096 times), so every
//! reader counts the cells and text bytes a table will expand to *before* laying it out,
//! and a document past the budget is one error row instead of a process out of memory.
//! A single input larger than [`MAX_INPUT`] is refused before it is read.

use crate::error::SourceError;

/// The most cells the tables of one document may expand to (after spans, merges and
/// repeats). The largest real bulletins have a few tens of thousands; a workbook of case
/// records (工单) of 50,000 rows by 10 columns still fits.
pub const MAX_CELLS: u64 = 500_000;

/// The most bytes of text the tables and paragraphs of one document may hold once
/// expanded (a merged 1 MB cell copied into 64 columns counts 64 MB).
pub const MAX_TEXT: u64 = 64 << 20;

/// The largest input file (or stdin) read at all: 256 MiB.
pub const MAX_INPUT: u64 = 256 << 20;

/// What one document has spent so far.
#[derive(Debug, Default)]
pub struct Budget {
    cells: u64,
    bytes: u64,
}

impl Budget {
    pub fn new() -> Budget {
        Budget::default()
    }

    /// Spends a table's cells and text bytes, counted before it is laid out; an error once
    /// the document is past the budget.
    pub fn table(&mut self, cells: u64, bytes: u64) -> Result<(), SourceError> {
        let cells_after = self.cells.saturating_add(cells);
        if cells_after > MAX_CELLS {
            return Err(SourceError::Expands {
                cells: cells_after,
                limit: MAX_CELLS,
            });
        }
        self.text(bytes)?;
        self.cells = cells_after;
        Ok(())
    }

    /// Refuses the document when `held` cells (read but not yet laid out) together with
    /// the cells already spent pass the cell budget.
    pub fn cells_held(&self, held: u64) -> Result<(), SourceError> {
        let cells = self.cells.saturating_add(held);
        if cells > MAX_CELLS {
            return Err(SourceError::Expands {
                cells,
                limit: MAX_CELLS,
            });
        }
        Ok(())
    }

    /// Spends text bytes (a paragraph, a cell's text as it is read).
    pub fn text(&mut self, bytes: u64) -> Result<(), SourceError> {
        let bytes_after = self.bytes.saturating_add(bytes);
        if bytes_after > MAX_TEXT {
            return Err(SourceError::TextTooLarge {
                bytes: bytes_after,
                limit: MAX_TEXT,
            });
        }
        self.bytes = bytes_after;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_refuses_a_document_past_its_cells_or_bytes() {
        let mut b = Budget::new();
        assert!(b.table(300_000, 1000).is_ok());
        let e = b.table(16_777_216, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "table expands to 17077216 cells; limit 500000 per document"
        );
        assert!(
            b.table(200_000, 0).is_ok(),
            "a refused table spends nothing"
        );
        assert!(Budget::new().table(1, u64::MAX).is_err());
        assert!(Budget::new().table(u64::MAX, 1).is_err());
    }
}
