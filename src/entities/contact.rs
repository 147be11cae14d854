//! URLs, e-mail addresses and messaging contacts: app links (`t.me/…`, `wa.me/…`, `line.me/…`,
//! `zalo.me/…`, `m.me/…`, also written `t . me` or `t[.]me`), `@handles`, and IDs given after an app's
//! name (`LINE ID: …`, `微信：…`, `QQ 12345678`). Numbers given after an app's name (`WA 08…`)
//! are found with the phones.
//!
//! An `@handle` belongs to the app named last before it on its line. With no app named, it is
//! a LINE official account in a Thai post and a Telegram handle elsewhere, but only when it has
//! an account's shape (a digit or `_`) or a word asking to write to it comes first (`DM`,
//! `hubungi`, `liên hệ`, `ติดต่อ`, `联系`...): texting uses `@` for "at" (`dinner @sentosa`).

use std::sync::OnceLock;

use regex::Regex;

use super::phone::platform_of;
use super::{is_ascii_word, line_before, Contact, Email, Platform, Url};
use crate::report::Span;
use crate::script::Script;

const TLDS: &str = "com|net|org|info|biz|me|ly|gl|io|co|cc|to|xyz|top|vip|link|site|online|app|page|asia|club|shop|live|store|tk|ml|ga|cf|gq|id|vn|th|ph|my|kh|la|mm|cn|sg|ae|hk|tw|jp|kr|in|ee|gd|at|sh";

/// Hosts that hide where a link leads.
const SHORTENERS: &[&str] = &[
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "s.id",
    "cutt.ly",
    "rb.gy",
    "is.gd",
    "v.gd",
    "ow.ly",
    "shorturl.at",
    "shorturl.asia",
    "tiny.cc",
    "bit.do",
    "rebrand.ly",
    "t.ly",
    "bl.ink",
    "short.io",
    "shorte.st",
    "adf.ly",
    "lnkd.in",
    "dub.sh",
    "qrco.de",
    "linktr.ee",
    "heylink.me",
    "tr.ee",
    "u.to",
    "urlz.fr",
    "surl.li",
];

/// Sites where a link's path, not its host, names who posted (a page, group, profile, channel,
/// form or shared file): their links are keyed by [`page_key`], since `host:facebook.com` would
/// link every post that links to Facebook.
pub(crate) const PAGE_HOSTS: &[&str] = &[
    "facebook.com",
    "m.facebook.com",
    "web.facebook.com",
    "mbasic.facebook.com",
    "fb.com",
    "tiktok.com",
    "m.tiktok.com",
    "instagram.com",
    "youtube.com",
    "m.youtube.com",
    "docs.google.com",
    "drive.google.com",
];

/// The part of a link on one of the [`PAGE_HOSTS`] that names a page, group, profile, channel
/// or shared document (`facebook.com/groups/123`, `tiktok.com/@name`,
/// `docs.google.com/forms/d/e/<id>`), from the path and query as written; none for links to a
/// post, a video or the site itself. Names are lower-cased, IDs that are case-sensitive
/// (YouTube channels, Google documents and files, Facebook short links) are kept as written.
pub(crate) fn page_key(host: &str, path_and_query: &str) -> Option<String> {
    let site = match host {
        "m.facebook.com" | "web.facebook.com" | "mbasic.facebook.com" | "fb.com" => "facebook.com",
        "m.tiktok.com" => "tiktok.com",
        "m.youtube.com" => "youtube.com",
        h => h,
    };
    let without_fragment = path_and_query.split('#').next().unwrap_or_default();
    let (path, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let lower = |s: &str| s.to_lowercase();
    let named = match (site, segments.as_slice()) {
        ("facebook.com", ["profile.php", ..]) => {
            let id = query.split('&').find_map(|kv| kv.strip_prefix("id="))?;
            format!("profile.php?id={id}")
        }
        ("facebook.com", [c @ ("groups" | "pages" | "people"), name, ..]) => {
            format!("{c}/{}", lower(name))
        }
        (
            "facebook.com",
            ["share" | "sharer" | "sharer.php" | "watch" | "events" | "marketplace" | "login"
            | "photo.php" | "story.php" | "permalink.php" | "reel" | "hashtag" | "help", ..],
        ) => return None,
        ("tiktok.com", [name, ..]) if name.starts_with('@') => lower(name),
        ("youtube.com", [name, ..]) if name.starts_with('@') => lower(name),
        ("youtube.com", ["channel", id, ..]) => format!("channel/{id}"),
        ("youtube.com", [c @ ("c" | "user"), name, ..]) => format!("{c}/{}", lower(name)),
        ("instagram.com", ["p" | "reel" | "reels" | "stories" | "explore" | "accounts", ..]) => {
            return None
        }
        // Forms, sheets, documents: `forms/d/e/<id>`, `spreadsheets/d/<id>`.
        ("docs.google.com", [kind, "d", "e", id, ..]) => format!("{kind}/d/e/{id}"),
        ("docs.google.com", [kind, "d", id, ..]) => format!("{kind}/d/{id}"),
        ("drive.google.com", ["file", "d", id, ..]) => format!("file/d/{id}"),
        ("drive.google.com", [.., "folders", id]) => format!("folders/{id}"),
        // Facebook's own short links (`fb.com/l.AbC`), case-sensitive.
        ("facebook.com", [code, ..]) if code.starts_with("l.") => code.to_string(),
        ("facebook.com" | "instagram.com", [name, ..]) => lower(name),
        _ => return None,
    };
    Some(format!("{site}/{named}"))
}

/// Hosts of messaging apps' links.
const MESSAGING_HOSTS: &[(&str, Platform)] = &[
    ("t.me", Platform::Telegram),
    ("telegram.me", Platform::Telegram),
    ("telegram.dog", Platform::Telegram),
    ("wa.me", Platform::Whatsapp),
    ("api.whatsapp.com", Platform::Whatsapp),
    ("chat.whatsapp.com", Platform::Whatsapp),
    ("wa.link", Platform::Whatsapp),
    ("line.me", Platform::Line),
    ("page.line.me", Platform::Line),
    ("lin.ee", Platform::Line),
    ("zalo.me", Platform::Zalo),
    ("signal.me", Platform::Signal),
    ("signal.group", Platform::Signal),
    ("invite.viber.com", Platform::Viber),
    ("u.wechat.com", Platform::Wechat),
    ("weixin.qq.com", Platform::Wechat),
    ("qm.qq.com", Platform::Qq),
    ("m.me", Platform::Messenger),
    ("messenger.com", Platform::Messenger),
];

struct Patterns {
    url: Regex,
    obfuscated_link: Regex,
    email: Regex,
    handle: Regex,
    labelled: Regex,
    named_platform: Regex,
    write_to: Regex,
    line_id_label: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    const PATH: &str = r"[a-z0-9\-._~:/?#\[\]@!$&'*+,;=%]";
    PATTERNS.get_or_init(|| Patterns {
        url: Regex::new(&format!(
            r"(?:https?://|www\.)[a-z0-9.\-]+{PATH}*|viber://[a-z]+\?{PATH}+|(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+(?:{TLDS})(?-u:\b)(?::\d{{2,5}})?(?:/{PATH}*)?"
        ))
        .expect("url regex compiles"),
        obfuscated_link: Regex::new(
            r"(?P<h>t|wa|line|zalo)\s?(?:\[\.\]|\(\.\)|\s\.\s|\s?\(dot\)\s?|\s(?:dot|chấm|titik)\s)\s?me\s?/\s?(?P<p>[a-z0-9_+~@%]{3,64})",
        )
        .expect("obfuscated link regex compiles"),
        email: Regex::new(
            r"[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?)*\.[a-z]{2,24}",
        )
        .expect("email regex compiles"),
        handle: Regex::new(r"@([a-z][a-z0-9_]{3,31})").expect("handle regex compiles"),
        labelled: Regex::new(
            r"(?:(?-u:\b)(?P<p>line\s*id|line|wechat\s*id|wechat|weixin|wx|vx|zalo|qq|telegram|tele|tg|signal|viber)|(?P<z>微信号|微信號|微信|薇信|v信|qq号|qq號|ไอดีไลน์|ไลน์|电报|電報|飞机|飛機))(?P<sep>\s*(?:[:：=]\s*)?@?\s*)(?P<id>[a-z0-9_][a-z0-9_.\-]{2,31})",
        )
        .expect("labelled id regex compiles"),
        named_platform: Regex::new(
            r"(?:(?-u:\b)(?P<p>telegram|tele|tg|whatsapp|wa|line|wechat|zalo|signal|viber|instagram|ig|facebook|fb|tiktok|twitter|threads)|(?P<z>电报|電報|飞机|飛機|ไลน์|微信))",
        )
        .expect("platform name regex compiles"),
        write_to: Regex::new(
            r"(?-u:\b)(?:dm|pm\s+(?:me|us|po|for|na|lang)|ib|inbox|contact|kontak|hubungi|chat|message|msg|text|add|join|apply|interested|minat|berminat|lh|lien he|inb|nhan tin)(?-u:\b)|(?-u:\b)(?:liên hệ|nhắn)|ติดต่อ|แอด|ทัก|สนใจ|联系|聯繫|聯系|加|私信|咨询|諮詢|有意",
        )
        .expect("write-to regex compiles"),
        line_id_label: Regex::new(r"(?:(?-u:\b)line\s*id|ไอดีไลน์|ไลน์ไอดี)\s*[:：=]?\s*$")
            .expect("LINE ID label regex compiles"),
    })
}

/// Whether a bare domain as written in the post ends in a capitalized label (`.My`, `.Me`)
/// while it is not all capitals (`WAY2SMS.COM` is a domain).
fn sentence_run_on(written: &str) -> bool {
    let Some(last) = written.rsplit('.').next() else {
        return false;
    };
    let mut chars = last.chars();
    let capitalized = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.clone().next().is_some()
        && chars.all(|c| c.is_ascii_lowercase());
    capitalized && written.chars().any(|c| c.is_ascii_lowercase())
}

/// Whether the text before a "line" ends with a word that makes it an English compound
/// ("business line", "product line", "hot line"): a line of something, not the app.
fn after_line_compound(before: &str) -> bool {
    const FIRST_WORDS: &[&str] = &[
        "business",
        "product",
        "production",
        "service",
        "services",
        "hot",
        "help",
        "land",
        "phone",
        "front",
        "bottom",
        "top",
        "head",
        "time",
        "supply",
        "assembly",
        "credit",
        "finish",
        "tag",
        "subject",
        "command",
        "first",
        "second",
        "third",
        "next",
        "last",
        "new",
        "main",
        "reporting",
    ];
    let word = before
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    FIRST_WORDS.contains(&word)
}

/// The spans already read as one entity, sorted and merged, so that a check is a binary search
/// (a linear one made a post of thousands of e-mails or handles quadratic).
#[derive(Default)]
struct Taken(Vec<(usize, usize)>);

impl Taken {
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let i = self.0.partition_point(|&(s, _)| s < end);
        i > 0 && self.0[i - 1].1 > start
    }

    fn insert(&mut self, start: usize, end: usize) {
        // The spans from `i` to `j` overlap the new one: merged with it. Spans that only touch
        // stay apart, or an empty check where they meet would find them.
        let i = self.0.partition_point(|&(_, e)| e <= start);
        let j = self.0.partition_point(|&(s, _)| s < end);
        if i == j {
            self.0.insert(i, (start, end));
        } else {
            self.0[i] = (start.min(self.0[i].0), end.max(self.0[j - 1].1));
            self.0.drain(i + 1..j);
        }
    }
}

type Place<'a> = &'a dyn Fn(usize, usize) -> (Span, String);

pub(crate) fn extract(text: &str, place: Place<'_>) -> (Vec<Url>, Vec<Email>, Vec<Contact>) {
    let p = patterns();
    let mut emails: Vec<Email> = Vec::new();
    let mut taken = Taken::default();
    if text.contains('@') {
        for m in p.email.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            if is_ascii_word(before) || matches!(before, Some('.' | '%' | '+' | '-')) {
                continue;
            }
            let (span, matched) = place(m.start(), m.end());
            emails.push(Email {
                span,
                matched,
                address: m.as_str().to_string(),
            });
            taken.insert(m.start(), m.end());
        }
    }

    let mut urls = Vec::new();
    let mut contacts = Vec::new();
    if text.contains('.') || text.contains("://") {
        // Every URL has `://` or a dot followed by a host or TLD character: most posts have
        // only full stops and skip the URL search.
        let possible = text.contains("://")
            || text.as_bytes().windows(2).any(|w| {
                w[0] == b'.' && (w[1].is_ascii_alphanumeric() || w[1] == b'-' || w[1] == b'.')
            });
        let urls_found = possible.then(|| p.url.find_iter(text));
        for m in urls_found.into_iter().flatten() {
            let raw = m.as_str();
            let end = m.start()
                + raw
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '*'])
                    .len();
            let (start, raw) = (m.start(), &text[m.start()..end]);
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let bare = !raw.contains("://") && !raw.starts_with("www.");
            if taken.overlaps(start, end)
                || (bare && (is_ascii_word(before) || matches!(before, Some('@' | '.' | '-'))))
                || (bare && matches!(after, Some('@')))
            {
                continue;
            }
            let rest = raw.split_once("://").map_or(raw, |(_, r)| r);
            let host_end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
            let host = if raw.starts_with("viber://") {
                "viber".to_string()
            } else {
                rest[..host_end].trim_start_matches("www.").to_string()
            };
            if !host.contains('.') && !raw.starts_with("viber://") {
                continue;
            }
            let path_at = start + (raw.len() - rest.len()) + host_end;
            let messaging =
                raw.starts_with("viber://") || MESSAGING_HOSTS.iter().any(|(h, _)| *h == host);
            let (span, matched) = place(start, end);
            // `leh.My friend`, `movie.Me too`, `U.To`: a sentence run into the next one, not a
            // domain. A bare domain is typed in lower case or in capitals, not with its last label
            // capitalized alone.
            if bare && sentence_run_on(&matched) {
                continue;
            }
            // `VB.NET`, `ASP.NET`: skills in job ads, not sites.
            if bare && matches!(host.as_str(), "vb.net" | "asp.net" | "ado.net") {
                continue;
            }
            if let Some((platform, id)) = link_contact(&host, raw, &text[path_at..end], &matched) {
                contacts.push(Contact {
                    span,
                    matched: matched.clone(),
                    platform,
                    id,
                });
            }
            urls.push(Url {
                span,
                matched,
                shortener: SHORTENERS.contains(&host.as_str()),
                messaging,
                host,
            });
            taken.insert(start, end);
        }
        // `t . me/…` and its kin need `me` and a slash: most posts have neither together.
        let obfuscated = (text.contains("me") && text.contains('/'))
            .then(|| p.obfuscated_link.captures_iter(text));
        for c in obfuscated.into_iter().flatten() {
            let m = c.get(0).expect("group 0");
            let host = format!("{}.me", &c["h"]);
            let (span, matched) = place(m.start(), m.end());
            let path = format!("/{}", &c["p"]);
            let original_path = matched.rsplit('/').next().map(|p| format!("/{}", p.trim()));
            let original_path = original_path.unwrap_or_else(|| path.clone());
            if let Some((platform, id)) = link_contact(&host, m.as_str(), &path, &original_path) {
                contacts.push(Contact {
                    span,
                    matched,
                    platform,
                    id,
                });
            }
            taken.insert(m.start(), m.end());
        }
    }

    if text.contains('@') {
        // Found once for the post, on its first bare handle.
        let thai = std::cell::OnceCell::new();
        let thai =
            || *thai.get_or_init(|| text.contains(|ch| Script::of(ch) == Some(Script::Thai)));
        for c in p.handle.captures_iter(text) {
            let m = c.get(0).expect("group 0");
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if is_ascii_word(before)
                || matches!(before, Some('.' | '/' | '@' | '%' | '-'))
                || matches!(after, Some('@' | '-'))
                || (after == Some('.')
                    && text[m.end() + 1..].starts_with(|ch: char| ch.is_ascii_alphabetic()))
                || taken.overlaps(m.start(), m.end())
            {
                continue;
            }
            // `@LINE`, `@telegram`: the app itself is named (the account was left out), not an
            // account of it.
            if platform_of(&c[1]).is_some() {
                continue;
            }
            // `LINE ID: @example`: a labelled ID, read below with its label.
            let window = line_before(text, m.start(), 60);
            if p.line_id_label.is_match(window) {
                continue;
            }
            // The app named last before the handle on its line. None named means LINE in a Thai
            // post, where `@` starts the IDs of LINE official accounts (`แอดไลน์ @example`), and
            // Telegram elsewhere, where @handles are the way to write to someone.
            let named = p.named_platform.captures_iter(window).last().map(|n| {
                n.name("p")
                    .or(n.name("z"))
                    .map_or("", |x| x.as_str())
                    .to_string()
            });
            let platform = match named.as_deref() {
                None if thai() => Some(Platform::Line),
                // Elsewhere a bare `@word` is also "at" in texting (`dinner @sentosa`): it is a
                // handle when it has an account's shape (a digit or `_`) or a word asking to
                // write to it comes before it on its line (`pm me`, not `7 pm`).
                None if c[1].contains(|ch: char| ch == '_' || ch.is_ascii_digit())
                    || p.write_to.is_match(window) =>
                {
                    Some(Platform::Telegram)
                }
                None => None,
                Some(name) => platform_of(name),
            };
            let Some(platform) = platform else { continue };
            let (span, matched) = place(m.start(), m.end());
            contacts.push(Contact {
                span,
                matched,
                platform,
                id: c[1].to_string(),
            });
            taken.insert(m.start(), m.end());
        }
    }

    // Most posts have no labelled ID: `is_match` rules them out faster than a capture search.
    let labelled = p
        .labelled
        .is_match(text)
        .then(|| p.labelled.captures_iter(text));
    for c in labelled.into_iter().flatten() {
        let m = c.get(0).expect("group 0");
        let name = c.name("p").or(c.name("z")).map_or("", |x| x.as_str());
        let id_m = c.name("id").expect("id group");
        let id = id_m.as_str().trim_end_matches(['.', '-']);
        let sep = &c["sep"];
        let latin = c.name("p").is_some();
        let colon = sep.contains([':', '：', '=']) || sep.contains('@');
        let line_id = name.starts_with("line") && name.ends_with("id");
        let platform = match name {
            n if n.starts_with("line") || n.contains("ไลน์") => Platform::Line,
            n if n.starts_with("wechat") => Platform::Wechat,
            "qq号" | "qq號" => Platform::Qq,
            n => match platform_of(n) {
                Some(p) => p,
                None if n.contains("信") => Platform::Wechat,
                None => continue,
            },
        };
        let digits = id.bytes().all(|b| b.is_ascii_digit());
        let ok = match platform {
            // QQ accounts are numbers.
            Platform::Qq => digits && (5..=11).contains(&id.len()),
            // Numbers are phones, found with the phones.
            _ if id.starts_with(|ch: char| ch.is_ascii_digit()) => false,
            // An app's name in running text ("stand in line", "telegram channel") is not a label,
            // nor is an English compound of "line" ("Business Line: Government Services").
            Platform::Line if latin && !line_id && after_line_compound(&text[..m.start()]) => false,
            _ if latin => colon || line_id,
            _ => true,
        };
        let after = text[id_m.end()..].chars().next();
        if !ok || matches!(after, Some('@')) || taken.overlaps(id_m.start(), id_m.end()) {
            continue;
        }
        let end = id_m.start() + id.len();
        let (span, matched) = place(m.start(), end);
        contacts.push(Contact {
            span,
            matched,
            platform,
            id: id.to_string(),
        });
        taken.insert(m.start(), end);
    }
    (urls, emails, contacts)
}

/// The account a messaging link points to. `path` starts at the `/` after the host (in the
/// pattern view); `original` is the link as written, for case-sensitive invite codes.
fn link_contact(host: &str, raw: &str, path: &str, original: &str) -> Option<(Platform, String)> {
    let (_, platform) = MESSAGING_HOSTS
        .iter()
        .find(|(h, _)| *h == host)
        .copied()
        .or_else(|| raw.starts_with("viber://").then_some(("", Platform::Viber)))?;
    // The same path in the original text keeps the case of invite codes.
    let original_path = original.len().checked_sub(path.len()).map_or(path, |i| {
        original
            .get(i..)
            .filter(|p| p.eq_ignore_ascii_case(path))
            .unwrap_or(path)
    });
    let segments: Vec<&str> = path
        .split(['/', '?', '#', '&'])
        .filter(|s| !s.is_empty())
        .collect();
    let original_segments: Vec<&str> = original_path
        .split(['/', '?', '#', '&'])
        .filter(|s| !s.is_empty())
        .collect();
    let seg = |i: usize| segments.get(i).copied();
    let keep_case = |i: usize| {
        original_segments
            .get(i)
            .copied()
            .unwrap_or_default()
            .to_string()
    };
    let number = |s: &str| {
        let d: String = s.chars().filter(char::is_ascii_digit).collect();
        (6..=15).contains(&d.len()).then(|| format!("+{d}"))
    };
    let id = match host {
        "t.me" | "telegram.me" | "telegram.dog" => match seg(0)? {
            "joinchat" => format!("joinchat/{}", keep_case(1)),
            "s" => seg(1)?.to_string(),
            // A private channel's number; a shared folder of chats.
            "c" => format!("c/{}", seg(1)?),
            "addlist" => format!("addlist/{}", keep_case(1)),
            "share" | "addstickers" | "addemoji" | "addtheme" | "setlanguage" | "proxy"
            | "socks" | "iv" | "bg" | "login" | "confirmphone" | "invoice" => return None,
            s if s.starts_with('+') => format!("+{}", &keep_case(0)[1..]),
            s => s.to_string(),
        },
        "wa.me" => number(seg(0)?)?,
        "api.whatsapp.com" => number(segments.iter().find_map(|s| s.strip_prefix("phone="))?)?,
        "chat.whatsapp.com" => {
            let i = usize::from(seg(0)? == "invite");
            format!("group/{}", keep_case(i))
        }
        "wa.link" => format!("wa.link/{}", seg(0)?),
        // line.me/[R/]ti/p/<id> (`~id`, `@id`), [R/]ti/g/<group>, R/home/public/main?id=<id>,
        // page.line.me/<id>. Other paths are LINE's own pages (`line.me/en/`) or a message to
        // share (`line.me/R/msg/text/?…`), not an account.
        "line.me" | "page.line.me" => {
            let id = |s: &str| {
                s.trim_start_matches("%40")
                    .trim_start_matches(['~', '@'])
                    .to_string()
            };
            let ti = segments.iter().position(|s| *s == "ti");
            if host == "page.line.me" {
                id(seg(0)?)
            } else if let Some(i) = ti {
                match seg(i + 1)? {
                    "p" => id(seg(i + 2)?),
                    "g" | "g2" => format!("group/{}", keep_case(i + 2)),
                    // `ti/pHWAt…`, a slash lost: still one account.
                    other => id(other),
                }
            } else if segments.contains(&"public") {
                id(segments.iter().find_map(|s| s.strip_prefix("id="))?)
            } else {
                return None;
            }
        }
        "lin.ee" => format!("lin.ee/{}", keep_case(0)),
        // zalo.me/<phone>, /<account>, /g/<group>, /s/<official account>; /app/… and /pc open
        // the app or its download, and name no one.
        "zalo.me" => match seg(0)? {
            "g" => format!("group/{}", seg(1)?),
            "s" => seg(1)?.to_string(),
            "app" | "pc" | "download" => return None,
            s if s.bytes().all(|b| b.is_ascii_digit()) => {
                let d = s
                    .strip_prefix('0')
                    .map_or(s.to_string(), |rest| format!("84{rest}"));
                number(&d)?
            }
            s => s.to_string(),
        },
        "signal.me" => number(segments.last()?)?,
        "signal.group" => format!("group/{}", keep_case(segments.len().checked_sub(1)?)),
        "invite.viber.com" => format!(
            "invite/{}",
            segments.iter().find_map(|s| s.strip_prefix("g2="))?
        ),
        "u.wechat.com" => keep_case(0),
        "weixin.qq.com" => keep_case(segments.len().checked_sub(1)?),
        "qm.qq.com" => return None,
        // m.me/<page or user>, m.me/j/<group invite>; messenger.com/t/<id>.
        "m.me" => match seg(0)? {
            "j" => format!("j/{}", keep_case(1)),
            s => s.to_string(),
        },
        "messenger.com" => match seg(0)? {
            "t" => seg(1)?.to_string(),
            _ => return None,
        },
        _ if platform == Platform::Viber => {
            let n = segments.iter().find_map(|s| s.strip_prefix("number="))?;
            number(n.trim_start_matches("%2b"))?
        }
        _ => return None,
    };
    if id.is_empty() || id.ends_with('/') {
        return None;
    }
    Some((platform, id))
}

#[cfg(test)]
mod tests {
    use super::Taken;
    use proptest::prelude::*;

    #[test]
    fn touching_spans_stay_apart() {
        // Merged, `[17, 23)` and `[23, 24)` would make an empty check at 23 overlap them.
        let mut taken = Taken::default();
        taken.insert(23, 24);
        taken.insert(17, 23);
        assert!(!taken.overlaps(23, 23));
        assert!(taken.overlaps(22, 24));
    }

    proptest! {
        /// The merged spans answer as the list of every span would.
        #[test]
        fn taken_answers_as_a_list(
            spans in prop::collection::vec((0usize..60, 1usize..8), 0..30),
            queries in prop::collection::vec((0usize..70, 0usize..8), 1..30),
        ) {
            let mut taken = Taken::default();
            let mut list = Vec::new();
            for (start, len) in spans {
                taken.insert(start, start + len);
                list.push((start, start + len));
            }
            for (start, len) in queries {
                let end = start + len;
                let expected = list.iter().any(|&(s, e)| start < e && s < end);
                prop_assert_eq!(taken.overlaps(start, end), expected, "{:?} against {:?}", (start, end), list);
            }
        }
    }
}
