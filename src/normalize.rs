//! Normalization of a post into the two views that rules match on, with maps back to the original.
//!
//! * The **pattern view**: NFKC, lowercase, zero-width and bidi controls removed. Regex rules run
//!   here. NFKC already folds full-width forms (`ｔｅｌｅｇｒａｍ`), enclosed letters (`ⓦⓐ`) and
//!   mathematical letters (`𝐭𝐞𝐥𝐞𝐠𝐫𝐚𝐦`) to ASCII.
//! * The **keyword view**: the pattern view, then evasion folding: Latin diacritics dropped
//!   (`lương` → `luong`), Cyrillic and Greek look-alikes in Latin words mapped to Latin, small
//!   capitals mapped to letters, leetspeak inside words (`t3legram`), spelled-out words collapsed
//!   (`t e l e g r a m`, `w.h.a.t.s.a.p.p`), runs of one repeated Latin letter squashed, and
//!   spelling variants of Lao, Khmer and Burmese folded to one form (see
//!   [`fold_spelling_variants`]), separators around a lone Chinese character dropped (`加 微 信`,
//!   see [`collapse_han_separators`]). Burmese typed in the Zawgyi font encoding is converted to
//!   Unicode first (see [`zawgyi`]).
//!
//! Every character of a view carries the byte span of the original characters it came from, so a
//! match anywhere in a view maps back to a span of the original text that lies on character
//! boundaries. Keywords of rule packs go through [`fold_keyword`], the very same function, so
//! matching is symmetric.
//!
//! Folding never touches the marks of Thai, Lao, Khmer, Burmese or Indic scripts (only Latin
//! letters are decomposed), and never changes a digit that is part of a number (leetspeak only
//! rewrites a lone digit between letters inside a word of five letters or more).
//!
//! # Speed
//!
//! This runs on every byte of every post, so the common cases avoid the general machinery:
//!
//! * A view that is a same-length, character-for-character copy of the original (ASCII, Thai,
//!   Chinese, Vietnamese in lowercase...) stores no byte map: its spans are its own character
//!   boundaries. The map is built only from the first character that breaks the alignment.
//! * The NFKC quick check and lowercasing look up a per-character table built once, instead of
//!   the Unicode tables (several hashed lookups per character); text that fails the quick check is
//!   fully normalized only between stable characters, so one full-width comma in a Chinese post
//!   does not send the whole post through decomposition and composition.
//! * The keyword view is the pattern view itself unless a cheap byte scan finds something one of
//!   the evasion folds could change (see [`may_fold`]); Vietnamese and other Latin text with
//!   precomposed diacritics and nothing else to fold takes a letter-for-letter path
//!   ([`strip_only`]) instead of the general passes over a vector of characters.
//!
//! Each of these shortcuts must give exactly what the general path gives: they were checked by
//! comparing complete reports with the general path on about 200,000 posts (the bench corpus,
//! the labelled data sets, seeded fuzz of evasions, marks, controls and compatibility characters).

mod zawgyi;

use std::sync::OnceLock;

use unicode_normalization::char::{
    canonical_combining_class, compose, decompose_canonical, decompose_compatible,
};
use unicode_normalization::IsNormalized;

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
    /// Where the bytes of `text` come from, as runs in view order (see [`Run`]); `None` when
    /// every character of `text` came from the character of the original at the same byte
    /// offsets (same length), so spans are the character boundaries of `text` itself.
    origin: Option<Vec<Run>>,
}

/// A stretch of a view from byte `view` up to the next run (or the end of the text).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Run {
    view: u32,
    /// The original span: for an aligned run, `start` is the original byte of the view's byte
    /// `view`, and each character is a same-length copy of the original character at the same
    /// distance (`end` unused); otherwise the run is one character, from `start..end`.
    start: u32,
    end: u32,
    aligned: bool,
}

impl Run {
    /// The original span of the view character at byte `i` of this run, `len` bytes long.
    fn span(&self, i: usize, len: usize) -> (u32, u32) {
        if self.aligned {
            let start = i as u32 - self.view + self.start;
            (start, start + len as u32)
        } else {
            (self.start, self.end)
        }
    }
}

impl View {
    fn from_chars(chars: &[Ch]) -> View {
        let mut builder = ViewBuilder::with_capacity(chars.len());
        for ch in chars {
            builder.push(ch.c, ch.start, ch.end);
        }
        builder.finish()
    }

    /// Maps a byte range of this view to the smallest byte range of the original text covering
    /// every original character that the view range came from. Canonical reordering can permute
    /// marks, hence min and max rather than first and last.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.text.len());
        let (start, end) = (floor_char(&self.text, start), ceil_char(&self.text, end));
        let Some(runs) = &self.origin else {
            return (start, end);
        };
        let first = runs.partition_point(|r| r.view as usize <= start) - 1;
        let (mut lo, mut hi) = (u32::MAX, 0);
        for (k, run) in runs[first..].iter().enumerate() {
            let run_start = run.view as usize;
            if run_start >= end {
                break;
            }
            let run_end = runs
                .get(first + k + 1)
                .map_or(self.text.len(), |next| next.view as usize);
            // The characters of the range within this run: their first and last.
            // A mapped run's span is its one character's, wherever the range cuts it.
            let (a, b) = (start.max(run_start), end.min(run_end));
            let (s, _) = run.span(a, 0);
            let (_, e) = run.span(b, 0);
            lo = lo.min(s);
            hi = hi.max(e);
        }
        (lo as usize, hi as usize)
    }

    /// Every character of the view with its byte offset in the view and its original span.
    fn spans(&self) -> impl Iterator<Item = (usize, char, u32, u32)> + '_ {
        let runs = self.origin.as_deref().unwrap_or_default();
        let mut next = 0; // the first run not yet entered
        self.text.char_indices().map(move |(i, c)| {
            while next < runs.len() && runs[next].view as usize <= i {
                next += 1;
            }
            let (start, end) = match next.checked_sub(1) {
                Some(run) => runs[run].span(i, c.len_utf8()),
                None => (i as u32, (i + c.len_utf8()) as u32),
            };
            (i, c, start, end)
        })
    }

    /// The characters of the view with their original spans, for the keyword folds.
    fn chars(&self) -> Vec<Ch> {
        self.spans()
            .map(|(_, c, start, end)| Ch { c, start, end })
            .collect()
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Builds a view character by character, keeping no byte map while the view stays aligned with
/// the original (see [`View::origin`]).
struct ViewBuilder {
    text: String,
    origin: Option<Vec<Run>>,
    /// Reused by [`normalize_segment`].
    scratch: Vec<Ch>,
}

impl ViewBuilder {
    fn with_capacity(bytes: usize) -> ViewBuilder {
        ViewBuilder {
            text: String::with_capacity(bytes),
            origin: None,
            scratch: Vec::new(),
        }
    }

    #[inline]
    fn push(&mut self, c: char, start: u32, end: u32) {
        if self.origin.is_none()
            && self.text.len() == start as usize
            && start as usize + c.len_utf8() == end as usize
        {
            self.text.push(c);
        } else {
            self.push_mapped(c, start, end);
        }
    }

    /// Whether a same-length copy of original bytes from `start` continues the last run.
    fn continues(&self, start: u32) -> bool {
        match &self.origin {
            None => self.text.len() == start as usize,
            Some(runs) => runs.last().is_some_and(|run| {
                run.aligned && self.text.len() as u32 - run.view + run.start == start
            }),
        }
    }

    /// Starts a run at the current end of the text.
    fn run(&mut self, start: u32, end: u32, aligned: bool) {
        let view = self.text.len() as u32;
        // Until the alignment first breaks, the whole text is one aligned run from 0.
        let runs = self.origin.get_or_insert_with(|| {
            vec![Run {
                view: 0,
                start: 0,
                end: 0,
                aligned: true,
            }]
        });
        runs.push(Run {
            view,
            start,
            end,
            aligned,
        });
    }

    fn push_mapped(&mut self, c: char, start: u32, end: u32) {
        let same_length = (end - start) as usize == c.len_utf8();
        if !(same_length && self.continues(start)) {
            self.run(start, end, same_length);
        }
        self.text.push(c);
    }

    /// Pushes `c` lowercased, every resulting character with `c`'s span.
    #[inline]
    fn push_lowercase(&mut self, c: char, start: u32, end: u32) {
        if c.is_ascii() {
            self.push(c.to_ascii_lowercase(), start, end);
        } else if char_flags(c) & COPIED != 0 {
            self.push(c, start, end);
        } else {
            for l in c.to_lowercase() {
                self.push(l, start, end);
            }
        }
    }

    /// Pushes `original[from..to]` lowercased, none of whose characters is an invisible control;
    /// stretches that lowercasing leaves alone (apart from ASCII) are copied in one go.
    fn push_text(&mut self, original: &str, from: usize, to: usize) {
        let mut copied = from;
        for (i, c) in original[from..to].char_indices() {
            if c.is_ascii() || char_flags(c) & COPIED != 0 {
                continue;
            }
            let i = from + i;
            self.push_copy(original, copied, i);
            self.push_lowercase(c, i as u32, (i + c.len_utf8()) as u32);
            copied = i + c.len_utf8();
        }
        self.push_copy(original, copied, to);
    }

    /// Pushes `original[from..to]`, all ASCII or [`COPIED`] characters, ASCII lowercased: a
    /// same-length copy, so at most one new run.
    fn push_copy(&mut self, original: &str, from: usize, to: usize) {
        if from == to {
            return;
        }
        if !self.continues(from as u32) {
            self.run(from as u32, to as u32, true);
        }
        let at = self.text.len();
        self.text.push_str(&original[from..to]);
        self.text[at..].make_ascii_lowercase();
    }

    fn finish(self) -> View {
        View {
            text: self.text,
            origin: self.origin,
        }
    }
}

/// The two views of a post.
#[derive(Clone, Debug, Default)]
pub(crate) struct Views {
    pub pattern: View,
    /// `None` when keyword folding changes nothing: the keyword view is the pattern view.
    keyword: Option<View>,
}

impl Views {
    /// The keyword view.
    pub fn keyword(&self) -> &View {
        self.keyword.as_ref().unwrap_or(&self.pattern)
    }
}

/// Normalizes a post into its pattern and keyword views.
pub(crate) fn normalize(original: &str) -> Views {
    let pattern = pattern_view(original);
    // Most posts hold nothing to fold: their keyword view is their pattern view.
    let keyword = may_fold(pattern.text.as_bytes()).then(|| keyword_view(&pattern));
    Views { pattern, keyword }
}

/// Folds a rule keyword exactly as posts are folded into the keyword view.
pub fn fold_keyword(keyword: &str) -> String {
    let views = normalize(keyword);
    match views.keyword {
        Some(view) => view.text,
        None => views.pattern.text,
    }
}

/// Folds a text into the pattern view (NFKC, lowercase, controls removed), as regex rules see it.
pub fn fold_pattern(text: &str) -> String {
    pattern_view(text).text
}

/// Flags of a character in [`char_flags`].
const STABLE: u8 = 1;
const COPIED: u8 = 2;

/// `STABLE`: NFKC leaves the character alone in any context (combining class 0, NFKC quick
/// check Yes) and it is not an invisible control. `COPIED`: lowercasing leaves it alone and it
/// is not an invisible control, so the pattern view copies it as it is.
///
/// Looked up in a table of the Basic Multilingual Plane built once (a few milliseconds) from the
/// very functions the general path calls, so the table cannot disagree with them; other planes
/// (emoji, rare Han, mathematical letters) are computed on the spot.
#[inline]
fn char_flags(c: char) -> u8 {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let code = c as u32;
    if code >= 0x10000 {
        return compute_flags(c);
    }
    let table = TABLE.get_or_init(|| {
        (0..0x10000u32)
            .map(|code| char::from_u32(code).map_or(0, compute_flags))
            .collect()
    });
    table[code as usize]
}

fn compute_flags(c: char) -> u8 {
    let control = is_invisible_control(c);
    let stable = canonical_combining_class(c) == 0
        && unicode_normalization::is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes;
    let caseless = {
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    };
    u8::from(stable && !control) * STABLE + u8::from(caseless && !control) * COPIED
}

/// The pattern view: NFKC, lowercase, invisible controls removed.
fn pattern_view(original: &str) -> View {
    if original.is_ascii() {
        return View {
            text: original.to_ascii_lowercase(),
            origin: None,
        };
    }
    let mut builder = ViewBuilder::with_capacity(original.len());
    // Most posts are already in NFKC (Chinese, Vietnamese typed precomposed, most Thai): one
    // pass copies them (controls out, lowercase) while it checks; the others start over.
    if !copy_if_nfkc(original, &mut builder) {
        builder = ViewBuilder::with_capacity(original.len());
        nfkc_by_segments(original, &mut builder);
    }
    builder.finish()
}

/// Whether the text without its invisible controls passes `unicode_normalization::is_nfkc_quick`
/// (the view drops the controls, so marks on either side of one end up side by side and must be
/// in canonical order), the stable characters (which reset the check, as ASCII does) found in
/// the table; meanwhile the text goes into `builder` lowercased, without controls. On false,
/// `builder` holds a part of the text and is to be discarded.
fn copy_if_nfkc(original: &str, builder: &mut ViewBuilder) -> bool {
    let mut last_class = 0;
    let mut done = 0;
    for (i, c) in original.char_indices() {
        if c.is_ascii() {
            last_class = 0;
            continue;
        }
        let flags = char_flags(c);
        // A stable character is never a control: the control check runs only on the others.
        let control = flags & STABLE == 0 && is_invisible_control(c);
        if flags & STABLE != 0 {
            last_class = 0;
        } else if !control {
            let class = canonical_combining_class(c);
            if last_class > class && class != 0 {
                return false;
            }
            if unicode_normalization::is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes {
                return false;
            }
            last_class = class;
        }
        if flags & COPIED != 0 {
            continue;
        }
        builder.push_copy(original, done, i);
        if !control {
            builder.push_lowercase(c, i as u32, (i + c.len_utf8()) as u32);
        }
        done = i + c.len_utf8();
    }
    builder.push_copy(original, done, original.len());
    true
}

/// NFKC, lowercase and controls removed, for a text that failed the quick check. A stable
/// character never changes and never interacts with its neighbours through decomposition,
/// reordering or composition, so the text splits before each one into segments that normalize
/// on their own: runs of stable characters are only lowercased; only a stable character followed
/// by other characters (marks, controls, compatibility characters), with them, goes through NFKC
/// by hand. One full-width comma in a Chinese post then costs one segment, not the whole post.
fn nfkc_by_segments(original: &str, builder: &mut ViewBuilder) {
    let mut done = 0; // original[..done] is in the builder
    let mut last_stable = None;
    let mut segment = None; // the start of a segment to normalize by hand
    for (i, c) in original.char_indices() {
        if c.is_ascii() || char_flags(c) & STABLE != 0 {
            if let Some(start) = segment.take() {
                normalize_segment(original, start, i, builder);
                done = i;
            }
            last_stable = Some(i);
        } else if segment.is_none() {
            let start = last_stable.unwrap_or(i);
            builder.push_text(original, done, start);
            segment = Some(start);
        }
    }
    match segment {
        Some(start) => normalize_segment(original, start, original.len(), builder),
        None => builder.push_text(original, done, original.len()),
    }
}

/// NFKC by hand rather than through the iterator adapters, because every output character must
/// keep the original span it came from: compatibility decomposition per original character,
/// canonical ordering of marks, then canonical composition; then lowercase.
fn normalize_segment(original: &str, start: usize, end: usize, builder: &mut ViewBuilder) {
    // The builder's scratch vector: a post can have many segments (one per full-width comma).
    let mut decomposed = std::mem::take(&mut builder.scratch);
    decomposed.clear();
    for (i, c) in original[start..end].char_indices() {
        if is_invisible_control(c) {
            continue;
        }
        let (s, e) = ((start + i) as u32, (start + i + c.len_utf8()) as u32);
        if c.is_ascii() {
            decomposed.push(Ch {
                c,
                start: s,
                end: e,
            });
        } else {
            decompose_compatible(c, |d| {
                decomposed.push(Ch {
                    c: d,
                    start: s,
                    end: e,
                })
            });
        }
    }
    order_marks(&mut decomposed);
    compose_all(&mut decomposed);
    for ch in &decomposed {
        builder.push_lowercase(ch.c, ch.start, ch.end);
    }
    builder.scratch = decomposed;
}

/// Whether keyword folding may change the pattern view `text` (lowercase already): a byte of a
/// Latin letter with a diacritic, a combining mark, a Cyrillic or Greek letter or a small capital
/// (what [`strip_latin_marks`] and [`map_lookalikes_and_leet`] rewrite); a leet character between
/// two letters; a run of three identical letters; or two single-letter words separated by at most
/// three separators (the start of a spelled-out word); a spelling variant or a sign of Zawgyi.
/// Conservative: false means no fold applies,
/// because no fold can create the trigger of another one without itself being triggered first.
fn may_fold(bytes: &[u8]) -> bool {
    // One table lookup per byte, the neighbours carried along: this runs over every post. Out
    // of range counts as a separator (byte 0 has no class).
    let byte = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let class = |b: u8| BYTE_CLASS[b as usize];
    let single_letter = |i: usize| {
        class(byte(i)) & ALPHA != 0
            && class(byte(i.wrapping_sub(1))) & WORD == 0
            && class(byte(i + 1)) & WORD == 0
    };
    let mut prev = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // A character's continuation bytes have class 0 and start no separator: skip them, which
        // makes Thai, Khmer or Chinese text a third as many steps. `prev` is still the byte just
        // before the next one looked at.
        let len = match b {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
        let (at, after) = (i, (i + len).min(bytes.len()));
        i = after;
        let flags = class(b);
        if flags == 0 {
            // Every separator of `collapse_han_separators` starts with a byte of class 0: check
            // those right after a Han character (its lead byte three back).
            if may_start_han_separator(b)
                && at >= 3
                && matches!(bytes[at - 3], 0xE3..=0xE9)
                && han_then_separator(bytes, at)
            {
                return true;
            }
            prev = bytes[after - 1];
            continue; // separators, most lead bytes
        }
        let i = at;
        let next = byte(i + 1);
        if flags & LEAD != 0 {
            // U+00C0..U+053F: Latin-1 letters, Latin Extended-A/B, IPA (small capitals),
            // combining diacritics, Greek, Cyrillic; U+1D00..U+1EFF: phonetic letters and Latin
            // Extended Additional (Vietnamese); U+A731: small capital S.
            // By lead byte, so that Thai text (E0 B8, E0 B9) costs one comparison.
            let variant = || spelling_variant(b, next, byte(i + 2), &bytes[after..]);
            let folds = match b {
                0xC3..=0xD4 => true,
                0xE0 => next == 0xBA && variant(),
                0xE1 => (0xB4..=0xBB).contains(&next) || variant() || zawgyi::sign_at(bytes, i),
                0xEA => next == 0x9C && byte(i + 2) == 0xB1,
                _ => false,
            };
            if folds {
                return true;
            }
        } else if flags & ALPHA != 0 {
            if prev == b && next == b {
                return true; // three identical letters
            }
            if class(prev) & WORD == 0 && class(next) & WORD == 0 {
                // A single letter: up to three separators of up to four bytes each, then the
                // next single letter.
                let mut j = i + 1;
                while j < bytes.len() && j - i <= 13 && class(bytes[j]) & WORD == 0 {
                    if bytes[j] == b'\n' {
                        break;
                    }
                    j += 1;
                }
                if j > i + 1 && j < bytes.len() && j - i <= 13 && single_letter(j) {
                    return true;
                }
            }
        } else if flags & LEET != 0 && class(prev) & ALPHA != 0 && class(next) & ALPHA != 0 {
            return true;
        }
        prev = bytes[after - 1];
    }
    false
}

/// Whether the character `b0 b1 b2` (followed by `rest`) is one [`fold_spelling_variants`]
/// rewrites: ឲ U+17B2, ၀ U+1040, or ຫ U+0EAB followed by ລ U+0EA5.
fn spelling_variant(b0: u8, b1: u8, b2: u8, rest: &[u8]) -> bool {
    matches!((b0, b1, b2), (0xE1, 0x9E, 0xB2) | (0xE1, 0x81, 0x80))
        || ((b0, b1, b2) == (0xE0, 0xBA, 0xAB) && rest.starts_with(&[0xE0, 0xBA, 0xA5]))
}

/// Byte classes of [`may_fold`]: ASCII letters; word characters (letters, digits, `@`, `$`);
/// leet characters; lead bytes of the blocks that hold letters a fold rewrites.
const ALPHA: u8 = 1;
const WORD: u8 = 2;
const LEET: u8 = 4;
const LEAD: u8 = 8;
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut flags = 0;
        if c.is_ascii_alphabetic() {
            flags |= ALPHA | WORD;
        }
        if c.is_ascii_digit() || c == b'@' || c == b'$' {
            flags |= WORD;
        }
        if matches!(c, b'0' | b'1' | b'3' | b'4' | b'@' | b'5' | b'$' | b'7') {
            flags |= LEET;
        }
        if matches!(c, 0xC3..=0xD4 | 0xE0 | 0xE1 | 0xEA) {
            flags |= LEAD;
        }
        table[b] = flags;
        b += 1;
    }
    table
};

/// The keyword view: the pattern view through every evasion fold.
fn keyword_view(pattern: &View) -> View {
    if let Some(view) = strip_only(pattern) {
        return view;
    }
    let mut chars = pattern.chars();
    if zawgyi::detect(&pattern.text) {
        zawgyi::to_unicode(&mut chars);
    }
    // Each pass works in place.
    fold_spelling_variants(&mut chars);
    strip_latin_marks(&mut chars);
    collapse_spelled_out(&mut chars);
    collapse_han_separators(&mut chars);
    map_lookalikes_and_leet(&mut chars);
    squash_repeats(&mut chars);
    View::from_chars(&chars)
}

/// The keyword view of the most common text that needs folding, Vietnamese (or any Latin text)
/// with precomposed diacritics and nothing else to fold, without the general passes: each
/// letter replaced by its base letter, exactly as [`strip_latin_marks`] does; `None` when the
/// general passes are needed (combining marks, look-alikes, or anything [`may_fold`] still sees
/// once the diacritics are gone).
fn strip_only(pattern: &View) -> Option<View> {
    let mut builder = ViewBuilder::with_capacity(pattern.text.len());
    let strip = |c: char| match c as u32 {
        0..=0xBF => Some(c),
        0x00C0..=0x024F | 0x1E00..=0x1EFF => Some(latin_base(c)),
        // Combining marks, IPA (small capitals), Greek, Cyrillic, phonetic small capitals.
        0x0250..=0x052F | 0x1D00..=0x1DBF | 0xA731 => None,
        _ => Some(c),
    };
    if pattern.origin.is_none() {
        // The pattern view is the post itself (offsets are the original's): runs of ASCII are
        // copied whole, a Vietnamese post's letters between its marked vowels.
        let text = pattern.text.as_str();
        let mut i = 0;
        while i < text.len() {
            let ascii = text.as_bytes()[i..]
                .iter()
                .position(|b| !b.is_ascii())
                .map_or(text.len(), |n| i + n);
            builder.push_copy(text, i, ascii);
            let Some(c) = text[ascii..].chars().next() else {
                break;
            };
            let end = ascii + c.len_utf8();
            builder.push(strip(c)?, ascii as u32, end as u32);
            i = end;
        }
    } else {
        for (_, c, start, end) in pattern.spans() {
            builder.push(strip(c)?, start, end);
        }
    }
    let view = builder.finish();
    (!may_fold(view.text.as_bytes())).then_some(view)
}

/// Spellings of one word that writers of Lao, Khmer and Burmese use interchangeably, folded to
/// one: Lao ຫລ (old orthography) to ຫຼ, Khmer ឲ to ឱ (ឲ្យ and ឱ្យ, "to, for"), and the Burmese
/// digit zero ၀ to the letter wa ဝ, which it is typed for (မြ၀တီ for Myawaddy). One character for
/// one, so spans stay those of the original characters.
fn fold_spelling_variants(chars: &mut [Ch]) {
    for i in 0..chars.len() {
        chars[i].c = match chars[i].c {
            '\u{0EA5}' if i > 0 && chars[i - 1].c == '\u{0EAB}' => '\u{0EBC}',
            '\u{17B2}' => '\u{17B1}',
            '\u{1040}' => '\u{101D}',
            c => c,
        };
    }
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
/// A composed character covers the original spans of both its parts. In place: the output is
/// never longer than what has been read.
fn compose_all(chars: &mut Vec<Ch>) {
    let mut out = 0;
    let mut starter: Option<usize> = None;
    // Combining class of the last character pushed after the starter, if any.
    let mut last_class: Option<u8> = None;
    for i in 0..chars.len() {
        let ch = chars[i];
        let class = canonical_combining_class(ch.c);
        if let Some(s) = starter {
            let blocked = matches!(last_class, Some(last) if last == 0 || last >= class);
            if !blocked {
                if let Some(c) = compose(chars[s].c, ch.c) {
                    let merged = &mut chars[s];
                    merged.c = c;
                    merged.start = merged.start.min(ch.start);
                    merged.end = merged.end.max(ch.end);
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out);
            last_class = None;
        } else {
            last_class = Some(class);
        }
        chars[out] = ch;
        out += 1;
    }
    chars.truncate(out);
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
    // Looked up: Vietnamese text has a letter with diacritics every few characters.
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    let index = match c as u32 {
        code @ 0x00C0..=0x024F => code - 0x00C0,
        code @ 0x1E00..=0x1EFF => code - 0x1E00 + 0x190,
        _ => return compute_latin_base(c),
    };
    let table = TABLE.get_or_init(|| {
        (0x00C0..=0x024F)
            .chain(0x1E00..=0x1EFF)
            .map(|code| char::from_u32(code).map_or('\0', compute_latin_base))
            .collect()
    });
    table[index as usize]
}

fn compute_latin_base(c: char) -> char {
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

/// `加 微 信`, `微.信`, `微🔥信` → `加微信`, `微信`: Chinese is written without spaces, and a
/// lone character set apart by separators (see [`is_han_separator`]; one to three of them) is a
/// word cut up to slip past filters, so the separators between it and the Han character on its
/// other side are dropped. Separators between words of two characters or more stay (`包吃 包住`:
/// a list), as do clause punctuation (commas, full stops, brackets) and line breaks.
fn collapse_han_separators(chars: &mut Vec<Ch>) {
    let han = |k: usize| chars.get(k).is_some_and(|ch| is_han(ch.c));
    let lone = |k: usize| han(k) && !(k > 0 && han(k - 1)) && !han(k + 1);
    let mut drop: Vec<bool> = Vec::new(); // allocated only when something is dropped
    let mut i = 0;
    while i < chars.len() {
        if !han(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && j - i <= 3 && is_han_separator(chars[j].c) {
            j += 1;
        }
        if j > i + 1 && han(j) && (lone(i) || lone(j)) {
            if drop.is_empty() {
                drop = vec![false; chars.len()];
            }
            drop[i + 1..j].iter_mut().for_each(|d| *d = true);
        }
        i += 1;
    }
    if !drop.is_empty() {
        let mut index = 0;
        chars.retain(|_| {
            index += 1;
            !drop[index - 1]
        });
    }
}

/// CJK unified ideographs (NFKC has already mapped the compatibility ones).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// What evasions put between Chinese characters: spaces, dots, dashes and the like, dingbats
/// and emoji. Not line breaks or the punctuation of clauses.
fn is_han_separator(c: char) -> bool {
    matches!(c,
        ' ' | '\t' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}'
        | '.' | '-' | '_' | '*' | '~' | '|' | '/' | '\\' | '+' | '=' | '#' | '·' | '•'
        | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Whether a byte may start a character of [`is_han_separator`] (a test checks every one).
fn may_start_han_separator(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'.'
            | b'-'
            | b'_'
            | b'*'
            | b'~'
            | b'|'
            | b'/'
            | b'\\'
            | b'+'
            | b'='
            | b'#'
            | 0xC2
            | 0xE2
            | 0xF0
    )
}

/// The character starting at byte `i` of `bytes` (UTF-8 of a `str`), with its length.
fn char_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let b0 = *bytes.get(i)?;
    let (len, mut code) = match b0 {
        0x00..=0x7F => return Some((char::from(b0), 1)),
        0xC0..=0xDF => (2, u32::from(b0 & 0x1F)),
        0xE0..=0xEF => (3, u32::from(b0 & 0x0F)),
        0xF0..=0xF7 => (4, u32::from(b0 & 0x07)),
        _ => return None, // a continuation byte
    };
    for k in 1..len {
        code = (code << 6) | u32::from(*bytes.get(i + k)? & 0x3F);
    }
    Some((char::from_u32(code)?, len))
}

/// Whether the character ending at byte `i` of `bytes` is a Han character (three bytes, lead
/// byte `E3` for extension A from U+3400, `E4`..`E9` for U+4E00..U+9FFF) followed by one to
/// three separators and another Han character, one of the two alone: what
/// [`collapse_han_separators`] drops.
fn han_then_separator(bytes: &[u8], i: usize) -> bool {
    let han_at = |at: usize| char_at(bytes, at).is_some_and(|(c, _)| is_han(c));
    if i < 3 || !han_at(i - 3) {
        return false;
    }
    let left_alone = i < 6 || !han_at(i - 6);
    let mut at = i;
    for _ in 0..3 {
        match char_at(bytes, at) {
            Some((c, len)) if is_han_separator(c) => at += len,
            _ => break,
        }
    }
    at > i && han_at(at) && (left_alone || !han_at(at + 3))
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
        for view in [&views.pattern, views.keyword()] {
            for (i, _) in view.text.char_indices() {
                let (s, e) = view.original_span(i, i + 1);
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e) && s < e);
            }
        }
        let kv = views.keyword();
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
        assert_eq!(format!("{}e", ascii.keyword().text), general.keyword().text);
    }

    #[test]
    fn may_fold_sees_every_character_a_fold_rewrites() {
        let rewritten = (0x00C0..=0x024F)
            .chain(0x0300..=0x036F)
            .chain(0x1E00..=0x1EFF)
            .filter_map(char::from_u32)
            .chain(
                (0..=0x10FFFF)
                    .filter_map(char::from_u32)
                    .filter(|&c| lookalike(c).is_some()),
            );
        for c in rewritten {
            assert!(may_fold(c.to_string().as_bytes()), "{c:?}");
        }
        for text in [
            "ຫລອກລວງ",
            "ឲ្យ",
            "မြ၀တီ",
            "加 微 信",
            "加微.信",
            "微🔥信",
            "㐀 一",
        ] {
            assert!(may_fold(text.as_bytes()), "{text}");
        }
        // Chinese with clause punctuation only, or Han next to Latin, folds nothing.
        for text in [
            "招聘客服，包吃包住。月薪3万",
            "加微信 abc",
            "微信\n电报",
            "包吃 包住_五险一金",
        ] {
            assert!(!may_fold(text.as_bytes()), "{text}");
        }
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_han_separator(c))
        {
            let mut utf8 = [0; 4];
            assert!(
                may_start_han_separator(c.encode_utf8(&mut utf8).as_bytes()[0]),
                "{c:?}"
            );
            assert!(may_fold(format!("微{c}信").as_bytes()), "{c:?}");
        }
        // Lao ລ alone is a letter of its own, not a variant.
        assert!(!may_fold("ລາວ".as_bytes()));
    }

    #[test]
    fn spelling_variants_fold_to_one_form() {
        for (a, b) in [
            ("ຫລອກລວງ", "ຫຼອກລວງ"),
            ("ឲ្យ", "ឱ្យ"),
            ("មិនឲ្យចេញ", "មិនឱ្យចេញ"),
            ("မြ၀တီ", "မြဝတီ"),
        ] {
            assert_eq!(
                normalize(a).keyword().text,
                normalize(b).keyword().text,
                "{a}"
            );
            assert_eq!(fold_keyword(a), fold_keyword(b), "{a}");
        }
        // Spans stay on the original characters.
        let views = normalize("ไป မြ၀တီ");
        let kv = views.keyword();
        let at = kv.text.find("ဝ").unwrap();
        let (s, e) = kv.original_span(at, at + "ဝ".len());
        assert_eq!(&"ไป မြ၀တီ"[s..e], "၀");
        // The pattern view, where amounts and phones are read, keeps the digit.
        assert!(normalize("လစာ ၁၀ သိန်း").pattern.text.contains('၀'));
    }

    #[test]
    fn byte_classes_agree_with_leet() {
        for b in 0..128u8 {
            assert_eq!(
                BYTE_CLASS[b as usize] & LEET != 0,
                leet(b as char).is_some(),
                "{b}"
            );
        }
    }

    #[test]
    fn aligned_views_keep_no_map() {
        for text in ["Gaji besar", "งานออนไลน์", "月薪3万", "lương cao"] {
            assert!(normalize(text).pattern.origin.is_none(), "{text}");
        }
        // A full-width comma is folded to ASCII: the map starts there.
        let views = normalize("工作，月薪");
        assert_eq!(views.pattern.text, "工作,月薪");
        assert_eq!(views.pattern.original_span(7, 10), (9, 12));
    }

    #[test]
    fn quick_check_agrees_with_the_library() {
        for text in [
            "abc",
            "é",
            "e\u{301}",
            "x\u{591}\u{200B}\u{5B0}",
            "x\u{5B0}\u{591}",
            "ทำงาน",
            "ရာသီ",
            "ｔｅｌ",
            "가",
            "\u{1100}\u{1161}",
            "🙂",
            "𝐭",
        ] {
            let visible = text.chars().filter(|&c| !is_invisible_control(c));
            let library = unicode_normalization::is_nfkc_quick(visible) == IsNormalized::Yes;
            let mut builder = ViewBuilder::with_capacity(text.len());
            assert_eq!(copy_if_nfkc(text, &mut builder), library, "{text:?}");
        }
    }

    #[test]
    fn marks_around_a_dropped_control_end_in_canonical_order() {
        use unicode_normalization::UnicodeNormalization;
        // Hebrew accent (class 230) and point (class 10) split by a zero-width space: once the
        // space is dropped they are adjacent and NFKC puts the point first.
        let text = "x\u{591}\u{200B}\u{5B0}";
        let want: String = "x\u{591}\u{5B0}".nfkc().collect();
        assert_eq!(pattern_view(text).text, want);
    }
}
