//! Calibration fits category scales and writes them back into pack files as plain weights, and
//! the written pack scores exactly as the fitted model does (up to two-decimal rounding).

use lurescan::{calibrate, CalibrationOptions, Detector, LabelledPost};

use crate::common::{fixture, CALIBRATION_LURES, CALIBRATION_ORDINARY};

#[test]
fn written_pack_reproduces_the_fitted_model() {
    let dir = std::env::temp_dir().join(format!("lurescan-calibration-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(fixture("engine")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let detector = Detector::builder()
        .without_builtin()
        .pack_path(&dir)
        .build()
        .unwrap();

    let (lures, ordinary) = (CALIBRATION_LURES, CALIBRATION_ORDINARY);
    let mut posts = Vec::new();
    for i in 0..40 {
        posts.push(LabelledPost {
            text: lures[i % lures.len()],
            positive: true,
            group: "a",
        });
        for text in ordinary {
            posts.push(LabelledPost {
                text,
                positive: false,
                group: if i % 2 == 0 { "a" } else { "b" },
            });
        }
    }
    let options = CalibrationOptions {
        min_posts: 5,
        min_group_negatives: 10,
        ..Default::default()
    };
    let fitted = calibrate(&detector, &posts, &options).unwrap();
    assert!(fitted.cv_auc > 0.9, "{fitted:?}");
    // The pay and contact signals gained weight relative to travel (visas mark both classes).
    assert!(
        fitted.scales["contact"] > fitted.scales["travel"],
        "{fitted:?}"
    );

    let changed = fitted.write(&dir).unwrap();
    assert!(!changed.is_empty());
    let written = std::fs::read_to_string(dir.join("0-scoring.toml")).unwrap();
    assert!(
        written.starts_with("# A small pack"),
        "comments are kept:\n{written}"
    );

    let recalibrated = Detector::builder()
        .without_builtin()
        .pack_path(&dir)
        .build()
        .unwrap();
    for post in &posts {
        let before = detector.scan(post.text);
        let after = recalibrated.scan(post.text);
        let logit = |p: f64| (p / (1.0 - p)).ln();
        assert!(
            (logit(after.score) - logit(fitted.score(&before))).abs() < 0.1,
            "{}: written {} vs fitted {}",
            post.text,
            after.score,
            fitted.score(&before)
        );
        assert_eq!(after.band, fitted.band(&before), "{}", post.text);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unusable_data_is_an_error_not_a_fit() {
    let detector = crate::common::engine();
    let lures: Vec<LabelledPost<'_>> = CALIBRATION_LURES
        .iter()
        .map(|text| LabelledPost {
            text,
            positive: true,
            group: "a",
        })
        .collect();
    let err = calibrate(detector, &lures, &CalibrationOptions::default()).unwrap_err();
    assert!(err.is_data() && !err.is_io(), "{err}");
    assert!(
        err.to_string()
            .contains("got 4 lures and 0 legitimate posts"),
        "{err}"
    );

    let options = CalibrationOptions {
        max_fp_review: 1.5,
        ..Default::default()
    };
    let err = calibrate(detector, &lures, &options).unwrap_err();
    assert!(
        err.to_string()
            .contains("max_fp_review is a share between 0 and 1"),
        "{err}"
    );
}
