//! The seeded, generated multilingual corpus every benchmark runs on (criterion here, the Python
//! baselines through `examples/bench_corpus.rs`, which writes it to a file). Posts mix ordinary
//! chat and job ads in English, Indonesian, Vietnamese with and without diacritics, Thai,
//! Chinese, Burmese and Khmer, with emojis, URLs and phone numbers; about 4 % are lures.
//! Everything is synthetic.

/// A small, fast, seeded generator (xorshift64*): the corpus must be identical on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ORDINARY: &[&str] = &[
    "Hi, are we still meeting for lunch tomorrow? Let me know.",
    "We are hiring a senior accountant for our Jakarta office. Send your CV to the HR team.",
    "The train was late again this morning, I will be there by nine.",
    "Mari makan malam bersama keluarga hari Minggu ini di rumah nenek.",
    "Dibutuhkan perawat berpengalaman untuk klinik kami di Surabaya, lamaran via website resmi.",
    "Chúc mừng sinh nhật bạn, chúc bạn luôn vui vẻ và thành công!",
    "Chuc mung sinh nhat ban, hen gap lai cuoi tuan nhe",
    "Công ty tuyển kế toán có kinh nghiệm 3 năm, nộp hồ sơ tại văn phòng.",
    "ขอบคุณมากครับ พรุ่งนี้เจอกันที่ออฟฟิศตอนเก้าโมง",
    "ร้านกาแฟเปิดใหม่ใกล้บ้าน ลองไปชิมกันไหม",
    "今天天气很好，我们去公园散步吧。",
    "公司招聘会计一名，要求三年以上经验，请投递简历。",
    "မင်္ဂလာပါ ဒီနေ့ ရာသီဥတု သာယာပါတယ်",
    "សួស្តី ថ្ងៃនេះ អាកាសធាតុល្អណាស់",
    "Meeting moved to 3pm, agenda at https://example.org/agenda 🙂",
    "Promo hemat! Beli 1 gratis 1 hanya hari ini di toko kami 🎉🎉",
    "Call the front desk at +65 6000 0000 if you need a taxi.",
    "Police warn the public about fake job offers abroad, victims were rescued last week.",
];

const LURES: &[&str] = &[
    "Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, tiket dan visa ditanggung, hubungi Telegram @hr_example",
    "Tuyển nhân viên CSKH làm việc tại Campuchia, việc nhẹ lương cao 1000 USD, bao ăn ở, không cần kinh nghiệm, liên hệ Zalo",
    "Tuyen nhan vien CSKH lam viec tai Campuchia, viec nhe luong cao, bao an o, lien he zalo",
    "รับสมัครแอดมินออนไลน์ ทำงานที่กัมพูชา รายได้สูง มีที่พักและอาหารให้ ไม่ต้องมีประสบการณ์ ทักไลน์",
    "招聘客服，柬埔寨西港，月薪3万，包吃包住，包机票，无需经验，联系飞机 @example_hr",
    "Part-time job, work from home, earn 3000-5000 every day, contact https://wa.me/+63900000000",
    "Customer service in Phnom Penh, 2,500 USD/month, no experience, contact +855 12 000 000 on t.me/example_jobs",
];

/// Posts until their text adds up to at least `bytes` bytes.
pub fn generate(bytes: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut posts = Vec::new();
    let mut total = 0;
    while total < bytes {
        let parts = 1 + rng.below(4);
        let mut post = String::new();
        for i in 0..parts {
            if i > 0 {
                post.push(' ');
            }
            // About 4 % of posts carry a lure.
            let lure = i == 0 && rng.below(25) == 0;
            post.push_str(if lure {
                rng.pick(LURES)
            } else {
                rng.pick(ORDINARY)
            });
        }
        total += post.len();
        posts.push(post);
    }
    posts
}
