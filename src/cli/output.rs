//! Writing results: one JSON object per line (the default) or CSV rows, in input order.
//!
//! A JSONL result is the record's envelope followed by the report's own fields, so fields added
//! to [`Report`] appear without a change here:
//!
//! ```text
//! {"file":"posts.jsonl","line":3,"id":"p3","score":0.97,"band":"high",...,"fields":{...}}
//! {"file":"posts.jsonl","line":4,"error":"invalid JSON at column 12: expected `,` or `}`"}
//! ```

use std::io::{self, Write};

use serde_json::Value;

use super::input::Record;
use crate::Report;

/// The output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OutputFormat {
    /// One JSON object per record.
    Jsonl,
    /// A header row, then one row per record; hits and entities as JSON in their cells.
    Csv,
}

/// The CSV columns.
const CSV_HEADER: &[&str] = &[
    "file",
    "line",
    "id",
    "score",
    "band",
    "victim_post",
    "total",
    "categories",
    "rules",
    "languages",
    "hits",
    "entities",
    "fields",
    "error",
];

/// One record rendered on a worker thread, written in order by the writer.
pub(crate) enum Rendered {
    Json(String),
    Csv(Vec<String>),
}

/// Renders a scanned record (`report` is `None` for an error record).
pub(crate) fn render(
    format: OutputFormat,
    file: &str,
    record: &Record,
    report: Option<&Report>,
) -> Rendered {
    match format {
        OutputFormat::Jsonl => Rendered::Json(json_line(file, record, report)),
        OutputFormat::Csv => Rendered::Csv(csv_row(file, record, report)),
    }
}

fn json_line(file: &str, record: &Record, report: Option<&Report>) -> String {
    let (line, id) = match record {
        Record::Post { line, id, .. } | Record::Bad { line, id, .. } => (*line, id),
    };
    let mut out = String::with_capacity(512);
    out.push_str("{\"file\":");
    out.push_str(&json(&file));
    out.push_str(",\"line\":");
    out.push_str(&line.to_string());
    if let Some(id) = id {
        out.push_str(",\"id\":");
        out.push_str(&json(id));
    }
    match (record, report) {
        (Record::Post { fields, .. }, Some(report)) => {
            let body = serde_json::to_string(report).expect("a report always serializes");
            // The report is a non-empty object: splice its members into the envelope.
            out.push(',');
            out.push_str(&body[1..body.len() - 1]);
            if !fields.is_empty() {
                out.push_str(",\"fields\":");
                out.push_str(&json(fields));
            }
        }
        (Record::Bad { .. }, _) | (Record::Post { .. }, None) => {
            let reason = match record {
                Record::Bad { reason, .. } => reason.as_str(),
                Record::Post { .. } => "not scanned",
            };
            out.push_str(",\"error\":");
            out.push_str(&json(&reason));
        }
    }
    out.push('}');
    out
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("JSON values always serialize")
}

fn csv_row(file: &str, record: &Record, report: Option<&Report>) -> Vec<String> {
    let (line, id) = match record {
        Record::Post { line, id, .. } | Record::Bad { line, id, .. } => (*line, id),
    };
    let id = match id {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => json(other),
    };
    let mut row = vec![String::new(); CSV_HEADER.len()];
    let mut set = |column: &str, value: String| {
        let at = CSV_HEADER.iter().position(|c| *c == column);
        row[at.expect("a CSV column")] = value;
    };
    set("file", file.to_string());
    set("line", line.to_string());
    set("id", id);
    match (record, report) {
        (Record::Post { fields, .. }, Some(report)) => {
            let value = serde_json::to_value(report).expect("a report always serializes");
            set("score", report.score.to_string());
            set("band", report.band.as_str().to_string());
            set("victim_post", report.victim_post.to_string());
            set("total", report.total.to_string());
            set(
                "categories",
                report
                    .categories
                    .iter()
                    .map(|c| format!("{}={:.2}", c.category, c.contribution))
                    .collect::<Vec<_>>()
                    .join(";"),
            );
            set("rules", report.rule_ids().join(";"));
            set("languages", report.languages.join(";"));
            set("hits", json(&report.hits));
            set(
                "entities",
                value.get("entities").map(json).unwrap_or_default(),
            );
            if !fields.is_empty() {
                set("fields", json(fields));
            }
        }
        (Record::Bad { reason, .. }, _) => set("error", reason.clone()),
        (Record::Post { .. }, None) => set("error", "not scanned".to_string()),
    }
    row
}

/// Where rendered records go.
pub(crate) enum Sink {
    Json(Box<dyn Write>),
    Csv(Box<csv::Writer<Box<dyn Write>>>),
}

impl Sink {
    pub fn new(format: OutputFormat, out: Box<dyn Write>) -> io::Result<Sink> {
        Ok(match format {
            OutputFormat::Jsonl => Sink::Json(out),
            OutputFormat::Csv => {
                let mut writer = csv::WriterBuilder::new().flexible(false).from_writer(out);
                writer.write_record(CSV_HEADER).map_err(csv_io)?;
                Sink::Csv(Box::new(writer))
            }
        })
    }

    pub fn write(&mut self, rendered: &Rendered) -> io::Result<()> {
        match (self, rendered) {
            (Sink::Json(out), Rendered::Json(line)) => {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")
            }
            (Sink::Csv(out), Rendered::Csv(row)) => out.write_record(row).map_err(csv_io),
            _ => unreachable!("records are rendered in the sink's format"),
        }
    }

    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Json(out) => out.flush(),
            Sink::Csv(out) => out.flush(),
        }
    }
}

fn csv_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}
