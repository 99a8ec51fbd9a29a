//! The characters a period's patterns need, found in one pass over a line.

/// Which of the characters the patterns need a line holds, read in one pass over it: a
/// finder is run only on a line that holds every character its patterns need (most
/// lines of a bulletin state no period, and each pattern would scan them again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Signs(u16);

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

    pub(super) fn of(line: &str) -> Signs {
        let mut bits = 0;
        for c in line.chars() {
            bits |= match c {
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
            };
        }
        Signs(bits)
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
