//! Word edges in spaced scripts, none in unspaced ones, overlapping keywords, allowlists, batches.

use crate::common::{engine, matched};

#[test]
fn latin_keywords_need_word_edges() {
    let report = engine().scan("watching televisa tonight, visas and visual");
    assert!(
        matched("", &report, "travel.visa-paid").is_empty(),
        "{report:#?}"
    );
    let text = "free visa!";
    assert_eq!(
        matched(text, &engine().scan(text), "travel.visa-paid"),
        vec!["visa"]
    );
}

#[test]
fn star_lifts_the_edge_check() {
    let text = "gajinya besar";
    assert_eq!(
        matched(text, &engine().scan(text), "pay.gaji-prefix"),
        vec!["gaji"]
    );
    assert!(matched("", &engine().scan("bagaji"), "pay.gaji-prefix").is_empty());
}

#[test]
fn thai_matches_inside_running_text() {
    let text = "รับสมัครด่วนไปทำงานกัมพูชารายได้สูงมากสนใจทักไลน์";
    let report = engine().scan(text);
    assert_eq!(
        matched(text, &report, "destination.cambodia"),
        vec!["กัมพูชา"]
    );
    assert_eq!(matched(text, &report, "pay.easy-high-pay"), vec!["รายได้สูง"]);
    assert!(report.scripts.contains(&lurescan::Script::Thai));
    assert!(report.languages.contains(&"th".to_string()));
}

#[test]
fn chinese_matches_inside_running_text() {
    let text = "高薪招聘去柬埔寨工作每天轻松月入过万加电报";
    let report = engine().scan(text);
    assert_eq!(
        matched(text, &report, "destination.cambodia"),
        vec!["柬埔寨"]
    );
    assert_eq!(
        matched(text, &report, "pay.easy-high-pay"),
        vec!["轻松月入过万"]
    );
    assert_eq!(matched(text, &report, "contact.telegram"), vec!["电报"]);
}

#[test]
fn latin_keyword_glued_to_unspaced_script_still_matches() {
    let text = "加telegram联系";
    assert_eq!(
        matched(text, &engine().scan(text), "contact.telegram"),
        vec!["telegram"]
    );
}

#[test]
fn overlapping_keywords_both_count() {
    let text = "Kerja di Kamboja";
    let report = engine().scan(text);
    let mut got = matched(text, &report, "destination.cambodia");
    got.sort_unstable();
    assert_eq!(got, vec!["Kamboja", "Kerja di Kamboja"]);
}

#[test]
fn span_allowlist_drops_hits_inside_the_phrase() {
    let report = engine().scan("pay with your visa card");
    assert!(matched("", &report, "travel.visa-paid").is_empty());
    let text = "visa card accepted, free visa for workers";
    let report = engine().scan(text);
    let hits: Vec<_> = report
        .hits
        .iter()
        .filter(|h| h.rule == "travel.visa-paid")
        .collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].span.start, text.rfind("visa").unwrap());
}

/// Asserts that each text has `want` hits of `travel.visa-paid` once the fixture's allowlists
/// have run.
fn assert_visa_hits(want: usize, texts: &[&str]) {
    for text in texts {
        let report = engine().scan(text);
        assert_eq!(
            matched(text, &report, "travel.visa-paid").len(),
            want,
            "{text}"
        );
    }
}

#[test]
fn clause_allowlist_drops_hits_up_to_the_end_of_the_clause() {
    // Denied: the hit follows the cue in its clause, or starts inside the cue.
    assert_visa_hits(
        0,
        &[
            "we do not pay for your visa",
            "不包签证",
            "不包机票、签证",
            "ไม่มีวีซ่า",
            // 30 characters of four bytes each: the reach counts characters, not bytes.
            &format!("we do not pay for {} visa", "😀".repeat(30)),
            // A cue stretched by invisible characters still covers its clause.
            &format!("we{} do not pay for your visa", "\u{200b}".repeat(60)),
        ],
    );
    // Kept: a clause mark, a line break or a space between unspaced words ends the denial,
    // and so do 40 characters; a hit before the cue is not denied.
    assert_visa_hits(
        1,
        &[
            "we do not pay for hotels. free visa",
            "we do not pay for hotels\nfree visa",
            "we do not pay for hotels or meals or anything else beyond the visa",
            "不包机票，签证",
            "不包机票 签证",
            "ไม่มีตั๋ว วีซ่าฟรี",
            "free visa, we do not pay for hotels",
        ],
    );
}

#[test]
fn follows_allowlist_drops_the_hit_its_phrase_directly_follows() {
    assert_visa_hits(
        0,
        &[
            "visa at your own cost",
            "visa: at your own cost",
            "visa          at your own cost",
            "签证自费",
            "签证：自费",
        ],
    );
    // Anything but spaces and one colon between, or the phrase before the hit: kept.
    assert_visa_hits(
        1,
        &[
            "visa, flights at your own cost",
            "visa :: at your own cost",
            "at your own cost: visa",
            "签证，机票自费",
        ],
    );
}

#[test]
fn post_allowlist_cancels_the_rule_for_the_whole_post() {
    let report = engine().scan("From the Cambodia news desk: jobs in Cambodia");
    assert!(matched("", &report, "destination.cambodia").is_empty());
    assert!(!engine().scan("jobs in Cambodia").hits.is_empty());
}

#[test]
fn scan_batch_equals_scan_in_order() {
    let posts = [
        "free visa",
        "Kerja di Kamboja, gaji 15 juta",
        "",
        "加电报",
        "hello",
    ];
    let batch = engine().scan_batch(&posts);
    assert_eq!(batch.len(), posts.len());
    for (post, report) in posts.iter().zip(&batch) {
        assert_eq!(&engine().scan(post), report);
    }
}

#[test]
fn empty_post_is_low_with_no_hits() {
    let report = engine().scan("");
    assert!(report.hits.is_empty());
    assert_eq!(report.band, lurescan::Band::Low);
}

/// Patterns run on the pattern view, which is in NFKC; a pattern written with a character NFKC
/// rewrites (Thai SARA AM `ำ` becomes `ํา`) still matches, with the span on the original text.
#[test]
fn patterns_are_read_in_nfkc_like_the_text() {
    let pack = r#"
[category]
id = "work"
name = "Work"
cap = 3.0

[[rule]]
id = "work.thai-job"
description = "Thai 'work' followed by a daily figure"
weight = 1.0
[rule.patterns]
th = ['ทำงาน\s*วันละ\s*\d+']
[rule.examples]
match = ["ทำงานวันละ 800 บาท"]
no_match = ["ทำอาหาร"]
"#;
    let detector = lurescan::Detector::builder()
        .without_builtin()
        .pack_str("thai.toml", pack)
        .build()
        .unwrap();
    let text = "รับสมัคร ทำงาน วันละ 900 บาท";
    assert_eq!(
        matched(text, &detector.scan(text), "work.thai-job"),
        vec!["ทำงาน วันละ 900"]
    );
    assert!(detector.test_examples().iter().all(|o| o.passed));
}
