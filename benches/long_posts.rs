//! Scan time of long posts must grow linearly with their length: a crawler can hand the library
//! a whole page or a chat export as one post. Each post below repeats one shape (the same text,
//! or entities that differ by a counter) that once made a stage quadratic: comparing every
//! allowlist phrase with every hit, every e-mail or handle with every span already taken, every
//! phone with every contact, or counting to the end of a run of digits for each of its groups.
//!
//! `cargo bench --bench long_posts` scans each post at two lengths, four times apart, takes the
//! median of five scans of each, and fails when the longer took more than 8 times as long
//! (linear is 4, quadratic 16). It prints MB/s at the longer length.

use std::time::Instant;

/// Repeated as written.
const REPEATED: &[&str] = &[
    "1 ",
    "-1",
    "1-2-3-",
    "a@b.co ",
    "https://t.me/abc ",
    "line id ",
    "telegram: @abc ",
    "@gmail.com",
    "每天500元",
    "日薪300元/天 ",
    "zero one two three ",
    "$1,000/month ",
    "+855 12 345 678 ",
    "5000 บาท ต่อวัน ",
    "ไลน์ ",
    "加微信",
    "１２ ",
];

type Shape = fn(usize) -> String;

/// Entities that differ by a counter, so none is a duplicate of another.
const NUMBERED: &[(&str, Shape)] = &[
    ("handle and phone", |i| {
        format!("pm me @h_{i} or call 09{i:08} ")
    }),
    ("LINE ID and phone", |i| {
        format!("line id: l{i} โทร 08{i:08} ")
    }),
    ("Zalo numbers", |i| format!("zalo: 09{i:08} ")),
    ("links", |i| {
        format!("https://t.me/a{i} https://site{i}.com/x ")
    }),
    ("e-mails", |i| format!("hr{i}@gmail.com ")),
    ("pay", |i| format!("月薪{i}元 ")),
    ("international and national numbers", |i| {
        format!("+84 9{i:08} 09{i:08} ")
    }),
    ("disguised links", |i| {
        format!("t . me/x{i} wa[.]me/6{i:09} ")
    }),
    ("hotspot phones", |i| format!("call +855 1{i:07} ")),
];

fn median_secs(detector: &lurescan::Detector, post: &str) -> f64 {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(detector.scan(post));
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[2]
}

fn main() {
    let detector = lurescan::Detector::new();
    let mut posts: Vec<(String, String, String)> = Vec::new();
    for shape in REPEATED {
        let post = |n: usize| shape.repeat(n / shape.len() + 1);
        posts.push((
            format!("`{}` repeated", shape.trim_end()),
            post(50_000),
            post(200_000),
        ));
    }
    for (name, shape) in NUMBERED {
        let post = |n: usize| (0..n).map(shape).collect::<String>();
        posts.push((name.to_string(), post(2_500), post(10_000)));
    }
    let mut slow = Vec::new();
    println!("| post | length | MB/s | time at 4x the length |");
    println!("|---|---:|---:|---:|");
    for (name, short, long) in &posts {
        let (t_short, t_long) = (median_secs(&detector, short), median_secs(&detector, long));
        let ratio = t_long / t_short;
        let mb_s = long.len() as f64 / t_long / 1e6;
        println!(
            "| {name} | {} KB | {mb_s:.1} | {ratio:.1}x |",
            long.len() / 1000
        );
        if ratio > 8.0 {
            slow.push(name.as_str());
        }
    }
    assert!(
        slow.is_empty(),
        "scan time grows faster than length: {slow:?}"
    );
}
