//! The hash of the gazetteer's compiled tables, shared by `build.rs` (which lays the
//! tables out) and `gazetteer.rs` (which looks keys up): FxHash over 8-byte words, the
//! slot taken from the top bits of the product (the best mixed ones).

/// FxHash's multiplier.
const K: u64 = 0x517c_c1b7_2722_0a95;

/// The hash of a text.
pub fn text_hash(bytes: &[u8]) -> u64 {
    let mut h = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    h
}

/// The hash of a number.
pub fn number_hash(n: u64) -> u64 {
    (n ^ (n >> 29)).wrapping_mul(K)
}

/// The first slot of a hash in a table of `1 << bits` slots.
pub fn slot(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
}
