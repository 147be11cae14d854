//! Entities: phone numbers, messaging contacts, URLs, e-mail addresses and money, extracted from
//! the pattern view with spans in the original text, and the recruiter fingerprints built from
//! them.
//!
//! Keywords alone miss what makes a lure a lure: pay far above what the job is worth where it is,
//! a handle on a chat app as the only way to apply, a phone number of a scam-compound country in a
//! post written for another one. Extraction turns those into typed values ([`Phone::e164`],
//! [`Money::usd_per_month`], [`Contact::id`]); a few built-in *entity signals*
//! (see [`SIGNALS`]) turn them into hits of pack rules that declare `signal = "..."`.
//!
//! Everything here is compiled once (automata and regexes live in `OnceLock`s) and runs in time
//! linear in the post.

mod contact;
mod gazetteer;
mod money;
mod phone;
pub(crate) mod signals;
mod tables;

use serde::{Deserialize, Serialize};

use crate::normalize::{normalize, View};
use crate::report::{Band, Report, Span};

pub use signals::SIGNALS;

/// Everything extracted from one post, each list in order of position.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Entities {
    /// Phone numbers, including obfuscated ones (`0 8 1 2`, `nol delapan`, `零八`, `0️⃣8️⃣`).
    pub phones: Vec<Phone>,
    /// Accounts on messaging apps: handles, IDs, invite links, numbers given for an app.
    pub contacts: Vec<Contact>,
    /// Web addresses, link shorteners flagged.
    pub urls: Vec<Url>,
    /// E-mail addresses.
    pub emails: Vec<Email>,
    /// Amounts of money with currency and period, normalized to US dollars per month.
    pub money: Vec<Money>,
}

/// A phone number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Phone {
    /// Where in the original text, in UTF-8 bytes.
    #[serde(flatten)]
    pub span: Span,
    /// The original text of the number.
    pub matched: String,
    /// The digits as written, obfuscations decoded, without `+` or separators.
    pub digits: String,
    /// The number in E.164 form (`+85512345678`) when its country is known.
    pub e164: Option<String>,
    /// The ISO 3166 alpha-2 code of its country (`KH`), from the calling code, or from a national
    /// format that the post's language, currency, places or international numbers make
    /// unambiguous.
    pub country: Option<String>,
    /// Whether the number was disguised: digits as words or emoji, spaced-out single digits.
    pub obfuscated: bool,
}

/// A messaging app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Telegram (`@handle`, `t.me/...`).
    Telegram,
    /// WhatsApp (`wa.me/...`, "WA 08...").
    Whatsapp,
    /// LINE (`line.me/...`, "LINE ID:").
    Line,
    /// WeChat (微信, VX).
    Wechat,
    /// Zalo.
    Zalo,
    /// Signal.
    Signal,
    /// Viber.
    Viber,
    /// QQ.
    Qq,
    /// Facebook Messenger (`m.me/...`).
    Messenger,
}

impl Platform {
    /// The lowercase name used in JSON and in contact keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Telegram => "telegram",
            Platform::Whatsapp => "whatsapp",
            Platform::Line => "line",
            Platform::Wechat => "wechat",
            Platform::Zalo => "zalo",
            Platform::Signal => "signal",
            Platform::Viber => "viber",
            Platform::Qq => "qq",
            Platform::Messenger => "messenger",
        }
    }
}

/// An account on a messaging app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// Where in the original text, in UTF-8 bytes.
    #[serde(flatten)]
    pub span: Span,
    /// The original text.
    pub matched: String,
    /// The app.
    pub platform: Platform,
    /// The account, normalized: a lowercase handle without `@`, an E.164 number, or an invite
    /// code (`joinchat/...`, `group/...`, case kept where the app is case-sensitive).
    pub id: String,
}

/// A web address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Url {
    /// Where in the original text, in UTF-8 bytes.
    #[serde(flatten)]
    pub span: Span,
    /// The original text, trailing punctuation left out.
    pub matched: String,
    /// The host, lowercase, without `www.`.
    pub host: String,
    /// Whether the host is a link shortener or link hub (`bit.ly`, `s.id`), which hides where
    /// the link leads.
    pub shortener: bool,
    /// Whether the host is a messaging app's link (`t.me`, `wa.me`, `line.me`...).
    pub messaging: bool,
}

/// An e-mail address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Email {
    /// Where in the original text, in UTF-8 bytes.
    #[serde(flatten)]
    pub span: Span,
    /// The original text.
    pub matched: String,
    /// The address, lowercase.
    pub address: String,
}

/// The period an amount of pay is given for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

impl Period {
    /// `"hour"`, `"day"`, `"week"`, `"month"` or `"year"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Hour => "hour",
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

/// An amount of money.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Money {
    /// Where in the original text, in UTF-8 bytes.
    #[serde(flatten)]
    pub span: Span,
    /// The original text.
    pub matched: String,
    /// The amount, or the low end of a range, in units of `currency` (`15 juta` is 15000000;
    /// digits of Thai, Lao, Khmer and Burmese count as well: `ကျပ် ၅ သိန်း` is 500000).
    pub amount: f64,
    /// The high end of a range; equal to `amount` for a single amount.
    pub amount_max: f64,
    /// ISO 4217 code (`IDR`, `VND`, `USD`...) or `USDT`; none when neither a symbol, a code, a
    /// unit (`juta`, `triệu`, `万`) nor the post's language tells.
    pub currency: Option<String>,
    /// The period, when stated (`/bulan`, `per day`, `月薪`, `วันละ`).
    pub period: Option<Period>,
    /// Whether the amount is pay: a period is stated or a pay word precedes it (`gaji`, `lương`,
    /// `salary`, `月薪`; `每天` and `每月` alone only state a period), and no price or allowance
    /// word (`price`, `harga`, `giá`, `ราคา`, `价格`, `rent`, `allowance`, `tunjangan`, `补贴`...)
    /// comes between the last pay word and the amount, and it comes to at least $30 a month.
    /// Prices of goods and plans, and allowances for meals or transport, are money but not pay.
    pub salary: bool,
    /// `amount` as US dollars per month, with the dated rates of `patterns/data/rates.toml`;
    /// pay without a period counts as monthly, except 10,000 or more dollars, pounds or euros,
    /// which count as yearly. None for non-pay amounts and unknown currencies.
    pub usd_per_month: Option<f64>,
}

impl Entities {
    /// Normalized contact keys of the post, sorted and without repeats: `phone:+85512345678`,
    /// `telegram:example_hr`, `email:hr@example.com`, `host:example.com`, for link shorteners
    /// the whole link (`url:bit.ly/Example`), and for pages on social sites and forms the page
    /// (`url:facebook.com/groups/123`, `url:tiktok.com/@example`). Posts by the same recruiter
    /// share keys.
    pub fn contact_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for p in &self.phones {
            keys.push(format!("phone:{}", p.e164.as_deref().unwrap_or(&p.digits)));
        }
        for c in &self.contacts {
            keys.push(format!("{}:{}", c.platform.as_str(), c.id));
        }
        for e in &self.emails {
            keys.push(format!("email:{}", e.address));
        }
        for u in self.urls.iter().filter(|u| !u.messaging) {
            // The path as written: shorteners' codes are case-sensitive.
            let rest = u.matched.split_once("://").map_or(&*u.matched, |(_, r)| r);
            if u.shortener {
                let path = rest.find('/').map_or("", |i| &rest[i..]);
                keys.push(format!("url:{}{}", u.host, path.trim_end_matches('/')));
            } else if contact::PAGE_HOSTS.contains(&u.host.as_str()) {
                let path = rest.find(['/', '?']).map_or("", |i| &rest[i..]);
                keys.extend(contact::page_key(&u.host, path).map(|k| format!("url:{k}")));
            } else {
                keys.push(format!("host:{}", u.host));
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    /// Whether nothing was extracted.
    pub fn is_empty(&self) -> bool {
        self.phones.is_empty()
            && self.contacts.is_empty()
            && self.urls.is_empty()
            && self.emails.is_empty()
            && self.money.is_empty()
    }
}

/// Extracts the entities of a post on its own, without scanning it for rules.
///
/// ```
/// let post = "Gaji Rp 15 juta/bulan, hubungi WA 0812-3456-7890 atau t.me/example_hr";
/// let entities = lurescan::extract_entities(post);
/// assert_eq!(entities.phones[0].e164.as_deref(), Some("+6281234567890"));
/// assert_eq!(entities.money[0].currency.as_deref(), Some("IDR"));
/// assert_eq!(entities.money[0].amount, 15_000_000.0);
/// assert_eq!(
///     entities.contact_keys(),
///     ["phone:+6281234567890", "telegram:example_hr", "whatsapp:+6281234567890"]
/// );
/// ```
pub fn extract_entities(text: &str) -> Entities {
    extract(text, &normalize(text).pattern)
}

/// Extracts entities from the pattern view of `text`.
pub(crate) fn extract(text: &str, view: &View) -> Entities {
    extract_with_hints(text, view).0
}

/// Extracts entities from the pattern view of `text`, with the country hints of the post (found
/// only if a number needed them, or when the caller asks).
pub(crate) fn extract_with_hints<'v>(
    text: &str,
    view: &'v View,
) -> (Entities, gazetteer::LazyHints<'v>) {
    let hints = gazetteer::LazyHints::new(&view.text);
    if view.text.is_empty() {
        return (Entities::default(), hints);
    }
    let place = |s: usize, e: usize| -> (Span, String) {
        let (start, end) = view.original_span(s, e);
        (Span { start, end }, text[start..end].to_string())
    };
    let digits = phone::digits(&view.text);
    let money = if digits.is_empty() {
        Vec::new()
    } else {
        money::extract(&view.text, digits.iter().map(|t| t.1), &hints, &place)
    };
    // Phones in national format are read with the countries of the post and of its currencies.
    let phone_hints = std::cell::OnceCell::new();
    let phone_hints = || -> &[&'static str] {
        phone_hints.get_or_init(|| {
            let mut countries = hints.get().languages.clone();
            for m in &money {
                if let Some(c) = m.currency.as_deref().and_then(tables::country_of_currency) {
                    if !countries.contains(&c) {
                        countries.push(c);
                    }
                }
            }
            countries
        })
    };
    let (phones, phone_contacts) = phone::extract(&view.text, digits, &phone_hints, &place);
    let (urls, emails, mut contacts) = contact::extract(&view.text, &place);
    contacts.extend(phone_contacts);
    contacts.sort_by(|a, b| (a.span, a.platform, &a.id).cmp(&(b.span, b.platform, &b.id)));
    contacts.dedup_by(|a, b| a.platform == b.platform && a.id == b.id);
    let entities = Entities {
        phones,
        contacts,
        urls,
        emails,
        money,
    };
    (entities, hints)
}

/// A contact key shared by several flagged posts (see [`shared_contacts`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedContact {
    /// The contact key, as in [`Report::contact_keys`].
    pub key: String,
    /// Indices (into the reports given) of the posts that carry it, ascending.
    pub posts: Vec<usize>,
}

/// Groups flagged posts by recruiter: every contact key carried by at least `min_posts` of the
/// reports whose band is at least `at_least`, most shared first (ties by key).
///
/// ```
/// use lurescan::{shared_contacts, Band, Detector};
///
/// let detector = Detector::new();
/// let posts = [
///     "Kerja di Kamboja, gaji 2000 USD/bulan, tanpa pengalaman, tiket gratis. Telegram @example_hr",
///     "Job in Cambodia, 2,000 USD/month, no experience, free flight and visa. Telegram @Example_HR",
///     "Team lunch on Friday at noon.",
/// ];
/// let reports = detector.scan_batch(&posts);
/// let shared = shared_contacts(&reports, Band::Review, 2);
/// assert_eq!(shared[0].key, "telegram:example_hr");
/// assert_eq!(shared[0].posts, [0, 1]);
/// ```
pub fn shared_contacts(reports: &[Report], at_least: Band, min_posts: usize) -> Vec<SharedContact> {
    let mut index = ContactIndex::default();
    for (i, report) in reports.iter().enumerate() {
        if report.band >= at_least {
            index.add(i, &report.contact_keys);
        }
    }
    index.shared(min_posts)
}

/// The contact keys of posts seen so far, for grouping posts by recruiter over a stream too
/// large to keep its reports (the CLI's `--contacts`). It holds only the keys and post numbers
/// it is given: add only the flagged posts.
#[derive(Clone, Debug, Default)]
pub struct ContactIndex {
    by_key: std::collections::BTreeMap<String, Vec<usize>>,
}

impl ContactIndex {
    /// Records that post number `post` carries `contact_keys` (a report's
    /// [`contact_keys`](Report::contact_keys)).
    pub fn add(&mut self, post: usize, contact_keys: &[String]) {
        for key in contact_keys {
            let posts = self.by_key.entry(key.clone()).or_default();
            if posts.last() != Some(&post) {
                posts.push(post);
            }
        }
    }

    /// Every key carried by at least `min_posts` posts, most shared first (ties by key).
    pub fn shared(&self, min_posts: usize) -> Vec<SharedContact> {
        let mut shared: Vec<SharedContact> = self
            .by_key
            .iter()
            .filter(|(_, posts)| posts.len() >= min_posts.max(1))
            .map(|(key, posts)| SharedContact {
                key: key.clone(),
                posts: posts.clone(),
            })
            .collect();
        shared.sort_by(|a, b| b.posts.len().cmp(&a.posts.len()).then(a.key.cmp(&b.key)));
        shared
    }
}

/// The largest char boundary of `s` at or below `i`.
pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text of the same line before `at`, at most `max` bytes.
pub(crate) fn line_before(s: &str, at: usize, max: usize) -> &str {
    let from = floor_boundary(s, at.saturating_sub(max));
    let window = &s[from..at];
    match window.rfind('\n') {
        Some(nl) => &window[nl + 1..],
        None => window,
    }
}

/// Whether `c` continues an ASCII word (so a match next to it is inside a word).
pub(crate) fn is_ascii_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}
