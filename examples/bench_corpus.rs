//! Writes the benchmark corpus (benches/corpus.rs) to a file, one post per line, for the Python
//! baselines: `cargo run --release --example bench_corpus -- OUT [MEGABYTES] [SEED]`.
//! It also writes `OUT.rules.json`: the folded keywords and the regexes of the built-in pack, so
//! the baselines search for exactly what lurescan searches for.

#[path = "../benches/corpus.rs"]
mod corpus;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args
        .first()
        .map(String::as_str)
        .unwrap_or("bench-data/corpus.txt");
    let mb: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(7);
    if let Some(dir) = std::path::Path::new(out).parent() {
        std::fs::create_dir_all(dir)?;
    }
    let posts = corpus::generate(mb << 20, seed);
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    for post in &posts {
        writeln!(file, "{post}")?;
    }
    let detector = lurescan::Detector::new();
    let mut keywords: Vec<String> = Vec::new();
    let mut patterns: Vec<String> = Vec::new();
    for rule in detector.rules().iter().filter(|r| r.is_enabled()) {
        keywords.extend(
            rule.keywords()
                .map(|(_, k)| lurescan::fold_keyword(k.trim_matches('*'))),
        );
        patterns.extend(rule.patterns().map(|(_, p)| p.to_string()));
    }
    keywords.sort();
    keywords.dedup();
    let rules = serde_json::json!({ "keywords": keywords, "patterns": patterns });
    std::fs::write(format!("{out}.rules.json"), rules.to_string())?;
    eprintln!(
        "{} posts, {} MB, {} keywords, {} patterns -> {out}",
        posts.len(),
        posts.iter().map(|p| p.len()).sum::<usize>() >> 20,
        keywords.len(),
        patterns.len()
    );
    Ok(())
}
