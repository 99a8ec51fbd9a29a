//! The characters a period's patterns need, found in one pass over a line.

/// Which of the characters the patterns need a line holds, read in one pass over it: a
/// finder is run only on a line that holds every character its patterns need (most
/// lines of a bulletin state no period, and each pattern would scan them again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Signs(u16);

/// The lowest and the highest byte leading (in UTF-8) a sign other than a digit.
const SIGN_LEAD_MIN: u8 = 0xE4;
const SIGN_LEAD_MAX: u8 = 0xE6;

/// The sign a character is (0 for none).
fn sign_of(c: char) -> u16 {
    match c {
        '0'..='9' => Signs::DIGIT,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '两' => {
            Signs::NUMERAL
        }
        '年' => Signs::NIAN,
        '月' => Signs::YUE,
        '日' => Signs::RI,
        '季' => Signs::JI,
        '周' => Signs::ZHOU,
        '半' => Signs::BAN,
        _ => 0,
    }
}

impl Signs {
    /// An ASCII digit (`[0-9]`).
    pub(super) const DIGIT: u16 = 1;
    /// A Chinese numeral of a month, a quarter or a half (一…十, 两).
    pub(super) const NUMERAL: u16 = 1 << 1;
    pub(super) const NIAN: u16 = 1 << 2;
    pub(super) const YUE: u16 = 1 << 3;
    pub(super) const RI: u16 = 1 << 4;
    pub(super) const JI: u16 = 1 << 5;
    pub(super) const ZHOU: u16 = 1 << 6;
    pub(super) const BAN: u16 = 1 << 7;
    /// Every sign: no finder is skipped (what the search was before the signs).
    #[cfg(test)]
    pub(super) const ALL: Signs = Signs(u16::MAX);

    /// The signs of a line, read by bytes: a digit is one byte, and every other sign a
    /// character of three bytes led by E4, E5 or E6 (a test checks the signs are so),
    /// the only characters decoded. No other byte (a continuation byte included) is
    /// such a lead, so each byte is looked at in turn.
    pub(super) fn of(line: &str) -> Signs {
        let b = line.as_bytes();
        let mut bits = 0;
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            if x.is_ascii_digit() {
                bits |= Signs::DIGIT;
            } else if (SIGN_LEAD_MIN..=SIGN_LEAD_MAX).contains(&x) && i + 2 < b.len() {
                let c = u32::from(x & 0x0F) << 12
                    | u32::from(b[i + 1] & 0x3F) << 6
                    | u32::from(b[i + 2] & 0x3F);
                bits |= char::from_u32(c).map_or(0, sign_of);
                i += 3;
                continue;
            }
            i += 1;
        }
        Signs(bits)
    }

    /// [`Signs::of`] as it was: every character decoded and matched (the reference the
    /// tests compare it with).
    #[cfg(test)]
    pub(super) fn of_by_chars(line: &str) -> Signs {
        Signs(line.chars().fold(0, |bits, c| bits | sign_of(c)))
    }

    /// Whether the line holds every sign of `need`.
    pub(super) fn has(self, need: u16) -> bool {
        self.0 & need == need
    }

    /// Whether the line holds a month's number, in digits or in Chinese.
    pub(super) fn has_number(self) -> bool {
        self.0 & (Signs::DIGIT | Signs::NUMERAL) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sign but a digit is a character of three bytes led by a byte of
    /// `SIGN_LEAD_MIN..=SIGN_LEAD_MAX`, and nothing else is a sign.
    #[test]
    fn signs_are_digits_and_characters_of_three_bytes_with_known_leads() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if sign_of(c) == 0 || c.is_ascii_digit() {
                continue;
            }
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(b.len(), 3, "{c:?}");
            assert!((SIGN_LEAD_MIN..=SIGN_LEAD_MAX).contains(&b[0]), "{c:?}");
        }
    }

    #[test]
    fn signs_read_by_bytes_are_those_read_by_characters_on_the_sample_lines() {
        for line in crate::extract::sample_lines::sample_lines() {
            assert_eq!(Signs::of(&line), Signs::of_by_chars(&line), "{line:?}");
        }
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let t = format!("a{c}年");
            assert_eq!(Signs::of(&t), Signs::of_by_chars(&t), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn signs_read_by_bytes_are_those_read_by_characters_on_any_text(
            t in crate::pattern::check::texts(&[
                "0", "9", "一", "两", "十", "年", "月", "日", "季", "周", "半", "丁", "a", " ",
                "é", "😀", "\u{4E00}", "\u{6FFF}", "\u{7000}", "\u{3FFF}",
            ])
        ) {
            proptest::prop_assert_eq!(Signs::of(&t), Signs::of_by_chars(&t));
        }
    }
}
