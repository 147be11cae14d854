//! Which countries a post points to: by its script, by words of its language, and by the places
//! it names (the `names` of `patterns/data/wages.toml`). Phone numbers in national format and
//! bare amounts (`800k`) are read in the light of these hints; the salary check compares pay with
//! the wages of these countries.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

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

/// Words common in job ads of one language and rare elsewhere.
const LANGUAGE_WORDS: &[(&str, &[&str])] = &[
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
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
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
        for c in text.chars() {
            let iso = match c as u32 {
                0x0E00..=0x0E7F => "TH",
                0x0E80..=0x0EFF => "LA",
                0x1780..=0x17FF => "KH",
                0x1000..=0x109F => "MM",
                0x4E00..=0x9FFF => "CN",
                0x1EA0..=0x1EF9 => "VN",
                _ if matches!(c, 'ư' | 'ơ' | 'ă' | 'đ') => "VN",
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
    fn hints_by_script_words_and_places() {
        let h = hints("lowongan kerja di kamboja");
        assert_eq!((h.languages, h.named), (vec!["ID"], vec!["KH"]));
        let h = hints("tuyển nhân viên đi campuchia");
        assert_eq!((h.languages, h.named), (vec!["VN"], vec!["KH"]));
        let h = hints("รับสมัครงาน");
        assert_eq!(h.languages, ["TH"]);
        // Inside a word, a name does not count.
        assert!(hints("laoshan loker").named.is_empty());
    }
}
