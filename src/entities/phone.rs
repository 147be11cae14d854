//! Phone numbers: international (`+855 12 345 678`, `00855...`, `(+62) 812...`) and the national
//! mobile formats of Indonesia, Vietnam, Thailand, the Philippines and Malaysia (plus China,
//! Cambodia, Laos and Myanmar when the post points there), including obfuscated numbers: spaced
//! digits (`0 8 1 2 - 3 4 5`), digits of other scripts (`๐๘`), keycap and circled emoji digits,
//! and digits spelled as words in English, Indonesian/Malay, Vietnamese, Tagalog, Thai and
//! Chinese (`zero eight`, `nol delapan`, `không tám`, `ศูนย์แปด`, `零八`).
//!
//! A run of digits is a phone only if it fits a numbering plan; dates, years, prices, order and
//! account numbers are turned away by shape and by the words just before them. Landlines in
//! national format (`02-657-1111`) are read only after a phone word and for a country the post
//! points to. A national number that fits several countries is settled by the post's hints, or
//! else by the countries of its international numbers.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use super::{is_ascii_word, line_before, Contact, Phone, Platform};
use crate::report::Span;
use crate::script::{self, digit_value};

/// How many digits a phone number has, with its calling code or trunk prefix.
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 7..=17;

/// Calling codes: code, ISO 3166 alpha-2, shortest and longest national significant number.
const CALLING_CODES: &[(&str, &str, usize, usize)] = &[
    ("855", "KH", 8, 9),
    ("856", "LA", 8, 10),
    ("95", "MM", 7, 10),
    ("66", "TH", 8, 9),
    ("62", "ID", 8, 12),
    ("84", "VN", 9, 10),
    ("63", "PH", 8, 10),
    ("60", "MY", 8, 10),
    ("86", "CN", 10, 11),
    ("65", "SG", 8, 8),
    ("971", "AE", 8, 9),
    ("852", "HK", 8, 8),
    ("853", "MO", 8, 8),
    ("886", "TW", 8, 9),
    ("81", "JP", 9, 10),
    ("82", "KR", 8, 10),
    ("91", "IN", 10, 10),
    ("880", "BD", 10, 10),
    ("977", "NP", 8, 10),
    ("94", "LK", 9, 9),
    ("92", "PK", 10, 10),
    ("670", "TL", 7, 8),
    ("673", "BN", 7, 7),
    ("90", "TR", 10, 10),
    ("7", "RU", 10, 10),
    ("44", "GB", 9, 10),
    ("1", "US", 10, 10),
];

/// Digits spelled as words. Latin words must stand alone; Thai and Chinese ones are written
/// without spaces.
const DIGIT_WORDS: &[(&str, u8)] = &[
    // English
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    // Indonesian and Malay
    ("nol", 0),
    ("kosong", 0),
    ("satu", 1),
    ("dua", 2),
    ("tiga", 3),
    ("empat", 4),
    ("lima", 5),
    ("enam", 6),
    ("tujuh", 7),
    ("delapan", 8),
    ("lapan", 8),
    ("sembilan", 9),
    // Vietnamese, with and without marks
    ("không", 0),
    ("khong", 0),
    ("một", 1),
    ("mot", 1),
    ("hai", 2),
    ("ba", 3),
    ("bốn", 4),
    ("bon", 4),
    ("năm", 5),
    ("nam", 5),
    ("sáu", 6),
    ("sau", 6),
    ("bảy", 7),
    ("bẩy", 7),
    ("bay", 7),
    ("tám", 8),
    ("tam", 8),
    ("chín", 9),
    ("chin", 9),
    // Tagalog
    ("sero", 0),
    ("isa", 1),
    ("dalawa", 2),
    ("tatlo", 3),
    ("apat", 4),
    ("anim", 6),
    ("pito", 7),
    ("walo", 8),
    ("siyam", 9),
    // Thai
    ("ศูนย์", 0),
    ("หนึ่ง", 1),
    ("สอง", 2),
    ("สาม", 3),
    ("สี่", 4),
    ("ห้า", 5),
    ("หก", 6),
    ("เจ็ด", 7),
    ("แปด", 8),
    ("เก้า", 9),
    // Chinese, with 幺 (yāo), the 1 of spoken phone numbers, and the anti-fraud capitals
    ("零", 0),
    ("〇", 0),
    ("一", 1),
    ("幺", 1),
    ("壹", 1),
    ("二", 2),
    ("贰", 2),
    ("貳", 2),
    ("三", 3),
    ("叁", 3),
    ("參", 3),
    ("四", 4),
    ("肆", 4),
    ("五", 5),
    ("伍", 5),
    ("六", 6),
    ("陆", 6),
    ("陸", 6),
    ("七", 7),
    ("柒", 7),
    ("八", 8),
    ("捌", 8),
    ("九", 9),
    ("玖", 9),
];

struct Finder {
    words: AhoCorasick,
    /// Phone words: a run after one of these may use a bare calling code or a short number.
    context: Regex,
    /// Words after which digits are money, an order, an account or a book (ISBN, with the digits
    /// before the number), never a phone.
    not_phone: Regex,
    /// A messaging app named just before the number: the number is that app's account.
    platform: Regex,
}

fn finder() -> &'static Finder {
    static FINDER: OnceLock<Finder> = OnceLock::new();
    FINDER.get_or_init(|| Finder {
        // The DFA kind: it runs on every post.
        words: AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(DIGIT_WORDS.iter().map(|(w, _)| w))
            .expect("digit words compile"),
        context: Regex::new(
            r"(?:(?-u:\b)(?:tel|telp|tlp|phone|mobile|call|hp|wa|whatsapp|sms|contact|hubungi|sđt|sdt|đt|zalo|viber|signal|line|telegram|tele|tg|nomor|số|điện thoại|dien thoai|liên hệ|lien he|wechat|qq)|โทร|เบอร์|ติดต่อ|电话|電話|手机|手機|联系|聯繫|微信|ទូរស័ព្ទ|ဖုန်း)",
        )
        .expect("phone context compiles"),
        not_phone: Regex::new(
            r"(?:(?-u:\b)(?:rp\.?|idr|usd|rm|(?:order|invoice|inv|ref|resi|awb|tracking|account|acct|rekening|norek|stk|tk|sn|serial)(?:\s*(?:no\.?|number|nomor|id))?)|mã đơn|đơn hàng|số tài khoản|[$#฿₫¥€£₱]|订单号?|单号|單號|账号|帳號|คำสั่งซื้อ|เลขที่|บัญชี)\s*[.:：#]?\s*$|(?-u:\b)isbn(?:-?1[03])?\s*[:：]?\s*[0-9\-]*$",
        )
        .expect("non-phone context compiles"),
        platform: Regex::new(
            r"(?:(?-u:\b)(?P<p>whatsapp|whats app|watsapp|wasap|wa|w\.a|zalo|viber|signal|line|telegram|tele|tg|wechat|wx|vx|qq)|(?P<z>微信|电报|電報|飞机|飛機|ไลน์|วอทส์แอพ))\s*(?:id|no\.?|number|nomor|号码|號碼|号|號)?\s*[:：=.\-]?\s*\(?\s*\+?$",
        )
        .expect("platform context compiles"),
    })
}

/// The countries a post points to (see `gazetteer::Hints`), found only when a number needs them.
pub(crate) type CountryHints<'h> = dyn Fn() -> &'h [&'static str] + 'h;

/// Whether a character whose UTF-8 encoding starts with `b0 b1` may be a digit for
/// [`digit_of`]: a script's digit, or a circled, dingbat or emoji one.
fn may_start_digit(b0: u8, b1: u8) -> bool {
    script::may_start_digit(b0, b1) || matches!((b0, b1), (0xE2, 0x93 | 0x9D | 0x9E) | (0xF0, 0x9F))
}

/// A digit of any script, or an emoji digit that NFKC leaves alone.
fn digit_of(c: char) -> Option<u8> {
    if let Some(d) = digit_value(c) {
        return Some(d);
    }
    let code = c as u32;
    let base = match code {
        // Dingbat and double circled digits 1-9 (NFKC maps ① but not these).
        0x2776..=0x277E => 0x2775,
        0x2780..=0x2788 => 0x277F,
        0x278A..=0x2792 => 0x2789,
        0x24F5..=0x24FD => 0x24F4,
        0x24FF | 0x1F10B | 0x1F10C => return Some(0),
        _ => return None,
    };
    Some((code - base) as u8)
}

/// Characters that may stand between the digits of one phone number: spaces, dashes, dots,
/// brackets, and the keycap mark of `0️⃣`.
fn is_sep(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '.' | '(' | ')' | '_' | '·' | '\u{a0}' | '‐' | '‑' | '–' | '—' | '\u{20e3}'
    )
}

/// A maximal piece of digits without separators inside.
#[derive(Clone, Debug)]
struct Group {
    digits: String,
    start: usize,
    end: usize,
    /// Spelled or emoji digits, or digits of another script.
    odd: bool,
    /// The separator text before this group (empty for the first of a run).
    gap_before: String,
}

/// A digit of a post: its value, byte span in the pattern view, and whether it is written other
/// than as an ASCII digit.
pub(crate) type Digit = (u8, usize, usize, bool);

/// The digits of a pattern view, of every script (see [`digit_of`]). Found by byte: only a few
/// byte pairs can start a non-ASCII digit (see `may_start_digit`), so the letters of Thai,
/// Chinese or Vietnamese text are not decoded. Money is looked for only when there is one.
pub(crate) fn digits(text: &str) -> Vec<Digit> {
    let mut toks = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_digit() {
                toks.push((b - b'0', i, i + 1, false));
            }
            i += 1;
            continue;
        }
        // A lead byte: its continuation bytes are skipped, not looked at.
        if may_start_digit(b, bytes.get(i + 1).copied().unwrap_or(0)) {
            let c = text[i..]
                .chars()
                .next()
                .expect("a lead byte starts a character");
            if let Some(d) = digit_of(c) {
                toks.push((d, i, i + c.len_utf8(), true));
            }
        }
        i += match b {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
    }
    toks
}

/// Finds the phones of a pattern view, given its [`digits`]; also returns the contacts that name
/// an app just before a number (`WA 0812...`).
pub(crate) fn extract<'h>(
    text: &str,
    mut toks: Vec<Digit>,
    hints: &CountryHints<'h>,
    place: &dyn Fn(usize, usize) -> (Span, String),
) -> (Vec<Phone>, Vec<Contact>) {
    let f = finder();
    for m in f.words.find_iter(text) {
        let (word, d) = DIGIT_WORDS[m.pattern().as_usize()];
        if word.starts_with(|c: char| c.is_ascii()) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
        }
        toks.push((d, m.start(), m.end(), true));
    }
    // A phone has at least 7 digits, one a token.
    if toks.len() < *PHONE_DIGITS.start() {
        return (Vec::new(), Vec::new());
    }
    toks.sort_by_key(|t| t.1);

    // Tokens into groups (adjacent) and runs (separated by short separators). Each token is
    // first given its step; a run's groups are built only if it has 7 tokens or more, since a
    // shorter one holds no phone: most runs are a price, a time or a lone digit word.
    enum Step {
        Run,
        /// A new group after the separator that starts here.
        Group(usize),
        Extend,
    }
    let mut runs: Vec<Vec<Group>> = Vec::new();
    let mut steps: Vec<(usize, Step)> = Vec::new();
    let build = |steps: &[(usize, Step)], runs: &mut Vec<Vec<Group>>| {
        if steps.len() < *PHONE_DIGITS.start() {
            return;
        }
        let mut run: Vec<Group> = Vec::new();
        for (t, step) in steps {
            let (d, start, end, odd) = toks[*t];
            let digit = char::from(b'0' + d);
            match *step {
                Step::Extend => {
                    let group = run.last_mut().expect("a group");
                    group.digits.push(digit);
                    group.end = end;
                    group.odd |= odd;
                }
                Step::Run | Step::Group(_) => run.push(Group {
                    digits: digit.to_string(),
                    start,
                    end,
                    odd,
                    gap_before: match *step {
                        Step::Group(gap) => text[gap..start].to_string(),
                        _ => String::new(),
                    },
                }),
            }
        }
        runs.push(run);
    };
    let mut prev_end = usize::MAX;
    for (t, &(_, start, end, _)) in toks.iter().enumerate() {
        if prev_end != usize::MAX && start >= prev_end {
            let gap = &text[prev_end..start];
            // A keycap mark after a digit belongs to it.
            if gap.is_empty() || gap.chars().all(|c| c == '\u{20e3}') {
                steps.push((t, Step::Extend));
                prev_end = end;
                continue;
            }
            if gap.chars().count() <= 3 && gap.chars().all(is_sep) {
                steps.push((t, Step::Group(prev_end)));
                prev_end = end;
                continue;
            }
        } else if prev_end != usize::MAX {
            continue; // overlapping token
        }
        build(&steps, &mut runs);
        steps.clear();
        steps.push((t, Step::Run));
        prev_end = end;
    }
    build(&steps, &mut runs);

    let mut phones = Vec::new();
    let mut contacts = Vec::new();
    for run in &runs {
        // Groups that form a date are never part of a phone (`01.05.2024 10.30`).
        let mut date = vec![false; run.len()];
        for j in 0..run.len().saturating_sub(2) {
            if looks_like_date(&run[j..j + 3]) {
                date[j..j + 3].iter_mut().for_each(|d| *d = true);
            }
        }
        let mut i = 0;
        while i < run.len() {
            if date[i] {
                i += 1;
                continue;
            }
            let mut found = None;
            // At most 24 groups: counting to the next date would make a long run quadratic.
            let longest = date[i..].iter().take(24).take_while(|d| !**d).count();
            // Digits in the first k groups: only lengths a phone can have are tried.
            let mut digit_count = [0; 25];
            for (k, g) in run[i..i + longest].iter().enumerate() {
                digit_count[k + 1] = digit_count[k] + g.digits.len();
            }
            let mut at = None;
            for k in (1..=longest).rev() {
                if !PHONE_DIGITS.contains(&digit_count[k]) {
                    continue;
                }
                let Some(at) = at.get_or_insert_with(|| number_start(text, &run[i], i == 0)) else {
                    break;
                };
                if let Some(p) = candidate(text, &run[i..i + k], at, hints) {
                    found = Some((k, p));
                    break;
                }
            }
            let Some((k, (start, end, digits, e164, country, plus))) = found else {
                i += 1;
                continue;
            };
            let groups = &run[i..i + k];
            // A keycap mark after the last digit belongs to it.
            let end = end + text[end..].len() - text[end..].trim_start_matches('\u{20e3}').len();
            let spaced = groups.len() >= 4
                && groups.iter().filter(|g| g.digits.len() == 1).count() * 2 > groups.len();
            let (span, matched) = place(start, end);
            let window = line_before(text, start, 40);
            let window = window.trim_end_matches(['(', ' ', '+']);
            if let Some(c) = f.platform.captures(window) {
                let name = c.name("p").or(c.name("z")).map_or("", |m| m.as_str());
                if let Some(platform) = platform_of(name) {
                    contacts.push(Contact {
                        span,
                        matched: matched.clone(),
                        platform,
                        id: e164.clone().unwrap_or_else(|| {
                            if plus {
                                format!("+{digits}")
                            } else {
                                digits.clone()
                            }
                        }),
                    });
                }
            }
            let obfuscated = spaced
                || groups.iter().any(|g| g.odd)
                || !matched.chars().all(|c| c.is_ascii() || is_sep(c));
            phones.push(Phone {
                span,
                matched,
                digits,
                e164,
                country: country.map(str::to_string),
                obfuscated,
            });
            i += k;
        }
    }
    resolve_with_international(&mut phones, &mut contacts, hints);
    (phones, contacts)
}

/// National numbers that no hint of the post settled (`0912 345 678` fits Viet Nam and
/// Thailand), read again with the countries of the post's international numbers: a post that
/// writes `+84 …` once writes its other numbers for Viet Nam too.
fn resolve_with_international(
    phones: &mut [Phone],
    contacts: &mut [Contact],
    hints: &CountryHints<'_>,
) {
    // Numbers read with their calling code keep it in `digits`; national ones start with 0.
    let mut countries: Vec<&'static str> = Vec::new();
    for p in phones.iter().filter(|p| !p.digits.starts_with('0')) {
        let Some(country) = p.country.as_deref() else {
            continue;
        };
        if let Some(&(_, iso, ..)) = CALLING_CODES.iter().find(|(_, iso, ..)| *iso == country) {
            if !countries.contains(&iso) {
                countries.push(iso);
            }
        }
    }
    if countries.is_empty() {
        return;
    }
    let mut known: Vec<&'static str> = hints().to_vec();
    known.extend(countries.iter().filter(|c| !hints().contains(c)));
    for p in phones
        .iter_mut()
        .filter(|p| p.e164.is_none() && p.digits.starts_with('0'))
    {
        let Some(Some((e164, iso))) = national_number(&p.digits, &|| &known) else {
            continue;
        };
        for c in contacts
            .iter_mut()
            .filter(|c| c.span == p.span && c.id == p.digits)
        {
            c.id = e164.clone();
        }
        p.e164 = Some(e164);
        p.country = Some(iso.to_string());
    }
}

pub(crate) fn platform_of(name: &str) -> Option<Platform> {
    Some(match name {
        "whatsapp" | "whats app" | "watsapp" | "wasap" | "wa" | "w.a" | "วอทส์แอพ" => {
            Platform::Whatsapp
        }
        "zalo" => Platform::Zalo,
        "viber" => Platform::Viber,
        "signal" => Platform::Signal,
        "line" | "l1ne" | "ไลน์" => Platform::Line,
        "telegram" | "tele" | "tg" | "电报" | "電報" | "飞机" | "飛機" => {
            Platform::Telegram
        }
        "wechat" | "wx" | "vx" | "微信" => Platform::Wechat,
        "qq" => Platform::Qq,
        _ => return None,
    })
}

type Parsed = (
    usize,
    usize,
    String,
    Option<String>,
    Option<&'static str>,
    bool,
);

/// Where a number starting with this group would start, whether it has `+`, and whether a
/// phone word comes before it; `None` when what comes before rules a phone out. It is the same
/// for every number starting with the group, so it is found once for all their lengths.
fn number_start(text: &str, first: &Group, run_start: bool) -> Option<Start> {
    let f = finder();
    let mut start = first.start;
    // `+`, possibly inside a bracket: `(+855)`, `+ 855`.
    let mut plus = false;
    if run_start {
        let before = &text[..start];
        let trimmed = before.trim_end_matches([' ', '(']);
        if before.len() - trimmed.len() <= 2 && trimmed.ends_with('+') {
            plus = true;
            start = trimmed.len() - 1;
            if text[..start].ends_with('(') {
                start -= 1;
            }
        }
    }
    let mut back = text[..start].chars().rev();
    let (before, before2) = (back.next(), back.next());
    // Inside a dotted number: `10.0.19045.2965`.
    if before == Some('.') && before2.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if is_ascii_word(before)
        || matches!(before, Some('#' | '@' | '/' | '$' | ',' | '=' | '&' | '%'))
    {
        return None;
    }
    let window = line_before(text, start, 48);
    if f.not_phone.is_match(window) {
        return None;
    }
    Some(Start {
        start,
        plus,
        context: f.context.is_match(window),
    })
}

struct Start {
    start: usize,
    plus: bool,
    context: bool,
}

/// Whether these groups, starting as `at` says, form a phone number: its view span, digits,
/// E.164 form, country, and whether it was written with `+` or `00`. The caller has ruled out
/// groups that form a date.
fn candidate(text: &str, groups: &[Group], at: &Start, hints: &CountryHints<'_>) -> Option<Parsed> {
    let digits: String = groups.iter().map(|g| g.digits.as_str()).collect();
    if !PHONE_DIGITS.contains(&digits.len()) {
        return None;
    }
    let first = &groups[0];
    let last = &groups[groups.len() - 1];
    let after = text[last.end..].chars().next();
    if is_ascii_word(after) || matches!(after, Some('%' | '@' | '$' | '/')) {
        return None;
    }
    // A lone zero before a dot starts a decimal fraction (`0.12 0.34 0.56`), never a phone.
    if groups
        .windows(2)
        .any(|w| w[0].digits == "0" && w[1].gap_before == ".")
    {
        return None;
    }
    // A bracket opened inside the number must close after its group (`+84 (0) 912…`): in
    // `0877087087 (0đ/phút)` the number ends before the bracket.
    let unclosed = groups[1..].iter().any(|g| {
        g.gap_before.contains(['(', '（']) && !text[g.end..].trim_start().starts_with([')', '）'])
    });
    if unclosed {
        return None;
    }
    let (plus, context) = (at.plus, at.context);
    let (digits, international) = match digits.strip_prefix("00") {
        Some(rest) if !plus => (rest.to_string(), true),
        _ => (digits, plus),
    };
    let (e164, country) = if international {
        let (e164, iso) = international_number(&digits)?;
        (Some(e164), Some(iso))
    } else if digits.starts_with('0') {
        match national_number(&digits, hints) {
            Some(Some((e164, iso))) => (Some(e164), Some(iso)),
            Some(None) => (None, None),
            None if context && (9..=12).contains(&digits.len()) => match landline(&digits, hints) {
                Some((e164, iso)) => (Some(e164), Some(iso)),
                None => (None, None),
            },
            None => return None,
        }
    } else if let Some(cn) = china_mobile(&digits, first.digits.len(), hints, context) {
        (Some(cn), Some("CN"))
    } else if context {
        let (e164, iso) = international_number(&digits)?;
        (Some(e164), Some(iso))
    } else {
        return None;
    };
    Some((at.start, last.end, digits, e164, country, international))
}

/// `2024-05-01`, `01.05.2024`, `1-5-24`: three groups with one separator, a day, month and year.
fn looks_like_date(groups: &[Group]) -> bool {
    groups.windows(3).any(|w| {
        let sep = w[1].gap_before.trim();
        if sep.is_empty() || sep != w[2].gap_before.trim() || !matches!(sep, "-" | "." | "/") {
            return false;
        }
        let n: Vec<usize> = w.iter().map(|g| g.digits.len()).collect();
        let v: Vec<u32> = w.iter().map(|g| g.digits.parse().unwrap_or(99)).collect();
        let day_month = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
        (n[0] == 4 && n[1] <= 2 && n[2] <= 2 && day_month(v[2], v[1]))
            || (n[0] <= 2
                && n[1] <= 2
                && (n[2] == 2 || n[2] == 4)
                && (day_month(v[0], v[1]) || day_month(v[1], v[0])))
    })
}

/// `digits` after `+` or `00`: the calling code, then a national number of the right length (a
/// trunk `0` written after the code, as in `+62 (0)812`, is dropped).
fn international_number(digits: &str) -> Option<(String, &'static str)> {
    let &(code, iso, min, max) = CALLING_CODES
        .iter()
        .find(|(code, ..)| digits.starts_with(code))?;
    let nsn = &digits[code.len()..];
    let nsn = nsn.strip_prefix('0').unwrap_or(nsn);
    (min..=max)
        .contains(&nsn.len())
        .then(|| (format!("+{code}{nsn}"), iso))
}

/// National mobile formats. `None`: no format fits. `Some(None)`: several countries' formats fit
/// and the post's hints do not settle it. `Some(Some(..))`: one country.
#[allow(clippy::type_complexity)]
fn national_number(
    digits: &str,
    hints: &CountryHints<'_>,
) -> Option<Option<(String, &'static str)>> {
    let b = digits.as_bytes();
    let n = b.len();
    let third = |set: &[u8]| n > 2 && set.contains(&b[2]);
    let second = |set: &[u8]| n > 1 && set.contains(&b[1]);
    let mut fits: Vec<(&'static str, &'static str)> = Vec::new();
    if b[1] == b'8' && (b'1'..=b'9').contains(&b[2]) && (10..=13).contains(&n) {
        fits.push(("ID", "62"));
    }
    // `069…` is the network of Viet Nam's police and army (hotlines in police warnings).
    if (second(b"35789") || digits.starts_with("069")) && n == 10 {
        fits.push(("VN", "84"));
    }
    if second(b"689") && n == 10 {
        fits.push(("TH", "66"));
    }
    if b[1] == b'9' && n == 11 {
        fits.push(("PH", "63"));
    }
    if b[1] == b'1' && third(b"012346789") && (10..=11).contains(&n) {
        fits.push(("MY", "60"));
    }
    // Formats that also fit the above, considered only when the post points to the country.
    if hints().contains(&"KH") && second(b"16789") && (9..=10).contains(&n) {
        fits.push(("KH", "855"));
    }
    if hints().contains(&"LA") && digits.starts_with("020") && n == 11 {
        fits.push(("LA", "856"));
    }
    if hints().contains(&"MM") && b[1] == b'9' && (9..=11).contains(&n) {
        fits.push(("MM", "95"));
    }
    if fits.is_empty() {
        return None;
    }
    let hinted: Vec<_> = fits
        .iter()
        .filter(|(iso, _)| hints().contains(iso))
        .collect();
    let pick = match (fits.len(), hinted.len()) {
        (1, _) => Some(fits[0]),
        (_, 1) => Some(*hinted[0]),
        _ => None,
    };
    Some(pick.map(|(iso, code)| (format!("+{code}{}", &digits[1..]), iso)))
}

/// Landline numbers in national format, read only after a phone word (see `candidate`) and
/// only for a country the post points to: `โทร 02-657-1111` in a Thai post, `Telp 021-2386-7047`
/// in an Indonesian one. Trunk 0, then the area code and number: Thailand 9 digits (`02`
/// Bangkok, `03`–`07` provinces), Indonesia 9–12 (`021` Jakarta, other areas), Viet Nam 11
/// (`02x`), the Philippines 10 (`02` Metro Manila, `03`–`08`), Malaysia 9–10 (`03`–`09`).
fn landline(digits: &str, hints: &CountryHints<'_>) -> Option<(String, &'static str)> {
    let b = digits.as_bytes();
    let n = b.len();
    let second = |set: &[u8]| n > 1 && set.contains(&b[1]);
    let fits: Vec<(&'static str, &'static str)> = [
        (second(b"234567") && n == 9, "TH", "66"),
        (second(b"234567") && (9..=12).contains(&n), "ID", "62"),
        (second(b"2") && n == 11, "VN", "84"),
        (second(b"2345678") && n == 10, "PH", "63"),
        (second(b"3456789") && (9..=10).contains(&n), "MY", "60"),
    ]
    .into_iter()
    .filter(|(fits, iso, _)| *fits && hints().contains(iso))
    .map(|(_, iso, code)| (iso, code))
    .collect();
    match fits[..] {
        [(iso, code)] => Some((format!("+{code}{}", &digits[1..]), iso)),
        _ => None,
    }
}

/// Chinese mobiles are written without a trunk 0: `138 1234 5678`. Only in a Chinese post, or
/// after a phone word when written as Chinese mobiles are (3-4-4 or in one piece), since 11 bare
/// digits are often something else: `call 1800-4822800` is a toll-free number.
fn china_mobile(
    digits: &str,
    first_group: usize,
    hints: &CountryHints<'_>,
    context: bool,
) -> Option<String> {
    let b = digits.as_bytes();
    (b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && ((context && matches!(first_group, 3 | 11)) || hints().contains(&"CN")))
    .then(|| format!("+86{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calling_codes_are_prefix_free() {
        for (a, ..) in CALLING_CODES {
            for (b, ..) in CALLING_CODES {
                assert!(a == b || !b.starts_with(a), "{a} is a prefix of {b}");
            }
        }
    }

    #[test]
    fn only_the_bytes_scanned_start_digits() {
        for c in (0x80..0x110000).filter_map(char::from_u32) {
            if digit_of(c).is_some() {
                let utf8 = c.to_string();
                let b = utf8.as_bytes();
                assert!(may_start_digit(b[0], b[1]), "{c:?}");
            }
        }
    }

    #[test]
    fn digits_of_other_scripts() {
        assert_eq!(digit_of('๘'), Some(8));
        assert_eq!(digit_of('៣'), Some(3));
        assert_eq!(digit_of('❶'), Some(1));
        assert_eq!(digit_of('⓿'), Some(0));
        assert_eq!(digit_of('a'), None);
    }

    #[test]
    fn national_formats() {
        let one = |d: &str, h: &[&'static str]| national_number(d, &|| h).flatten().map(|(e, _)| e);
        assert_eq!(one("081234567890", &[]).as_deref(), Some("+6281234567890"));
        assert_eq!(one("0912345678", &["VN"]).as_deref(), Some("+84912345678"));
        assert_eq!(one("0912345678", &["TH"]).as_deref(), Some("+66912345678"));
        assert_eq!(one("0912345678", &[]), None);
        assert_eq!(one("09171234567", &[]).as_deref(), Some("+639171234567"));
        assert_eq!(one("0123456789", &[]).as_deref(), Some("+60123456789"));
        assert!(national_number("0212345", &|| &[]).is_none());
    }

    #[test]
    fn landlines_need_the_posts_country() {
        let one = |d: &str, h: &[&'static str]| landline(d, &|| h).map(|(e, _)| e);
        assert_eq!(one("026571111", &["TH"]).as_deref(), Some("+6626571111"));
        assert_eq!(
            one("02123867047", &["ID"]).as_deref(),
            Some("+622123867047")
        );
        assert_eq!(
            one("02838685509", &["VN"]).as_deref(),
            Some("+842838685509")
        );
        assert_eq!(one("0286571111", &["PH"]).as_deref(), Some("+63286571111"));
        assert_eq!(one("0321234567", &["MY"]).as_deref(), Some("+60321234567"));
        assert_eq!(one("026571111", &[]), None);
        // Two of the post's countries fit: left open.
        assert_eq!(one("026571111", &["TH", "ID"]), None);
    }
}
