//! Property tests: any Unicode input scans without panicking, and every span lies on character
//! boundaries of the original and is exactly the reported matched text.

use proptest::prelude::*;

use crate::common::{assert_entity_spans, builtin, engine};

/// Text that is likely to hit rules: fragments of keywords, evasions and scripts, glued with
/// arbitrary Unicode.
fn post() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            any::<String>(),
            Just("telegram".to_string()),
            Just("t e l e g r a m".to_string()),
            Just("việc nhẹ lương cao".to_string()),
            Just("vie\u{0323}\u{0302}c".to_string()),
            Just("กัมพูชา".to_string()),
            Just("柬埔寨".to_string()),
            Just("gaji 15 juta".to_string()),
            Just("\u{200B}\u{202E}\u{FE0F}".to_string()),
            Just("ｔｅｌｅ".to_string()),
            Just("ﬁ ß İ ǅ".to_string()),
            "[\\p{Mn}\\p{Thai}\\p{Han}\\p{Cyrillic}a-z0-9 .@]{0,12}",
            // Burmese, Zawgyi-encoded or not: every code point of the Myanmar block, so the
            // Zawgyi conversion sees every order of marks and bases.
            "[\u{1000}-\u{109F} ]{0,16}",
            Just("\u{1031}\u{101B}\u{103C}\u{1038}\u{1031}\u{1004}\u{103C}".to_string()),
            // Denials before and after fee words, clause marks and native digits: the
            // allowlists' clause and follows scopes slice the original between matches.
            Just("不收取".to_string()),
            Just("押金".to_string()),
            Just("no placement fee".to_string()),
            Just("ไม่เก็บค่ามัดจำ".to_string()),
            Just("အေဂျင့်ကြေး မယူပါ".to_string()),
            Just("biaya pendaftaran".to_string()),
            Just(" gratis".to_string()),
            "[:：,，、 \u{0301}\u{200B}]{0,3}",
            Just("လစာ ဒေါ်လာ ၁၀၀၀".to_string()),
            // Amounts: the money search starts a few bytes before each digit, so prefixes of
            // every length, native digits and allowances before them.
            Just("us$ 800/month".to_string()),
            Just("₱1,500 a day".to_string()),
            Just("ဒေါ်လာ".to_string()),
            Just("เงินเดือน ๑๕,๐๐๐".to_string()),
            Just("餐补每天24元".to_string()),
            "[0-9.,/ ]{0,6}",
        ],
        0..8,
    );
    pieces.prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_are_exact_on_the_engine_pack(text in post()) {
        check(&text, engine());
    }

    #[test]
    fn spans_are_exact_on_the_builtin_pack(text in post()) {
        check(&text, builtin());
    }
}

fn check(text: &str, detector: &lurescan::Detector) {
    let report = detector.scan(text);
    assert!((0.0..=1.0).contains(&report.score));
    for hit in &report.hits {
        let (s, e) = (hit.span.start, hit.span.end);
        assert!(s < e && e <= text.len(), "{hit:?}");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "{hit:?}"
        );
        assert_eq!(&text[s..e], hit.matched);
    }
    assert_entity_spans(text, &report.entities);
}
