//! Reading records: JSONL, CSV or plain text lines, from files (gzip detected by its magic bytes)
//! or stdin, in chunks, with every bad record turned into an error record instead of a failure.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::{Map, Value};

/// Records per chunk: enough to keep every thread busy, few enough to bound memory.
pub(crate) const CHUNK_RECORDS: usize = 4096;
/// Input bytes per chunk, so that long posts make smaller chunks.
pub(crate) const CHUNK_BYTES: usize = 8 << 20;
/// Records longer than this are error records unless the command says otherwise.
pub(crate) const MAX_RECORD_BYTES: usize = 1 << 20;

/// The input formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// One JSON object per line, the post in `--text-field`.
    Jsonl,
    /// CSV with a header row, the post in `--text-column`.
    Csv,
    /// One post per line.
    Text,
}

/// What the parser needs to know besides the bytes.
pub(crate) struct Fields {
    pub text_field: String,
    pub text_column: String,
    pub id_field: String,
    pub max_record_bytes: usize,
}

/// One record of the input, ready to scan or already known to be bad.
pub(crate) enum Record {
    Post {
        line: u64,
        id: Option<Value>,
        fields: Map<String, Value>,
        text: String,
    },
    Bad {
        line: u64,
        id: Option<Value>,
        reason: String,
    },
}

/// A record as read: either raw line bytes (parsed later, in parallel) or already parsed.
pub(crate) enum Item {
    Line { line: u64, bytes: Vec<u8> },
    Parsed(Record),
}

const BOM: &[u8] = b"\xEF\xBB\xBF";
const GZIP_MAGIC: &[u8] = b"\x1F\x8B";

/// An opened input.
pub(crate) struct Input {
    reader: Source,
}

enum Source {
    Lines(LineReader),
    Csv(CsvReader),
}

/// Counts bytes pulled from the underlying file (compressed bytes for gzip), for the progress
/// bar's percentage.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

const BUFFER: usize = 256 * 1024;

impl Input {
    /// Opens `path` (`None` for stdin), decompresses gzip, and picks the format: `format` if
    /// given, else from the extension, else by a look at the first bytes.
    pub fn open(
        path: Option<&Path>,
        format: Option<Format>,
        fields: &Fields,
        raw_bytes: Arc<AtomicU64>,
    ) -> io::Result<Input> {
        let raw: Box<dyn Read + Send> = match path {
            Some(path) => Box::new(File::open(path)?),
            None => Box::new(io::stdin()),
        };
        let mut reader = BufReader::with_capacity(
            BUFFER,
            Counting {
                inner: raw,
                count: raw_bytes,
            },
        );
        let head = fill(&mut reader)?;
        let mut reader: Box<dyn BufRead + Send> = if head.starts_with(GZIP_MAGIC) {
            Box::new(BufReader::with_capacity(
                BUFFER,
                flate2::bufread::MultiGzDecoder::new(reader),
            ))
        } else {
            Box::new(reader)
        };
        let format = match format.or_else(|| path.and_then(format_of)) {
            Some(format) => format,
            None => {
                let head = fill(&mut reader)?;
                let head = head.strip_prefix(BOM).unwrap_or(head);
                match head.iter().find(|b| !b.is_ascii_whitespace()) {
                    Some(b'{') => Format::Jsonl,
                    _ => Format::Text,
                }
            }
        };
        let reader = match format {
            Format::Jsonl | Format::Text => Source::Lines(LineReader {
                reader,
                format,
                line: 0,
                bytes: 0,
                max: fields.max_record_bytes,
            }),
            Format::Csv => Source::Csv(CsvReader::new(reader, fields)?),
        };
        Ok(Input { reader })
    }

    /// The format in use.
    pub fn format(&self) -> Format {
        match &self.reader {
            Source::Lines(r) => r.format,
            Source::Csv(_) => Format::Csv,
        }
    }

    /// Bytes of (decompressed) input read so far.
    pub fn bytes_read(&self) -> u64 {
        match &self.reader {
            Source::Lines(r) => r.bytes,
            Source::Csv(r) => r.reader.position().byte(),
        }
    }

    /// Appends records to `chunk` until it holds `max_records` or `max_bytes`, or the input
    /// ends. Returns false at the end of the input.
    pub fn read_chunk(
        &mut self,
        chunk: &mut Vec<Item>,
        max_records: usize,
        max_bytes: usize,
    ) -> io::Result<bool> {
        let start = self.bytes_read();
        while chunk.len() < max_records && self.bytes_read() - start < max_bytes as u64 {
            let item = match &mut self.reader {
                Source::Lines(r) => r.next()?,
                Source::Csv(r) => r.next()?,
            };
            match item {
                Some(Some(item)) => chunk.push(item),
                Some(None) => {} // a blank line
                None => return Ok(false),
            }
        }
        Ok(true)
    }
}

/// The buffer's content, retrying on interrupts.
fn fill(reader: &mut impl BufRead) -> io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
            Ok(_) => break,
        }
    }
    // Asked again because a borrow returned from inside the loop would outlive the iteration.
    reader.fill_buf()
}

/// The format a file name implies, looking through a `.gz` suffix.
fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.')?.1 {
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    }
}

/// Splits lines without ever holding more than `max` bytes of one line.
struct LineReader {
    reader: Box<dyn BufRead + Send>,
    format: Format,
    line: u64,
    bytes: u64,
    max: usize,
}

impl LineReader {
    /// The next line: `None` at the end, `Some(None)` for a blank line.
    fn next(&mut self) -> io::Result<Option<Option<Item>>> {
        let mut bytes = Vec::new();
        let mut length = 0usize; // without the line break
        let mut seen = false;
        loop {
            let available = fill(&mut self.reader)?;
            if available.is_empty() {
                break;
            }
            seen = true;
            let (take, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            let content = if done { take - 1 } else { take };
            // Keep the bytes only while the line fits (one byte more, for a `\r` to strip).
            if length + content <= self.max + 1 {
                bytes.extend_from_slice(&available[..content]);
            } else if !bytes.is_empty() {
                bytes = Vec::new();
            }
            length += content;
            self.reader.consume(take);
            self.bytes += take as u64;
            if done {
                break;
            }
        }
        if !seen {
            return Ok(None);
        }
        self.line += 1;
        let line = self.line;
        if length > 0 && bytes.last() == Some(&b'\r') {
            bytes.pop();
            length -= 1;
        }
        if line == 1 && bytes.starts_with(BOM) {
            bytes.drain(..BOM.len());
            length -= BOM.len();
        }
        if length > self.max {
            return Ok(Some(Some(Item::Parsed(Record::Bad {
                line,
                id: None,
                reason: too_long(length, self.max),
            }))));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(None));
        }
        Ok(Some(Some(Item::Line { line, bytes })))
    }
}

fn too_long(length: usize, max: usize) -> String {
    format!("record of {length} bytes is longer than --max-record-bytes {max}")
}

fn not_utf8(err: std::str::Utf8Error, what: &str) -> String {
    format!("invalid UTF-8 at byte {} of the {what}", err.valid_up_to())
}

/// Parses a raw line into a record; runs on the worker threads.
pub(crate) fn parse(item: Item, format: Format, fields: &Fields) -> Record {
    let (line, bytes) = match item {
        Item::Parsed(record) => return record,
        Item::Line { line, bytes } => (line, bytes),
    };
    let bad = |reason: String| Record::Bad {
        line,
        id: None,
        reason,
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => return bad(not_utf8(err.utf8_error(), "line")),
    };
    if format == Format::Text {
        return Record::Post {
            line,
            id: None,
            fields: Map::new(),
            text,
        };
    }
    let mut object = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(object)) => object,
        Ok(other) => return bad(format!("not a JSON object but {}", kind_of(&other))),
        Err(err) => {
            return bad(format!(
                "invalid JSON at column {}: {}",
                err.column(),
                json_reason(&err)
            ))
        }
    };
    let id = object.remove(&fields.id_field);
    match object.remove(&fields.text_field) {
        Some(Value::String(text)) => Record::Post {
            line,
            id,
            fields: object,
            text,
        },
        None | Some(Value::Null) => Record::Bad {
            line,
            id,
            reason: format!("missing field `{}`", fields.text_field),
        },
        Some(other) => Record::Bad {
            line,
            id,
            reason: format!(
                "field `{}` is {}, not a string",
                fields.text_field,
                kind_of(&other)
            ),
        },
    }
}

/// serde_json's message without its `at line 1 column N` suffix (the line is the file's).
fn json_reason(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// CSV with a header row; parsed on the reading thread, since quoted fields may span lines.
struct CsvReader {
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    headers: Vec<String>,
    text: usize,
    id: Option<usize>,
    max: usize,
    record: csv::ByteRecord,
}

impl CsvReader {
    fn new(reader: Box<dyn BufRead + Send>, fields: &Fields) -> io::Result<CsvReader> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(reader);
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(csv_io)?
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 {
                    h.strip_prefix(BOM).unwrap_or(h)
                } else {
                    h
                };
                String::from_utf8_lossy(h).into_owned()
            })
            .collect();
        let text = headers
            .iter()
            .position(|h| *h == fields.text_column)
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "no column `{}` in the CSV header (columns: {}); choose one with \
                         --text-column",
                        fields.text_column,
                        headers.join(", ")
                    ),
                )
            })?;
        let id = headers.iter().position(|h| *h == fields.id_field);
        Ok(CsvReader {
            reader,
            headers,
            text,
            id,
            max: fields.max_record_bytes,
            record: csv::ByteRecord::new(),
        })
    }

    fn next(&mut self) -> io::Result<Option<Option<Item>>> {
        if !self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(csv_io)?
        {
            return Ok(None);
        }
        let record = &self.record;
        let line = record.position().map_or(0, |p| p.line());
        let id = self
            .id
            .and_then(|i| record.get(i))
            .map(|v| Value::String(String::from_utf8_lossy(v).into_owned()));
        let bad = |reason: String| {
            Ok(Some(Some(Item::Parsed(Record::Bad {
                line,
                id: id.clone(),
                reason,
            }))))
        };
        let length = record.as_slice().len();
        if length > self.max {
            return bad(too_long(length, self.max));
        }
        let Some(text) = record.get(self.text) else {
            return bad(format!(
                "missing column `{}`: the row has {} fields, the header {}",
                self.headers[self.text],
                record.len(),
                self.headers.len()
            ));
        };
        let text = match std::str::from_utf8(text) {
            Ok(text) => text.to_string(),
            Err(err) => {
                return bad(not_utf8(
                    err,
                    &format!("column `{}`", self.headers[self.text]),
                ))
            }
        };
        let mut fields = Map::new();
        for (i, value) in record.iter().enumerate() {
            if i != self.text && Some(i) != self.id {
                let name = self
                    .headers
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("column{}", i + 1));
                fields.insert(
                    name,
                    Value::String(String::from_utf8_lossy(value).into_owned()),
                );
            }
        }
        Ok(Some(Some(Item::Parsed(Record::Post {
            line,
            id,
            fields,
            text,
        }))))
    }
}

fn csv_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
    }
}
