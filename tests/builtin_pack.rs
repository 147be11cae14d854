//! The built-in pack checks itself: every rule's examples, unique ids, every keyword exercised.

use std::collections::HashSet;

use crate::common::builtin;

#[test]
fn every_example_behaves() {
    let failures: Vec<String> = builtin()
        .test_examples()
        .into_iter()
        .filter(|o| !o.passed)
        .map(|o| {
            let want = if o.should_match {
                "should hit"
            } else {
                "should not hit"
            };
            format!("{} {want}: {:?}", o.rule, o.text)
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_keyword_is_exercised_by_an_example() {
    let missing: Vec<String> = builtin()
        .unexercised_keywords()
        .into_iter()
        .map(|k| {
            format!(
                "{}:{}: {} [{}] {:?}",
                k.file, k.line, k.rule, k.language, k.keyword
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} keywords no example exercises:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn ids_are_unique_and_every_category_is_used() {
    let d = builtin();
    let mut seen = HashSet::new();
    for rule in d.rules() {
        assert!(seen.insert(rule.id()), "duplicate {}", rule.id());
    }
    for category in d.categories() {
        assert!(
            d.rules().iter().any(|r| r.category() == category.id()),
            "category {} has no rule",
            category.id()
        );
    }
}

#[test]
fn every_pack_file_is_embedded() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
    let files: HashSet<String> = builtin()
        .rules()
        .iter()
        .map(|r| r.file().to_string())
        .collect();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name.ends_with(".toml") && name != "pack.toml" {
            assert!(
                files.contains(&format!("patterns/{name}")),
                "patterns/{name} is not embedded"
            );
        }
    }
}

/// Issue #3's coverage: every language of the region has keywords or patterns in every word
/// category of the taxonomy (composite rules have no words of their own).
#[test]
fn every_language_has_words_in_every_category() {
    let languages = ["en", "id", "ms", "vi", "th", "my", "km", "lo", "tl", "zh"];
    let mut missing = Vec::new();
    for category in builtin().categories() {
        if category.id() == "combo" {
            continue;
        }
        let covered: HashSet<&str> = builtin()
            .rules()
            .iter()
            .filter(|r| r.is_enabled() && r.category() == category.id())
            .flat_map(|r| r.languages())
            .collect();
        for lang in languages {
            if !covered.contains(lang) {
                missing.push(format!("{} in {lang}", category.id()));
            }
        }
    }
    assert!(missing.is_empty(), "no words for {missing:?}");
}

/// Issue #3: every rule has examples in each language it covers. Match examples are checked by
/// `every_keyword_is_exercised_by_an_example`; here, a `no_match` example in each language:
/// Thai, Lao, Khmer, Burmese and Chinese are told by their scripts, Vietnamese by its own letters
/// (ă, ơ, đ, the tone marks...). English, Indonesian, Malay and Tagalog share plain Latin
/// letters: an example counts for one of them when it has one of that language's common words
/// below (a heuristic, so write those examples with everyday words of the language).
#[test]
fn every_rule_has_a_no_match_example_in_each_language_it_covers() {
    const VIETNAMESE: &str = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ";
    let common_words: &[(&str, &[&str])] = &[
        (
            "en",
            &[
                "the", "and", "to", "for", "your", "you", "is", "are", "of", "in", "with", "we",
                "our",
            ],
        ),
        (
            "id",
            &[
                "perusahaan",
                "lowongan",
                "bisa",
                "uang",
                "sudah",
                "tidak",
                "dengan",
                "kami",
                "untuk",
                "yang",
                "dan",
                "kantor",
                "karyawan",
                "saya",
                "di",
            ],
        ),
        (
            "ms",
            &[
                "syarikat",
                "jawatan",
                "sebulan",
                "kerana",
                "wang",
                "sila",
                "encik",
                "puan",
                "anda",
                "boleh",
                "hendak",
                "kakitangan",
                "pejabat",
                "bagi",
                "ialah",
                "tidak",
            ],
        ),
        (
            "tl",
            &[
                "ang", "ng", "mga", "po", "ako", "kayo", "hindi", "lang", "namin", "natin", "ito",
                "siya", "niya", "kami",
            ],
        ),
    ];
    let written_in = |lang: &str, text: &str| {
        if let Some((_, words)) = common_words.iter().find(|(l, _)| *l == lang) {
            let lower = text.to_lowercase();
            return lower
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| words.contains(&w));
        }
        text.chars().any(|c| match lang {
            "th" => ('\u{0E00}'..='\u{0E7F}').contains(&c),
            "lo" => ('\u{0E80}'..='\u{0EFF}').contains(&c),
            "km" => ('\u{1780}'..='\u{17FF}').contains(&c),
            "my" => ('\u{1000}'..='\u{109F}').contains(&c),
            "zh" => ('\u{4E00}'..='\u{9FFF}').contains(&c),
            "vi" => c.to_lowercase().any(|l| VIETNAMESE.contains(l)),
            _ => true,
        })
    };
    let mut missing = Vec::new();
    for rule in builtin().rules() {
        for lang in rule.languages() {
            if !rule.examples_no_match().iter().any(|t| written_in(lang, t)) {
                missing.push(format!(
                    "{} [{lang}] ({}:{})",
                    rule.id(),
                    rule.file(),
                    rule.line()
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} rules lack a no_match example in a language they cover:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
