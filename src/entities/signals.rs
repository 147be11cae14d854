//! Entity signals: judgements over a post's entities that rules of a pack can declare with
//! `signal = "..."` instead of keywords, so that their ids, weights and categories stay in the
//! pack where analysts can see and tune them.

use super::gazetteer::LazyHints;
use super::{tables, Entities, Period, Platform};
use crate::report::Span;

/// The entity signals a rule may declare with `signal = "..."`:
///
/// * `salary-above-norm`: pay (see [`Money::salary`](crate::Money::salary)) of at least
///   `factor` times the typical monthly wage of unskilled work in the countries the post points
///   to (its currency, phone numbers, named places and script), from `patterns/data/wages.toml`.
///   Pay is the low end of a range, except for pay by the day: there the top of the range.
/// * `daily-pay`: pay given per day (`800k/ngày`, `Rp 300 ribu per hari`, `日结`).
/// * `messaging-only-contact`: a messaging contact (handle, app link, number for an app) and no
///   e-mail address or website to apply through.
/// * `hotspot-phone`: a phone number of a country marked `hotspot` in the wage table (Cambodia,
///   Myanmar, Laos), in a post not written in that country's script.
/// * `app-number`: a phone number that is also a chat app's account in the post: named just
///   before it (`WA 0812…`, `Zalo: 0912…`, `微信 138…`) or in an app link (`zalo.me/84…`).
/// * `telegram-link`, `whatsapp-link`, `messenger-link`: a link to a chat with an account of
///   that app (`t.me/…`, `wa.me/…`, `chat.whatsapp.com/…`, `m.me/…`), written plainly or
///   disguised (`t . me/…`, `wa[.]me/…`).
/// * `line-link`: a LINE add-friend link (`line.me/…`, `lin.ee/…`) or a labelled LINE ID
///   (`LINE ID: …`, `ไอดีไลน์ …`).
/// * `free-webmail`: an e-mail address at a free webmail host (Gmail, Yahoo, Outlook, Hotmail,
///   AOL).
/// * `handle`: a bare `@handle` that the contact extractor took for an account (see
///   [`Contact`](crate::Contact)): not `@` for "at" (`dinner @sentosa`), nor an app's name
///   alone (`@LINE`).
///
/// A signal's hits carry the spans of the entities that raised it.
pub const SIGNALS: &[&str] = &[
    "salary-above-norm",
    "daily-pay",
    "messaging-only-contact",
    "hotspot-phone",
    "handle",
    "app-number",
    "telegram-link",
    "whatsapp-link",
    "messenger-link",
    "free-webmail",
    "line-link",
];

/// Hosts of free webmail: a recruiter writing from one names no company domain.
const FREE_WEBMAIL: &[&str] = &["gmail", "yahoo", "ymail", "outlook", "hotmail", "aol"];

/// Every signal raised by a post: the index of the signal in [`SIGNALS`] and the span of an
/// entity that raised it.
pub(crate) fn raised(entities: &Entities, lazy_hints: &LazyHints<'_>) -> Vec<(usize, Span)> {
    let mut out = Vec::new();
    let wages = tables::wages();

    // salary-above-norm
    let salary_above_norm = |out: &mut Vec<(usize, Span)>| {
        let hints = lazy_hints.get();
        let mut countries: Vec<&str> = hints
            .languages
            .iter()
            .chain(&hints.named)
            .copied()
            .collect();
        countries.extend(entities.phones.iter().filter_map(|p| p.country.as_deref()));
        countries.extend(
            entities
                .money
                .iter()
                .filter_map(|m| m.currency.as_deref().and_then(tables::country_of_currency)),
        );
        let reference = countries
            .iter()
            .filter_map(|iso| wages.country.get(*iso).map(|c| c.wage_usd))
            .fold(None, |max: Option<f64>, w| {
                Some(max.map_or(w, |m| m.max(w)))
            })
            .unwrap_or(wages.default_usd);
        for m in &entities.money {
            // A day rate is judged by the top of its range: task scams promise a wide one
            // ("500-3000 baht a day", "earn 3000-5000 every day") whose floor is an ordinary
            // wage and whose top is the lure. Monthly ranges keep their floor: ordinary ads
            // state wide ones with commission ("5000-20000 yuan a month").
            let top = match m.period {
                Some(Period::Day) => m.amount_max / m.amount,
                _ => 1.0,
            };
            if m.salary
                && m.usd_per_month
                    .is_some_and(|usd| usd * top >= wages.factor * reference)
            {
                out.push((0, m.span));
            }
        }
    };
    if !entities.money.is_empty() {
        salary_above_norm(&mut out);
    }

    // daily-pay
    for m in &entities.money {
        if m.salary && m.period == Some(Period::Day) {
            out.push((1, m.span));
        }
    }

    // messaging-only-contact
    let website = entities.urls.iter().any(|u| !u.messaging && !u.shortener);
    if !entities.contacts.is_empty() && entities.emails.is_empty() && !website {
        out.extend(entities.contacts.iter().map(|c| (2, c.span)));
    }

    // hotspot-phone
    for p in &entities.phones {
        let Some(country) = p.country.as_deref() else {
            continue;
        };
        let hotspot = wages.country.get(country).is_some_and(|c| c.hotspot);
        if hotspot && !lazy_hints.get().languages.contains(&country) {
            out.push((3, p.span));
        }
    }
    // Binary-searched once per contact or phone: searched linearly, a post of thousands of them
    // was quadratic. Sorted only for posts with a contact, a minority.
    let (url_spans, phone_spans) = if entities.contacts.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        (
            sorted(entities.urls.iter().map(|u| u.span)),
            sorted(entities.phones.iter().map(|p| p.span)),
        )
    };
    for c in &entities.contacts {
        // handle
        let handle = c.matched.starts_with(['@', '＠']);
        if handle {
            out.push((4, c.span));
        }
        // telegram-link, whatsapp-link, messenger-link, line-link. A link is an app's URL, or
        // one disguised (`t . me/…`), which only links write with `/`.
        let link = c.matched.contains('/') || url_spans.binary_search(&c.span).is_ok();
        let signal = match c.platform {
            Platform::Telegram => 6,
            Platform::Whatsapp => 7,
            Platform::Messenger => 8,
            Platform::Line => 10,
            _ => continue,
        };
        // LINE IDs are given with a label as often as by link: `LINE ID: example`.
        let labelled =
            c.platform == Platform::Line && !handle && phone_spans.binary_search(&c.span).is_err();
        if link || labelled {
            out.push((signal, c.span));
        }
    }
    // free-webmail
    for e in &entities.emails {
        let domain = e.address.rsplit_once('@').map_or("", |(_, d)| d);
        let free = FREE_WEBMAIL.iter().any(|host| {
            domain
                .strip_prefix(host)
                .is_some_and(|rest| rest.starts_with(".com"))
        });
        if free {
            out.push((9, e.span));
        }
    }
    // app-number
    let ids = if entities.phones.is_empty() {
        Vec::new()
    } else {
        sorted(
            entities
                .contacts
                .iter()
                .map(|c| c.id.trim_start_matches('+')),
        )
    };
    for p in &entities.phones {
        let id = p.e164.as_deref().unwrap_or(&p.digits);
        if ids.binary_search(&id.trim_start_matches('+')).is_ok() {
            out.push((5, p.span));
        }
    }
    out
}

fn sorted<T: Ord>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut items: Vec<T> = items.collect();
    items.sort_unstable();
    items
}
