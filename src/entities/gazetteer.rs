//! Which countries a post points to: by its script, by words of its language, and by the places
//! it names (the `names` of `patterns/data/wages.toml`). Phone numbers in national format and
//! bare amounts (`800k`) are read in the light of these hints; the salary check compares pay with
//! the wages of these countries.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::{is_ascii_word, tables};

/// The countries a post points to, ISO 3166 alpha-2 codes without repeats.
#[derive(Clone, Debug, Default)]
pub(crate) struct Hints {
    /// Countries of the post's language: its script (Thai, Lao, Khmer, Burmese, Chinese,
    /// Vietnamese letters) or its words (Indonesian, Malay, Tagalog).
    pub languages: Vec<&'static str>,
    /// Countries the post names, or whose towns it names.
    pub named: Vec<&'static str>,
}

/// The hints of a post, found on first use: most posts have no amount or phone number to read
/// in their light, and finding the hints is a pass of an automaton over the whole post.
pub(crate) struct LazyHints<'t> {
    text: &'t str,
    hints: std::cell::OnceCell<Hints>,
}

impl<'t> LazyHints<'t> {
    pub fn new(text: &'t str) -> LazyHints<'t> {
        LazyHints {
            text,
            hints: std::cell::OnceCell::new(),
        }
    }

    pub fn get(&self) -> &Hints {
        self.hints.get_or_init(|| hints(self.text))
    }
}

/// Words common in job ads of one language and rare elsewhere. Vietnamese is known by its
/// letters, except when typed without marks (`lien he zalo 09...`): these words stand in then.
const LANGUAGE_WORDS: &[(&str, &[&str])] = &[
    (
        "VN",
        &[
            "zalo",
            "lien he",
            "tuyen dung",
            "viec lam",
            "luong",
            "trieu",
            "sdt",
            "nhan vien",
        ],
    ),
    (
        "ID",
        &[
            "lowongan",
            "loker",
            "hubungi",
            "pengalaman",
            "dicari",
            "juta",
            "jt",
            "rp",
            "bulan",
            "gaji",
            "kerja",
            "tanpa",
            "minat",
        ],
    ),
    (
        "MY",
        &[
            "jawatan", "kosong", "syarikat", "ringgit", "rm", "sebulan", "elaun",
        ],
    ),
    (
        "PH",
        &[
            "trabaho",
            "sahod",
            "sweldo",
            "buwan",
            "kailangan",
            "naghahanap",
            "piso",
            "po",
            "kumita",
            "kikita",
            "araw",
            "hanggang",
        ],
    ),
];

struct Gazetteer {
    automaton: AhoCorasick,
    /// For every automaton pattern: its country, and whether it is a place name.
    targets: Vec<(&'static str, bool)>,
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let mut patterns: Vec<&'static str> = Vec::new();
        let mut targets = Vec::new();
        for (iso, country) in &tables::wages().country {
            for name in &country.names {
                patterns.push(name);
                targets.push((iso.as_str(), true));
            }
        }
        for (iso, words) in LANGUAGE_WORDS {
            for word in *words {
                patterns.push(word);
                targets.push((*iso, false));
            }
        }
        // The DFA kind: it runs on every post.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("the gazetteer compiles");
        Gazetteer { automaton, targets }
    })
}

/// The hints of a post's pattern view.
pub(crate) fn hints(text: &str) -> Hints {
    let mut hints = Hints::default();
    let push = |list: &mut Vec<&'static str>, iso: &'static str| {
        if !list.contains(&iso) {
            list.push(iso);
        }
    };
    if !text.is_ascii() {
        // By the UTF-8 bytes of each character, without decoding it: every character of a post
        // goes through here.
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b < 0xC4 {
                continue; // ASCII, continuation bytes and U+0000..U+00FF: no hint
            }
            let b1 = bytes.get(i + 1).copied().unwrap_or(0);
            let b2 = bytes.get(i + 2).copied().unwrap_or(0);
            let iso = match (b, b1) {
                (0xE0, 0xB8..=0xB9) => "TH",                       // U+0E00..U+0E7F
                (0xE0, 0xBA..=0xBB) => "LA",                       // U+0E80..U+0EFF
                (0xE1, 0x9E..=0x9F) => "KH",                       // U+1780..U+17FF
                (0xE1, 0x80..=0x81) => "MM",                       // U+1000..U+107F
                (0xE1, 0x82) if b2 <= 0x9F => "MM",                // U+1080..U+109F
                (0xE4, 0xB8..) | (0xE5..=0xE9, _) => "CN",         // U+4E00..U+9FFF
                (0xE1, 0xBA) if b2 >= 0xA0 => "VN",                // U+1EA0..U+1EBF
                (0xE1, 0xBB) if b2 <= 0xB9 => "VN",                // U+1EC0..U+1EF9
                (0xC4, 0x83 | 0x91) | (0xC6, 0xA1 | 0xB0) => "VN", // ă đ ơ ư
                _ => continue,
            };
            push(&mut hints.languages, iso);
        }
    }
    let g = gazetteer();
    for m in g.automaton.find_iter(text) {
        let (iso, place) = g.targets[m.pattern().as_usize()];
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let first = text[m.start()..].chars().next();
        if first.is_some_and(|c| c.is_ascii()) && (is_ascii_word(before) || is_ascii_word(after)) {
            continue;
        }
        if place {
            push(&mut hints.named, iso);
        } else {
            push(&mut hints.languages, iso);
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_hints_by_bytes_agree_with_code_points() {
        let by_code_point = |c: char| match c as u32 {
            0x0E00..=0x0E7F => Some("TH"),
            0x0E80..=0x0EFF => Some("LA"),
            0x1780..=0x17FF => Some("KH"),
            0x1000..=0x109F => Some("MM"),
            0x4E00..=0x9FFF => Some("CN"),
            0x1EA0..=0x1EF9 => Some("VN"),
            _ if matches!(c, 'ư' | 'ơ' | 'ă' | 'đ') => Some("VN"),
            _ => None,
        };
        for c in (0x80..0x30000).filter_map(char::from_u32) {
            let want: Vec<&str> = by_code_point(c).into_iter().collect();
            assert_eq!(hints(&c.to_string()).languages, want, "{c:?}");
        }
    }

    #[test]
    fn hints_by_script_words_and_places() {
        let h = hints("lowongan kerja di kamboja");
        assert_eq!((h.languages, h.named), (vec!["ID"], vec!["KH"]));
        let h = hints("tuyển nhân viên đi campuchia");
        assert_eq!((h.languages, h.named), (vec!["VN"], vec!["KH"]));
        // Vietnamese typed without its marks, known by its words.
        let h = hints("tuyen dung nhan vien, lien he zalo");
        assert_eq!(h.languages, ["VN"]);
        let h = hints("รับสมัครงาน");
        assert_eq!(h.languages, ["TH"]);
        // Inside a word, a name does not count.
        assert!(hints("laoshan loker").named.is_empty());
    }
}
