//! `lurescan scan`: reads chunks of records, screens each chunk on a local rayon pool, writes the
//! results in input order, then reads the next chunk. Memory is bounded by the chunk size, never
//! by the input's.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use rayon::prelude::*;

use super::input::{self, Input, Item, Record, CHUNK_BYTES, CHUNK_RECORDS};
use super::output::{self, Rendered, Sink};
use super::progress::{self, Counts, Progress};
use super::{wanted, Failure, ScanArgs};
use crate::{Band, ContactIndex};

const OUTPUT_BUFFER: usize = 256 * 1024;

pub(super) fn run(args: &ScanArgs) -> Result<i32, Failure> {
    let paths = args.input.paths()?;
    let detector = args.packs.detector()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .thread_name(|i| format!("lurescan-{i}"))
        .build()
        .map_err(|e| Failure::new("cannot start the worker threads").because(e))?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::with_capacity(
            OUTPUT_BUFFER,
            File::create(path).map_err(|e| cannot_write(path, e))?,
        )),
        None => Box::new(BufWriter::with_capacity(OUTPUT_BUFFER, io::stdout().lock())),
    };
    let write_failure = |e: io::Error| match &args.output {
        Some(path) => cannot_write(path, e),
        None => Failure::from(e),
    };
    let mut sink = Sink::new(args.output_format, out).map_err(write_failure)?;

    let fields = args.input.fields(&args.id_field, args.max_record_bytes);
    let raw_read = Arc::new(AtomicU64::new(0));
    let total_raw = paths
        .iter()
        .map(|p| p.and_then(|p| std::fs::metadata(p).ok()).map(|m| m.len()))
        .sum::<Option<u64>>();
    let mut progress = Progress::new(
        wanted(args.progress, io::stderr().is_terminal()),
        total_raw,
        raw_read.clone(),
    );

    // Recruiter fingerprints: contact keys of flagged records, and where each record is.
    let mut contacts = ContactIndex::default();
    let mut flagged: Vec<serde_json::Value> = Vec::new();
    let mut counts = Counts::default();
    let mut bytes_done = 0u64;
    let mut failed = false;
    let mut report_failure = |progress: &mut Progress, failure: Failure| {
        progress.clear();
        let _ = writeln!(io::stderr(), "lurescan: {failure}");
        failed = true;
    };
    for path in paths {
        let name = path.map_or_else(|| "-".to_string(), |p| p.display().to_string());
        let mut input = match Input::open(path, args.input.format, &fields, raw_read.clone()) {
            Ok(input) => input,
            Err(e) => {
                report_failure(&mut progress, Failure::new(name).because(e));
                continue;
            }
        };
        let format = input.format();
        let mut chunk: Vec<Item> = Vec::with_capacity(CHUNK_RECORDS);
        loop {
            let (more, error) = match input.read_chunk(&mut chunk, CHUNK_RECORDS, CHUNK_BYTES) {
                Ok(more) => (more, None),
                // Screen what was read before the error, then move on to the next file.
                Err(e) => (false, Some(e)),
            };
            let items = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_RECORDS));
            type Result = (
                Option<(Band, bool)>,
                Option<Rendered>,
                Option<(serde_json::Value, Vec<String>)>,
            );
            let results: Vec<Result> = pool.install(|| {
                items
                    .into_par_iter()
                    .map(|item| {
                        let record = input::parse(item, format, &fields);
                        match &record {
                            Record::Post { text, line, id, .. } => {
                                let report = detector.scan(text);
                                // A victim's help post needs a responder whatever its band.
                                let keep = report.band >= args.min_band || report.victim_post;
                                let rendered = keep.then(|| {
                                    output::render(
                                        args.output_format,
                                        &name,
                                        &record,
                                        Some(&report),
                                    )
                                });
                                let fingerprint = (args.contacts.is_some()
                                    && report.band >= args.fail_band
                                    && !report.contact_keys.is_empty())
                                .then(|| {
                                    let at =
                                        serde_json::json!({"file": name, "line": line, "id": id});
                                    (at, report.contact_keys.clone())
                                });
                                (
                                    Some((report.band, report.victim_post)),
                                    rendered,
                                    fingerprint,
                                )
                            }
                            Record::Bad { .. } => (
                                None,
                                Some(output::render(args.output_format, &name, &record, None)),
                                None,
                            ),
                        }
                    })
                    .collect()
            });
            for (band, rendered, fingerprint) in results {
                if let Some((at, keys)) = fingerprint {
                    contacts.add(flagged.len(), &keys);
                    flagged.push(at);
                }
                match band {
                    Some((band, victim_post)) => counts.add(band, victim_post),
                    None => counts.errors += 1,
                }
                if let Some(rendered) = rendered {
                    sink.write(&rendered).map_err(write_failure)?;
                    counts.written += 1;
                }
            }
            progress.update(&counts, bytes_done + input.bytes_read());
            if let Some(e) = error {
                report_failure(
                    &mut progress,
                    Failure::new(format!(
                        "{name}: cannot read past byte {}",
                        input.bytes_read()
                    ))
                    .because(e),
                );
            }
            if !more {
                break;
            }
        }
        bytes_done += input.bytes_read();
    }
    sink.flush().map_err(write_failure)?;
    if let Some(path) = &args.contacts {
        write_contacts(path, &contacts, &flagged, args.contacts_min_posts)
            .map_err(|e| cannot_write(path, e))?;
    }
    progress.clear();
    if !args.quiet {
        let _ = writeln!(
            io::stderr(),
            "lurescan: {}",
            progress::summary(&counts, bytes_done, progress.elapsed())
        );
    }
    Ok(if failed {
        2
    } else if counts.at_least(args.fail_band) > 0 {
        1
    } else {
        0
    })
}

/// One JSON line per contact shared by at least `min_posts` flagged records:
/// `{"key":"telegram:example_hr","posts":2,"records":[{"file","line","id"},...]}`.
fn write_contacts(
    path: &Path,
    contacts: &ContactIndex,
    flagged: &[serde_json::Value],
    min_posts: usize,
) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    for shared in contacts.shared(min_posts) {
        let records: Vec<&serde_json::Value> = shared.posts.iter().map(|&i| &flagged[i]).collect();
        let line =
            serde_json::json!({"key": shared.key, "posts": records.len(), "records": records});
        writeln!(out, "{line}")?;
    }
    out.flush()
}

fn cannot_write(path: &Path, err: io::Error) -> Failure {
    Failure::new(format!("cannot write {}", path.display())).because(err)
}
