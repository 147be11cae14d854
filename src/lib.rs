/*!
lurescan finds fake job offers and scam-compound recruitment lures in job ads and social-media
posts, in the languages of Southeast Asia, and explains every score.

Since 2021 criminal syndicates have trafficked hundreds of thousands of people into scam compounds
in Cambodia, Myanmar, Laos and the Philippines with ads promising "light work, high pay, free
flight and visa". lurescan screens posts for the indicators of such lures (see
`patterns/README.md` and the taxonomy it follows) with keyword and pattern rules, in many scripts,
resistant to the usual evasions, and scores combinations of indicators rather than single words.

# Overview

* A [`Detector`] is a compiled rule pack. [`Detector::new`] uses the built-in pack (the `.toml`
  files of `patterns/`, embedded at compile time); [`Detector::builder`] adds packs from files,
  folders or strings, disables rules and sets thresholds.
* [`Detector::scan`] returns a [`Report`]: a score in [0, 1], a [`Band`], every [`Hit`] with its
  [`Span`] in the **original** text (UTF-8 byte offsets), each category's part in the score,
  and the scripts and languages seen.
* [`Detector::scan_batch`] scans many posts in parallel with rayon.

# Example

```
use lurescan::{Band, Detector};

let detector = Detector::new();
let post = "Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, \
            tiket dan visa ditanggung, hubungi Telegram @hr_xxxx";
let report = detector.scan(post);
assert_eq!(report.band, Band::High);
for hit in &report.hits {
    // Every span points into the original post.
    assert_eq!(&post[hit.span.start..hit.span.end], hit.matched);
}
println!("{}", report.to_json());
```

# The pipeline

1. **Normalize** the post into two views, each mapping back to original byte offsets. The
   *pattern view* is NFKC, lowercase, without zero-width and bidi controls; regex rules run on
   it. The *keyword view* also drops Latin diacritics (Vietnamese typed without marks matches),
   maps Cyrillic and Greek look-alikes, leetspeak and spelled-out words (`t e l e g r a m`) to
   plain letters, and squashes repeated letters. Keywords of packs are folded by the same
   function. Thai, Lao, Khmer, Burmese and Indic marks are never stripped; digits in numbers are
   never changed.
2. **Match**: one Aho-Corasick automaton (DFA kind) over every keyword of every language with
   overlapping matches, then a word-edge check only for keywords in scripts written with spaces
   (`visa` does not hit inside `televisa`, while `工作` hits anywhere in Chinese running text);
   one regex set for all pattern rules, whose members run only when the set matched. Allowlists
   then drop hits: inside their phrase (`visa card`), from a denial to the end of its clause
   (`不收取任何费用及押金`, "no placement fee": a fee the ad says it does not charge), right
   before a denial (`biaya pendaftaran gratis`, `အေဂျင့်ကြေး မယူပါ`), or of their rules in the
   whole post.
3. **Score**, as below. 4. **Report**.

# Scoring

Every rule has a `weight` in log-odds points; context rules (news, warnings, awareness posts)
have negative weights.

* A rule counts **once** per post, however often it matches.
* Within a category, the rules that fired are sorted by absolute weight; the first counts fully,
  the next `decay` times its weight, the next `decay²` times, and so on (`decay` is 0.5 unless
  the category says otherwise). The category's sum is then clamped to `[-cap, cap]`.
* **Composite** rules fire when the categories or rules they require all fired (`all`) and at
  least `min_any` of their `any` list did; a category counts as present when a rule with a
  positive weight fired in it. Their weight is added like any rule of their own category
  (`combo` in the built-in pack).
* `total = bias + Σ category contributions`; `score = sigmoid(total) = 1 / (1 + e^-total)`.
* The band is `high` when `score >= high`, `review` when `score >= review`, else `low`. The
  built-in pack sets `bias = -3.67`, `review = 0.5`, `high = 0.86` (calibrated on labelled data,
  see [`calibrate`]): a post needs about +3.7 points of indicators to be reviewed and +5.5 to be
  high, and one indicator alone (about +1) stays low.
* [`Report::victim_post`] is set apart from the band, which measures a recruitment lure: a
  post with at least 2 points of the `coercion` category (two indicators of coercion after
  recruitment: passport taken, ransom, not allowed to leave...) whose `context` category (news,
  warnings) takes off at most 1 point reads as a victim's or a family's help post. It needs a
  responder whatever its band; the CLI's `--min-band` always writes it.

A worked example with a tiny pack:

```
use lurescan::{Band, Detector};

let pack = r#"
[scoring]
bias = -4.0
review = 0.5
high = 0.85

[category]
id = "pay"
name = "Unrealistic pay"
cap = 2.0

[[rule]]
id = "pay.high-salary"
description = "High salary"
weight = 1.5
[rule.keywords]
en = ["high salary"]
[rule.examples]
match = ["high salary!"]
no_match = ["salary"]

[[rule]]
id = "pay.easy-work"
description = "Easy work"
weight = 1.0
[rule.keywords]
en = ["easy work"]
[rule.examples]
match = ["easy work"]
no_match = ["hard work"]
"#;
let detector = Detector::builder().without_builtin().pack_str("tiny.toml", pack).build()?;

// One rule: total = -4 + 1.5 = -2.5, score = sigmoid(-2.5) ≈ 0.076.
let one = detector.scan("High salary, high salary, HIGH SALARY");
assert!((one.total - -2.5).abs() < 1e-9);      // counted once, not three times
assert_eq!(one.band, Band::Low);

// Two rules of one category: 1.5 + 0.5 × 1.0 = 2.0, at the cap of 2.0.
let two = detector.scan("Easy work, high salary");
assert!((two.categories[0].contribution - 2.0).abs() < 1e-9);
assert!((two.total - -2.0).abs() < 1e-9);
# Ok::<(), lurescan::Error>(())
```

# Report JSON

[`Report::to_json`] (and `serde_json::to_string`) gives one object; the CLI and the Python
module use the same shape (Python gives offsets in code points instead of bytes).
`serde_json::from_str::<Report>` reads it back unchanged, also from a line of the CLI's output
(the record's other fields are ignored), so a service can screen with the CLI and load results:

```json
{
  "score": 0.97, "band": "high", "victim_post": false, "total": 3.52,
  "hits": [{"rule": "destination.cambodia", "category": "destination", "language": "id",
            "weight": 0.5, "start": 18, "end": 25, "matched": "Kamboja"}],
  "categories": [{"category": "pay", "contribution": 1.7,
                  "rules": [{"rule": "pay.salary-amount", "weight": 1.2, "counted": 1.2}]}],
  "scripts": ["latin"], "languages": ["id"],
  "entities": {
    "phones": [{"start": 70, "end": 85, "matched": "+855 12 345 678", "digits": "85512345678",
                "e164": "+85512345678", "country": "KH", "obfuscated": false}],
    "contacts": [{"start": 90, "end": 101, "matched": "@example_hr", "platform": "telegram",
                  "id": "example_hr"}],
    "urls": [{"start": 0, "end": 13, "matched": "bit.ly/AbC123", "host": "bit.ly",
              "shortener": true, "messaging": false}],
    "emails": [{"start": 0, "end": 14, "matched": "hr@example.com", "address": "hr@example.com"}],
    "money": [{"start": 30, "end": 45, "matched": "2,500 USD/month", "amount": 2500.0,
               "amount_max": 2500.0, "currency": "USD", "period": "month", "salary": true,
               "usd_per_month": 2500.0}]
  },
  "contact_keys": ["phone:+85512345678", "telegram:example_hr", "url:bit.ly/AbC123"]
}
```

`start` and `end` are UTF-8 byte offsets into the original post, half-open.

# Entities

Every report also carries the post's [`Entities`], extracted from the pattern view with spans in
the original text: phone numbers (international and national formats, obfuscated ones included:
`0 8 1 2`, `nol delapan`, `không tám`, `ศูนย์แปด`, `零八`, keycap emoji) normalized to E.164 with
their country; messaging contacts (Telegram, WhatsApp, LINE, WeChat, Zalo, Signal, Viber, QQ,
Messenger); URLs, link shorteners flagged; e-mail addresses; and money (`Rp 15 juta/bulan`, `8-10 triệu`,
`月薪3万`, `฿30,000`, `800k/ngày`, `3000u`) with currency and period, normalized to US dollars per
month with the dated rates of `patterns/data/rates.toml`. [`extract_entities`] runs extraction
alone.

Rules use entities through *signals* ([`SIGNALS`]): a rule with `signal = "salary-above-norm"`
(or `daily-pay`, `messaging-only-contact`, `hotspot-phone`) fires when the post's entities raise
it, so pay several times the usual wage where the post points, or a Cambodian number in an
Indonesian post, count like any rule and show in the explanation.

[`Report::contact_keys`] holds the post's normalized contact keys (`phone:+85512345678`,
`telegram:example_hr`, `host:example.com`); [`shared_contacts`] lists the keys that several
flagged posts share, to group posts by recruiter:

```
let detector = lurescan::Detector::new();
let post = "Customer service, Phnom Penh, 2,500 USD/month, contact +855 12 345 678";
let report = detector.scan(post);
assert_eq!(report.entities.phones[0].e164.as_deref(), Some("+85512345678"));
assert_eq!(report.entities.money[0].usd_per_month, Some(2500.0));
assert_eq!(report.contact_keys, ["phone:+85512345678"]);
assert!(report.rule_ids().contains(&"pay.salary-above-norm"));
```

# Rule packs

The TOML format is documented in `patterns/README.md`. A broken pack fails to load with an
[`Error`] that names the file, the line and the rule id: unknown fields, duplicate ids, bad or
oversized regexes, empty keywords, unknown language codes and missing examples are all caught
when the detector is built, never during a scan.

# Performance

* Build a detector once and clone it: building compiles every automaton (about a billion
  instructions). A 64 KB table of character properties is built once per process.
* Prefer [`Detector::scan_batch`] (or your own rayon iterator calling [`Detector::scan`]) for
  many posts. The library never configures rayon's global pool; install your own pool to bound
  threads.
* A scan of the bench corpus (`benches/README.md`) costs about 270 instructions per byte
  (callgrind, 4,000 posts, after a first pass over them): normalization 32 % (the pattern view
  14 %, `may_fold` 12 %), entity extraction 36 % (phones 16 %, money 11 %, contacts 9 %),
  matching 12 %, counting scripts 7 %, scoring and reports the rest. The bare keyword automaton
  alone runs at about 156 MiB/s on the bench machine, six times the pipeline: trimming stages
  will not close that gap on its own.
* Profile warmed up. On a few thousand posts, the lazy DFAs of the regex crate filling their
  caches and the tables built on first use were 28 % of a cold callgrind run and hid the
  steady state: scan the sample once, then collect on a second pass
  (`valgrind --tool=callgrind --toggle-collect=...` on a function wrapping that pass).

What made scanning fast, and holds for further work (each change was checked by comparing the
complete JSON reports of about 150,000 posts, real and fuzzed, with the previous build):

* Do not build what is the same as its input. A view that is a character-for-character copy
  of the post (ASCII, Thai, Chinese, lowercase Vietnamese) keeps no byte map, the keyword view
  is the pattern view unless a byte scan finds something to fold, and Vietnamese diacritics are
  folded letter for letter without the general folding passes.
* Per-character Unicode properties (NFKC quick check, combining class, lowercase) come from one
  table built once, not from several hashed lookups per character; text that fails the NFKC
  quick check (a quarter of the corpus, mostly for a full-width comma) is normalized only around
  the characters that are not stable, not as a whole.
* Regex captures cost thousands of instructions per match for a large Unicode pattern: find
  first, capture only the matches that need groups (bare numbers do not). Where most posts have
  no match at all, ask `is_match` first: it stops early and uses literal prefilters that an
  overlapping `RegexSet::matches` or a capture search cannot (a third of the matching time).
* Prefilter exactly before building per-candidate structures (a phone needs seven digit tokens
  in one run), and scan non-ASCII text by UTF-8 lead bytes where only a few blocks matter.
* Ask aho-corasick for the DFA kind for every automaton that runs on every post.
* Compute what only some posts need when they need it: the country hints (a gazetteer automaton
  over the whole post) are read only by amounts and phone numbers, which 15 % of the bench posts
  have, so they are found on first use (−9 % instructions per scan); a regex that needs literal
  text (`me` and `/` for `t . me/…`) runs only when the post has it.
* Map views back to the original by runs, not per byte: one full-width comma or emoji variation
  selector breaks the alignment of most Chinese and emoji-bearing posts, and a span per byte
  after it cost 8 bytes of map per byte of text (a run per aligned stretch: −2.5 % instructions).
* Gate a new fold's trigger on the bytes that can start it: the Chinese-separator trigger first
  looked at every character after a Han one and cost 3 % of a scan; checked only at the lead
  bytes of its separators, 0.1 %.
* Per-character properties that every post needs come from tables of the Basic Multilingual
  Plane built once from the functions they replace (a unit test compares them on every
  character): counting the scripts of a post by ranges cost more than the rest of that count.
* Skip what cannot matter: byte scans step from lead byte to lead byte, the digits of a post
  are found once and gate the money regex, a post already in NFKC is copied into the pattern
  view in the pass that checks it, and folding Vietnamese marks copies the ASCII between marked
  letters whole (−15 % instructions per scan with the tables above, reports identical on
  100,000 bench posts and 30,000 fuzzed ones; 1.06x wall clock, interleaved runs).
* Measured and rejected: looking Latin digit words up word by word (a byte scan for runs and a
  sorted table) instead of the digit-word automaton cost 40 % more in phone extraction, and two
  automata (Latin words; Thai and Chinese words behind a byte check) 24 % more than one. The
  DFA with its prefilter stops at every "one" in "phone" and is still the cheapest.
* Also measured and rejected, by wall clock (interleaved runs of one binary each, 60,000 bench
  posts), because instruction counts misled here:
  * Our own loop over the keyword DFA instead of `find_overlapping_iter` halves the
    instructions of that loop but was no faster: the DFA holds 22.4 MB of transitions, and its
    memory loads, not the loop, take the time (perf charges them to the state check after
    each load).
  * A contiguous NFA for the keywords instead of that DFA: 3 % slower on the bench corpus, 3 %
    faster on lure-dense posts (examples/posts.jsonl), and a process's memory falls from 44.6
    to 23.3 MB with a faster build. Kept the DFA for speed; a memory-bound deployment (many
    worker processes) would choose the other way.
  * Gating each pattern rule by its literal prefixes (regex-syntax's extractor, one small
    automaton over the pattern view, a regex run only from its first prefix) instead of one
    `RegexSet::is_match` over all patterns: 15 to 20 % slower. Short prefixes ("i", "we",
    "2", "@") are in most posts, and the set's own prefilter is cheaper than a second pass.
  * Finding the phone extractor's digit words in the keyword pass instead of their own
    automaton (used when the keyword view is the pattern view, 70 % of the bench bytes):
    reports identical, about 2 % faster, within noise. Skipping the digit-word search
    altogether would gain 11 to 13 %, but in the overlapping keyword pass every `一`, `ba` or
    `one` becomes a match to report, which costs what the separate pass did. Not kept.
  * Splitting the pattern regexes into a set that needs a digit (run only on posts with one,
    half the bench bytes) and the rest: no gain measurable.
* Where the time goes, by wall clock (`benches/stage_costs.sh`: each stage patched out in turn
  in a scratch worktree, best of six interleaved rounds over 60,000 bench posts; about 35 ns
  per byte, 28 MB/s, in all): entity extraction about 15.5 ns per byte (contacts 5, phones 5,
  of which the digit-word automaton is most, money 2.5), matching about 11 (the keyword
  automaton 6.5, the pattern regexes 3.5), and normalization, scripts, scoring and the report
  together about 10: with matching and entities patched out the pipeline runs at 104 MB/s. A
  post needs all of them, so 100 MB/s on one thread would leave matching and entities no time
  at all; no stage alone is the gap. Instruction counts rank the stages differently
  (normalization is 32 % of the instructions but a quarter of the time): measure wall clock
  before choosing what to speed up.
* Money cost 5 ns per byte while its regex ran over the whole post; run from just before each
  digit (a match starts at most 21 bytes before its first digit: the longest currency prefix
  and a space) and with the numbers that cannot be money dropped before the price and
  allowance searches, it costs 2.5, with identical reports (1.09x end to end with the rest of
  this stop's changes, ten interleaved runs against its start).

# Untrusted input

Any `&str` is accepted: scanning never panics, and its time is linear in the post's length
(Aho-Corasick and the regex crate's automata have no backtracking). Our own code keeps it so:
a check of one hit, number or handle looks at its neighbours through sorted or hashed indexes,
never at every other one. `cargo bench --bench long_posts` scans long posts made of one
repeated shape at two lengths and fails if time grows more than twice as fast as length: it
found five stages that were quadratic (allowlists, taken spans of contacts, two entity signals,
runs of digit groups): a post of 1 MB of `每天500元` took 20.9 s before the fixes and 0.19 s
after, one of 60,000 distinct `zalo: 09…` numbers 9.6 s and 0.22 s.
The slowest shapes left are runs of one-digit groups (`1-2-3-…`, about 1 MB/s), where every
group starts up to eleven phone candidates (what comes before a number is read once for all
its lengths: 2.5 times faster than once for each). Rule packs are trusted more: still, regexes are
compiled with size limits, so a pathological pattern fails at load.

# Crate features

* `cli`: the `lurescan` command-line tool.
*/
#![deny(missing_docs)]

mod calibrate;
#[cfg(feature = "cli")]
pub mod cli;
mod detector;
mod entities;
mod error;
mod matcher;
mod normalize;
mod pack;
mod report;
mod score;
mod script;

pub use calibrate::{
    calibrate, calibrate_held_out, evaluate, roc_auc, BandMetrics, Calibration, CalibrationOptions,
    Comparison, Evaluation, GroupComparison, GroupEvaluation, LabelledPost, Metrics,
};
pub use detector::{Detector, DetectorBuilder, ExampleOutcome, UnexercisedKeyword};
pub use entities::{
    extract_entities, shared_contacts, Contact, ContactIndex, Email, Entities, Money, Period,
    Phone, Platform, SharedContact, Url, SIGNALS,
};
pub use error::Error;
pub use normalize::{fold_keyword, fold_pattern};
pub use pack::{read_pack_files, Category, Rule, LANGUAGES};
pub use report::{Band, CategoryScore, Hit, Report, RuleScore, Span};
pub use score::Thresholds;
pub use script::Script;

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_all<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}

    #[test]
    fn public_types_are_thread_safe() {
        assert_all::<Detector>();
        assert_all::<DetectorBuilder>();
        assert_all::<Report>();
        assert_all::<Hit>();
        assert_all::<Error>();
        assert_all::<Rule>();
    }
}
