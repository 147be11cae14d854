//! Money: amounts with currency, multiplier and period as job ads write them (`Rp 15 juta/bulan`,
//! `15jt`, `15tr`, `8-10 triệu`, `$1,500/month`, `1.000 USD`, `月薪3万`, `1-2万`, `฿30,000`,
//! `30k บาท`, `RM15,000`, `₱50,000`, `P1,500` in a Philippine post, `800k/ngày`, `3000u`,
//! `5000 pesos ... every day`), normalized to US dollars per month.
//!
//! A bare number is not money: it needs a currency (a symbol, a code, a name, or a unit that
//! implies one, like `juta` or `万`), or a multiplier and a pay word or period. So years, dates
//! and counts stay out; prices of goods and allowances (meals, transport) are money but not pay
//! (`salary` false).

use std::sync::OnceLock;

use regex::{Captures, Regex};

use super::gazetteer::{Hints, LazyHints};
use super::{line_before, tables, Money, Period};
use crate::report::Span;
use crate::script::{digit_value, is_clause_mark, Script};

// Burmese writes the currency before the amount as often as after it (ဒေါ်လာ ၁၀၀၀, ကျပ် ၅ သိန်း).
const PREFIX: &str =
    r"us\$|s\$|usdt|usd|rp\.?|idr|rm|myr|₱|php|฿|thb|¥|rmb|cny|sgd|aed|€|£|₹|₫|vnd|ဒေါ်လာ|ကျပ်|\$";
/// The digits `script::digit_value` reads (ASCII, Arabic, Devanagari, Bengali, Thai, Lao, Burmese,
/// Khmer): a number of any other script could not be parsed, and every match must start near a
/// digit of the post's digit list (see `extract`).
const DIGIT: &str = r"[0-9\x{660}-\x{669}\x{6F0}-\x{6F9}\x{966}-\x{96F}\x{9E6}-\x{9EF}\x{E50}-\x{E59}\x{ED0}-\x{ED9}\x{1040}-\x{1049}\x{1090}-\x{1099}\x{17E0}-\x{17E9}]";
const NUMBER: &str = r"{d}{1,3}(?:[.,]{d}{3})+(?:[.,]{d}{1,2})?|{d}+(?:[.,]{d}{1,2})?";
const MULTIPLIER: &str = r"juta|jt|ribu|rb|triệu|trieu|tr|nghìn|ngàn|nghin|ngan|củ|million|mil|k|m|百万|万|萬|千|พัน|หมื่น|แสน|ล้าน|lakh|သိန်း|ម៉ឺន|សែន|លាន|ພັນ|ແສນ|ລ້ານ";
const SUFFIX: &str = r"usdt|usd|us\$|\$|u|vnđ|vnd|đồng|đô|đ|₫|baht|บาท|บ\.|฿|rupiah|ringgit|pesos|peso|php|人民币|人民幣|元|块|塊|rmb|cny|美元|美金|刀|泰铢|泰銖|越南盾|印尼盾|比索|令吉|riel|៛|ដុល្លារ|kip|₭|kyat|ks|dirham|aed|sgd|yuan|dollars|dollar|dolar|ดอลลาร์|ดอลล่าร์|ဒေါ်လာ|ကျပ်|រៀល|ໂດລາ|ກີບ";
const RANGE: &str = r"--|——|-|–|—|~|to|đến|den|tới|sampai|hingga|hanggang|s/d|至|到|ถึง";

const PERIOD_WORDS: &str = r"(?P<h>hours|hour|hrs|hr|jam|giờ|gio|ชั่วโมง|小时|小時|oras)|(?P<d>days|day|daily|harian|hari|ngày|ngay|วัน|天|日|araw|ថ្ងៃ|ມື້)|(?P<w>weeks|week|weekly|wk|mingguan|minggu|pekan|tuần|tuan|สัปดาห์|อาทิตย์|周|週|星期|linggo)|(?P<m>months|month|monthly|mo|mth|bulanan|bulan|bln|tháng|thang|เดือน|月|buwan|ខែ|ເດືອນ)|(?P<y>years|year|yearly|annum|annually|yr|tahunan|tahun|năm|ปี|年|taon)";

struct Patterns {
    money: Regex,
    period_after: Regex,
    before: Regex,
    period_later: Regex,
    work: Regex,
    price: Regex,
    allowance: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let number = NUMBER.replace("{d}", DIGIT);
        Patterns {
            money: Regex::new(&format!(
                r"(?:(?P<pre>{PREFIX})\s?|(?P<pp>p))?(?P<a>{number})(?:\s?(?P<am>{MULTIPLIER}))?(?:\s?(?P<ac>{SUFFIX}))?(?:\s?(?:{RANGE})\s?(?:(?P<pre2>{PREFIX})\s?|(?P<pp2>p))?(?P<b>{number})(?:\s?(?P<bm>{MULTIPLIER}))?)?(?:\s?(?P<suf>{SUFFIX}))?"
            ))
            .expect("money regex compiles"),
            period_after: Regex::new(&format!(
                r"^\+?\s?(?:/\s?|per\s|a\s|an\s|mỗi\s|moi\s|một\s|mot\s|1\s?|se|每|一个|一個|一|ต่อ\s?|kada\s|bawat\s|tiap\s|setiap\s|each\s|sa\s|isang\s)?(?:{PERIOD_WORDS})"
            ))
            .expect("period regex compiles"),
            // Pay words, grouped by the period they state (`s`: none). `em`, `ed`, `ew` (every
            // month, day, week) state a period and are no pay words.
            before: Regex::new(
                r"(?P<em>每月)|(?P<ed>每天|每日)|(?P<ew>每周|每週)|(?P<m>月薪|月入|月收入|底薪|保底|lương tháng|luong thang|(?-u:\b)gaji bulanan|(?-u:\b)monthly (?:salary|pay|income)|เงินเดือน|buwanang|ប្រាក់ខែ|ເງິນເດືອນ|လစာ)|(?P<d>日薪|日结|日結|日入|lương ngày|(?-u:\b)gaji harian|(?-u:\b)daily (?:pay|income|salary|wage)|ค่าแรงรายวัน|รายวัน|วันละ|arawang)|(?P<w>周薪|週薪|(?-u:\b)gaji mingguan|(?-u:\b)weekly (?:pay|salary))|(?P<y>年薪|年收入|年均收入|(?-u:\b)annual (?:salary|pay)|(?-u:\b)gaji tahunan|lương năm)|(?P<h>时薪|時薪|(?-u:\b)hourly)|(?P<s>(?-u:\b)(?:gaji|salary|salaries|wages?|lương|luong|thu nhập|thu nhap|income|earn|earnings|penghasilan|pendapatan|upah|sahod|sweldo|suweldo|kumita|kikita|komisi|commission|bonus|thưởng|hoa hồng)|薪|工资|工資|收入|待遇|รายได้|ค่าจ้าง|ค่าตอบแทน|ค่าแรง)",
            )
            .expect("pay-word regex compiles"),
            // Only explicit "every day" phrases: a bare "day" further on is often a working day.
            period_later: Regex::new(
                r"(?:(?-u:\b)(?:every|each|per)\s(?:(?P<d>day)|(?P<w>week)|(?P<m>month))(?-u:\b)|(?P<d2>(?-u:\b)daily(?-u:\b)|araw-araw|araw araw|(?-u:\b)(?:kada|bawat) araw|(?-u:\b)(?:setiap|tiap) hari|mỗi ngày|moi ngay|hằng ngày|hàng ngày|ทุกวัน)|(?P<m2>(?-u:\b)(?:setiap|tiap) bulan|(?-u:\b)(?:kada|bawat) buwan|mỗi tháng|hàng tháng|ทุกเดือน))",
            )
            .expect("later-period regex compiles"),
            // "... every day" after these is when one works, not what one earns.
            work: Regex::new(r"(?-u:\b)(?:work|working|kerja|bekerja|làm|trabaho|magtrabaho)(?-u:\b)|ทำงาน|工作|上班")
                .expect("work regex compiles"),
            // Words that make the amount after them a price, a fee, a discount or a prize, not
            // pay: `cước thuê bao chỉ từ 220.000đ/tháng` is a phone plan. Vietnamese only with its
            // marks (`gia` and `cuoc` without them are also `tham gia`, `cuộc sống`), and not `phí`
            // (`miễn phí`, free) nor `gói` (`đóng gói tại nhà`, packing at home, is a lure's job).
            price: Regex::new(
                r"(?-u:\b)(?:price|prices|discount|discounts|prize|prizes|jackpot|diskon|hadiah|fee|fees|cost|costs|rent|rental|charge|charges|subscription|harga|harganya|biaya|tarif|sewa|paket|yuran|cicilan|angsuran|presyo|singil)(?-u:\b)|(?-u:\b)(?:giá|cước|chỉ từ|trả góp|trúng thưởng|giải thưởng)|ราคา|ส่วนลด|รางวัล|ค่าบริการ|ค่าเช่า|ค่าธรรมเนียม|ค่าส่ง|แพ็กเกจ|แพ็คเกจ|价格|價格|售价|售價|优惠|優惠|折扣|中奖|中獎|奖品|獎品|费用|費用|租金|资费|資費|套餐|月租|តម្លៃ|ລາຄາ|ဈေးနှုန်း",
            )
            .expect("price regex compiles"),
            // Allowances paid on top of the wage (meals, transport, housing, night shifts): the
            // amount right after one is not the pay (`夜班补贴10元/天`, `Meal allowance $5 per day`).
            allowance: Regex::new(
                r"(?-u:\b)(?:allowance|allowances|per diem|reimbursement|subsidy|subsidies|tunjangan|uang makan|uang transport|uang saku|elaun)(?-u:\b)|(?-u:\b)(?:phụ cấp|phu cap|trợ cấp|tro cap)|เบี้ยเลี้ยง|ค่าอาหาร|ค่าเดินทาง|ค่ารถ|补贴|補貼|补助|補助|津贴|津貼|餐补|餐補|饭补|飯補|房补|房補|话补|話補|车补|車補|餐费|餐費|ប្រាក់ឧបត្ថម្ភ|ເບ້ຍລ້ຽງ|စရိတ်",
            )
            .expect("allowance regex compiles"),
        }
    })
}

/// A period stated later in the amount's clause ("you can get 5000 pesos by completing simple
/// tasks every day"): the clause ends at a clause mark or another number.
fn period_later(p: &Patterns, text: &str, end: usize) -> Option<Period> {
    let rest = &text[end..];
    let stop = rest
        .find(|c: char| c.is_ascii_digit() || is_clause_mark(c))
        .unwrap_or(rest.len());
    let clause = &rest[..super::floor_boundary(rest, stop.min(64))];
    let c = p.period_later.captures(clause)?;
    if p.work
        .is_match(&clause[..c.get(0).expect("group 0").start()])
    {
        return None;
    }
    if c.name("d").or(c.name("d2")).is_some() {
        Some(Period::Day)
    } else if c.name("w").is_some() {
        Some(Period::Week)
    } else {
        Some(Period::Month)
    }
}

fn period_of(c: &Captures<'_>) -> Option<Period> {
    [
        ("h", Period::Hour),
        ("d", Period::Day),
        ("ed", Period::Day),
        ("w", Period::Week),
        ("ew", Period::Week),
        ("m", Period::Month),
        ("em", Period::Month),
        ("y", Period::Year),
    ]
    .into_iter()
    .find(|(g, _)| c.name(g).is_some())
    .map(|(_, p)| p)
}

fn currency_code(s: &str) -> Option<&'static str> {
    Some(match s.trim_end_matches('.') {
        "$"
        | "us$"
        | "usd"
        | "dollar"
        | "dollars"
        | "dolar"
        | "đô"
        | "美元"
        | "美金"
        | "刀"
        | "ដុល្លារ"
        | "ดอลลาร์"
        | "ดอลล่าร์"
        | "ဒေါ်လာ"
        | "ໂດລາ" => "USD",
        "usdt" | "u" => "USDT",
        "rp" | "idr" | "rupiah" | "印尼盾" => "IDR",
        "rm" | "myr" | "ringgit" | "令吉" => "MYR",
        "₱" | "p" | "php" | "peso" | "pesos" | "比索" => "PHP",
        "฿" | "thb" | "baht" | "บาท" | "บ" | "泰铢" | "泰銖" => "THB",
        "¥" | "rmb" | "cny" | "人民币" | "人民幣" | "元" | "块" | "塊" | "yuan" => "CNY",
        "s$" | "sgd" => "SGD",
        "aed" | "dirham" => "AED",
        "€" => "EUR",
        "£" => "GBP",
        "₹" => "INR",
        "₫" | "đ" | "vnd" | "vnđ" | "đồng" | "越南盾" => "VND",
        "riel" | "៛" | "រៀល" => "KHR",
        "kip" | "₭" | "ກີບ" => "LAK",
        "kyat" | "ks" | "ကျပ်" => "MMK",
        _ => return None,
    })
}

/// The factor of a multiplier and the currency it implies, if any.
fn multiplier(s: &str) -> (f64, Option<&'static str>) {
    match s {
        "juta" | "jt" => (1e6, Some("IDR")),
        "ribu" | "rb" => (1e3, Some("IDR")),
        "triệu" | "trieu" | "tr" | "củ" => (1e6, Some("VND")),
        "nghìn" | "ngàn" | "nghin" | "ngan" => (1e3, Some("VND")),
        "百万" => (1e6, Some("CNY")),
        "万" | "萬" => (1e4, Some("CNY")),
        "千" => (1e3, Some("CNY")),
        "พัน" => (1e3, Some("THB")),
        "หมื่น" => (1e4, Some("THB")),
        "แสน" => (1e5, Some("THB")),
        "ล้าน" => (1e6, Some("THB")),
        "lakh" => (1e5, Some("INR")),
        "သိန်း" => (1e5, Some("MMK")),
        "ម៉ឺន" => (1e4, Some("KHR")),
        "សែន" => (1e5, Some("KHR")),
        "លាន" => (1e6, Some("KHR")),
        "ພັນ" => (1e3, Some("LAK")),
        "ແສນ" => (1e5, Some("LAK")),
        "ລ້ານ" => (1e6, Some("LAK")),
        "million" | "mil" | "m" => (1e6, None),
        _ => (1e3, None), // k
    }
}

/// `1,500` = 1500, `1.000` = 1000, `15.000.000` = 15000000, `2,5` = 2.5, `1,500.50` = 1500.5;
/// digits of other scripts too (`၁၀၀၀` = 1000, `๕,๐๐๐` = 5000).
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let ascii: String;
    let s = if s.is_ascii() {
        s
    } else {
        ascii = s
            .chars()
            .map(|c| digit_value(c).map_or(c, |d| char::from(b'0' + d)))
            .collect();
        &ascii
    };
    let parts: Vec<&str> = s.split(['.', ',']).collect();
    let (last, init) = parts.split_last()?;
    let text = if parts.len() == 1 || (last.len() == 3 && init[1..].iter().all(|p| p.len() == 3)) {
        parts.concat()
    } else {
        format!("{}.{}", init.concat(), last)
    };
    text.parse().ok()
}

/// The period of pay that states none: a month, except for five figures or more in dollars,
/// pounds or euros, which job ads in the countries of those currencies quote by the year
/// (`Salary: $44,624 - $53,764`, `£30,000 - £40,000`). Lures quote such currencies by the month
/// ("$1,500", "3000 USD") and stay far below.
fn unstated(amount: f64, currency: &str) -> Period {
    if amount >= 10_000.0 && matches!(currency, "USD" | "GBP" | "EUR") {
        Period::Year
    } else {
        Period::Month
    }
}

/// Below this, in US dollars a month, an amount is not pay (see where it is used).
const MIN_PAY_USD_PER_MONTH: f64 = 30.0;

/// Period words that say "per period" by themselves, with no `/`, `per` or `每` before them.
const RATE_ADVERBS: &[&str] = &[
    "daily", "harian", "weekly", "mingguan", "monthly", "bulanan", "yearly", "annually", "annum",
    "tahunan",
];

/// Chinese measure words: after a number they count people, places, things or times, so the
/// number is not an amount of money. With them `号` (`10号`, the 10th of the month, pay day) and
/// `倍` (`1.5倍`, times).
const MEASURE_WORDS: &str =
    "人名个個家座间間套次件台辆輛位张張所栋棟层層户戶条條种種项項单單份平米岁歲号號倍";

/// The part of `window` after its last clause break: a full stop, comma, semicolon, question or
/// exclamation mark (in the pattern view, NFKC has made the full-width ones ASCII), unless a
/// letter or digit follows it at once (`5,000`, `Rp.5`, `t.me`). Colons do not break:
/// `月薪：8000`, `Salary: $900`.
fn current_clause(window: &str) -> &str {
    let mut cut = 0;
    let mut chars = window.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let glued = chars
            .peek()
            .is_some_and(|&(_, n)| n.is_ascii_alphanumeric());
        if matches!(c, '。' | '\n') || (matches!(c, '.' | ',' | ';' | '!' | '?') && !glued) {
            cut = i + c.len_utf8();
        }
    }
    &window[cut..]
}

/// Whether a word ending here is cut off: a letter of a spaced script follows.
fn runs_on(text: &str, end: usize) -> bool {
    text[end..].chars().next().is_some_and(|c| {
        c.is_alphabetic() && (c.is_ascii() || matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF))
    })
}

/// The currency of a country hint, when the post points to exactly one country with a currency.
fn hinted_currency(hints: &Hints) -> Option<&'static str> {
    let wages = tables::wages();
    let mut found = hints
        .languages
        .iter()
        .filter_map(|iso| wages.country.get(*iso).map(|c| c.currency.as_str()));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// The groups of a match of the money pattern.
enum Groups<'t> {
    /// A match of the amount alone.
    Bare(regex::Match<'t>),
    Captures(Captures<'t>),
}

impl<'t> Groups<'t> {
    fn name(&self, name: &str) -> Option<regex::Match<'t>> {
        match self {
            Groups::Bare(m) => (name == "a").then_some(*m),
            Groups::Captures(c) => c.name(name),
        }
    }
}

/// How far before its first digit a match can start: the longest prefix (`ဒေါ်လာ`, 18 bytes) and
/// a space of up to 3.
const LOOKBEHIND: usize = 21;

/// The amounts of `text`, given where its digits start (ascending; `phone::digits`).
pub(crate) fn extract(
    text: &str,
    digit_starts: impl Iterator<Item = usize>,
    hints: &LazyHints<'_>,
    place: &dyn Fn(usize, usize) -> (Span, String),
) -> Vec<Money> {
    let p = patterns();
    let mut out = Vec::new();
    let mut prev_end = 0;
    // The matches `find_iter` would give, but the regex runs only from just before each digit
    // that no match took yet: every match holds a digit of `DIGIT` and starts at most
    // `LOOKBEHIND` bytes before the first one, so the text between numbers is never scanned.
    let mut searched_to = 0;
    let mut digit_starts = digit_starts;
    let matches = std::iter::from_fn(|| {
        let d = digit_starts.find(|&d| d >= searched_to)?;
        let from = super::floor_boundary(text, d.saturating_sub(LOOKBEHIND).max(searched_to));
        let m = p.money.find_at(text, from)?;
        searched_to = m.end();
        Some(m)
    });
    for whole in matches {
        // Most matches are bare numbers (a time, a count, a year): their only group is the
        // amount, so the costly capture search runs only for the others. No group but the
        // amount can match digits, dots and commas alone.
        let bare = whole
            .as_str()
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
        let c = if bare {
            Groups::Bare(whole)
        } else {
            // The leftmost-first match starting where `whole` starts is `whole`.
            let caps = p.money.captures_at(text, whole.start());
            Groups::Captures(caps.expect("the match found again"))
        };
        let a = c.name("a").expect("the amount is required");
        // Cut the match after the last part that does not run into a word.
        let mut end = a.end();
        let mut parts: Vec<(&str, regex::Match<'_>)> = Vec::new();
        for name in ["am", "ac", "b", "bm", "suf"] {
            let Some(m) = c.name(name) else { continue };
            let latin_word = m.as_str().starts_with(|ch: char| ch.is_ascii_alphabetic())
                || m.as_str().starts_with('đ');
            let glued_u = m.as_str() == "u" && m.start() != end;
            if (latin_word && runs_on(text, m.end())) || glued_u {
                break;
            }
            end = m.end();
            parts.push((name, m));
        }
        let part = |name: &str| {
            parts
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, m)| m.as_str())
        };
        let mut start = whole.start();
        // `P1,500` (a `p` glued to the number) is pesos in a Philippine post; anywhere else a
        // `p` before a number is a page, a grade or a model.
        let peso = |name: &str| {
            c.name(name).filter(|_| {
                let hints = hints.get();
                hints.languages.contains(&"PH") || hints.named.contains(&"PH")
            })
        };
        let pre = c.name("pre").or_else(|| peso("pp")).filter(|m| {
            !(m.as_str().starts_with(|ch: char| ch.is_ascii_alphabetic())
                && text[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(|ch| ch.is_ascii_alphanumeric()))
        });
        if pre.is_none() {
            start = a.start();
        }
        let mut back = text[..start].chars().rev();
        let (before, before2) = (back.next(), back.next());
        // Digits after `5,` `1.` or `8:` are the rest of a number or the minutes of a time.
        let inside_number = matches!(before, Some('.' | ',' | ':'))
            && before2.is_some_and(|ch| ch.is_ascii_digit());
        // `*471*73#` is a code to dial, not an amount.
        let dial_code = before == Some('*') && text[a.end()..].starts_with(['*', '#']);
        if inside_number
            || dial_code
            || before.is_some_and(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '/' | '#'))
        {
            continue;
        }
        let pre2 = c
            .name("pre2")
            .or_else(|| peso("pp2"))
            .filter(|_| part("b").is_some())
            .map(|m| m.as_str());
        let explicit = pre
            .map(|m| m.as_str())
            .or(pre2)
            .or(part("ac"))
            .or(part("suf"))
            .and_then(currency_code);
        let mult = part("am").or(part("bm"));
        // A number followed by a Chinese measure word counts something: `13万人次` (visits),
        // `2000家酒店`, `500单`.
        if explicit.is_none() && text[end..].starts_with(|c| MEASURE_WORDS.contains(c)) {
            continue;
        }
        // A number before a colon and two digits is a time of day: `每天8：30面试` (NFKC makes
        // the full-width colon ASCII).
        let rest = &text.as_bytes()[end..];
        if explicit.is_none()
            && rest.len() >= 3
            && rest[0] == b':'
            && rest[1..3].iter().all(u8::is_ascii_digit)
        {
            continue;
        }
        // A bare number right after "month" in Vietnamese names the month: `lương tháng 13` is
        // the 13th-month salary, `tháng 6` June.
        if explicit.is_none() && mult.is_none() && after_month_word(&text[..start]) {
            continue;
        }
        // No wage is one digit without a currency or a unit: `奖金3、包吃包住` numbers a list.
        if explicit.is_none() && mult.is_none() && a.len() == 1 && part("b").is_none() {
            continue;
        }
        // A multiplier on the high end of a range applies to both: `1-2万`, `8-10 triệu`.
        let (factor, implied) = mult.map_or((1.0, None), multiplier);
        let Some(low) = parse_number(a.as_str()) else {
            continue;
        };
        let high = part("b").and_then(parse_number);
        let (a_factor, b_factor) = match (part("am"), part("bm")) {
            (Some(x), Some(y)) => (multiplier(x).0, multiplier(y).0),
            _ => (factor, factor),
        };
        let mut amount = low * a_factor;
        let mut amount_max = high.map_or(amount, |h| h * b_factor);
        if amount_max < amount {
            std::mem::swap(&mut amount, &mut amount_max);
        }

        // Period after the amount, then pay words and periods before it (same line, not past
        // the previous amount).
        let mut period = None;
        let mut period_word = "";
        if let Some(pc) = p.period_after.captures(&text[end..]) {
            let m = pc.get(0).expect("group 0");
            let word_end = end + m.end();
            let w = pc.iter().skip(1).flatten().last();
            let word = w.map_or("", |w| w.as_str());
            let latin = word.starts_with(|ch: char| ch.is_ascii_alphabetic());
            // `วันนี้` is today and `วันที่` a date, not a day's pay.
            let thai_day_of =
                word == "วัน" && ["นี้", "ที่"].iter().any(|w| text[word_end..].starts_with(w));
            let whole_word = !(thai_day_of || (latin && runs_on(text, word_end)));
            let followed_by_digit = text[word_end..]
                .trim_start()
                .starts_with(|ch: char| ch.is_ascii_digit());
            // A bare number with a unit right after it and no `/`, `per` or `每` between is a
            // length of time, not a rate: `每天工作8小时` (8 hours), `提前25天` (25 days notice),
            // `每月上260小时`. `daily`, `bulanan` and their kin are rates by themselves.
            // `+` is "or more" (`2000+ ต่อวัน`, `8+ hours`), not a rate's mark.
            let marked = !text[end..end + w.map_or(0, |w| w.start())]
                .trim_matches(|c: char| c == '+' || c.is_whitespace())
                .is_empty();
            let bare = explicit.is_none() && mult.is_none();
            if whole_word && bare && !marked && !RATE_ADVERBS.contains(&word) {
                continue;
            }
            // A digit right after an unmarked unit makes a date (`5月22日`); after `/月` it is the
            // next amount (`5400块/月22块…`).
            if whole_word && (marked || !followed_by_digit) {
                period = period_of(&pc);
                period_word = word;
                end = word_end;
            }
        }
        let line = line_before(text, start, 48);
        let window = &text[(start - line.len()).max(prev_end.min(start))..start];
        // Not past the clause either: in `每周一至四休息一天，工资5000` the week is when one rests.
        let window = current_clause(window);
        // Where the last pay word ends, if there is one.
        let mut last_pay = None;
        for bc in p.before.captures_iter(window) {
            // 销售收入 and 营业收入 are a company's revenue, not anyone's pay.
            let m = bc.get(0).expect("group 0");
            if m.as_str() == "收入"
                && (window[..m.start()].ends_with("销售") || window[..m.start()].ends_with("营业"))
            {
                continue;
            }
            if period.is_none() {
                period = period_of(&bc);
            }
            // `每天`, `每月` say how often, not that what follows is pay: `每天上午8点` is a time.
            if ["ed", "ew", "em"].iter().any(|g| bc.name(g).is_some()) {
                continue;
            }
            last_pay = Some(m.end());
        }
        let pay_word = last_pay.is_some();
        // Bare numbers (times, counts) are not money whatever follows: not looked at.
        if period.is_none()
            && (explicit.is_some() || implied.is_some() || mult.is_some() || pay_word)
        {
            period = period_later(p, text, end);
        }
        // Most numbers are neither money nor pay: they leave before the price and allowance
        // searches below.
        let may_be_pay = pay_word || period.is_some();
        let money_anyway =
            explicit.is_some() || implied.is_some() || (pay_word && period.is_some());
        if !(money_anyway || (mult.is_some() && may_be_pay)) {
            continue;
        }
        // A price word after the last pay word, or one that holds it (`trúng thưởng`, to win a
        // prize, holds `thưởng`, a bonus), makes the amount a price: `lương 8 triệu` is pay,
        // `gói cước 10.000đ/ngày` is not, whatever its period.
        let after_pay = |m: &regex::Match<'_>| last_pay.is_none_or(|pay| m.end() >= pay);
        let priced = || {
            p.price
                .find_iter(window)
                .last()
                .is_some_and(|m| after_pay(&m))
        };
        // An allowance word just before the amount makes it an allowance (`餐补每天24元`,
        // `交通补贴（可达30元一天）`). Only just before: a list of perks then the pay
        // (`五险+补助 5000-7000元/月`, `饭补+奖金=8000`) is common, and a Chinese word ends at
        // a space.
        let allowance = || {
            p.allowance.find_iter(window).last().is_some_and(|m| {
                let gap = &window[m.end()..];
                let han = m
                    .as_str()
                    .starts_with(|c| Script::of(c) == Some(Script::Han));
                after_pay(&m)
                    && gap.chars().count() <= 12
                    && !gap.contains(|c: char| {
                        c.is_ascii_digit() || matches!(c, '+' | '=') || (han && c.is_whitespace())
                    })
            })
        };
        let salary = may_be_pay && !priced() && !allowance();
        let accepted = money_anyway || (mult.is_some() && salary);
        if !accepted || (mult == Some("m") && explicit.is_none()) {
            continue;
        }
        // Only now the hints: most numbers are not money, and the hints cost a pass.
        let by_word = match period_word {
            "ngày" | "ngay" | "tháng" | "thang" | "tuần" | "tuan" | "giờ" | "gio" | "năm" => {
                Some("VND")
            }
            "hari" | "harian" | "bulan" | "bulanan" | "bln" | "minggu" | "mingguan" | "jam"
            | "tahun" => None,
            "วัน" | "เดือน" | "สัปดาห์" | "ชั่วโมง" | "ปี" => {
                Some("THB")
            }
            _ => None,
        };
        let currency = explicit
            .or(implied)
            .or(by_word)
            .or_else(|| hinted_currency(hints.get()));
        // Juta and ribu are Malay too.
        let currency = match currency {
            Some("IDR")
                if explicit.is_none()
                    && hints.get().languages.contains(&"MY")
                    && !hints.get().languages.contains(&"ID") =>
            {
                Some("MYR")
            }
            c => c,
        };
        let usd_per_month = currency.filter(|_| salary).and_then(|cur| {
            tables::usd_per_month(amount, cur, period.unwrap_or(unstated(amount, cur)))
        });
        // Less than any wage of the region (Myanmar's minimum is about $84 a month) is a price:
        // `5.000đ/ngày`, `7K/ngày` or `วันละ 6 บาท` buys a data plan. Not when the currency was
        // only guessed from the post's country: `earn 3000-5000 every day` is not in dong.
        let stated = explicit.is_some() || implied.is_some() || by_word.is_some();
        let (salary, usd_per_month) = match usd_per_month {
            Some(usd) if stated && usd < MIN_PAY_USD_PER_MONTH => (false, None),
            usd => (salary, usd),
        };
        let (span, matched) = place(start, end);
        out.push(Money {
            span,
            matched,
            amount,
            amount_max,
            currency: currency.map(str::to_string),
            period,
            salary,
            usd_per_month,
        });
        prev_end = end;
    }
    out
}

/// Whether `before` ends with the Vietnamese word for month, with or without its mark.
fn after_month_word(before: &str) -> bool {
    let before = before.trim_end();
    ["tháng", "thang"].iter().any(|w| {
        before
            .strip_suffix(w)
            .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefix_fits_the_lookbehind() {
        // `extract` searches from LOOKBEHIND bytes before a digit: a longer prefix, a space and
        // the `p` of pesos would be cut.
        let longest = PREFIX.split('|').map(|p| p.replace('\\', "").len()).max();
        assert!(longest.unwrap() + '\u{3000}'.len_utf8() <= LOOKBEHIND);
    }

    #[test]
    fn windows_find_what_a_whole_search_finds() {
        let text = "Gaji Rp 5 juta, ဒေါ်လာ 500 တစ်လ, us$ 800/month, ₱ 1,500 a day, 2024";
        let starts = crate::entities::phone::digits(text)
            .into_iter()
            .map(|t| t.1);
        let hints = LazyHints::new(text);
        let place = |s: usize, e: usize| (Span { start: s, end: e }, text[s..e].to_string());
        let windowed: Vec<usize> = extract(text, starts, &hints, &place)
            .iter()
            .map(|m| m.span.start)
            .collect();
        let every = 0..text.len();
        let whole: Vec<usize> = extract(text, every, &hints, &place)
            .iter()
            .map(|m| m.span.start)
            .collect();
        assert_eq!(windowed, whole);
        assert_eq!(windowed.len(), 4, "{windowed:?}");
    }

    #[test]
    fn numbers() {
        for (s, want) in [
            ("1,500", 1500.0),
            ("1.000", 1000.0),
            ("15.000.000", 15e6),
            ("2,5", 2.5),
            ("1.5", 1.5),
            ("1,500.50", 1500.5),
            ("30000", 30000.0),
            ("၁၀၀၀", 1000.0),
            ("๕,๐๐๐", 5000.0),
            ("១.៥", 1.5),
        ] {
            assert_eq!(parse_number(s), Some(want), "{s}");
        }
    }
}
