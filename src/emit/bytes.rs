//! The byte-level pieces every output is made of, written straight into an output
//! buffer: a decimal's text, a CSV field, a JSON string. Each writes exactly the bytes the
//! generic path wrote before (`Decimal`'s `Display`, the csv crate, serde_json), without a
//! `fmt` call or a temporary `String`; the tests compare the two.
//!
//! Most of what is written (places, units, `file:line` provenance) holds no byte that
//! needs quoting or escaping, so the scans test eight bytes at a time.

use rust_decimal::Decimal;

/// Eight copies of a byte, one per lane of a `u64`.
const fn lanes(b: u8) -> u64 {
    (b as u64) * 0x0101_0101_0101_0101
}

const HIGH: u64 = lanes(0x80);

/// Whether a lane of `x` holds a byte below `n` (`n` ≤ 0x80). Exact: no false answer
/// either way (the borrow of a lane below `n` sets its high bit only where the byte's own
/// high bit is clear).
fn any_below(x: u64, n: u8) -> bool {
    x.wrapping_sub(lanes(n)) & !x & HIGH != 0
}

/// Whether a lane of `x` is `b`.
fn any_equal(x: u64, b: u8) -> bool {
    any_below(x ^ lanes(b), 1)
}

/// The eight bytes of a chunk as a `u64`.
fn word(chunk: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(chunk);
    u64::from_le_bytes(w)
}

/// The first position of `b` whose byte `special` accepts; `candidate` tells (without a
/// false negative) whether a word of eight bytes may hold one. A slice of eight bytes or
/// more is read a word at a time, its last word overlapping the one before.
#[inline]
fn first_special(
    b: &[u8],
    candidate: impl Fn(u64) -> bool,
    special: impl Fn(u8) -> bool,
) -> Option<usize> {
    if b.len() < 8 {
        return b.iter().position(|&c| special(c));
    }
    let last = b.len() - 8;
    let mut i = 0;
    loop {
        let at = i.min(last);
        let chunk = &b[at..at + 8];
        if candidate(word(chunk)) {
            // The bytes before `i` were clear: the first found is the first of all.
            if let Some(k) = chunk.iter().position(|&c| special(c)) {
                return Some(at + k);
            }
        }
        if at == last {
            return None;
        }
        i += 8;
    }
}

/// Whether a CSV field must be quoted: it holds a comma, a quote or a line break (the
/// csv crate's rule). All four bytes are below `-` (0x2D).
pub(crate) fn csv_needs_quotes(b: &[u8]) -> bool {
    first_special(
        b,
        |w| any_below(w, b'-'),
        |c| matches!(c, b',' | b'"' | b'\r' | b'\n'),
    )
    .is_some()
}

/// Appends a CSV field as the csv crate writes it: quoted when it must be, its quotes
/// doubled.
pub(crate) fn push_csv(out: &mut Vec<u8>, b: &[u8]) {
    if !csv_needs_quotes(b) {
        out.extend_from_slice(b);
        return;
    }
    out.push(b'"');
    for part in b.split_inclusive(|&c| c == b'"') {
        out.extend_from_slice(part);
        if part.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

/// Whether JSON must escape a byte: a control character, a quote or a backslash.
fn json_special(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// Appends a JSON string, quotes included, escaped as serde_json escapes it (the short
/// forms `\b \t \n \f \r \" \\`, `\u00xx` for the other control characters, nothing else).
pub(crate) fn push_json_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let candidate = |w| any_below(w, b'"' + 1) || any_equal(w, b'\\');
    match first_special(b, candidate, json_special) {
        None => out.extend_from_slice(b),
        Some(first) => {
            out.extend_from_slice(&b[..first]);
            for &c in &b[first..] {
                if json_special(c) {
                    push_json_escape(out, c);
                } else {
                    out.push(c);
                }
            }
        }
    }
    out.push(b'"');
}

fn push_json_escape(out: &mut Vec<u8>, c: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match c {
        0x08 => b'b',
        b'\t' => b't',
        b'\n' => b'n',
        0x0C => b'f',
        b'\r' => b'r',
        b'"' => b'"',
        b'\\' => b'\\',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(c >> 4)],
                HEX[usize::from(c & 0xF)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// Appends a decimal's text, the bytes of its `Display` (and of its serde string): the
/// sign of a negative (also of a negative zero), the digits with the point `scale` places
/// from the right, a `0` before a point that would lead.
pub(crate) fn push_decimal(out: &mut Vec<u8>, d: &Decimal) {
    if d.is_sign_negative() {
        out.push(b'-');
    }
    let mut buf = itoa::Buffer::new();
    let m = d.mantissa().unsigned_abs();
    // The digits of a zero are none: `0` with scale 0, `0.00` with scale 2.
    let digits = if m == 0 {
        ""
    } else if let Ok(small) = u64::try_from(m) {
        buf.format(small)
    } else {
        buf.format(m)
    };
    let digits = digits.as_bytes();
    let scale = d.scale() as usize;
    if scale == 0 {
        out.extend_from_slice(if digits.is_empty() { b"0" } else { digits });
    } else if digits.len() > scale {
        let (whole, frac) = digits.split_at(digits.len() - scale);
        out.reserve(digits.len() + 1);
        out.extend_from_slice(whole);
        out.push(b'.');
        out.extend_from_slice(frac);
    } else {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + scale - digits.len(), b'0');
        out.extend_from_slice(digits);
    }
}

/// Appends an unsigned integer's text.
pub(crate) fn push_uint(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decimal_text(d: &Decimal) -> String {
        let mut out = Vec::new();
        push_decimal(&mut out, d);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn decimal_text_is_display_on_edge_values() {
        let mut cases: Vec<Decimal> = [
            "0",
            "0.00",
            "-0",
            "-0.00",
            "1",
            "-1",
            "0.5",
            "-0.05",
            "100",
            "100.00",
            "99.88",
            "12345.6789",
            "0.0000000000000000000000000001",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        cases.extend([
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_i128_with_scale(u64::MAX as i128 + 1, 5),
            Decimal::from_i128_with_scale(-(u64::MAX as i128), 28),
            Decimal::from_i128_with_scale(0, 28),
            -Decimal::from_i128_with_scale(0, 3),
        ]);
        for d in cases {
            assert_eq!(decimal_text(&d), d.to_string(), "{d:?}");
            assert_eq!(
                format!("\"{}\"", decimal_text(&d)),
                serde_json::to_string(&d).unwrap()
            );
        }
        let mut negative_zero: Decimal = "0.00".parse().unwrap();
        negative_zero.set_sign_negative(true);
        assert_eq!(decimal_text(&negative_zero), "-0.00");
        assert_eq!(decimal_text(&"0.050".parse().unwrap()), "0.050");
    }

    proptest! {
        #[test]
        fn decimal_text_is_display(m in any::<i128>(), scale in 0u32..=28, neg in any::<bool>()) {
            let m = m % (1i128 << 96);
            let mut d = Decimal::from_i128_with_scale(m, scale);
            d.set_sign_negative(neg);
            prop_assert_eq!(decimal_text(&d), d.to_string());
        }

        #[test]
        fn json_strings_are_serde_jsons(s in "(?s).{0,40}", t in "[\\x00-\\x7f]{0,40}") {
            for s in [&s, &t] {
                let mut out = Vec::new();
                push_json_str(&mut out, s);
                prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(s).unwrap());
            }
        }

        #[test]
        fn csv_quoting_is_the_csv_crates(s in "[a-z,\"\r\n 合计]{0,40}") {
            let mut by_hand = Vec::new();
            push_csv(&mut by_hand, s.as_bytes());
            by_hand.extend_from_slice(b",x\n");
            // A second field: a record of one empty field is written `""`.
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([s.as_str(), "x"]).unwrap();
            prop_assert_eq!(by_hand, w.into_inner().unwrap());
        }
    }

    #[test]
    fn json_escapes_every_ascii_byte_as_serde_json() {
        for c in 0u8..0x80 {
            let s = format!("ab{}cdefghij{}", c as char, c as char);
            let mut out = Vec::new();
            push_json_str(&mut out, &s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&s).unwrap()
            );
        }
    }

    #[test]
    fn csv_quotes_a_special_byte_anywhere_in_a_long_field() {
        let base = "sample/00001-some-bulletin-2020.txt:123".to_string();
        for at in 0..=base.len() {
            for c in [',', '"', '\r', '\n'] {
                let mut s = base.clone();
                s.insert(at, c);
                assert!(csv_needs_quotes(s.as_bytes()), "{s:?}");
            }
        }
        assert!(!csv_needs_quotes(base.as_bytes()));
        assert!(!csv_needs_quotes("满意率 (%) +1.5 !#$%&'()*+".as_bytes()));
    }
}
