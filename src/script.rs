//! Which writing system a character belongs to, as far as matching cares.
//!
//! Two questions matter: does the script separate words with spaces (so keyword edges must be
//! checked), and which scripts a post is written in (reported to the user). A full Unicode
//! `Script` property table would be heavier than needed; these ranges cover the languages of the
//! region and the look-alike scripts used for evasion.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A writing system detected in a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Script {
    Latin,
    Thai,
    Lao,
    Khmer,
    Myanmar,
    Han,
    Kana,
    Hangul,
    Cyrillic,
    Greek,
    Arabic,
    Devanagari,
    Bengali,
    Tamil,
    Sinhala,
    Other,
}

impl Script {
    /// Every script, in declaration order (`ALL[s as usize] == s`).
    const ALL: [Script; 16] = [
        Script::Latin,
        Script::Thai,
        Script::Lao,
        Script::Khmer,
        Script::Myanmar,
        Script::Han,
        Script::Kana,
        Script::Hangul,
        Script::Cyrillic,
        Script::Greek,
        Script::Arabic,
        Script::Devanagari,
        Script::Bengali,
        Script::Tamil,
        Script::Sinhala,
        Script::Other,
    ];

    /// The script of a letter or combining mark, or `None` for digits, punctuation, symbols and
    /// spaces.
    ///
    /// Classified by Unicode block first, with the few non-letters of each block listed: this is
    /// on the hot path of every scan, and the general `char::is_alphabetic` table lookup cost
    /// more than half of a whole scan when it ran on every character.
    #[inline]
    pub fn of(c: char) -> Option<Script> {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then_some(Script::Latin);
        }
        let code = c as u32;
        if code < 0x10000 {
            // The Basic Multilingual Plane from a table built once (64 KB) from `of_non_ascii`
            // itself: the range tests below cost more than the rest of the script count.
            static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
            let table = TABLE.get_or_init(|| {
                (0..0x10000u32)
                    .map(|code| {
                        char::from_u32(code)
                            .and_then(Script::of_non_ascii)
                            .map_or(0, |s| s as u8 + 1)
                    })
                    .collect()
            });
            return match table[code as usize] {
                0 => None,
                k => Some(Script::ALL[usize::from(k) - 1]),
            };
        }
        Script::of_non_ascii(c)
    }

    /// [`Script::of`] past ASCII, apart so that the ASCII test inlines into every caller.
    fn of_non_ascii(c: char) -> Option<Script> {
        let script = match c as u32 {
            0x00D7 | 0x00F7 => return None,
            0x00C0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => Script::Latin,
            0x1D00..=0x1DBF => Script::Latin, // small capitals and phonetic letters
            0x0E3F | 0x0E4F..=0x0E5B => return None,
            0x0E00..=0x0E7F => Script::Thai,
            0x0ED0..=0x0ED9 => return None,
            0x0E80..=0x0EFF => Script::Lao,
            0x17D4..=0x17D6 | 0x17D8..=0x17DB | 0x17E0..=0x17FF => return None,
            0x1780..=0x17FF | 0x19E0..=0x19FF => Script::Khmer,
            0x1040..=0x104F | 0x1090..=0x1099 => return None,
            0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F => Script::Myanmar,
            0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3021..=0x3029 | 0x3400..=0x4DBF => Script::Han,
            0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => Script::Han,
            0x3041..=0x309F | 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF => Script::Kana,
            0xFF66..=0xFF9F => Script::Kana,
            0x1100..=0x11FF | 0x3131..=0x318E | 0xAC00..=0xD7AF => Script::Hangul,
            0x0482 => return None,
            0x0400..=0x052F | 0x1C80..=0x1C8F | 0xA640..=0xA69F => Script::Cyrillic,
            0x0375 | 0x037E | 0x0384 | 0x0385 | 0x0387 | 0x03F6 => return None,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
            0x0300..=0x036F => Script::Other, // combining diacritics: part of the word they follow
            // Symbols, punctuation, emoji and spaces: no letters there.
            0x2000..=0x2BFF | 0x3000..=0x3004 | 0xFE10..=0xFE6F | 0x1F000..=0x1FAFF => return None,
            _ => {
                if !(c.is_alphabetic() || is_mark(c)) {
                    return None;
                }
                match c as u32 {
                    0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                        Script::Arabic
                    }
                    0x0900..=0x097F => Script::Devanagari,
                    0x0980..=0x09FF => Script::Bengali,
                    0x0B80..=0x0BFF => Script::Tamil,
                    0x0D80..=0x0DFF => Script::Sinhala,
                    _ => Script::Other,
                }
            }
        };
        Some(script)
    }

    /// Scripts written without spaces between words: a keyword in them may start or end anywhere.
    pub fn is_unspaced(self) -> bool {
        matches!(
            self,
            Script::Thai
                | Script::Lao
                | Script::Khmer
                | Script::Myanmar
                | Script::Han
                | Script::Kana
        )
    }

    /// The lowercase name used in reports (`"thai"`, `"han"`...).
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "latin",
            Script::Thai => "thai",
            Script::Lao => "lao",
            Script::Khmer => "khmer",
            Script::Myanmar => "myanmar",
            Script::Han => "han",
            Script::Kana => "kana",
            Script::Hangul => "hangul",
            Script::Cyrillic => "cyrillic",
            Script::Greek => "greek",
            Script::Arabic => "arabic",
            Script::Devanagari => "devanagari",
            Script::Bengali => "bengali",
            Script::Tamil => "tamil",
            Script::Sinhala => "sinhala",
            Script::Other => "other",
        }
    }
}

/// The scripts of a text's letters, most frequent first (ties in [`Script`] order). ASCII bytes
/// are counted without decoding, eight at a time: most posts are mostly ASCII, and this runs on
/// every post.
pub(crate) fn scripts_by_frequency(text: &str) -> Vec<Script> {
    let mut counts = [0usize; Script::ALL.len()];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if word & HIGH_BITS == 0 {
                counts[Script::Latin as usize] += ascii_letters(word);
                i += 8;
                continue;
            }
        }
        if bytes[i].is_ascii() {
            counts[Script::Latin as usize] += usize::from(bytes[i].is_ascii_alphabetic());
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        if let Some(s) = Script::of(c) {
            counts[s as usize] += 1;
        }
        i += c.len_utf8();
    }
    let mut found: Vec<Script> = Script::ALL
        .into_iter()
        .filter(|&s| counts[s as usize] > 0)
        .collect();
    // Stable: equal counts keep `ALL`'s order, which is `Script`'s.
    found.sort_by(|a, b| counts[*b as usize].cmp(&counts[*a as usize]));
    found
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The number of ASCII letters in eight ASCII bytes. `| 0x20` maps `A-Z` onto `a-z` and no other
/// ASCII byte into `a-z` (`@` becomes `` ` ``, `[` becomes `{`); then adding 0x1F sets a byte's top bit
/// when it is at least `a`, and adding 0x05 when it is past `z`. No byte carries into the next:
/// every byte is below 0x80 before the additions.
fn ascii_letters(word: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let lower = word | (0x20 * ONES);
    let at_least_a = lower + (0x80 - b'a' as u64) * ONES;
    let past_z = lower + (0x80 - b'z' as u64 - 1) * ONES;
    (at_least_a & !past_z & HIGH_BITS).count_ones() as usize
}

/// Combining marks (general categories Mn, Mc, Me) in the blocks that matter here. Thai, Lao,
/// Khmer and Burmese vowel signs are marks: they are part of words, never separators.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E
        | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECE
        | 0x17B4..=0x17D3 | 0x17DD
        | 0x102B..=0x103E | 0x1056..=0x1059 | 0x105E..=0x1060 | 0x1062..=0x1064 | 0x1067..=0x106D
        | 0x1071..=0x1074 | 0x1082..=0x108D | 0x108F | 0x109A..=0x109D
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962 | 0x0963
        | 0x0981..=0x0983 | 0x09BC..=0x09D7 | 0x0B82 | 0x0BBE..=0x0BCD | 0x0D81..=0x0DDF
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670)
}

/// Digits of the region's scripts (after NFKC, full-width digits are already ASCII).
pub(crate) fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// The value of a digit of the region's scripts: ASCII, Arabic-Indic, Devanagari, Bengali,
/// Thai, Lao, Burmese (and Shan) and Khmer.
pub(crate) fn digit_value(c: char) -> Option<u8> {
    let code = c as u32;
    let zero = match code {
        0x30..=0x39 => 0x30,
        0x0660..=0x0669 => 0x0660,
        0x06F0..=0x06F9 => 0x06F0,
        0x0966..=0x096F => 0x0966,
        0x09E6..=0x09EF => 0x09E6,
        0x0E50..=0x0E59 => 0x0E50,
        0x0ED0..=0x0ED9 => 0x0ED0,
        0x1040..=0x1049 => 0x1040,
        0x1090..=0x1099 => 0x1090,
        0x17E0..=0x17E9 => 0x17E0,
        _ => return None,
    };
    Some((code - zero) as u8)
}

/// Whether a character whose UTF-8 starts with the bytes `b0 b1` may be a non-ASCII digit of
/// [`digit_value`]: lets a scan skip the letters of Thai, Chinese or Burmese text undecoded.
pub(crate) fn may_start_digit(b0: u8, b1: u8) -> bool {
    matches!(
        (b0, b1),
        (0xD9, 0xA0..=0xA9)
            | (0xDB, 0xB0..=0xB9)
            | (0xE0, 0xA5 | 0xA7 | 0xB9 | 0xBB)
            | (0xE1, 0x81 | 0x82 | 0x9F)
    )
}

/// Marks that end a clause: line breaks and the full stops, commas, semicolons, colons, question
/// and exclamation marks of the region's scripts (Latin, Chinese full-width, Devanagari danda,
/// Burmese and Khmer). Not the Chinese enumeration comma (、), which continues a list.
pub(crate) fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        '\n' | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '|'
            | '。'
            | '，'
            | '；'
            | '：'
            | '！'
            | '？'
            | '।'
            | '။'
            | '၊'
            | '។'
            | '៕'
    )
}

/// Whether a letter or mark joins `c`'s neighbour into one word in a spaced script, which is what
/// breaks a keyword edge. Digits do not (`1500usd`), nor do letters of unspaced scripts
/// (`加微信vx`, `ทักไลน์line`), which are commonly glued to Latin words.
pub(crate) fn joins_word(c: char) -> bool {
    match Script::of(c) {
        Some(s) => !s.is_unspaced(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_script_at_its_index() {
        for (i, s) in Script::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
        }
        assert_eq!(
            Script::ALL.last(),
            Some(&Script::Other),
            "a new script goes before Other"
        );
    }

    #[test]
    fn the_table_agrees_with_the_ranges() {
        for c in (0x80..0x10000).filter_map(char::from_u32) {
            assert_eq!(Script::of(c), Script::of_non_ascii(c), "{c:?}");
        }
    }

    #[test]
    fn scripts_by_frequency_counts_letters_and_breaks_ties_in_order() {
        // Thai 5 letters (ทำงาน), then Latin and Han with 2 each: the tie goes to Latin, first in
        // `Script`; digits, punctuation and emoji count for nothing.
        assert_eq!(
            scripts_by_frequency("ab ทำงาน 工作 1234"),
            [Script::Thai, Script::Latin, Script::Han]
        );
        assert_eq!(scripts_by_frequency("工作 a"), [Script::Han, Script::Latin]);
        assert!(scripts_by_frequency("123 !? 🙂").is_empty());
    }

    #[test]
    fn ascii_letters_counts_every_ascii_byte_right() {
        for b in 0u8..0x80 {
            let word = u64::from_le_bytes([b, b' ', b, b'1', b, b'Z', b, b'{']);
            let expected = 4 * usize::from(b.is_ascii_alphabetic()) + 1;
            assert_eq!(ascii_letters(word), expected, "byte {b:#x}");
        }
    }

    #[test]
    fn classifies_regional_scripts() {
        assert_eq!(Script::of('a'), Some(Script::Latin));
        assert_eq!(Script::of('ư'), Some(Script::Latin));
        assert_eq!(Script::of('ง'), Some(Script::Thai));
        assert_eq!(Script::of('ກ'), Some(Script::Lao));
        assert_eq!(Script::of('ក'), Some(Script::Khmer));
        assert_eq!(Script::of('မ'), Some(Script::Myanmar));
        assert_eq!(Script::of('薪'), Some(Script::Han));
        assert_eq!(Script::of('а'), Some(Script::Cyrillic));
        assert_eq!(Script::of('7'), None);
        assert_eq!(Script::of('๕'), None); // Thai digit
        assert_eq!(Script::of('฿'), None);
        assert_eq!(Script::of('ๆ'), Some(Script::Thai)); // repetition mark is part of words
        assert_eq!(Script::of('។'), None); // Khmer full stop
        assert_eq!(Script::of('🙂'), None);
        assert_eq!(Script::of('、'), None);
        assert_eq!(Script::of('ह'), Some(Script::Devanagari));
        assert_eq!(Script::of(' '), None);
    }

    #[test]
    fn vowel_signs_are_marks_not_separators() {
        // Thai sara i, Khmer vowel sign aa, Burmese vowel sign aa
        for c in ['\u{0E34}', '\u{17B6}', '\u{102C}'] {
            assert!(is_mark(c), "{c:?}");
            assert!(Script::of(c).is_some(), "{c:?}");
        }
    }

    #[test]
    fn word_joining() {
        assert!(joins_word('t'));
        assert!(!joins_word('信'));
        assert!(!joins_word('5'));
        assert!(!joins_word('.'));
    }
}
