//! The detector: a compiled rule pack that scans posts.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::entities::{extract_with_hints, signals, SIGNALS};
use crate::matcher::{Found, Matcher, Target};
use crate::normalize::{fold_keyword, normalize};
use crate::pack::{fold_phrase, AllowScope, Allowlist, Category, Pack, Rule};
use crate::report::{Hit, Report, Span};
use crate::score::{combine, sigmoid, victim_post, Fired, Thresholds};
use crate::script::{is_clause_mark, scripts_by_frequency, Script};
use crate::Error;

/// A compiled rule pack, ready to scan posts.
///
/// Building one compiles every keyword and pattern; scanning compiles nothing. Build it once and
/// share it: it is immutable, `Send + Sync`, and cloning it only bumps a reference count.
#[derive(Clone, Debug)]
pub struct Detector {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    rules: Vec<Rule>,
    /// For every rule, the index of its category in `categories`.
    rule_category: Vec<usize>,
    categories: Vec<Category>,
    composites: Vec<Composite>,
    allowlists: Vec<Allowlist>,
    /// For every allowlist, the rule indices it applies to; empty for every rule.
    allow_rules: Vec<Vec<u32>>,
    languages: Vec<String>,
    /// The index of `any` in `languages`: the language of entity-signal hits.
    any_language: u16,
    /// For every entity signal (index into `SIGNALS`), the enabled rules that declare it.
    signal_rules: Vec<Vec<u32>>,
    matcher: Matcher,
    thresholds: Thresholds,
}

#[derive(Debug)]
struct Composite {
    rule: usize,
    all: Vec<Condition>,
    any: Vec<Condition>,
    min_any: usize,
}

#[derive(Debug, Clone, Copy)]
enum Condition {
    Category(usize),
    Rule(usize),
}

/// How a post fared against one example of a rule (see [`Detector::test_examples`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleOutcome {
    /// The rule whose example this is.
    pub rule: String,
    /// The example text.
    pub text: String,
    /// True for a `match` example, false for a `no_match` one.
    pub should_match: bool,
    /// Whether the rule behaved as the example says.
    pub passed: bool,
}

/// A keyword no example of its rule exercises (see [`Detector::unexercised_keywords`]).
#[derive(Clone, Debug, PartialEq)]
pub struct UnexercisedKeyword {
    /// The rule id.
    pub rule: String,
    /// The keyword's language.
    pub language: String,
    /// The keyword as written.
    pub keyword: String,
    /// Pack file and line of the keyword.
    pub file: String,
    /// The 1-based line of the keyword.
    pub line: usize,
}

impl Default for Detector {
    fn default() -> Detector {
        Detector::new()
    }
}

impl Detector {
    /// A detector with the built-in pack and its thresholds.
    ///
    /// The built-in pack is checked by the test suite, so this does not fail.
    pub fn new() -> Detector {
        Detector::builder()
            .build()
            .expect("the built-in pack is valid (checked by the test suite)")
    }

    /// A builder for extra packs, disabled rules and thresholds.
    pub fn builder() -> DetectorBuilder {
        DetectorBuilder::default()
    }

    /// Scans one post.
    pub fn scan(&self, text: &str) -> Report {
        let inner = &*self.inner;
        let views = normalize(text);
        let mut found = Vec::new();
        inner.matcher.find(&views, &mut found);
        // Entities are extracted from the pattern view; the signals they raise become hits of
        // the rules that declare them, with the entity's span, before allowlists and scoring.
        let (entities, hints) = extract_with_hints(text, &views.pattern);
        for (signal, span) in signals::raised(&entities, &hints) {
            for &rule in &inner.signal_rules[signal] {
                found.push(Found {
                    target: Target::Rule {
                        rule,
                        lang: inner.any_language,
                    },
                    start: span.start,
                    end: span.end,
                });
            }
        }
        let hits = inner.hits(text, &found);

        // Each rule once, then composites over what fired.
        let mut fired_rules: Vec<usize> = hits.iter().map(|(rule, _)| *rule).collect();
        fired_rules.sort_unstable();
        fired_rules.dedup();
        let present_category = |c: usize| {
            fired_rules
                .iter()
                .any(|&r| inner.rule_category[r] == c && inner.rules[r].weight > 0.0)
        };
        let holds = |cond: &Condition| match *cond {
            Condition::Category(c) => present_category(c),
            Condition::Rule(r) => fired_rules.binary_search(&r).is_ok(),
        };
        let composites: Vec<usize> = inner
            .composites
            .iter()
            .filter(|c| {
                c.all.iter().all(holds) && c.any.iter().filter(|x| holds(x)).count() >= c.min_any
            })
            .map(|c| c.rule)
            .collect();
        let fired: Vec<Fired<'_>> = fired_rules
            .iter()
            .chain(&composites)
            .map(|&r| Fired {
                category: inner.rule_category[r],
                rule: &inner.rules[r].id,
                weight: inner.rules[r].weight,
            })
            .collect();
        let (total, categories) = combine(&inner.categories, inner.thresholds.bias, &fired);
        let score = sigmoid(total);

        let mut languages: Vec<(usize, &str)> = Vec::new();
        for (_, hit) in &hits {
            if hit.language == "any" {
                continue;
            }
            match languages.iter_mut().find(|(_, l)| *l == hit.language) {
                Some((n, _)) => *n += 1,
                None => languages.push((1, &hit.language)),
            }
        }
        languages.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let languages = languages.into_iter().map(|(_, l)| l.to_string()).collect();

        Report {
            score,
            band: inner.thresholds.band(score),
            victim_post: victim_post(&categories),
            total,
            hits: hits.into_iter().map(|(_, hit)| hit).collect(),
            categories,
            scripts: scripts_by_frequency(text),
            languages,
            contact_keys: entities.contact_keys(),
            entities,
        }
    }

    /// Scans many posts in parallel on the current rayon pool, returning reports in input order.
    pub fn scan_batch<T: AsRef<str> + Sync>(&self, texts: &[T]) -> Vec<Report> {
        texts.par_iter().map(|t| self.scan(t.as_ref())).collect()
    }

    /// Every rule of the loaded packs, enabled or not, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.inner.rules
    }

    /// Every category of the loaded packs.
    pub fn categories(&self) -> &[Category] {
        &self.inner.categories
    }

    /// The bias and band thresholds in force.
    pub fn thresholds(&self) -> Thresholds {
        self.inner.thresholds
    }

    /// Runs every enabled rule's examples: a `match` example must make the rule fire, a
    /// `no_match` example must not. Returns one outcome per example.
    pub fn test_examples(&self) -> Vec<ExampleOutcome> {
        let mut outcomes = Vec::new();
        for rule in self.inner.rules.iter().filter(|r| r.enabled) {
            let cases = rule
                .examples_match
                .iter()
                .map(|t| (t, true))
                .chain(rule.examples_no_match.iter().map(|t| (t, false)));
            for (text, should_match) in cases {
                let fired = self.scan(text).rule_ids().contains(&rule.id.as_str());
                outcomes.push(ExampleOutcome {
                    rule: rule.id.clone(),
                    text: text.clone(),
                    should_match,
                    passed: fired == should_match,
                });
            }
        }
        outcomes
    }

    /// Keywords that no `match` example of their rule exercises: untested keywords are where
    /// false positives hide, so the test suite requires this to be empty for the built-in pack.
    pub fn unexercised_keywords(&self) -> Vec<UnexercisedKeyword> {
        let mut missing = Vec::new();
        for rule in self.inner.rules.iter().filter(|r| r.enabled) {
            let matched: Vec<String> = rule
                .examples_match
                .iter()
                .flat_map(|t| self.scan(t).hits)
                .filter(|h| h.rule == rule.id)
                .map(|h| fold_keyword(&h.matched))
                .collect();
            for term in &rule.keywords {
                let folded = fold_phrase(&term.text);
                if !matched.iter().any(|m| m.contains(&folded)) {
                    missing.push(UnexercisedKeyword {
                        rule: rule.id.clone(),
                        language: term.lang.clone(),
                        keyword: term.text.clone(),
                        file: rule.location.file.clone(),
                        line: term.line,
                    });
                }
            }
        }
        missing
    }
}

impl Inner {
    /// Turns raw matches into hits, applying allowlists; each hit paired with its rule index,
    /// sorted by position, one per rule and span.
    fn hits(&self, text: &str, found: &[Found]) -> Vec<(usize, Hit)> {
        let allows = Allows::new(&self.allowlists, found);
        let mut hits: Vec<(usize, Hit)> = Vec::new();
        for f in found {
            let Target::Rule { rule, lang } = f.target else {
                continue;
            };
            if allows.cancel(self, text, rule, f) {
                continue;
            }
            let r = &self.rules[rule as usize];
            hits.push((
                rule as usize,
                Hit {
                    rule: r.id.clone(),
                    category: r.category.clone(),
                    language: self.languages[lang as usize].clone(),
                    weight: r.weight,
                    span: Span {
                        start: f.start,
                        end: f.end,
                    },
                    matched: text[f.start..f.end].to_string(),
                },
            ));
        }
        hits.sort_by(|a, b| (a.1.span, a.0, &a.1.language).cmp(&(b.1.span, b.0, &b.1.language)));
        hits.dedup_by(|a, b| a.0 == b.0 && a.1.span == b.1.span);
        hits
    }
}

/// The allowlist phrases found in a post, sorted so that a hit is checked against the phrases
/// near it only: comparing every hit with every phrase made long posts quadratic.
struct Allows {
    /// The allowlists of `post` scope that matched.
    post: Vec<usize>,
    /// The other matches, by start: start, end, allowlist.
    near: Vec<(usize, usize, usize)>,
    /// The longest of them, in bytes of the original text.
    longest: usize,
}

impl Allows {
    fn new(allowlists: &[Allowlist], found: &[Found]) -> Allows {
        let mut post = Vec::new();
        let mut near = Vec::new();
        for f in found {
            let Target::Allow(i) = f.target else {
                continue;
            };
            let i = i as usize;
            if allowlists[i].scope != AllowScope::Post {
                near.push((f.start, f.end, i));
            } else if !post.contains(&i) {
                post.push(i);
            }
        }
        near.sort_unstable();
        let longest = near.iter().map(|&(start, end, _)| end - start).max();
        Allows {
            post,
            near,
            longest: longest.unwrap_or(0),
        }
    }

    /// Whether an allowlist cancels this match of `rule`.
    fn cancel(&self, detector: &Inner, text: &str, rule: u32, f: &Found) -> bool {
        let applies = |allow: usize| {
            let rules = &detector.allow_rules[allow];
            rules.is_empty() || rules.contains(&rule)
        };
        if self.post.iter().any(|&i| applies(i)) {
            return true;
        }
        if self.near.is_empty() {
            return false;
        }
        let scope = |i: usize| detector.allowlists[i].scope;
        // `span` and `clause`: a phrase from before the hit that ends at most CLAUSE_REACH
        // characters (4 bytes at most each) before it.
        let reach = f.start.saturating_sub(4 * CLAUSE_REACH + self.longest);
        let from = self.near.partition_point(|a| a.0 < reach);
        let to = self.near.partition_point(|a| a.0 <= f.start);
        let before = self.near[from..to].iter().any(|&(_, end, i)| {
            applies(i)
                && match scope(i) {
                    AllowScope::Span => f.end <= end,
                    AllowScope::Clause => f.start <= end || same_clause(text, end, f.start),
                    AllowScope::Follows | AllowScope::Post => false,
                }
        });
        if before {
            return true;
        }
        // `follows`: a phrase after the hit with only blanks and a colon between.
        let rest = &text[f.end..];
        let blank = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：'))
                .len();
        let from = self.near.partition_point(|a| a.0 < f.end);
        let to = self.near.partition_point(|a| a.0 <= f.end + blank);
        self.near[from..to].iter().any(|&(start, _, i)| {
            applies(i) && scope(i) == AllowScope::Follows && follows(&text[f.end..start])
        })
    }
}

/// How far, in characters, a negation cue reaches into its clause: "不收取所谓介绍费以及押金"
/// (no so-called introduction fee or deposit is charged) needs 7, "we never charge applicants a
/// registration fee or a placement fee" 36. Further on, the clause is rarely still about what the
/// cue denies.
const CLAUSE_REACH: usize = 40;

/// Whether `text[from..to]` stays within one clause: no [clause mark](is_clause_mark), at most
/// [`CLAUSE_REACH`] characters. Thai, Lao, Khmer, Burmese and Chinese put a space where other
/// languages put a comma, so a space between two of their characters ends the clause too.
fn same_clause(text: &str, from: usize, to: usize) -> bool {
    let unspaced = |c: Option<char>| c.and_then(Script::of).is_some_and(Script::is_unspaced);
    let mut before_space = text[..from].chars().next_back();
    let mut in_space = false;
    for (n, c) in text[from..to].chars().enumerate() {
        if n >= CLAUSE_REACH || is_clause_mark(c) {
            return false;
        }
        if c.is_whitespace() {
            in_space = true;
            continue;
        }
        if in_space && unspaced(before_space) && unspaced(Some(c)) {
            return false;
        }
        in_space = false;
        before_space = Some(c);
    }
    !(in_space && unspaced(before_space) && unspaced(text[to..].chars().next()))
}

/// Whether a phrase after a hit follows it directly: nothing between them but spaces and at
/// most one colon ("phí hồ sơ: miễn phí", "报名费：全免").
fn follows(gap: &str) -> bool {
    gap.chars()
        .all(|c| c.is_whitespace() || matches!(c, ':' | '：'))
        && gap.chars().filter(|c| matches!(c, ':' | '：')).count() <= 1
}

/// Builds a [`Detector`] from the built-in pack and/or user packs.
///
/// ```
/// let detector = lurescan::Detector::builder()
///     .pack_str("extra.toml", r#"
/// [[rule]]
/// id = "contact.signal-only"
/// description = "Apply only through Signal"
/// weight = 0.8
/// [rule.keywords]
/// en = ["apply on signal"]
/// [rule.examples]
/// match = ["Interested? Apply on Signal today"]
/// no_match = ["Traffic signal out on Main St"]
/// "#)
///     .disable("destination.country-name")
///     .thresholds(0.4, 0.8)
///     .build()?;
/// assert!(detector.scan("apply on Signal").rule_ids().contains(&"contact.signal-only"));
/// # Ok::<(), lurescan::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct DetectorBuilder {
    builtin: bool,
    sources: Vec<Source>,
    disabled: Vec<String>,
    review_high: Option<(f64, f64)>,
}

impl Default for DetectorBuilder {
    fn default() -> DetectorBuilder {
        DetectorBuilder {
            builtin: true,
            sources: Vec::new(),
            disabled: Vec::new(),
            review_high: None,
        }
    }
}

#[derive(Clone, Debug)]
enum Source {
    Path(PathBuf),
    Text { name: String, text: String },
}

impl DetectorBuilder {
    /// Adds a pack file, or every `.toml` file of a folder, read when [`build`](Self::build) runs.
    pub fn pack_path(mut self, path: impl AsRef<Path>) -> DetectorBuilder {
        self.sources.push(Source::Path(path.as_ref().to_path_buf()));
        self
    }

    /// Adds a pack given as TOML text; `name` stands for the file name in errors.
    pub fn pack_str(mut self, name: &str, toml: &str) -> DetectorBuilder {
        self.sources.push(Source::Text {
            name: name.to_string(),
            text: toml.to_string(),
        });
        self
    }

    /// Leaves the built-in pack out: only the packs added here are used. They must then define
    /// the categories their rules use.
    pub fn without_builtin(mut self) -> DetectorBuilder {
        self.builtin = false;
        self
    }

    /// Disables a rule by id. Building fails if no loaded pack has that id.
    pub fn disable(mut self, rule_id: &str) -> DetectorBuilder {
        self.disabled.push(rule_id.to_string());
        self
    }

    /// Sets the score thresholds of the `review` and `high` bands (`0 < review <= high <= 1`).
    pub fn thresholds(mut self, review: f64, high: f64) -> DetectorBuilder {
        self.review_high = Some((review, high));
        self
    }

    /// Reads and checks every pack, then compiles the detector.
    pub fn build(&self) -> Result<Detector, Error> {
        let mut pack = if self.builtin {
            Pack::builtin()?
        } else {
            Pack::default()
        };
        for source in &self.sources {
            match source {
                Source::Path(path) => pack.add_path(path)?,
                Source::Text { name, text } => pack.add_source(name, text)?,
            }
        }
        compile(pack, &self.disabled, self.review_high)
    }
}

fn compile(
    mut pack: Pack,
    disabled: &[String],
    review_high: Option<(f64, f64)>,
) -> Result<Detector, Error> {
    let defaults = Thresholds::default();
    let (review, high) = review_high.unwrap_or((
        pack.scoring.review.unwrap_or(defaults.review),
        pack.scoring.high.unwrap_or(defaults.high),
    ));
    if !(review > 0.0 && review <= high && high <= 1.0) {
        return Err(Error::pack(format!(
            "thresholds must satisfy 0 < review <= high <= 1 (got review {review}, high {high})"
        )));
    }
    let thresholds = Thresholds {
        bias: pack.scoring.bias.unwrap_or(defaults.bias),
        review,
        high,
    };

    let categories = std::mem::take(&mut pack.categories);
    for (i, c) in categories.iter().enumerate() {
        if categories[..i].iter().any(|d| d.id == c.id) {
            return Err(Error::pack(format!("category `{}` is defined twice", c.id)));
        }
    }
    let find_rule = |rules: &[Rule], id: &str| rules.iter().position(|r| r.id == id);
    let mut rule_category = Vec::with_capacity(pack.rules.len());
    for (i, rule) in pack.rules.iter().enumerate() {
        let at = |e: Error| {
            e.at_line(Some(rule.location.line))
                .for_rule(Some(&rule.id))
                .in_file(&rule.location.file)
        };
        if find_rule(&pack.rules[..i], &rule.id).is_some() {
            return Err(at(Error::pack("duplicate rule id")));
        }
        let c = categories
            .iter()
            .position(|c| c.id == rule.category)
            .ok_or_else(|| {
                at(Error::pack(format!(
                    "unknown category `{}`: no loaded pack defines it in a [category] table",
                    rule.category
                )))
            })?;
        rule_category.push(c);
    }
    for id in disabled {
        let i = find_rule(&pack.rules, id)
            .ok_or_else(|| Error::pack(format!("cannot disable unknown rule `{id}`")))?;
        pack.rules[i].enabled = false;
    }

    let mut composites = Vec::new();
    for (i, rule) in pack.rules.iter().enumerate() {
        let Some(requires) = rule.requires.as_ref().filter(|_| rule.enabled) else {
            continue;
        };
        let at = |e: Error| {
            e.at_line(Some(rule.location.line))
                .for_rule(Some(&rule.id))
                .in_file(&rule.location.file)
        };
        let resolve = |name: &String| -> Result<Condition, Error> {
            if name.contains('.') {
                match find_rule(&pack.rules, name) {
                    Some(r) if !pack.rules[r].is_composite() => Ok(Condition::Rule(r)),
                    Some(_) => Err(at(Error::pack(format!(
                        "`requires` names composite rule `{name}`; name categories or plain rules"
                    )))),
                    None => Err(at(Error::pack(format!(
                        "`requires` names unknown rule `{name}`"
                    )))),
                }
            } else {
                categories
                    .iter()
                    .position(|c| &c.id == name)
                    .map(Condition::Category)
                    .ok_or_else(|| {
                        at(Error::pack(format!(
                            "`requires` names unknown category `{name}`"
                        )))
                    })
            }
        };
        composites.push(Composite {
            rule: i,
            all: requires.all.iter().map(resolve).collect::<Result<_, _>>()?,
            any: requires.any.iter().map(resolve).collect::<Result<_, _>>()?,
            min_any: requires.min_any,
        });
    }

    let mut allow_rules = Vec::new();
    let mut allow_phrases: Vec<(u32, &str)> = Vec::new();
    for (i, allow) in pack.allowlists.iter().enumerate() {
        if pack.allowlists[..i].iter().any(|a| a.id == allow.id) {
            return Err(Error::pack("duplicate allowlist id")
                .at_line(Some(allow.location.line))
                .for_rule(Some(&allow.id))
                .in_file(&allow.location.file));
        }
        let rules = allow
            .rules
            .iter()
            .map(|id| {
                find_rule(&pack.rules, id).map(|r| r as u32).ok_or_else(|| {
                    Error::pack(format!("allowlist names unknown rule `{id}`"))
                        .at_line(Some(allow.location.line))
                        .for_rule(Some(&allow.id))
                        .in_file(&allow.location.file)
                })
            })
            .collect::<Result<Vec<u32>, Error>>()?;
        allow_rules.push(rules);
        allow_phrases.extend(allow.phrases.iter().map(|p| (i as u32, p.as_str())));
    }

    let mut languages = Vec::new();
    let matcher = Matcher::new(&pack.rules, &allow_phrases, &mut languages)?;
    let any_language = match languages.iter().position(|l| l == "any") {
        Some(i) => i as u16,
        None => {
            languages.push("any".to_string());
            (languages.len() - 1) as u16
        }
    };
    let signal_rules = SIGNALS
        .iter()
        .map(|name| {
            (0..pack.rules.len() as u32)
                .filter(|&r| {
                    let rule = &pack.rules[r as usize];
                    rule.enabled && rule.signal.as_deref() == Some(*name)
                })
                .collect()
        })
        .collect();
    Ok(Detector {
        inner: Arc::new(Inner {
            rules: pack.rules,
            rule_category,
            categories,
            composites,
            allowlists: pack.allowlists,
            allow_rules,
            languages,
            any_language,
            signal_rules,
            matcher,
            thresholds,
        }),
    })
}
