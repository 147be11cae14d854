//! End-to-end throughput of lurescan and the raw keyword floor, on 1 and 2 threads, on the
//! generated corpus of benches/corpus.rs. See benches/README.md.
//!
//! `LURESCAN_BENCH_MB` sets the corpus size (default 100). Every measured run checks its hit
//! count against a count made once beforehand by a slower, independent path, so a change that
//! is fast because it is wrong fails the bench.

#[path = "corpus.rs"]
mod corpus;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;

fn throughput(c: &mut Criterion) {
    let mb: usize = std::env::var("LURESCAN_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let posts = corpus::generate(mb << 20, 7);
    let bytes: usize = posts.iter().map(String::len).sum();
    let detector = lurescan::Detector::new();

    // Reference counts, made sequentially before anything is timed.
    let expected_hits: usize = posts.iter().map(|p| detector.scan(p).hits.len()).sum();
    let keywords: Vec<String> = detector
        .rules()
        .iter()
        .filter(|r| r.is_enabled())
        .flat_map(|r| {
            r.keywords()
                .map(|(_, k)| lurescan::fold_keyword(k.trim_matches('*')))
        })
        .collect();
    let floor = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::Standard)
        .build(&keywords)
        .unwrap();
    let count_floor =
        |ac: &AhoCorasick, post: &str| ac.find_overlapping_iter(&post.to_lowercase()).count();
    let reference = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .build(&keywords)
        .unwrap();
    let expected_floor: usize = posts.iter().map(|p| count_floor(&reference, p)).sum();
    eprintln!(
        "corpus: {} posts, {:.1} MB, {} keywords; {expected_hits} lurescan hits, {expected_floor} raw keyword matches",
        posts.len(),
        bytes as f64 / 1e6,
        keywords.len()
    );

    let mut group = c.benchmark_group("throughput");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(format!("lurescan_end_to_end/{threads}_threads"), |b| {
            b.iter(|| {
                let hits: usize =
                    pool.install(|| posts.par_iter().map(|p| detector.scan(p).hits.len()).sum());
                assert_eq!(hits, expected_hits);
            })
        });
        group.bench_function(format!("raw_aho_corasick_dfa/{threads}_threads"), |b| {
            b.iter(|| {
                let found: usize =
                    pool.install(|| posts.par_iter().map(|p| count_floor(&floor, p)).sum());
                assert_eq!(found, expected_floor);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
