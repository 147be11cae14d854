//! Normalization of a post into the two views that rules match on, with maps back to the original.
//!
//! * The **pattern view**: NFKC, lowercase, zero-width and bidi controls removed. Regex rules run
//!   here. NFKC already folds full-width forms (`ｔｅｌｅｇｒａｍ`), enclosed letters (`ⓦⓐ`) and
//!   mathematical letters (`𝐭𝐞𝐥𝐞𝐠𝐫𝐚𝐦`) to ASCII.
//! * The **keyword view**: the pattern view, then evasion folding: Latin diacritics dropped
//!   (`lương` → `luong`), Cyrillic and Greek look-alikes in Latin words mapped to Latin, small
//!   capitals mapped to letters, leetspeak inside words (`t3legram`), spelled-out words collapsed
//!   (`t e l e g r a m`, `w.h.a.t.s.a.p.p`) and runs of one repeated Latin letter squashed.
//!
//! Every character of a view carries the byte span of the original characters it came from, so a
//! match anywhere in a view maps back to a span of the original text that lies on character
//! boundaries. Keywords of rule packs go through [`fold_keyword`], the very same function, so
//! matching is symmetric.
//!
//! Folding never touches the marks of Thai, Lao, Khmer, Burmese or Indic scripts (only Latin
//! letters are decomposed), and never changes a digit that is part of a number (leetspeak only
//! rewrites a lone digit between letters inside a word of five letters or more).

use unicode_normalization::char::{
    canonical_combining_class, compose, decompose_canonical, decompose_compatible,
};

/// A character of a view with the original byte span it came from.
#[derive(Clone, Copy, Debug)]
struct Ch {
    c: char,
    start: u32,
    end: u32,
}

/// One normalized view of a post.
#[derive(Clone, Debug, Default)]
pub(crate) struct View {
    /// The normalized text.
    pub text: String,
    /// For every byte of `text`, the original byte span of the character it belongs to.
    origin: Vec<(u32, u32)>,
}

impl View {
    fn from_chars(chars: &[Ch]) -> View {
        let mut text = String::with_capacity(chars.len());
        let mut origin = Vec::with_capacity(chars.len());
        for ch in chars {
            text.push(ch.c);
            origin.extend(std::iter::repeat_n((ch.start, ch.end), ch.c.len_utf8()));
        }
        View { text, origin }
    }

    /// The identity view of an ASCII text, already lowercase.
    fn ascii_lowercase(original: &str) -> View {
        View {
            text: original.to_ascii_lowercase(),
            origin: (0..original.len() as u32).map(|i| (i, i + 1)).collect(),
        }
    }

    /// Maps a byte range of this view to the smallest byte range of the original text covering
    /// every original character that the view range came from. Canonical reordering can permute
    /// marks, hence min and max rather than first and last.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.origin.len());
        let (lo, hi) = self.origin[start..end]
            .iter()
            .fold((u32::MAX, 0), |(lo, hi), &(s, e)| (lo.min(s), hi.max(e)));
        (lo as usize, hi as usize)
    }
}

/// The two views of a post.
#[derive(Clone, Debug, Default)]
pub(crate) struct Views {
    pub pattern: View,
    pub keyword: View,
}

/// Normalizes a post into its pattern and keyword views.
pub(crate) fn normalize(original: &str) -> Views {
    match pattern_chars(original) {
        PatternChars::Ascii => {
            let pattern = View::ascii_lowercase(original);
            // Most ASCII posts hold nothing to fold: their keyword view is their pattern view.
            let keyword = if ascii_may_fold(original.as_bytes()) {
                View::from_chars(&keyword_chars(PatternChars::Ascii, original))
            } else {
                pattern.clone()
            };
            Views { pattern, keyword }
        }
        PatternChars::Chars(chars) => {
            let pattern = View::from_chars(&chars);
            let keyword = View::from_chars(&keyword_chars(PatternChars::Chars(chars), original));
            Views { pattern, keyword }
        }
    }
}

/// Whether an ASCII text may be changed by keyword folding: a leet character between two
/// letters, a run of three identical letters, or two single-letter words separated by at most
/// three separators (the start of a spelled-out word). Conservative: false means no fold applies.
fn ascii_may_fold(bytes: &[u8]) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'@' || b == b'$';
    let single_letter = |i: usize| {
        bytes[i].is_ascii_alphabetic()
            && (i == 0 || !word(bytes[i - 1]))
            && (i + 1 == bytes.len() || !word(bytes[i + 1]))
    };
    for i in 0..bytes.len() {
        let b = bytes[i];
        if i >= 1 && i + 1 < bytes.len() {
            let (prev, next) = (bytes[i - 1], bytes[i + 1]);
            if prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() {
                if leet(b as char).is_some() {
                    return true;
                }
                if b.eq_ignore_ascii_case(&prev) && b.eq_ignore_ascii_case(&next) {
                    return true;
                }
            }
        }
        if single_letter(i) {
            let next_letter = (i + 2..(i + 5).min(bytes.len())).find(|&j| word(bytes[j]));
            if next_letter.is_some_and(single_letter) {
                return true;
            }
        }
    }
    false
}

/// Folds a rule keyword exactly as posts are folded into the keyword view.
pub fn fold_keyword(keyword: &str) -> String {
    View::from_chars(&keyword_chars(pattern_chars(keyword), keyword)).text
}

/// Folds a text into the pattern view (NFKC, lowercase, controls removed), as regex rules see it.
pub fn fold_pattern(text: &str) -> String {
    normalize(text).pattern.text
}

#[derive(Clone)]
enum PatternChars {
    /// ASCII text: its pattern view is its lowercase form, byte for byte; the characters are
    /// built lazily only for the keyword view.
    Ascii,
    Chars(Vec<Ch>),
}

fn pattern_chars(original: &str) -> PatternChars {
    if original.is_ascii() {
        return PatternChars::Ascii;
    }
    // Most posts are already in NFKC (Chinese, Vietnamese typed precomposed, most Thai): the quick
    // check lets them skip decomposition and composition, which cost as much as matching.
    if unicode_normalization::is_nfkc_quick(original.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        let mut lowered = Vec::with_capacity(original.len());
        for (i, c) in original.char_indices() {
            if is_invisible_control(c) {
                continue;
            }
            let (start, end) = (i as u32, (i + c.len_utf8()) as u32);
            if c.is_ascii() {
                lowered.push(Ch {
                    c: c.to_ascii_lowercase(),
                    start,
                    end,
                });
            } else {
                lowered.extend(c.to_lowercase().map(|c| Ch { c, start, end }));
            }
        }
        return PatternChars::Chars(lowered);
    }
    // NFKC by hand rather than through the iterator adapters, because every output character must
    // keep the original span it came from: compatibility decomposition per original character,
    // canonical ordering of marks, then canonical composition.
    let mut decomposed: Vec<Ch> = Vec::with_capacity(original.len());
    for (i, c) in original.char_indices() {
        if is_invisible_control(c) {
            continue;
        }
        let (start, end) = (i as u32, (i + c.len_utf8()) as u32);
        if c.is_ascii() {
            decomposed.push(Ch { c, start, end });
        } else {
            decompose_compatible(c, |d| decomposed.push(Ch { c: d, start, end }));
        }
    }
    order_marks(&mut decomposed);
    let composed = compose_all(decomposed);
    let mut lowered = Vec::with_capacity(composed.len());
    for ch in composed {
        if ch.c.is_ascii() {
            lowered.push(Ch {
                c: ch.c.to_ascii_lowercase(),
                ..ch
            });
        } else {
            lowered.extend(ch.c.to_lowercase().map(|c| Ch { c, ..ch }));
        }
    }
    PatternChars::Chars(lowered)
}

/// Zero-width characters, bidi controls, soft hyphens and variation selectors: invisible, and
/// used to split keywords (`tele\u{200B}gram`) or to reorder what a reader sees.
fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{E0000}'..='\u{E007F}')
}

/// Canonical ordering: stable sort of each run of non-starters by combining class.
fn order_marks(chars: &mut [Ch]) {
    let mut i = 0;
    while i < chars.len() {
        if canonical_combining_class(chars[i].c) == 0 {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < chars.len() && canonical_combining_class(chars[i].c) != 0 {
            i += 1;
        }
        chars[run_start..i].sort_by_key(|ch| canonical_combining_class(ch.c));
    }
}

/// Canonical composition (UAX #15): a character composes with the last starter unless blocked.
/// A composed character covers the original spans of both its parts.
fn compose_all(decomposed: Vec<Ch>) -> Vec<Ch> {
    let mut out: Vec<Ch> = Vec::with_capacity(decomposed.len());
    let mut starter: Option<usize> = None;
    // Combining class of the last character pushed after the starter, if any.
    let mut last_class: Option<u8> = None;
    for ch in decomposed {
        let class = canonical_combining_class(ch.c);
        if let Some(s) = starter {
            let blocked = matches!(last_class, Some(last) if last == 0 || last >= class);
            if !blocked {
                if let Some(c) = compose(out[s].c, ch.c) {
                    let merged = &mut out[s];
                    merged.c = c;
                    merged.start = merged.start.min(ch.start);
                    merged.end = merged.end.max(ch.end);
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out.len());
            last_class = None;
        } else {
            last_class = Some(class);
        }
        out.push(ch);
    }
    out
}

fn keyword_chars(pattern: PatternChars, original: &str) -> Vec<Ch> {
    let mut chars = match pattern {
        PatternChars::Ascii => ascii_chars(original),
        PatternChars::Chars(chars) => chars,
    };
    // Each pass works in place: this runs on every post.
    strip_latin_marks(&mut chars);
    collapse_spelled_out(&mut chars);
    map_lookalikes_and_leet(&mut chars);
    squash_repeats(&mut chars);
    chars
}

/// Latin letters lose their diacritics: `lương` → `luong`, `đ` → `d`, `é` → `e`. Only Latin: the
/// vowel signs and tone marks of Thai, Lao, Khmer, Burmese and Indic scripts are letters there.
fn strip_latin_marks(chars: &mut Vec<Ch>) {
    let mut out = 0;
    for i in 0..chars.len() {
        let ch = chars[i];
        let code = ch.c as u32;
        if code < 0xC0 {
            chars[out] = ch;
            out += 1;
            continue;
        }
        if (0x0300..=0x036F).contains(&code) && out > 0 && chars[out - 1].c.is_ascii_alphabetic() {
            // A stray combining mark after a Latin letter (one NFKC could not compose).
            chars[out - 1].end = chars[out - 1].end.max(ch.end);
            continue;
        }
        let c = if matches!(code, 0x00C0..=0x024F | 0x1E00..=0x1EFF) {
            latin_base(ch.c)
        } else {
            ch.c
        };
        chars[out] = Ch { c, ..ch };
        out += 1;
    }
    chars.truncate(out);
}

fn latin_base(c: char) -> char {
    match c {
        'đ' => 'd',
        'ł' => 'l',
        'ø' => 'o',
        'ı' => 'i',
        'ħ' => 'h',
        'ŧ' => 't',
        'ƀ' => 'b',
        'ɨ' => 'i',
        _ => {
            let mut base = None;
            decompose_canonical(c, |d| {
                base.get_or_insert(d);
            });
            base.filter(char::is_ascii_alphabetic).unwrap_or(c)
        }
    }
}

/// Latin look-alikes: Cyrillic and Greek letters that read as Latin, and small capitals.
fn lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'в' => 'b',
        'е' | 'ё' | 'є' => 'e',
        'к' | 'қ' => 'k',
        'м' => 'm',
        'н' | 'һ' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' | 'ү' => 'y',
        'х' => 'x',
        'і' | 'ї' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'ɡ' => 'g',
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'η' => 'n',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'γ' => 'y',
        'ω' => 'w',
        'ᴀ' => 'a',
        'ʙ' => 'b',
        'ᴄ' => 'c',
        'ᴅ' => 'd',
        'ᴇ' => 'e',
        'ɢ' => 'g',
        'ʜ' => 'h',
        'ɪ' => 'i',
        'ᴊ' => 'j',
        'ᴋ' => 'k',
        'ʟ' => 'l',
        'ᴍ' => 'm',
        'ɴ' => 'n',
        'ᴏ' => 'o',
        'ᴘ' => 'p',
        'ʀ' => 'r',
        'ꜱ' => 's',
        'ᴛ' => 't',
        'ᴜ' => 'u',
        'ᴠ' => 'v',
        'ᴡ' => 'w',
        'ʏ' => 'y',
        'ᴢ' => 'z',
        _ => return None,
    })
}

fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        _ => return None,
    })
}

/// A character that can be part of a word, including leet symbols that stand for letters.
fn is_word_char(c: char) -> bool {
    c == '@' || c == '$' || crate::script::is_digit(c) || crate::script::Script::of(c).is_some()
}

/// Within each word: Cyrillic and Greek look-alikes become Latin when the word also has Latin
/// letters or consists only of look-alikes (so real Russian or Greek words stay as they are);
/// small capitals always; a lone leet character between two letters in a word of at least five
/// letters becomes its letter (`t3legram`, `wh@tsapp`, but not `rm1k`, `usd1k` or `15jt`).
fn map_lookalikes_and_leet(chars: &mut [Ch]) {
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i].c) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word_char(chars[i].c) {
            i += 1;
        }
        let word = &mut chars[start..i];
        let has_latin = word.iter().any(|ch| ch.c.is_ascii_alphabetic());
        let all_lookalike = word
            .iter()
            .all(|ch| ch.c.is_ascii_alphabetic() || lookalike(ch.c).is_some());
        for ch in word.iter_mut() {
            if let Some(l) = lookalike(ch.c) {
                let latin_script = (0x1D00..=0x1DBF).contains(&(ch.c as u32))
                    || matches!(
                        ch.c,
                        'ɡ' | 'ɢ' | 'ʜ' | 'ɪ' | 'ʟ' | 'ɴ' | 'ʀ' | 'ʏ' | 'ʙ' | 'ꜱ'
                    );
                if latin_script || has_latin || all_lookalike {
                    ch.c = l;
                }
            }
        }
        let letters = word
            .iter()
            .filter(|ch| crate::script::Script::of(ch.c).is_some())
            .count();
        if letters >= 5 {
            for j in 1..word.len().saturating_sub(1) {
                let (prev, next) = (word[j - 1].c, word[j + 1].c);
                if prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() {
                    if let Some(l) = leet(word[j].c) {
                        word[j].c = l;
                    }
                }
            }
        }
    }
}

/// `t e l e g r a m`, `w.h.a.t.s.a.p.p`, `l-i-n-e` → `telegram`, `whatsapp`, `line`: four or
/// more single Latin letters in a row, each separated by one to three non-word characters on the
/// same line, lose their separators.
fn collapse_spelled_out(chars: &mut Vec<Ch>) {
    let is_single_letter = |chars: &[Ch], i: usize| {
        let letter = |c: char| c.is_ascii_alphabetic() || lookalike(c).is_some();
        letter(chars[i].c)
            && (i == 0 || !is_word_char(chars[i - 1].c))
            && (i + 1 == chars.len() || !is_word_char(chars[i + 1].c))
    };
    let mut drop: Vec<bool> = Vec::new(); // allocated only when a run is found
    let mut letters = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_single_letter(chars, i) {
            i += 1;
            continue;
        }
        // Extend a run of single letters separated by short separators.
        letters.clear();
        letters.push(i);
        let mut j = i;
        loop {
            let mut k = j + 1;
            while k < chars.len() && k - j <= 3 && !is_word_char(chars[k].c) && chars[k].c != '\n' {
                k += 1;
            }
            if k > j + 1 && k - j <= 4 && k < chars.len() && is_single_letter(chars, k) {
                letters.push(k);
                j = k;
            } else {
                break;
            }
        }
        if letters.len() >= 4 {
            if drop.is_empty() {
                drop = vec![false; chars.len()];
            }
            for pair in letters.windows(2) {
                drop[pair[0] + 1..pair[1]]
                    .iter_mut()
                    .for_each(|d| *d = true);
            }
        }
        i = j + 1;
    }
    if !drop.is_empty() {
        let mut index = 0;
        chars.retain(|_| {
            index += 1;
            !drop[index - 1]
        });
    }
}

/// Runs of three or more of one Latin letter become one (`gaaaaji` → `gaji`); doubled letters stay
/// (`apply`). Digits are never squashed (`1000`).
fn squash_repeats(chars: &mut Vec<Ch>) {
    let mut out = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].c;
        let mut j = i + 1;
        while j < chars.len() && chars[j].c == c {
            j += 1;
        }
        if c.is_ascii_alphabetic() && j - i >= 3 {
            chars[out] = Ch {
                c,
                start: chars[i].start,
                end: chars[j - 1].end,
            };
            out += 1;
        } else {
            for k in i..j {
                chars[out] = chars[k];
                out += 1;
            }
        }
        i = j;
    }
    chars.truncate(out);
}

/// Expands an ASCII text into characters for the keyword view.
fn ascii_chars(original: &str) -> Vec<Ch> {
    original
        .bytes()
        .enumerate()
        .map(|(i, b)| Ch {
            c: (b as char).to_ascii_lowercase(),
            start: i as u32,
            end: i as u32 + 1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw(s: &str) -> String {
        fold_keyword(s)
    }

    macro_rules! folds {
        ($($name:ident: $input:expr => $want:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(kw($input), $want);
            }
        )*};
    }

    folds! {
        lowercase: "TELEGRAM" => "telegram";
        nfkc_fullwidth: "ｔｅｌｅｇｒａｍ" => "telegram";
        nfkc_math_bold: "𝐭𝐞𝐥𝐞𝐠𝐫𝐚𝐦" => "telegram";
        nfkc_enclosed: "ⓦⓗⓐⓣⓢⓐⓟⓟ" => "whatsapp";
        zero_width_dropped: "tele\u{200B}gr\u{200D}am" => "telegram";
        bidi_dropped: "\u{202E}wa\u{202C}" => "wa";
        vietnamese_marks: "Việc nhẹ lương cao" => "viec nhe luong cao";
        vietnamese_d: "Đi làm" => "di lam";
        decomposed_input: "lu\u{031B}\u{0301}o\u{031B}ng" => "luong";
        cyrillic_in_latin_word: "tеlеgrаm" => "telegram";
        all_cyrillic_lookalikes: "ѕсаm" => "scam";
        russian_word_kept: "работа" => "работа";
        greek_lookalike: "telegrαm" => "telegram";
        small_caps: "ᴛᴇʟᴇɢʀᴀᴍ" => "telegram";
        leet_digits: "t3l3gr4m" => "telegram";
        leet_symbols: "wh@ts@pp" => "whatsapp";
        leet_keeps_short_units: "rm1k usd1k 15jt" => "rm1k usd1k 15jt";
        leet_keeps_numbers: "gaji 5000 usd" => "gaji 5000 usd";
        spelled_out_spaces: "t e l e g r a m" => "telegram";
        spelled_out_dots: "w.h.a.t.s.a.p.p" => "whatsapp";
        spelled_out_mixed_seps: "l - i - n - e id" => "line id";
        spelled_out_needs_four: "a b c" => "a b c";
        spelled_out_stops_at_newline: "a b\nc d" => "a b\nc d";
        repeats_squashed: "gaaaaji besarrrr" => "gaji besar";
        doubles_kept: "apply" => "apply";
        digits_not_squashed: "1000" => "1000";
        thai_marks_kept: "งานออนไลน์ รายได้สูง" => "งานออนไลน์ รายได้สูง";
        khmer_marks_kept: "ការងារ" => "ការងារ";
        burmese_marks_kept: "အလုပ်" => "အလုပ်";
        lao_marks_kept: "ເຮັດວຽກ" => "ເຮັດວຽກ";
        hindi_marks_kept: "नौकरी" => "नौकरी";
        chinese_fullwidth_digits: "月薪３万" => "月薪3万";
    }

    #[test]
    fn spans_map_back_through_every_fold() {
        let text = "Gaji ＴＥＬＥＧＲＡＭ ｔ e l e g r a m lương\u{200B}cao";
        let views = normalize(text);
        for view in [&views.pattern, &views.keyword] {
            for (i, _) in view.text.char_indices() {
                let (s, e) = view.original_span(i, i + 1);
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e) && s < e);
            }
        }
        let kv = &views.keyword;
        let at = kv.text.find("luong").unwrap();
        let (s, e) = kv.original_span(at, at + "luong".len());
        assert_eq!(&text[s..e], "lương");
    }

    #[test]
    fn ascii_fast_path_agrees_with_general_path() {
        let text = "Contact T.E.L.E.G.R.A.M @hr_x 0812";
        let ascii = normalize(text);
        // Force the general path by appending a non-ASCII character.
        let general = normalize(&format!("{text}é"));
        assert_eq!(format!("{}é", ascii.pattern.text), general.pattern.text);
        assert_eq!(format!("{}e", ascii.keyword.text), general.keyword.text);
    }
}
