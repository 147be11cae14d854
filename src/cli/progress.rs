//! The progress bar (on a terminal only) and the summary at the end of a scan.

use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::Band;

/// Counts of a scan, for the summary and the exit code.
#[derive(Default, Debug, Clone, Copy)]
pub(crate) struct Counts {
    pub records: u64,
    pub low: u64,
    pub review: u64,
    pub high: u64,
    /// Records that read as a victim's help post, whatever their band.
    pub victim_posts: u64,
    pub errors: u64,
    pub written: u64,
}

impl Counts {
    pub fn add(&mut self, band: Band, victim_post: bool) {
        self.records += 1;
        self.victim_posts += u64::from(victim_post);
        match band {
            Band::Low => self.low += 1,
            Band::Review => self.review += 1,
            Band::High => self.high += 1,
        }
    }

    /// Records that reached `band`.
    pub fn at_least(&self, band: Band) -> u64 {
        match band {
            Band::Low => self.records,
            Band::Review => self.review + self.high,
            Band::High => self.high,
        }
    }
}

/// Redraws one line of stderr at most ten times a second.
pub(crate) struct Progress {
    enabled: bool,
    start: Instant,
    last: Option<Instant>,
    /// Bytes of the input files as stored (compressed for gzip), when known.
    total_raw: Option<u64>,
    raw_read: Arc<AtomicU64>,
}

impl Progress {
    pub fn new(enabled: bool, total_raw: Option<u64>, raw_read: Arc<AtomicU64>) -> Progress {
        Progress {
            enabled,
            start: Instant::now(),
            last: None,
            total_raw,
            raw_read,
        }
    }

    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Redraws the bar if it is on and was not drawn in the last 100 ms.
    pub fn update(&mut self, counts: &Counts, bytes: u64) {
        if !self.enabled
            || self
                .last
                .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(Instant::now());
        let seconds = self.start.elapsed().as_secs_f64();
        let mut line = format!(
            "\r{} records, {} flagged, {:.1} MB, {:.1} MB/s",
            counts.records + counts.errors,
            counts.review + counts.high,
            mb(bytes),
            mb(bytes) / seconds.max(1e-9)
        );
        if let Some(total) = self.total_raw.filter(|&t| t > 0) {
            let done = self.raw_read.load(Ordering::Relaxed).min(total) as f64 / total as f64;
            line += &format!(", {:.0}%", done * 100.0);
            if done > 0.0 {
                let left = seconds * (1.0 - done) / done;
                line += &format!(", ETA {}", clock(left));
            }
        }
        line += "\x1b[K";
        let _ = io::stderr().write_all(line.as_bytes());
    }

    /// Erases the bar.
    pub fn clear(&mut self) {
        if self.enabled && self.last.is_some() {
            let _ = io::stderr().write_all(b"\r\x1b[K");
        }
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The summary line printed on stderr at the end of a scan.
pub(crate) fn summary(counts: &Counts, bytes: u64, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    format!(
        "{} records screened: {} high, {} review, {} low; {} victims' help posts; {} errors; \
         {} written; {:.1} MB in {:.2} s ({:.1} MB/s)",
        counts.records,
        counts.high,
        counts.review,
        counts.low,
        counts.victim_posts,
        counts.errors,
        counts.written,
        mb(bytes),
        seconds,
        mb(bytes) / seconds.max(1e-9)
    )
}
