//! Screens a few posts with the built-in pack and prints each report.
//!
//! `cargo run --release --example screen` (or pass your own posts as arguments).

use lurescan::Detector;

const POSTS: &[&str] = &[
    "Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, tiket dan visa ditanggung, \
     hubungi Telegram @hr_xxxx",
    "Tuyển nhân viên CSKH làm việc tại Campuchia, việc nhẹ lương cao 1000 USD, bao ăn ở, \
     không cần kinh nghiệm, liên hệ Zalo",
    "รับสมัครแอดมินออนไลน์ ทำงานที่กัมพูชา รายได้สูง มีที่พักและอาหารให้ ไม่ต้องมีประสบการณ์ ทักไลน์",
    "招聘客服，柬埔寨西港，月薪3万，包吃包住，包机票，无需经验，联系飞机@xxxx",
    "Police rescued 40 victims of fake job offers in Cambodia, the foreign ministry said.",
    "We are hiring a registered nurse for our Jakarta clinic. Apply with your CV on our website.",
];

fn main() {
    let detector = Detector::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let posts: Vec<&str> = if args.is_empty() {
        POSTS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    for (post, report) in posts.iter().zip(detector.scan_batch(&posts)) {
        println!("{}", "=".repeat(78));
        println!("{}", report.explain(post, |s| format!("[{s}]")));
        println!("{}", report.to_json());
    }
}
