//! `lurescan calibrate`: fits category weights, the bias and the bands on labelled posts with
//! [`calibrate`](crate::calibrate), measures before and after on the posts held out from the fit
//! ([`Calibration::compare`](crate::Calibration::compare)), and writes the weights into a pack.

use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use serde_json::Value;

use super::input::{self, Format, Input, Record, CHUNK_BYTES, CHUNK_RECORDS};
use super::{CalibrateArgs, Failure};
use crate::{CalibrationOptions, LabelledPost};

/// A label as written in a field: lures and fake ads are positive, legitimate posts negative.
fn label(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(1.0) => Some(true),
            Some(0.0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "1" | "true" | "yes" | "positive" | "lure" | "scam" | "fraud" | "fraudulent"
            | "fake" | "spam" => Some(true),
            "0" | "false" | "no" | "negative" | "legit" | "legitimate" | "real" | "ham"
            | "normal" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn run(args: &CalibrateArgs) -> Result<i32, Failure> {
    let detector = args.packs.detector()?;
    let fields = args.input.fields("id", input::MAX_RECORD_BYTES);
    // (text, positive, group) of every usable record.
    let mut rows: Vec<(String, bool, String)> = Vec::new();
    let mut skipped = 0usize;
    let mut failed = false;
    let mut stderr = io::stderr().lock();
    for path in args.input.paths()? {
        let name = path.map_or_else(|| "-".to_string(), |p| p.display().to_string());
        let opened = Input::open(
            path,
            args.input.format,
            &fields,
            Arc::new(AtomicU64::new(0)),
        );
        let mut input = match opened {
            Ok(input) if input.format() == Format::Text => {
                return Err(Failure::new(format!(
                    "{name}: calibration needs labels: give JSONL or CSV records (--format)"
                )))
            }
            Ok(input) => input,
            Err(e) => {
                writeln!(stderr, "lurescan: {}", Failure::new(name).because(e))?;
                failed = true;
                continue;
            }
        };
        let format = input.format();
        let group_of_file = Path::new(&name)
            .file_name()
            .map_or_else(|| name.clone(), |f| f.to_string_lossy().into_owned());
        let mut chunk = Vec::new();
        loop {
            let more = match input.read_chunk(&mut chunk, CHUNK_RECORDS, CHUNK_BYTES) {
                Ok(more) => more,
                Err(e) => {
                    writeln!(
                        stderr,
                        "lurescan: {}",
                        Failure::new(name.clone()).because(e)
                    )?;
                    failed = true;
                    false
                }
            };
            for item in chunk.drain(..) {
                let (line, reason) = match input::parse(item, format, &fields) {
                    Record::Post {
                        line, fields, text, ..
                    } => {
                        let positive = fields.get(&args.label_field).and_then(label);
                        let group = match &args.group_field {
                            None => Some(group_of_file.clone()),
                            Some(field) => match fields.get(field) {
                                Some(Value::String(s)) => Some(s.clone()),
                                Some(v) if !v.is_null() => Some(v.to_string()),
                                _ => None,
                            },
                        };
                        match (positive, group) {
                            (Some(positive), Some(group)) => {
                                rows.push((text, positive, group));
                                continue;
                            }
                            (None, _) => (
                                line,
                                format!(
                                    "field `{}` is missing or not a label (1/0, true/false, \
                                     lure/legit...)",
                                    args.label_field
                                ),
                            ),
                            (_, None) => (
                                line,
                                format!(
                                    "field `{}` is missing",
                                    args.group_field.as_deref().unwrap_or_default()
                                ),
                            ),
                        }
                    }
                    Record::Bad { line, reason, .. } => (line, reason),
                };
                skipped += 1;
                writeln!(stderr, "lurescan: {name}:{line}: {reason}; record skipped")?;
            }
            if !more {
                break;
            }
        }
    }

    let posts: Vec<LabelledPost<'_>> = rows
        .iter()
        .map(|(text, positive, group)| LabelledPost {
            text,
            positive: *positive,
            group,
        })
        .collect();
    let options = CalibrationOptions {
        max_fp_review: args.max_fp_review,
        max_fp_high: args.max_fp_high,
        ..CalibrationOptions::default()
    };
    let (fitted, comparison) =
        crate::calibrate_held_out(&detector, &posts, &options).map_err(|e| {
            Failure::new(format!(
                "{} records read, {skipped} skipped",
                posts.len() + skipped
            ))
            .because(e)
        })?;
    let before = detector.thresholds();
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} records read, {skipped} skipped. Before: bias {:+.2}, review at {:.2}, high at {:.2}.\n",
        posts.len() + skipped,
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
            stderr,
            "lurescan: wrote the calibrated weights into {} files of {}",
            files.len(),
            dir.display()
        )?;
    }
    Ok(if failed { 2 } else { 0 })
}
