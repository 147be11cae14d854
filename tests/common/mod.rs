//! Shared helpers for the integration tests.

use std::path::PathBuf;
use std::sync::OnceLock;

use lurescan::{Detector, Entities, Report};

/// The engine fixture pack (tests/fixtures/engine), independent of the built-in pack's content.
pub fn engine() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        Detector::builder()
            .without_builtin()
            .pack_path(fixture("engine"))
            .build()
            .expect("engine fixture pack loads")
    })
}

/// The built-in pack.
pub fn builtin() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(Detector::new)
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The original texts matched by `rule` in `report`, checking each span against the text.
pub fn matched<'a>(text: &str, report: &'a Report, rule: &str) -> Vec<&'a str> {
    report
        .hits
        .iter()
        .filter(|h| h.rule == rule)
        .map(|h| {
            assert_eq!(&text[h.span.start..h.span.end], h.matched, "span of {h:?}");
            h.matched.as_str()
        })
        .collect()
}

/// Synthetic labelled posts for calibration on the engine fixture pack: lures carry a chat
/// contact or a pay signal; ordinary posts carry visas and chat apps too (travel alone marks both).
pub const CALIBRATION_LURES: [&str; 4] = [
    "easy work high pay, whatsapp me",
    "gaji 15 juta, contact telegram",
    "viec nhe luong cao, telegram",
    "easy work high pay in Cambodia, telegram",
];
pub const CALIBRATION_ORDINARY: [&str; 5] = [
    "free visa for conference speakers",
    "visa ditanggung by the university",
    "hello, lunch tomorrow?",
    "work in Cambodia as a teacher, visa provided",
    "my telegram is broken",
];

/// Checks that every entity's span is the exact original text it reports.
pub fn assert_entity_spans(text: &str, e: &Entities) {
    let spans = e
        .phones
        .iter()
        .map(|x| (x.span, &x.matched))
        .chain(e.contacts.iter().map(|x| (x.span, &x.matched)))
        .chain(e.urls.iter().map(|x| (x.span, &x.matched)))
        .chain(e.emails.iter().map(|x| (x.span, &x.matched)))
        .chain(e.money.iter().map(|x| (x.span, &x.matched)));
    for (span, matched) in spans {
        assert_eq!(
            text.get(span.start..span.end),
            Some(matched.as_str()),
            "span {span:?} in {text:?}"
        );
    }
}
