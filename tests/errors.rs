//! Broken packs fail at load with the file, the line and the rule id.

use lurescan::{Detector, Error};

const RULE: &str = r#"[category]
id = "pay"
name = "Pay"
cap = 2.0

[[rule]]
id = "pay.easy"
description = "Easy work"
weight = 1.0
[rule.keywords]
en = ["easy work"]
[rule.examples]
match = ["easy work"]
no_match = ["hard work"]
"#;

fn load(text: &str) -> Result<Detector, Error> {
    Detector::builder()
        .without_builtin()
        .pack_str("broken.toml", text)
        .build()
}

fn error(text: &str) -> Error {
    load(text).expect_err("the pack is broken")
}

#[track_caller]
fn assert_located(e: &Error, line: usize, rule: &str, needle: &str) {
    assert_eq!(e.file(), Some("broken.toml"), "{e}");
    assert_eq!(e.line(), Some(line), "{e}");
    assert_eq!(e.rule_id(), Some(rule), "{e}");
    assert!(e.message().contains(needle), "{e}");
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("broken.toml:{line}: rule {rule}: ")),
        "{shown}"
    );
}

#[test]
fn the_fixture_itself_loads() {
    load(RULE).unwrap();
}

#[test]
fn unknown_field() {
    let e = error(&RULE.replace("weight = 1.0", "weight = 1.0\nwieght = 2.0"));
    assert_located(&e, 10, "pay.easy", "wieght");
}

#[test]
fn duplicate_id() {
    let second = &RULE[RULE.find("[[rule]]").unwrap()..];
    let e = error(&format!("{RULE}\n{second}"));
    assert_located(&e, 17, "pay.easy", "duplicate rule id");
}

#[test]
fn bad_regex() {
    let e = error(&RULE.replace(
        "[rule.keywords]",
        "[rule.patterns]\nen = ['gaji (\\d+']\n[rule.keywords]",
    ));
    assert_located(&e, 11, "pay.easy", "invalid regex");
}

#[test]
fn regex_too_large() {
    let e = error(&RULE.replace(
        "[rule.keywords]",
        "[rule.patterns]\nen = ['\\w{1000}\\w{1000}\\w{1000}']\n[rule.keywords]",
    ));
    assert_located(&e, 11, "pay.easy", "regex too large");
}

#[test]
fn empty_keyword() {
    let e = error(&RULE.replace("[\"easy work\"]", "[\"easy work\", \"\"]"));
    assert_located(&e, 11, "pay.easy", "empty keyword");
}

#[test]
fn unknown_language_code() {
    let e = error(&RULE.replace("en = [", "english = ["));
    assert_located(&e, 11, "pay.easy", "unknown language code `english`");
}

#[test]
fn missing_examples() {
    let e = error(&RULE.replace("no_match = [\"hard work\"]\n", ""));
    assert_located(&e, 7, "pay.easy", "missing examples");
}

#[test]
fn unknown_category() {
    let e = error(&RULE.replace("id = \"pay\"", "id = \"wages\""));
    assert_located(&e, 7, "pay.easy", "unknown category `pay`");
}

#[test]
fn composite_naming_an_unknown_category() {
    let combo = "\n[[rule]]\nid = \"pay.combo\"\ndescription = \"x\"\nweight = 1.0\nrequires = { all = [\"nowhere\"] }\n[rule.examples]\nmatch = [\"a\"]\nno_match = [\"b\"]\n";
    let e = error(&format!("{RULE}{combo}"));
    assert_located(&e, 17, "pay.combo", "unknown category `nowhere`");
}

#[test]
fn toml_syntax_error() {
    let e = error(&RULE.replace("weight = 1.0", "weight = = 1.0"));
    assert_located(&e, 9, "pay.easy", "");
}

#[test]
fn allowlist_naming_an_unknown_rule() {
    let allow = "\n[[allowlist]]\nid = \"allow.x\"\nscope = \"span\"\nrules = [\"pay.nope\"]\nphrases = [\"x y\"]\n";
    let e = error(&format!("{RULE}{allow}"));
    assert_located(&e, 17, "allow.x", "unknown rule `pay.nope`");
}

#[test]
fn disabling_an_unknown_rule_fails() {
    let e = Detector::builder()
        .disable("pay.does-not-exist")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("pay.does-not-exist"), "{e}");
}

#[test]
fn pack_files_are_named_by_path() {
    let dir = std::env::temp_dir().join(format!("lurescan-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.toml");
    std::fs::write(&path, RULE.replace("weight = 1.0", "weight = \"heavy\"")).unwrap();
    let e = Detector::builder()
        .without_builtin()
        .pack_path(&path)
        .build()
        .unwrap_err();
    assert_eq!(e.file(), Some(path.display().to_string().as_str()));
    assert_eq!(e.line(), Some(9));
    let missing = Detector::builder()
        .pack_path(dir.join("absent.toml"))
        .build()
        .unwrap_err();
    assert!(missing.is_io());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn builtin_rules_can_be_extended_by_a_user_pack() {
    let extra = r#"
[[rule]]
id = "contact.carrier-pigeon"
description = "Apply by pigeon"
weight = 0.5
[rule.keywords]
en = ["carrier pigeon"]
[rule.examples]
match = ["send a carrier pigeon"]
no_match = ["a pigeon"]
"#;
    let d = Detector::builder()
        .pack_str("extra.toml", extra)
        .build()
        .unwrap();
    assert!(d
        .scan("reply by carrier pigeon")
        .rule_ids()
        .contains(&"contact.carrier-pigeon"));
    assert!(d.rules().len() > 1);
}
