//! Zawgyi, the Burmese font encoding that predates Unicode support on phones and that many
//! Burmese posts are still typed in. It reuses the Myanmar block with other meanings (its U+1039
//! is the asat, its U+103A the medial ya, its U+103B the medial ra...), adds presentation forms
//! (stacked consonants, kinzi, variant vowel shapes) in U+105A..U+1097, and stores text in visual
//! order: the vowel sign ေ and the medial ra ြ are typed before their consonant. The pack's Burmese
//! keywords, written in Unicode, never match such text; the keyword view of a post that shows
//! Zawgyi is converted to Unicode storage order (Unicode Technical Note #11) first.
//!
//! Detection looks for what Unicode Burmese cannot contain: a Zawgyi presentation form, or ေ or
//! the Zawgyi ra at the start of a syllable, right before a consonant. Unicode text never shows
//! either (in Unicode both follow their consonant), so it is never converted.

use super::Ch;

/// The code point of the Myanmar-block character (U+1000..U+109F) starting at byte `i`, if any.
fn myanmar_at(bytes: &[u8], i: usize) -> Option<u32> {
    match bytes.get(i..i + 3)? {
        &[0xE1, b1 @ 0x80..=0x82, b2] => {
            Some(0x1000 + ((u32::from(b1) - 0x80) << 6) + (u32::from(b2) & 0x3F))
        }
        _ => None,
    }
}

/// Whether the character starting at byte `i` shows that the text is Zawgyi (see the module docs).
pub(super) fn sign_at(bytes: &[u8], i: usize) -> bool {
    match myanmar_at(bytes, i) {
        Some(0x105A | 0x1060..=0x1097) => true,
        Some(0x1031 | 0x103B) => {
            // `i >= 3` and a lead byte three bytes back: the previous character is that one.
            let prev = i.checked_sub(3).and_then(|p| myanmar_at(bytes, p));
            let next = myanmar_at(bytes, i + 3);
            !prev.is_some_and(carries_vowel) && next.is_some_and(|n| is_consonant(n) || is_ra(n))
        }
        _ => false,
    }
}

/// Whether `text` is Zawgyi-encoded Burmese.
pub(super) fn detect(text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|i| bytes[i] == 0xE1 && sign_at(bytes, i))
}

/// Consonants (and the independent vowels, which take marks the same way).
fn is_consonant(c: u32) -> bool {
    matches!(c, 0x1000..=0x102A | 0x103F)
}

/// Characters a Unicode vowel sign may follow: consonants, medials, and Zawgyi's own base forms.
fn carries_vowel(c: u32) -> bool {
    is_consonant(c) || matches!(c, 0x103B..=0x103E) || is_base_form(c)
}

/// Zawgyi's medial ra and its shape variants.
fn is_ra(c: u32) -> bool {
    matches!(c, 0x103B | 0x107E..=0x1084)
}

/// Zawgyi characters that stand for a consonant (or a ligature of two) as a syllable's base.
fn is_base_form(c: u32) -> bool {
    matches!(
        c,
        0x104E | 0x106A | 0x106B | 0x106E | 0x106F | 0x1086 | 0x108F..=0x1092 | 0x1097
    )
}

/// A syllable's base in Zawgyi: a consonant, an independent vowel, a base form, or the digit
/// zero typed for wa.
fn is_base(c: u32) -> bool {
    is_consonant(c) || is_base_form(c) || c == 0x1040
}

/// The Unicode form of a Zawgyi base character.
fn base_to_unicode(c: u32) -> &'static [u32] {
    match c {
        0x104E => &[0x104E, 0x1004, 0x103A, 0x1038],
        0x106A => &[0x1009],
        0x106B => &[0x100A],
        0x106E => &[0x100D, 0x1039, 0x100D],
        0x106F => &[0x100D, 0x1039, 0x100E],
        0x1086 => &[0x103F],
        0x108F => &[0x1014],
        0x1090 => &[0x101B],
        0x1091 => &[0x100F, 0x1039, 0x100D],
        0x1092 => &[0x100B, 0x1039, 0x100C],
        0x1097 => &[0x100B, 0x1039, 0x100B],
        _ => &[],
    }
}

/// Storage order of the marks after a base (Unicode Technical Note #11): stacked consonant,
/// medials ya, ra, wa, ha, vowel e, upper vowels, lower vowels, aa, anusvara, dot below, asat,
/// visarga. Kinzi goes before the base.
const KINZI: u8 = 0;
const STACKED: u8 = 1;
const PLAIN: u8 = u8::MAX;

fn rank(c: u32) -> u8 {
    match c {
        0x1039 => STACKED,
        0x103B => 2,
        0x103C => 3,
        0x103D => 4,
        0x103E => 5,
        0x1031 => 6,
        0x102D | 0x102E | 0x1032 => 7,
        0x102F | 0x1030 => 8,
        0x102B | 0x102C => 9,
        0x1036 => 10,
        0x1037 => 11,
        0x103A => 12,
        0x1038 => 13,
        _ => 14,
    }
}

/// The Unicode form of a Zawgyi mark, with [`KINZI`] or [`STACKED`] for the sequences that keep
/// their own place (else [`PLAIN`]: each character goes by its [`rank`]); `None` if `c` is not a
/// mark.
fn mark_to_unicode(c: u32) -> Option<(u8, &'static [u32])> {
    const KINZI_SEQ: [u32; 3] = [0x1004, 0x103A, 0x1039];
    let stacked = |below: u32| -> Option<(u8, &'static [u32])> {
        // One static slice per stacked consonant.
        STACKS
            .iter()
            .find(|s| s[1] == below)
            .map(|s| (STACKED, &s[..]))
    };
    Some(match c {
        0x1039 => (PLAIN, &[0x103A]),
        0x103A | 0x107D => (PLAIN, &[0x103B]),
        0x103B | 0x107E..=0x1084 => (PLAIN, &[0x103C]),
        0x103C => (PLAIN, &[0x103D]),
        0x103D | 0x1087 => (PLAIN, &[0x103E]),
        0x108A => (PLAIN, &[0x103D, 0x103E]),
        0x1088 => (PLAIN, &[0x103E, 0x102F]),
        0x1089 => (PLAIN, &[0x103E, 0x1030]),
        0x1033 => (PLAIN, &[0x102F]),
        0x1034 => (PLAIN, &[0x1030]),
        0x105A => (PLAIN, &[0x102B, 0x103A]),
        0x108E => (PLAIN, &[0x102D, 0x1036]),
        0x1094 | 0x1095 => (PLAIN, &[0x1037]),
        0x1064 => (KINZI, &KINZI_SEQ),
        0x108B => (KINZI, &[0x1004, 0x103A, 0x1039, 0x102D]),
        0x108C => (KINZI, &[0x1004, 0x103A, 0x1039, 0x102E]),
        0x108D => (KINZI, &[0x1004, 0x103A, 0x1039, 0x1036]),
        0x1060 => return stacked(0x1000),
        0x1061 => return stacked(0x1001),
        0x1062 => return stacked(0x1002),
        0x1063 => return stacked(0x1003),
        0x1065 => return stacked(0x1005),
        0x1066 | 0x1067 => return stacked(0x1006),
        0x1068 => return stacked(0x1007),
        0x1069 => return stacked(0x1008),
        0x106C => return stacked(0x100B),
        0x106D => return stacked(0x100C),
        0x1070 => return stacked(0x100F),
        0x1071 | 0x1072 => return stacked(0x1010),
        0x1073 | 0x1074 => return stacked(0x1011),
        0x1075 => return stacked(0x1012),
        0x1076 => return stacked(0x1013),
        0x1077 => return stacked(0x1014),
        0x1078 => return stacked(0x1015),
        0x1079 => return stacked(0x1016),
        0x107A => return stacked(0x1017),
        0x107B | 0x1093 => return stacked(0x1018),
        0x107C => return stacked(0x1019),
        0x1085 => return stacked(0x101C),
        0x1096 => (STACKED, &[0x1039, 0x1010, 0x103D]),
        0x1031 | 0x102B..=0x1030 | 0x1032 | 0x1036..=0x1038 => {
            (PLAIN, std::slice::from_ref(&MARKS[(c - 0x102B) as usize]))
        }
        _ => return None,
    })
}

/// `U+1039` and each consonant that Zawgyi stacks below another.
static STACKS: [[u32; 2]; 22] = [
    [0x1039, 0x1000],
    [0x1039, 0x1001],
    [0x1039, 0x1002],
    [0x1039, 0x1003],
    [0x1039, 0x1005],
    [0x1039, 0x1006],
    [0x1039, 0x1007],
    [0x1039, 0x1008],
    [0x1039, 0x100B],
    [0x1039, 0x100C],
    [0x1039, 0x100F],
    [0x1039, 0x1010],
    [0x1039, 0x1011],
    [0x1039, 0x1012],
    [0x1039, 0x1013],
    [0x1039, 0x1014],
    [0x1039, 0x1015],
    [0x1039, 0x1016],
    [0x1039, 0x1017],
    [0x1039, 0x1018],
    [0x1039, 0x1019],
    [0x1039, 0x101C],
];

/// The marks that mean the same in both encodings, U+102B..U+1038 (the `mark_to_unicode` arm
/// for them skips the Zawgyi-only U+1033..U+1035).
static MARKS: [u32; 14] = [
    0x102B, 0x102C, 0x102D, 0x102E, 0x102F, 0x1030, 0x1031, 0x1032, 0x1033, 0x1034, 0x1035, 0x1036,
    0x1037, 0x1038,
];

/// Converts Zawgyi text to Unicode, syllable by syllable: the marks typed before a base (ေ, ra)
/// and after it are put in Unicode order after it, kinzi before it. Every character keeps the
/// original span of the Zawgyi character it comes from.
pub(super) fn to_unicode(chars: &mut Vec<Ch>) {
    let ch = |c: u32, from: &Ch| Ch {
        c: char::from_u32(c).expect("Myanmar code points are characters"),
        start: from.start,
        end: from.end,
    };
    let code = |i: usize| chars.get(i).map(|ch| ch.c as u32);
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut marks: Vec<(u8, Ch)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // The marks typed before the base: ေ and the medial ra, in either order.
        let mut j = i;
        while code(j).is_some_and(|c| c == 0x1031 || is_ra(c)) && j - i < 2 {
            j += 1;
        }
        let Some(base) = code(j).filter(|&c| is_base(c)) else {
            // Not a syllable: the characters as they are, marks mapped.
            for other in &chars[i..=j.min(chars.len() - 1)] {
                match mark_to_unicode(other.c as u32) {
                    Some((_, seq)) => out.extend(seq.iter().map(|&c| ch(c, other))),
                    None => out.push(*other),
                }
            }
            i = j + 1;
            continue;
        };
        marks.clear();
        for prefix in &chars[i..j] {
            let (_, seq) = mark_to_unicode(prefix.c as u32).expect("a prefix is a mark");
            marks.extend(seq.iter().map(|&c| (rank(c), ch(c, prefix))));
        }
        let mut k = j + 1;
        // Up to the next base, or the next syllable's ေ or ra, which come before their base.
        while let Some((r, seq)) = code(k)
            .filter(|&c| c != 0x1031 && !is_ra(c))
            .and_then(mark_to_unicode)
        {
            // A kinzi's three characters and a stack's two keep their place; what a Zawgyi
            // ligature adds to them (a vowel, a medial) goes where it belongs.
            marks.extend(seq.iter().enumerate().map(|(n, &c)| {
                let r = match (r, n) {
                    (KINZI, 0..=2) => KINZI,
                    (STACKED, 0..=1) => STACKED,
                    _ => rank(c),
                };
                (r, ch(c, &chars[k]))
            }));
            k += 1;
        }
        marks.sort_by_key(|&(r, _)| r);
        let kinzi = marks.iter().take_while(|(r, _)| *r == KINZI).count();
        out.extend(marks[..kinzi].iter().map(|&(_, c)| c));
        let asat = marks.iter().any(|(_, c)| c.c == '\u{103A}');
        match base {
            // ဥ typed for ဉ before an asat (ဉ်).
            0x1025 if asat => out.push(ch(0x1009, &chars[j])),
            _ => match base_to_unicode(base) {
                [] => out.push(chars[j]),
                seq => out.extend(seq.iter().map(|&c| ch(c, &chars[j]))),
            },
        }
        out.extend(marks[kinzi..].iter().map(|&(_, c)| c));
        i = k;
    }
    *chars = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(text: &str) -> String {
        let mut chars: Vec<Ch> = text
            .char_indices()
            .map(|(i, c)| Ch {
                c,
                start: i as u32,
                end: (i + c.len_utf8()) as u32,
            })
            .collect();
        to_unicode(&mut chars);
        chars.iter().map(|ch| ch.c).collect()
    }

    #[test]
    fn words_convert_to_unicode_order() {
        for (zawgyi, unicode) in [
            // ကျောင်း school: ေ before the consonant, Zawgyi's ya and asat.
            ("\u{1031}\u{1000}\u{103A}\u{102C}\u{1004}\u{1039}\u{1038}", "ကျောင်း"),
            // အလုပ် work.
            ("\u{1021}\u{101C}\u{102F}\u{1015}\u{1039}", "အလုပ်"),
            // နိုင်ငံခြား abroad: ႏ base form, ra before ခ.
            (
                "\u{108F}\u{102D}\u{102F}\u{1004}\u{1039}\u{1004}\u{1036}\u{103B}\u{1001}\u{102C}\u{1038}",
                "နိုင်ငံခြား",
            ),
            // ရွေးငွေ ransom: ေ and Zawgyi's wa.
            ("\u{1031}\u{101B}\u{103C}\u{1038}\u{1031}\u{1004}\u{103C}", "ရွေးငွေ"),
            // ကြောင့် because: a wide ra, ေ, and dot below typed after the asat.
            ("\u{1031}\u{107E}\u{1000}\u{102C}\u{1004}\u{1039}\u{1037}", "ကြောင့်"),
            // မင်္ဂလာ: kinzi after its consonant in Zawgyi, before it in Unicode.
            ("\u{1019}\u{1002}\u{1064}\u{101C}\u{102C}", "မင်္ဂလာ"),
            // ဉ် typed with ဥ.
            ("\u{1025}\u{1039}", "ဉ်"),
            // လစာကောင်း good salary; ထိုင်း Thailand; မြန်မာ Myanmar (ra first).
            ("\u{101C}\u{1005}\u{102C}\u{1031}\u{1000}\u{102C}\u{1004}\u{1039}\u{1038}", "လစာကောင်း"),
            ("\u{1011}\u{102D}\u{102F}\u{1004}\u{1039}\u{1038}", "ထိုင်း"),
            ("\u{103B}\u{1019}\u{1014}\u{1039}\u{1019}\u{102C}", "မြန်မာ"),
            // ဆွေးနွေး discuss: the ႏ base form between ေ and wa.
            ("\u{1031}\u{1006}\u{103C}\u{1038}\u{1031}\u{108F}\u{103C}\u{1038}", "ဆွေးနွေး"),
            // ကမ္ဘာ world: a stacked bha; သင်္ကြန် Thingyan: ra, kinzi and stack around one base.
            ("\u{1000}\u{1019}\u{107B}\u{102C}", "ကမ္ဘာ"),
            ("\u{101E}\u{107E}\u{1000}\u{1064}\u{1014}\u{1039}", "သင်္ကြန်"),
        ] {
            assert!(detect(zawgyi) || !zawgyi.contains('\u{1031}'), "{zawgyi}");
            assert_eq!(convert(zawgyi), unicode, "{zawgyi}");
        }
    }

    #[test]
    fn unicode_burmese_is_never_taken_for_zawgyi() {
        for text in [
            "ကျောင်း",
            "နိုင်ငံခြားမှာ အလုပ်ရှိတယ် လစာကောင်းတယ်",
            "ကြောင့် မင်္ဂလာပါ ရွေးငွေ ကယ်ကြပါ ပြန်လို့မရ",
            "ထိုင်းနိုင်ငံ မြဝတီ ကေကေပတ်",
            "ေ alone at the start is not enough without a consonant after it: ေ.",
        ] {
            assert!(!detect(text), "{text}");
        }
        // Zawgyi signs: ေ or the ra at a syllable start before a consonant, a Zawgyi-only form.
        assert!(detect("\u{1031}\u{1000}"));
        assert!(detect("x \u{107E}\u{1000}"));
        assert!(detect("\u{1000}\u{1064}"));
    }

    #[test]
    fn spans_stay_those_of_the_zawgyi_characters() {
        // ေက (ke): ေ at bytes 0..3, က at 3..6; in Unicode order the spans travel along.
        let mut chars = vec![
            Ch {
                c: '\u{1031}',
                start: 0,
                end: 3,
            },
            Ch {
                c: '\u{1000}',
                start: 3,
                end: 6,
            },
        ];
        to_unicode(&mut chars);
        let got: Vec<(char, u32, u32)> = chars.iter().map(|c| (c.c, c.start, c.end)).collect();
        assert_eq!(got, [('\u{1000}', 3, 6), ('\u{1031}', 0, 3)]);
    }
}
