//! Labelled posts for `calibrate` and `evaluate`: JSONL or CSV records whose label (and group)
//! are fields beside the text. A record without a usable label is reported and skipped.

use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use serde_json::Value;

use super::input::{self, Format, Input, Record, CHUNK_BYTES, CHUNK_RECORDS};
use super::{Failure, LabelledArgs};
use crate::LabelledPost;

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

/// The usable records of the inputs, and what happened to the others.
pub(super) struct Labelled {
    /// `(text, positive, group)` of every usable record.
    rows: Vec<(String, bool, String)>,
    /// Records skipped for a missing or unusable label or group, or as malformed.
    pub skipped: usize,
    /// Whether an input could not be opened or read to its end.
    pub failed: bool,
}

impl Labelled {
    pub fn posts(&self) -> Vec<LabelledPost<'_>> {
        self.rows
            .iter()
            .map(|(text, positive, group)| LabelledPost {
                text,
                positive: *positive,
                group,
            })
            .collect()
    }
}

/// Reads every labelled record of the inputs; bad records go to stderr with file and line.
pub(super) fn read(args: &LabelledArgs) -> Result<Labelled, Failure> {
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
                    "{name}: labelled posts are JSONL or CSV records with a label field (--format)"
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

    Ok(Labelled {
        rows,
        skipped,
        failed,
    })
}
