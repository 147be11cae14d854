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
            Source::Csv(r) => r.split.bytes,
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
    let parsed =
        serde_json::from_str::<Value>(&text).or_else(|err| match without_lone_surrogates(&text) {
            Some(repaired) => serde_json::from_str(&repaired).map_err(|_| err),
            None => Err(err),
        });
    let mut object = match parsed {
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

/// The JSON text with every lone UTF-16 surrogate escape (`\ud83d` without its pair, as a post
/// cut in the middle of an emoji by a JavaScript scraper has it) written as `\ufffd`, which
/// serde_json reads; `None` when there is none. One character stands for one, as in Python.
fn without_lone_surrogates(json: &str) -> Option<String> {
    let unit = |at: usize| -> Option<u16> {
        let hex = json.get(at..at + 6)?.strip_prefix("\\u")?;
        u16::from_str_radix(hex, 16).ok()
    };
    let mut out = String::with_capacity(json.len());
    let mut replaced = false;
    let mut copied = 0;
    let mut i = 0;
    while let Some(n) = json[i..].find('\\') {
        let at = i + n;
        match unit(at) {
            Some(0xD800..=0xDBFF) if matches!(unit(at + 6), Some(0xDC00..=0xDFFF)) => i = at + 12,
            Some(0xD800..=0xDFFF) => {
                out.push_str(&json[copied..at]);
                out.push_str("\\ufffd");
                replaced = true;
                i = at + 6;
                copied = i;
            }
            Some(_) => i = at + 6,
            // `\\`, `\"` and the other two-character escapes (or anything after a stray `\`).
            None => i = at + 1 + json[at + 1..].chars().next().map_or(0, char::len_utf8),
        }
    }
    out.push_str(&json[copied..]);
    replaced.then_some(out)
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

/// CSV with a header row; split and parsed on the reading thread, since quoted fields may span
/// lines.
struct CsvReader {
    split: CsvSplitter,
    headers: Vec<String>,
    text: usize,
    id: Option<usize>,
}

impl CsvReader {
    fn new(reader: Box<dyn BufRead + Send>, fields: &Fields) -> io::Result<CsvReader> {
        let mut split = CsvSplitter::new(reader, fields.max_record_bytes);
        let header = loop {
            match split.next()? {
                None => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "the CSV input is empty: a header row is required",
                    ))
                }
                Some(Split::Blank) => continue,
                Some(Split::Record { fields, .. }) => break fields,
                Some(Split::Broken { line, reason }) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("the CSV header (line {line}) is unreadable: {reason}"),
                    ))
                }
            }
        };
        let headers: Vec<String> = header
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
            split,
            headers,
            text,
            id,
        })
    }

    fn next(&mut self) -> io::Result<Option<Option<Item>>> {
        let (line, record) = match self.split.next()? {
            None => return Ok(None),
            Some(Split::Blank) => return Ok(Some(None)),
            Some(Split::Broken { line, reason }) => {
                return Ok(Some(Some(Item::Parsed(Record::Bad {
                    line,
                    id: None,
                    reason,
                }))))
            }
            Some(Split::Record { line, fields }) => (line, fields),
        };
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

/// One record of CSV input as [`CsvSplitter`] cuts it.
enum Split {
    /// The fields of a record, quotes removed; `line` is where it starts.
    Record { line: u64, fields: csv::ByteRecord },
    /// An empty line.
    Blank,
    /// A record given up on: longer than the limit, or a quoted field still open at the end of
    /// the input.
    Broken { line: u64, reason: String },
}

/// Where the splitter is in a record, following CSV quoting as the `csv` crate reads it: a quote
/// opens a quoted field only at the start of a field, `""` inside one is a quote, and what
/// follows the closing quote up to the next comma belongs to the field.
#[derive(Clone, Copy, PartialEq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: its end, or the first of `""`.
    QuoteInQuoted,
}

/// Reads CSV records (comma-separated, `"` quotes, RFC 4180), never holding more than `max`
/// bytes of one.
///
/// A quoted field that is never closed (a post cut off by a scraper) would make every later row
/// part of it: the `csv` crate would read to the end of the input into one record and every row
/// after it would be lost. Here a record that grows past `max` bytes, or reaches the end of the
/// input inside quotes, is reported as broken, and reading starts again at the line after its
/// first one, so the rows it swallowed are read again as rows. (A record over `max` bytes with no
/// line break inside is skipped to its end.)
struct CsvSplitter {
    reader: Box<dyn BufRead + Send>,
    /// Bytes to read before the reader's again: the lines of a record given up on.
    replay: Vec<u8>,
    replay_at: usize,
    /// Line breaks read so far (replayed ones again), so the line of the next byte is `line + 1`.
    line: u64,
    /// Bytes pulled from the reader (not counting replays), for progress and chunk sizes.
    bytes: u64,
    max: usize,
}

impl CsvSplitter {
    fn new(reader: Box<dyn BufRead + Send>, max: usize) -> CsvSplitter {
        CsvSplitter {
            reader,
            replay: Vec::new(),
            replay_at: 0,
            line: 0,
            bytes: 0,
            max,
        }
    }

    /// The next bytes to look at: replayed ones first.
    fn peek(&mut self) -> io::Result<&[u8]> {
        if self.replay_at < self.replay.len() {
            Ok(&self.replay[self.replay_at..])
        } else {
            fill(&mut self.reader)
        }
    }

    fn consume(&mut self, n: usize) {
        if self.replay_at < self.replay.len() {
            self.replay_at += n;
        } else {
            self.reader.consume(n);
            self.bytes += n as u64;
        }
    }

    fn next(&mut self) -> io::Result<Option<Split>> {
        let line = self.line + 1;
        // The raw bytes are kept to be read again if the record is given up on.
        let mut bytes = Vec::new();
        let mut fields = csv::ByteRecord::new();
        let mut field = Vec::new();
        let mut state = Quoting::FieldStart;
        let mut terminator = None;
        while terminator.is_none() {
            let max = self.max;
            let chunk = self.peek()?;
            if chunk.is_empty() {
                break;
            }
            let mut used = chunk.len();
            for (i, &b) in chunk.iter().enumerate() {
                state = match (state, b) {
                    (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
                    (Quoting::Quoted, _) => {
                        field.push(b);
                        Quoting::Quoted
                    }
                    (Quoting::FieldStart, b'"') => Quoting::Quoted,
                    (Quoting::QuoteInQuoted, b'"') => {
                        field.push(b'"');
                        Quoting::Quoted
                    }
                    (_, b',') => {
                        fields.push_field(&field);
                        field.clear();
                        Quoting::FieldStart
                    }
                    (_, b'\n' | b'\r') => {
                        used = i + 1;
                        terminator = Some(b);
                        break;
                    }
                    _ => {
                        field.push(b);
                        Quoting::Unquoted
                    }
                };
                bytes.push(b);
                if bytes.len() > max {
                    used = i + 1;
                    break;
                }
            }
            self.consume(used);
            if bytes.len() > self.max {
                return self.give_up(line, &bytes).map(Some);
            }
        }
        match terminator {
            None if bytes.is_empty() => return Ok(None),
            // The end of the input inside a quoted field that spans lines: a field left open.
            None if state == Quoting::Quoted && bytes.contains(&b'\n') => {
                return self.give_up(line, &bytes).map(Some)
            }
            None => {}
            Some(b) => {
                // `\r\n` is one line break.
                if b == b'\r' && self.peek()?.first() == Some(&b'\n') {
                    self.consume(1);
                }
                self.line += 1;
            }
        }
        self.line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        if bytes.is_empty() {
            return Ok(Some(Split::Blank));
        }
        fields.push_field(&field);
        Ok(Some(Split::Record { line, fields }))
    }

    /// Reports a record given up on, and queues its lines after the first to be read again;
    /// a record without a line break is skipped to the end of its line instead.
    fn give_up(&mut self, line: u64, bytes: &[u8]) -> io::Result<Split> {
        let reason = if bytes.len() > self.max {
            format!(
                "record longer than --max-record-bytes {} (a quoted field left open?); \
                 reading again from the next line",
                self.max
            )
        } else {
            "a quoted field is never closed; reading again from the next line".to_string()
        };
        self.line = line;
        match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) => {
                let next = if bytes[i..].starts_with(b"\r\n") {
                    i + 2
                } else {
                    i + 1
                };
                self.replay = [&bytes[next..], &self.replay[self.replay_at..]].concat();
                self.replay_at = 0;
            }
            None => loop {
                let chunk = self.peek()?;
                if chunk.is_empty() {
                    break;
                }
                match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        self.consume(i + 1);
                        break;
                    }
                    None => {
                        let n = chunk.len();
                        self.consume(n);
                    }
                }
            },
        }
        Ok(Split::Broken { line, reason })
    }
}

#[cfg(test)]
mod tests {
    use super::without_lone_surrogates as repair;

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        assert_eq!(
            repair(r#"{"text":"cut \ud83d"}"#).as_deref(),
            Some(r#"{"text":"cut \ufffd"}"#)
        );
        assert_eq!(
            repair(r#"{"text":"\ude00 and \ud83d\ud83d\ude00"}"#).as_deref(),
            Some(r#"{"text":"\ufffd and \ufffd\ud83d\ude00"}"#)
        );
        // A pair, an escaped backslash before `u`, other escapes and a stray `\` before a
        // multi-byte character are left alone.
        assert_eq!(repair(r#"{"text":"\ud83d\ude00 \\ud83d \n \"é"}"#), None);
        assert_eq!(repair("{\"text\":\"\\é\"}"), None);
    }
}
