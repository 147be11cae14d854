//! `lurescan calibrate`: fits category weights, the bias and the bands on labelled posts with
//! [`calibrate_held_out`](crate::calibrate_held_out), prints the fit and the before/after
//! comparison on the posts held out from it, and writes the weights into a pack.

use std::io::{self, Write};

use super::{labelled, CalibrateArgs, Failure};
use crate::CalibrationOptions;

pub(super) fn run(args: &CalibrateArgs) -> Result<i32, Failure> {
    let detector = args.packs.detector()?;
    let labelled = labelled::read(&args.labelled)?;
    let posts = labelled.posts();
    let options = CalibrationOptions {
        max_fp_review: args.max_fp_review,
        max_fp_high: args.max_fp_high,
        ..CalibrationOptions::default()
    };
    let (fitted, comparison) =
        crate::calibrate_held_out(&detector, &posts, &options).map_err(|e| {
            Failure::new(format!(
                "{} records read, {} skipped",
                posts.len() + labelled.skipped,
                labelled.skipped
            ))
            .because(e)
        })?;
    let before = detector.thresholds();
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} records read, {} skipped. Before: bias {:+.2}, review at {:.2}, high at {:.2}.\n",
        posts.len() + labelled.skipped,
        labelled.skipped,
        before.bias,
        before.review,
        before.high,
    )?;
    writeln!(out, "{fitted}")?;
    writeln!(out, "Held out, before → after:\n")?;
    writeln!(out, "{comparison}")?;
    out.flush()?;
    if let Some(dir) = &args.write_pack {
        let files = fitted
            .write(dir)
            .map_err(|e| Failure::new("cannot write the calibrated pack").because(e))?;
        writeln!(
            io::stderr(),
            "lurescan: wrote the calibrated weights into {} files of {}",
            files.len(),
            dir.display()
        )?;
    }
    Ok(if labelled.failed { 2 } else { 0 })
}
