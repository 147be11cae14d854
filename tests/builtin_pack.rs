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

#[test]
fn core_languages_are_covered() {
    let langs: HashSet<&str> = builtin()
        .rules()
        .iter()
        .flat_map(|r| r.languages())
        .collect();
    for lang in ["en", "id", "vi", "th", "zh"] {
        assert!(langs.contains(lang), "no rule in {lang}");
    }
}
