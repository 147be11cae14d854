//! `lurescan evaluate`: how the loaded packs do on labelled posts, per group and overall, with
//! [`evaluate`](crate::evaluate). Nothing is fitted: to fit weights, see `calibrate`.

use std::io::{self, Write};

use super::{labelled, EvaluateArgs, Failure};

pub(super) fn run(args: &EvaluateArgs) -> Result<i32, Failure> {
    let detector = args.packs.detector()?;
    let labelled = labelled::read(&args.labelled)?;
    let posts = labelled.posts();
    let t = detector.thresholds();
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} records read, {} skipped. Bands: review at score {:.2}, high at {:.2}.\n",
        posts.len() + labelled.skipped,
        labelled.skipped,
        t.review,
        t.high,
    )?;
    writeln!(out, "{}", crate::evaluate(&detector, &posts))?;
    out.flush()?;
    Ok(if labelled.failed { 2 } else { 0 })
}
