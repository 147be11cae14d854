//! Each folding step of the keyword view, seen through a scan: the evasive spelling hits the rule
//! and the reported span is the evasive original text.

use crate::common::{engine, matched};

macro_rules! evasions {
    ($($name:ident: $text:expr, $rule:expr => $want:expr;)*) => {$(
        #[test]
        fn $name() {
            let text: &str = $text;
            let report = engine().scan(text);
            assert_eq!(matched(text, &report, $rule), vec![$want], "{report:#?}");
        }
    )*};
}

evasions! {
    uppercase: "Contact TELEGRAM now", "contact.telegram" => "TELEGRAM";
    fullwidth_forms: "ｔｅｌｅｇｒａｍ：xx", "contact.telegram" => "ｔｅｌｅｇｒａｍ";
    mathematical_letters: "msg 𝐭𝐞𝐥𝐞𝐠𝐫𝐚𝐦", "contact.telegram" => "𝐭𝐞𝐥𝐞𝐠𝐫𝐚𝐦";
    enclosed_letters: "ⓦⓗⓐⓣⓢⓐⓟⓟ 08xx", "contact.whatsapp" => "ⓦⓗⓐⓣⓢⓐⓟⓟ";
    zero_width_inside: "tele\u{200B}gram", "contact.telegram" => "tele\u{200B}gram";
    bidi_controls: "\u{202D}whats\u{202C}app", "contact.whatsapp" => "whats\u{202C}app";
    cyrillic_lookalikes: "join tеlеgrаm", "contact.telegram" => "tеlеgrаm";
    greek_lookalikes: "telegrαm", "contact.telegram" => "telegrαm";
    leetspeak_digits: "add t3l3gr4m", "contact.telegram" => "t3l3gr4m";
    leetspeak_symbols: "wh@ts@pp only", "contact.whatsapp" => "wh@ts@pp";
    spelled_out_spaces: "pm t e l e g r a m", "contact.telegram" => "t e l e g r a m";
    spelled_out_dots: "w.h.a.t.s.a.p.p 08xx", "contact.whatsapp" => "w.h.a.t.s.a.p.p";
    spelled_out_emoji: "t🔥e🔥l🔥e🔥g🔥r🔥a🔥m", "contact.telegram" => "t🔥e🔥l🔥e🔥g🔥r🔥a🔥m";
    repeated_letters: "teleeeegram", "contact.telegram" => "teleeeegram";
    vietnamese_without_marks: "Tuyen gap: viec nhe luong cao", "pay.easy-high-pay" => "viec nhe luong cao";
    vietnamese_with_marks: "Tuyển gấp: việc nhẹ lương cao", "pay.easy-high-pay" => "việc nhẹ lương cao";
    vietnamese_decomposed: "vie\u{0323}\u{0302}c nhe\u{0323} lu\u{031B}o\u{031B}ng cao", "pay.easy-high-pay" => "vie\u{0323}\u{0302}c nhe\u{0323} lu\u{031B}o\u{031B}ng cao";
    fullwidth_digits_in_pattern: "gaji １５ juta", "pay.salary-juta" => "gaji １５ juta";
}

#[test]
fn digits_of_numbers_are_left_alone() {
    // Leetspeak must not turn the salary digits into letters, or the pattern would miss.
    let text = "gaji 15jt, gaji rp 7.5 juta";
    let report = engine().scan(text);
    assert_eq!(
        matched(text, &report, "pay.salary-juta"),
        vec!["gaji 15jt", "gaji rp 7.5 juta"]
    );
}

#[test]
fn zawgyi_burmese_hits_the_unicode_keywords() {
    // "ရွေးငွေ" (ransom) and "ကယ်ကြပါ" (please rescue us) of the built-in pack, typed in Zawgyi:
    // ေ and the medial ra before their consonant, Zawgyi's own codes for asat, ya and wa.
    let ransom = "\u{1031}\u{101B}\u{103C}\u{1038}\u{1031}\u{1004}\u{103C}";
    let help = "\u{1000}\u{101A}\u{1039}\u{107E}\u{1000}\u{1015}\u{102B}";
    let text = format!(
        "{ransom} \u{1031}\u{1010}\u{102C}\u{1004}\u{1039}\u{1038}\u{1010}\u{101A}\u{1039} {help}"
    );
    let report = lurescan::Detector::new().scan(&text);
    assert_eq!(matched(&text, &report, "coercion.ransom"), [ransom]);
    assert_eq!(matched(&text, &report, "coercion.help-plea"), [help]);
}

#[test]
fn separators_between_chinese_characters_are_dropped() {
    let d = lurescan::Detector::new();
    for (text, want) in [
        ("兼职 加 微 信 详聊", "加 微 信"),
        ("有意者加微.信", "加微.信"),
        ("日结，加🔥微🔥信", "加🔥微🔥信"),
    ] {
        let report = d.scan(text);
        assert_eq!(
            matched(text, &report, "contact.apply-via-chat"),
            [want],
            "{text}"
        );
    }
    // A comma or a line break between the characters is not an evasion.
    for text in ["加，微信", "加\n微信"] {
        let report = d.scan(text);
        assert!(
            matched(text, &report, "contact.apply-via-chat").is_empty(),
            "{text}"
        );
    }
}
