//! Bytes → text: the BOM first, then strict UTF-8, then a choice between GB18030 and Big5.
//!
//! chardetng alone calls number-heavy GBK tables EUC-JP and never reports UTF-16
//! (`shared/spec/deps.md`), so it only breaks ties here: the candidates are restricted to
//! the encodings Chinese bulletins come in. Hands on the decoded text and the encoding used.

use std::borrow::Cow;

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::SourceError;

/// Text decoded from a file, with the encoding that was used.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Something the reader should know about the bytes (a last character cut short).
    pub warning: Option<String>,
}

/// The encodings `--encoding` accepts, by the names users type.
pub fn encoding_by_name(name: &str) -> Option<&'static Encoding> {
    match name.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf8" | "utf-8" => Some(UTF_8),
        "utf-16le" | "utf16le" => Some(UTF_16LE),
        "utf-16be" | "utf16be" => Some(UTF_16BE),
        "gbk" | "gb2312" | "gb18030" | "cp936" => Some(GB18030),
        "big5" | "big5-hkscs" | "cp950" => Some(BIG5),
        _ => None,
    }
}

/// Decodes `bytes`, detecting the encoding unless `forced` names one.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, SourceError> {
    let mut warning = None;
    let (encoding, body, done) = match forced {
        Some(enc) => (enc, strip_bom(bytes, enc), None),
        None => match Encoding::for_bom(bytes) {
            Some((enc, bom_len)) => (enc, &bytes[bom_len..], None),
            // Valid UTF-8 (most files) is checked once and copied once (the checks below
            // would validate it twice more and decode it again).
            None if !bytes.contains(&0) => {
                if let Some(text) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes)
                {
                    return Ok(Decoded {
                        text: text.into_owned(),
                        encoding: UTF_8.name(),
                        warning: None,
                    });
                }
                undetected(bytes, &mut warning)?
            }
            None => undetected(bytes, &mut warning)?,
        },
    };
    // Detection may already have decoded the whole file with the encoding it picked.
    let (text, had_errors) = match done {
        Some(Tried { text, errors }) => (Cow::Owned(text), errors > 0),
        None => encoding.decode_without_bom_handling(body),
    };
    if had_errors {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        let total = text.chars().count().max(1);
        // A stray bad byte in a long file is survivable; a file that is mostly
        // replacement characters is not text in this encoding.
        if bad * 100 > total || bad > 50 {
            let offset = first_bad_offset(body, encoding);
            return Err(SourceError::Undecodable {
                encoding: encoding.name().to_string(),
                offset,
                bad,
            });
        }
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        warning,
    })
}

/// The encoding of BOM-less bytes that are not plain UTF-8, the bytes to decode with it,
/// and the text when detection already decoded it.
fn undetected<'a>(
    bytes: &'a [u8],
    warning: &mut Option<String>,
) -> Result<(&'static Encoding, &'a [u8], Option<Tried>), SourceError> {
    Ok(match utf8_cut_short(bytes) {
        // Valid UTF-8 up to a last character cut short (a download or a copy that
        // stopped early): the text is UTF-8, without its broken tail.
        Some(valid) => {
            *warning = Some(format!(
                "the file ends inside a character: its last {} bytes are dropped",
                bytes.len() - valid
            ));
            (UTF_8, &bytes[..valid], None)
        }
        None => {
            let (enc, done) = detect(bytes)?;
            (enc, bytes, done)
        }
    })
}

/// Where a UTF-8 file whose only fault is a last character cut short stops being valid;
/// `None` for valid UTF-8 and for anything else.
fn utf8_cut_short(bytes: &[u8]) -> Option<usize> {
    let e = std::str::from_utf8(bytes).err()?;
    let valid = e.valid_up_to();
    // error_len() is None only when the input ends inside a sequence.
    (e.error_len().is_none() && valid > 0 && !bytes[..valid].contains(&0)).then_some(valid)
}

/// Decodes bytes it owns: valid UTF-8 without a BOM becomes the text without a copy (a
/// large text is never held twice).
pub fn decode_owned(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, SourceError> {
    let plain_utf8 = forced.is_none_or(|f| f == UTF_8)
        && Encoding::for_bom(&bytes).is_none()
        && !bytes.contains(&0);
    if plain_utf8 {
        return match String::from_utf8(bytes) {
            Ok(text) => Ok(Decoded {
                text,
                encoding: UTF_8.name(),
                warning: None,
            }),
            Err(e) => decode(e.as_bytes(), forced),
        };
    }
    decode(&bytes, forced)
}

fn strip_bom<'a>(bytes: &'a [u8], enc: &'static Encoding) -> &'a [u8] {
    match Encoding::for_bom(bytes) {
        Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
        _ => bytes,
    }
}

fn first_bad_offset(bytes: &[u8], enc: &'static Encoding) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let mut read_total = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[read_total..], &mut out, true);
        read_total += read;
        match result {
            encoding_rs::DecoderResult::Malformed(len, _) => {
                return read_total.saturating_sub(len as usize)
            }
            encoding_rs::DecoderResult::InputEmpty => return read_total,
            encoding_rs::DecoderResult::OutputFull => out.reserve(bytes.len() + 16),
        }
    }
}

/// How many bytes the GB18030/Big5 choice looks at.
const SAMPLE: usize = 64 * 1024;

/// Picks the encoding of BOM-less bytes among UTF-8, GB18030 and Big5. When the sample it
/// decided on is the whole file, also hands back the file decoded with the winner.
fn detect(bytes: &[u8]) -> Result<(&'static Encoding, Option<Tried>), SourceError> {
    if std::str::from_utf8(bytes).is_ok() {
        if bytes.contains(&0) {
            return Err(SourceError::Binary);
        }
        return Ok((UTF_8, None));
    }
    if looks_binary(bytes) {
        return Err(SourceError::Binary);
    }
    // A sample is enough to tell the two apart; a sequence cut at its end costs both the same.
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let gb = score(sample, GB18030);
    // Without a replacement in GB18030, Big5 loses at its first malformed sequence (fewer
    // malformed sequences wins): it is not decoded further.
    if gb.tried.errors == 0
        && BIG5
            .decode_without_bom_handling_and_without_replacement(sample)
            .is_none()
    {
        let whole = (sample.len() == bytes.len()).then_some(gb.tried);
        return Ok((GB18030, whole));
    }
    let big5 = score(sample, BIG5);
    // Fewer malformed sequences wins; then more common characters; then chardetng.
    let big5_wins = match gb.tried.errors.cmp(&big5.tried.errors) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => match gb.common.cmp(&big5.common) {
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Equal => {
                let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                det.feed(sample, true);
                det.guess(None, chardetng::Utf8Detection::Allow) == BIG5
            }
        },
    };
    let (enc, winner) = if big5_wins {
        (BIG5, big5)
    } else {
        (GB18030, gb)
    };
    let whole = (sample.len() == bytes.len()).then_some(winner.tried);
    Ok((enc, whole))
}

/// Whether the first bytes hold NUL or many control characters: not text.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x09) || (0x0e..0x1b).contains(&b))
        .count();
    head.contains(&0) || controls * 20 > head.len()
}

/// Bytes decoded with one candidate encoding, and how many replacement characters that gave.
struct Tried {
    text: String,
    errors: usize,
}

struct Score {
    common: usize,
    tried: Tried,
}

fn score(bytes: &[u8], enc: &'static Encoding) -> Score {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let common_set = common_set();
    let mut errors = 0;
    let mut common = 0;
    for c in text.chars() {
        if c == '\u{FFFD}' {
            errors += 1;
        } else if common_set.contains(c) {
            common += 1;
        }
    }
    Score {
        common,
        tried: Tried {
            text: text.into_owned(),
            errors,
        },
    }
}

/// [`COMMON`] as a bit set over the CJK Unified Ideographs block, built once.
struct CharSet(Vec<u64>);

const CJK_FIRST: u32 = 0x4E00;
const CJK_LAST: u32 = 0x9FFF;

impl CharSet {
    fn contains(&self, c: char) -> bool {
        let code = c as u32;
        if !(CJK_FIRST..=CJK_LAST).contains(&code) {
            return false;
        }
        let i = (code - CJK_FIRST) as usize;
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

fn common_set() -> &'static CharSet {
    static SET: std::sync::OnceLock<CharSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut bits = vec![0u64; ((CJK_LAST - CJK_FIRST) as usize) / 64 + 1];
        for c in COMMON.chars() {
            let code = c as u32;
            if (CJK_FIRST..=CJK_LAST).contains(&code) {
                let i = (code - CJK_FIRST) as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        CharSet(bits)
    })
}

/// Characters frequent in hotline bulletins, in both scripts: the right decoding of a
/// bulletin is full of them, a wrong one almost never.
const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可\
主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起\
小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间\
样与关各重新线内数正心反明看原又利比或但质气第向道命此变条只没结解问意建月公无系很情者最立代想\
已通并提直题程展五果料象员位入常文总次品式活设及管特件长求基资边流路级少图山统接知较将组见计别\
手角期根论运农指几九区强放决西被干做必先回则任取据处队南给色光门即保治北造百规热领七海口东导器\
志世金增争济思术极交受联认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至\
达走积示议报完类八离华名确才科张信马节话米整空元况今集传土许步群广石记需段研界拉林律且究观越织\
装影算低持音众书布复容须际商非验连断深难近千周委素技备半办青省列习响约支般史感劳便团往历市克何\
除消构府称太准精值号率族维划选标写存候亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属\
县局照参红细引听该铁价严們這為個國來時說會發現實當從對學經還過點進機長問開間關題與區縣處辦熱線\
滿務單號應結類價據訴訊鎮街價環總萬綜";

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "全区受理工单2848件,办结率100%,满意率96.81%。排名 | 单位 | 综合成绩 |";
    const SAMPLE_T: &str = "全區受理工單2848件,辦結率100%,滿意率96.81%。排名 | 單位 | 綜合成績 |";

    /// `detect` as it was: both candidates decoded and scored in full.
    fn detect_by_scores(bytes: &[u8]) -> Result<(&'static Encoding, Option<String>), String> {
        if std::str::from_utf8(bytes).is_ok() {
            if bytes.contains(&0) {
                return Err("binary".into());
            }
            return Ok((UTF_8, None));
        }
        if looks_binary(bytes) {
            return Err("binary".into());
        }
        let sample = &bytes[..bytes.len().min(super::SAMPLE)];
        let gb = score(sample, GB18030);
        let big5 = score(sample, BIG5);
        let big5_wins = match gb.tried.errors.cmp(&big5.tried.errors) {
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => match gb.common.cmp(&big5.common) {
                std::cmp::Ordering::Greater => false,
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Equal => {
                    let mut det =
                        chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                    det.feed(sample, true);
                    det.guess(None, chardetng::Utf8Detection::Allow) == BIG5
                }
            },
        };
        let (enc, winner) = if big5_wins {
            (BIG5, big5)
        } else {
            (GB18030, gb)
        };
        let whole = (sample.len() == bytes.len()).then_some(winner.tried.text);
        Ok((enc, whole))
    }

    fn detect_plain(bytes: &[u8]) -> Result<(&'static Encoding, Option<String>), String> {
        detect(bytes)
            .map(|(enc, whole)| (enc, whole.map(|t| t.text)))
            .map_err(|_| "binary".to_string())
    }

    #[test]
    fn decode_detection_is_the_full_scoring_on_the_fixtures() {
        let lines = crate::source::testing::fixture_lines();
        let text = lines.join("\n");
        let traditional = text
            .replace('区', "區")
            .replace('办', "辦")
            .replace('满', "滿");
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for t in [&text, &traditional] {
            for enc in [GB18030, BIG5] {
                inputs.push(enc.encode(t).0.into_owned());
                inputs.push(enc.encode(&t[..t.len().min(3000)]).0.into_owned());
            }
        }
        for line in &lines {
            for enc in [GB18030, BIG5] {
                inputs.push(enc.encode(line).0.into_owned());
            }
        }
        for bytes in inputs {
            assert_eq!(detect_plain(&bytes), detect_by_scores(&bytes));
        }
    }

    proptest::proptest! {
        #[test]
        fn decode_detection_agrees_with_the_full_scoring(
            line in crate::source::testing::line(),
            big5 in proptest::bool::ANY,
            noise in proptest::collection::vec(0x80u8.., 0..4),
        ) {
            let enc = if big5 { BIG5 } else { GB18030 };
            let mut bytes = enc.encode(&line).0.into_owned();
            bytes.extend(noise);
            proptest::prop_assert_eq!(detect_plain(&bytes), detect_by_scores(&bytes));
        }

        #[test]
        fn decode_detection_agrees_on_any_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            proptest::prop_assert_eq!(detect_plain(&bytes), detect_by_scores(&bytes));
        }
    }

    #[test]
    fn decode_reads_utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes(), None).unwrap();
        assert_eq!(plain.encoding, "UTF-8");
        assert_eq!(plain.text, SAMPLE);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let with_bom = decode(&bom, None).unwrap();
        assert_eq!(with_bom.text, SAMPLE);
    }

    #[test]
    fn decode_reads_utf16_by_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le, None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16LE", SAMPLE));
        let mut be = vec![0xFE, 0xFF];
        be.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes()));
        let d = decode(&be, None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16BE", SAMPLE));
    }

    #[test]
    fn decode_detects_gbk_and_big5() {
        let (gbk, _, _) = GB18030.encode(SAMPLE);
        let d = decode(&gbk, None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("gb18030", SAMPLE));
        let (big5, _, _) = BIG5.encode(SAMPLE_T);
        let d = decode(&big5, None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("Big5", SAMPLE_T));
    }

    #[test]
    fn decode_honours_a_forced_encoding() {
        let (big5, _, _) = BIG5.encode(SAMPLE_T);
        let d = decode(&big5, encoding_by_name("big5")).unwrap();
        assert_eq!(d.text, SAMPLE_T);
    }

    #[test]
    fn decode_accepts_utf8_cut_inside_its_last_character() {
        let mut bytes = SAMPLE.repeat(2000).into_bytes();
        bytes.extend_from_slice(&"满".as_bytes()[..2]);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, SAMPLE.repeat(2000));
        assert_eq!(
            d.warning.as_deref(),
            Some("the file ends inside a character: its last 2 bytes are dropped")
        );
        assert_eq!(decode(SAMPLE.as_bytes(), None).unwrap().warning, None);
    }

    #[test]
    fn decode_rejects_binary_and_garbage() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
        assert!(matches!(decode(png, None), Err(SourceError::Binary)));
        let garbage: Vec<u8> = (0..400)
            .map(|i| if i % 2 == 0 { 0xFF } else { 0x80 })
            .collect();
        assert!(decode(&garbage, None).is_err());
    }
}
