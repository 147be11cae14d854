//! Scoring semantics on the engine fixture, and the acceptance posts on the built-in pack.

use lurescan::{Band, Detector};

use crate::common::{builtin, engine};

#[test]
fn a_rule_counts_once_however_often_it_matches() {
    let once = engine().scan("free visa");
    let thrice = engine().scan("free visa, visa, VISA");
    assert_eq!(once.total, thrice.total);
    assert_eq!(thrice.hits.len(), 3);
}

#[test]
fn composite_rule_fires_on_the_combination_only() {
    let text = "Kerja di Kamboja, gaji 15 juta, visa ditanggung";
    let report = engine().scan(text);
    assert!(
        report.rule_ids().contains(&"combo.abroad-pay"),
        "{report:#?}"
    );
    // destination 0.8 + pay (1.0 + 0.5 × 0.2 for `gaji*`) + travel 1.0 + combo 1.0 - 4.0 bias
    assert!((report.total - -0.1).abs() < 1e-9, "{}", report.total);
    let without = engine().scan("Kerja di Kamboja, gaji 15 juta");
    assert!(!without.rule_ids().contains(&"combo.abroad-pay"));
}

#[test]
fn negative_context_lowers_the_score() {
    let lure = engine().scan("easy work high pay in Cambodia, free visa, telegram");
    let news = engine().scan(
        "Police rescued victims of easy work high pay offers in Cambodia, free visa, telegram",
    );
    assert!(news.total < lure.total - 2.9);
    assert_eq!(news.band, Band::Low);
    let context = news
        .categories
        .iter()
        .find(|c| c.category == "context")
        .unwrap();
    assert!(context.contribution < 0.0);
}

#[test]
fn thresholds_can_be_set_by_the_caller() {
    let strict = Detector::builder()
        .without_builtin()
        .pack_path(crate::common::fixture("engine"))
        .thresholds(0.01, 0.02)
        .build()
        .unwrap();
    assert_eq!(strict.scan("free visa").band, Band::High);
    assert_eq!(engine().scan("free visa").band, Band::Low);
}

#[test]
fn disabled_rules_do_not_fire() {
    let d = Detector::builder()
        .without_builtin()
        .pack_path(crate::common::fixture("engine"))
        .disable("travel.visa-paid")
        .build()
        .unwrap();
    assert!(d.scan("free visa").hits.is_empty());
    assert!(!d
        .rules()
        .iter()
        .find(|r| r.id() == "travel.visa-paid")
        .unwrap()
        .is_enabled());
}

#[test]
fn report_serializes_to_the_documented_shape() {
    let text = "Kerja di Kamboja, gaji 15 juta, visa ditanggung";
    let json: serde_json::Value = serde_json::from_str(&engine().scan(text).to_json()).unwrap();
    for key in [
        "score",
        "band",
        "total",
        "hits",
        "categories",
        "scripts",
        "languages",
        "entities",
        "contact_keys",
    ] {
        assert!(json.get(key).is_some(), "missing {key}: {json}");
    }
    let hit = &json["hits"][0];
    for key in [
        "rule", "category", "language", "weight", "start", "end", "matched",
    ] {
        assert!(hit.get(key).is_some(), "hit missing {key}: {hit}");
    }
    let (s, e) = (
        hit["start"].as_u64().unwrap() as usize,
        hit["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], hit["matched"].as_str().unwrap());
    assert_eq!(json["band"], "low");
    assert_eq!(json["scripts"][0], "latin");
}

#[test]
fn explain_marks_hits_and_shows_the_sum() {
    let text = "free visa, contact telegram";
    let report = engine().scan(text);
    let out = report.explain(text, |s| format!("[{s}]"));
    assert!(out.contains("free [visa], contact [telegram]"), "{out}");
    assert!(out.contains("travel.visa-paid"), "{out}");
    assert!(out.contains("bias -4.00"), "{out}");
}

/// The acceptance post of the core issue, on the built-in pack.
#[test]
fn indonesian_compound_lure_is_high_with_four_categories() {
    let text = "Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, tiket dan visa \
                ditanggung, hubungi Telegram @hr_xxxx";
    let report = builtin().scan(text);
    assert_eq!(
        report.band,
        Band::High,
        "{}",
        report.explain(text, |s| format!("[{s}]"))
    );
    let positive: Vec<_> = report
        .categories
        .iter()
        .filter(|c| c.contribution > 0.0 && c.category != "combo")
        .collect();
    assert!(positive.len() >= 4, "{report:#?}");
    for hit in &report.hits {
        assert_eq!(&text[hit.span.start..hit.span.end], hit.matched);
    }
    // The spans are the right ones, not merely valid ones.
    let all: Vec<&str> = report.hits.iter().map(|h| h.matched.as_str()).collect();
    assert!(all.iter().any(|m| m.contains("Kamboja")), "{all:?}");
    assert!(all.iter().any(|m| m.contains("15 juta")), "{all:?}");
    assert!(
        all.iter().any(|m| m.contains("tanpa pengalaman")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|m| m.contains("Telegram") || m.contains("@hr_xxxx")),
        "{all:?}"
    );
    assert!(report.languages.contains(&"id".to_string()));
}

#[test]
fn news_of_a_rescue_is_low() {
    let text = "Police rescued 40 Indonesian victims of fake job offers in Cambodia on Tuesday. \
                The victims said they had been promised high salaries, free tickets and visas, \
                and were told to contact a recruiter on Telegram, but were forced to work in a \
                scam compound, according to the foreign ministry.";
    let report = builtin().scan(text);
    assert_eq!(
        report.band,
        Band::Low,
        "{}",
        report.explain(text, |s| format!("[{s}]"))
    );
}

/// An embassy's warning that quotes the lure it warns against, in the words of Indonesian
/// official statements (KBRI, Kemlu): low, though the quote alone is a lure.
#[test]
fn an_official_warning_quoting_a_lure_is_low() {
    let lure = "lowongan kerja di Kamboja, gaji 15 juta/bulan, tiket dan visa ditanggung, \
                hubungi Telegram";
    assert!(builtin().scan(lure).band >= Band::Review);
    let text = format!(
        "Waspada modus penipuan: {lure}. KBRI mengimbau WNI agar tidak mudah tergiur tawaran \
         kerja di media sosial."
    );
    let report = builtin().scan(&text);
    assert_eq!(
        report.band,
        Band::Low,
        "{}",
        report.explain(&text, |s| format!("[{s}]"))
    );
}

/// Reports read back from their JSON, alone or inside the CLI's output records, unchanged.
#[test]
fn report_json_reads_back() {
    let posts = [
        "Kerja di Kamboja, gaji 2000 USD/bulan, hubungi WA 0812-3456-7890 atau t.me/example_hr",
        "รับสมัครด่วนไปทำงานกัมพูชา รายได้วันละ 1,500 บาท ทักไลน์",
        "招聘客服，月薪3万，包吃住，联系飞机 @example_hr",
        "Team lunch on Friday at noon.",
    ];
    for post in posts {
        let report = builtin().scan(post);
        let json = report.to_json();
        let back: lurescan::Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report, "{post}");
        let record = format!(r#"{{"file":"a.jsonl","line":1,"id":"p1",{}"#, &json[1..]);
        let back: lurescan::Report = serde_json::from_str(&record).unwrap();
        assert_eq!(back, report, "{post}");
    }
}

/// Victims' help posts are flagged whatever their band: two indicators of coercion after
/// recruitment, in the languages of the region, and not news.
#[test]
fn victims_help_posts_are_flagged_news_and_single_indicators_are_not() {
    for text in [
        "Help me please, they took my passport and I cannot go home, they ask ransom 3000 USD",
        "Tolong saya, paspor saya ditahan, tidak bisa pulang, disuruh bayar tebusan 50 juta",
        "Cứu em với, em bị giữ hộ chiếu, không cho về, đòi tiền chuộc 3.000 USD",
        "ช่วยด้วยค่ะ ถูกยึดพาสปอร์ต กลับบ้านไม่ได้ ต้องจ่ายค่าไถ่",
        "救救我，护照被扣，回不了家，要交赎金",
        "Tulungan niyo po ako, kinuha ang passport ko, hindi makauwi",
        "ជួយខ្ញុំផង គេរឹបអូសលិខិតឆ្លងដែន",
        "ຊ່ວຍແດ່ ເຂົາຍຶດໜັງສືຜ່ານແດນ ກັບບ້ານບໍ່ໄດ້",
        "ကူညီကြပါ ပတ်စ်ပို့ကိုသိမ်းထားတယ် အိမ်ပြန်လို့မရဘူး",
    ] {
        let report = builtin().scan(text);
        assert!(report.victim_post, "{text}\n{report:#?}");
    }
    for text in [
        "Police rescued 40 victims from a scam compound in Myawaddy; their passports were taken and they could not go home, the ministry said.",
        "Công an giải cứu 15 nạn nhân bị giữ hộ chiếu, không cho về, bị ép lừa đảo tại Campuchia.",
        "My passport was taken by the hotel at check-in in Bangkok.",
        "I can't go home tonight, the trains are cancelled.",
        "Công ty không giữ hộ chiếu của người lao động.",
    ] {
        let report = builtin().scan(text);
        assert!(!report.victim_post, "{text}\n{report:#?}");
    }
}
