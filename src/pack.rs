//! Rule packs: the TOML format of `patterns/`, parsed and validated with file, line and rule id
//! in every error. The format is documented in `patterns/README.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::normalize::fold_keyword;
use crate::Error;

/// Language codes a rule may use: the ten languages of the region, a few of the wider origin
/// countries, and `any` for language-neutral tokens such as `usdt` or `t.me/`.
pub const LANGUAGES: &[&str] = &[
    "en", "id", "ms", "vi", "th", "my", "km", "lo", "tl", "zh", "hi", "bn", "ne", "ur", "si", "ta",
    "ja", "ko", "ru", "ar", "fr", "es", "pt", "any",
];

/// The pack built into the crate: every `.toml` file of `patterns/`, listed by `build.rs`.
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_pack.rs"));

/// A category of indicators: its rules share a cap and diminishing returns.
#[derive(Clone, Debug)]
pub struct Category {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) cap: f64,
    pub(crate) decay: f64,
}

impl Category {
    /// The category id, which prefixes its rules' ids (`pay` for `pay.easy-work-high-pay`).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// A human-readable name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The most, in absolute log-odds points, that the category adds to a post.
    pub fn cap(&self) -> f64 {
        self.cap
    }
    /// The factor applied to each further rule hit in the category (the second counts `decay`,
    /// the third `decay²`...).
    pub fn decay(&self) -> f64 {
        self.decay
    }
}

/// Where something was written: pack file (or pack name) and 1-based line.
#[derive(Clone, Debug)]
pub(crate) struct Location {
    pub file: String,
    pub line: usize,
}

/// A keyword or regex of a rule, with its language and where it was written.
#[derive(Clone, Debug)]
pub(crate) struct Term {
    pub lang: String,
    pub text: String,
    pub line: usize,
}

/// What a composite rule requires of the other hits in a post.
#[derive(Clone, Debug, Default)]
pub(crate) struct Requires {
    /// Category ids or rule ids that must all be present.
    pub all: Vec<String>,
    /// Category ids or rule ids of which at least `min_any` must be present.
    pub any: Vec<String>,
    pub min_any: usize,
}

/// One rule of a pack, as written (the compiled form lives in the detector).
#[derive(Clone, Debug)]
pub struct Rule {
    pub(crate) id: String,
    pub(crate) category: String,
    pub(crate) description: String,
    pub(crate) weight: f64,
    pub(crate) references: Vec<String>,
    pub(crate) enabled: bool,
    pub(crate) keywords: Vec<Term>,
    pub(crate) patterns: Vec<Term>,
    pub(crate) requires: Option<Requires>,
    /// The entity signal the rule stands for (one of [`SIGNALS`](crate::SIGNALS)), if any.
    pub(crate) signal: Option<String>,
    pub(crate) examples_match: Vec<String>,
    pub(crate) examples_no_match: Vec<String>,
    pub(crate) location: Location,
}

impl Rule {
    /// The stable rule id, `category.kebab-name`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The category id (the part of the id before the dot).
    pub fn category(&self) -> &str {
        &self.category
    }
    /// What the rule detects.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The weight in log-odds points (negative for context rules).
    pub fn weight(&self) -> f64 {
        self.weight
    }
    /// Sources for the rule's phrasings.
    pub fn references(&self) -> &[String] {
        &self.references
    }
    /// False when the rule was retired (`status = "disabled"`) or disabled by the caller.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }
    /// Whether the rule fires on combinations of other hits rather than on text.
    pub fn is_composite(&self) -> bool {
        self.requires.is_some()
    }
    /// The entity signal the rule fires on (`signal = "salary-above-norm"`), if it is a signal
    /// rule; see [`SIGNALS`](crate::SIGNALS).
    pub fn signal(&self) -> Option<&str> {
        self.signal.as_deref()
    }
    /// The languages the rule has keywords or patterns in, sorted.
    pub fn languages(&self) -> Vec<&str> {
        let mut langs: Vec<&str> = self
            .keywords
            .iter()
            .chain(&self.patterns)
            .map(|t| t.lang.as_str())
            .collect();
        langs.sort_unstable();
        langs.dedup();
        langs
    }
    /// `(language, keyword)` pairs as written in the pack.
    pub fn keywords(&self) -> impl Iterator<Item = (&str, &str)> {
        self.keywords
            .iter()
            .map(|t| (t.lang.as_str(), t.text.as_str()))
    }
    /// `(language, regex)` pairs as written in the pack.
    pub fn patterns(&self) -> impl Iterator<Item = (&str, &str)> {
        self.patterns
            .iter()
            .map(|t| (t.lang.as_str(), t.text.as_str()))
    }
    /// Texts the rule must hit.
    pub fn examples_match(&self) -> &[String] {
        &self.examples_match
    }
    /// Texts the rule must not hit.
    pub fn examples_no_match(&self) -> &[String] {
        &self.examples_no_match
    }
    /// The pack file (or pack name) the rule is written in.
    pub fn file(&self) -> &str {
        &self.location.file
    }
    /// The line of the rule's `id` in that file.
    pub fn line(&self) -> usize {
        self.location.line
    }
}

/// Whether an allowlist cancels hits inside its phrases, hits in the rest of the clause its
/// phrase opens (a negation before: "we do not charge any fee"), a hit its phrase directly
/// follows (a negation after: "biaya pendaftaran gratis", "အေဂျင့်ကြေး မယူပါ"), or every hit
/// of its rules in the post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AllowScope {
    Span,
    Clause,
    Follows,
    Post,
}

/// Phrases that are never a hit, or whose presence cancels rules for the whole post.
#[derive(Clone, Debug)]
pub(crate) struct Allowlist {
    pub id: String,
    pub scope: AllowScope,
    /// Rule ids it applies to; empty for every rule.
    pub rules: Vec<String>,
    pub phrases: Vec<String>,
    pub location: Location,
}

/// Scoring parameters a pack may set.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ScoringParams {
    pub bias: Option<f64>,
    pub review: Option<f64>,
    pub high: Option<f64>,
}

/// Everything read from one or more pack files.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pack {
    pub categories: Vec<Category>,
    pub rules: Vec<Rule>,
    pub allowlists: Vec<Allowlist>,
    pub scoring: ScoringParams,
}

impl Pack {
    pub fn builtin() -> Result<Pack, Error> {
        let mut pack = Pack::default();
        for (name, text) in BUILTIN {
            pack.add_source(name, text)?;
        }
        Ok(pack)
    }

    /// Adds a pack file, or every `.toml` file of a folder in name order.
    pub fn add_path(&mut self, path: &Path) -> Result<(), Error> {
        for (name, text) in read_pack_files(path)? {
            self.add_source(&name, &text)?;
        }
        Ok(())
    }

    /// Parses one pack file and appends its content, after checking it on its own.
    pub fn add_source(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start);
            Error::pack(e.message().trim().to_string())
                .at_line(offset.map(|o| line_of(text, o)))
                .for_rule(offset.and_then(|o| table_id_before(text, o)).as_deref())
                .in_file(file)
        })?;
        if let Some(c) = raw.category {
            let line = line_of(text, c.span().start);
            let c = c.into_inner();
            let at = |e: Error| e.at_line(Some(line)).in_file(file);
            check_kebab(&c.id).map_err(at)?;
            if !(c.cap.is_finite() && c.cap > 0.0) {
                return Err(at(Error::pack("category cap must be a positive number")));
            }
            let decay = c.decay.unwrap_or(0.5);
            if !(decay > 0.0 && decay <= 1.0) {
                return Err(at(Error::pack("category decay must be in (0, 1]")));
            }
            self.categories.push(Category {
                id: c.id,
                name: c.name,
                cap: c.cap,
                decay,
            });
        }
        if let Some(s) = raw.scoring {
            self.scoring = ScoringParams {
                bias: s.bias.or(self.scoring.bias),
                review: s.review.or(self.scoring.review),
                high: s.high.or(self.scoring.high),
            };
        }
        for raw_rule in raw.rule {
            let rule = parse_rule(file, text, raw_rule)?;
            self.rules.push(rule);
        }
        for raw_allow in raw.allowlist {
            let line = line_of(text, raw_allow.get_ref().id.span().start);
            let a = raw_allow.into_inner();
            let id = a.id.into_inner();
            let at = |e: Error| e.at_line(Some(line)).for_rule(Some(&id)).in_file(file);
            if a.phrases.is_empty() || a.phrases.iter().any(|p| fold_phrase(p).is_empty()) {
                return Err(at(Error::pack("allowlist phrases must be non-empty")));
            }
            self.allowlists.push(Allowlist {
                id: id.clone(),
                scope: a.scope,
                rules: a.rules,
                phrases: a.phrases,
                location: Location {
                    file: file.to_string(),
                    line,
                },
            });
        }
        Ok(())
    }
}

/// Reads a pack file, or every `.toml` file of a folder in name order, as `(file name, text)`
/// pairs without parsing them. Callers that must ship packs elsewhere (a pickled detector sent to
/// cluster workers) read them once with this and pass the texts to
/// [`DetectorBuilder::pack_str`](crate::DetectorBuilder::pack_str).
pub fn read_pack_files(path: &Path) -> Result<Vec<(String, String)>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let files = if meta.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(
                Error::pack("folder holds no .toml pack file").in_file(&path.display().to_string())
            );
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            Ok((file.display().to_string(), text))
        })
        .collect()
}

fn parse_rule(file: &str, text: &str, raw: Spanned<RawRule>) -> Result<Rule, Error> {
    let raw = raw.into_inner();
    let line = line_of(text, raw.id.span().start);
    let id = raw.id.into_inner();
    let at = |e: Error, l: usize| e.at_line(Some(l)).for_rule(Some(&id)).in_file(file);
    let category = match id.split_once('.') {
        Some((cat, name)) if check_kebab(cat).is_ok() && check_kebab(name).is_ok() => cat,
        _ => {
            return Err(at(
                Error::pack("rule id must be `category.kebab-name`, lowercase ASCII"),
                line,
            ))
        }
    }
    .to_string();
    if !raw.weight.is_finite() {
        return Err(at(Error::pack("weight must be a finite number"), line));
    }
    let enabled = match raw.status {
        Status::Active => true,
        Status::Disabled if raw.reason.as_deref().is_some_and(|r| !r.trim().is_empty()) => false,
        Status::Disabled => {
            return Err(at(
                Error::pack("a disabled rule must say why in `reason`"),
                line,
            ))
        }
    };
    let terms = |map: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
                 what: &str|
     -> Result<Vec<Term>, Error> {
        let mut terms = Vec::new();
        for (lang, list) in map {
            let lang_line = line_of(text, lang.span().start);
            let lang = lang.into_inner();
            if !LANGUAGES.contains(&lang.as_str()) {
                return Err(at(
                    Error::pack(format!(
                        "unknown language code `{lang}` (known: {})",
                        LANGUAGES.join(", ")
                    )),
                    lang_line,
                ));
            }
            for term in list {
                let term_line = line_of(text, term.span().start);
                let term = term.into_inner();
                let empty = if what == "keyword" {
                    fold_phrase(&term).is_empty()
                } else {
                    term.is_empty()
                };
                if empty {
                    return Err(at(
                        Error::pack(format!("empty {what} in `{lang}`")),
                        term_line,
                    ));
                }
                terms.push(Term {
                    lang: lang.clone(),
                    text: term,
                    line: term_line,
                });
            }
        }
        Ok(terms)
    };
    let keywords = terms(raw.keywords, "keyword")?;
    let patterns = terms(raw.patterns, "pattern")?;
    let requires = raw.requires.map(|r| Requires {
        min_any: r.min_any.unwrap_or(usize::from(!r.any.is_empty())),
        all: r.all,
        any: r.any,
    });
    let signal = match raw.signal {
        Some(name) if !crate::entities::SIGNALS.contains(&name.as_str()) => {
            return Err(at(
                Error::pack(format!(
                    "unknown signal `{name}` (known: {})",
                    crate::entities::SIGNALS.join(", ")
                )),
                line,
            ))
        }
        Some(_) if !keywords.is_empty() || !patterns.is_empty() || requires.is_some() => {
            return Err(at(
                Error::pack("a signal rule has no keywords, patterns or `requires`"),
                line,
            ))
        }
        signal => signal,
    };
    match &requires {
        Some(_) if !keywords.is_empty() || !patterns.is_empty() => {
            return Err(at(
                Error::pack("a composite rule (`requires`) has no keywords or patterns"),
                line,
            ))
        }
        Some(r) if r.all.is_empty() && r.any.is_empty() => {
            return Err(at(Error::pack("`requires` names nothing"), line))
        }
        Some(r) if r.min_any > r.any.len() => {
            return Err(at(
                Error::pack("`min_any` is larger than the `any` list"),
                line,
            ))
        }
        None if keywords.is_empty() && patterns.is_empty() && signal.is_none() => {
            return Err(at(
                Error::pack("a rule needs keywords, patterns, `requires` or `signal`"),
                line,
            ))
        }
        _ => {}
    }
    let examples = raw.examples.unwrap_or_default();
    if examples.matches.is_empty() || examples.no_match.is_empty() {
        return Err(at(
            Error::pack("missing examples: a rule needs at least one `match` and one `no_match`"),
            line,
        ));
    }
    Ok(Rule {
        category,
        description: raw.description,
        weight: raw.weight,
        references: raw.references,
        enabled,
        keywords,
        patterns,
        requires,
        signal,
        examples_match: examples.matches,
        examples_no_match: examples.no_match,
        location: Location {
            file: file.to_string(),
            line,
        },
        id,
    })
}

/// A keyword or phrase as matched: edge markers (`*`) removed, then folded.
pub(crate) fn fold_phrase(keyword: &str) -> String {
    fold_keyword(keyword.trim().trim_matches('*').trim())
}

fn check_kebab(s: &str) -> Result<(), Error> {
    let ok = !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err(Error::pack(format!(
            "`{s}` is not a kebab-case id (lowercase ASCII, digits, single dashes)"
        )))
    }
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The `id` of the `[[rule]]` or `[[allowlist]]` table that encloses `offset`, found in the text
/// itself because a file that fails to deserialize gives no structure to ask.
fn table_id_before(text: &str, offset: usize) -> Option<String> {
    // A missing-field error points at the table's own `[[` header: include it in the search.
    let end = (offset + 2).min(text.len());
    let head = text
        .get(..end)
        .unwrap_or(&text[..offset.min(text.len())])
        .rfind("[[")?;
    let body_end = text[head + 2..]
        .find("\n[")
        .map_or(text.len(), |i| head + 2 + i);
    text[head..body_end].lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "id").then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    category: Option<Spanned<RawCategory>>,
    scoring: Option<RawScoring>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    allowlist: Vec<Spanned<RawAllowlist>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: String,
    name: String,
    cap: f64,
    decay: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScoring {
    bias: Option<f64>,
    review: Option<f64>,
    high: Option<f64>,
}

#[derive(Deserialize, Default, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Status {
    #[default]
    Active,
    Disabled,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    description: String,
    weight: f64,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    status: Status,
    reason: Option<String>,
    #[serde(default)]
    keywords: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    patterns: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    requires: Option<RawRequires>,
    signal: Option<String>,
    examples: Option<RawExamples>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequires {
    #[serde(default)]
    all: Vec<String>,
    #[serde(default)]
    any: Vec<String>,
    min_any: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    #[serde(default, rename = "match")]
    matches: Vec<String>,
    #[serde(default)]
    no_match: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllowlist {
    id: Spanned<String>,
    // Written for the pack's readers; accepted so that `deny_unknown_fields` lets it through.
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
    scope: AllowScope,
    #[serde(default)]
    rules: Vec<String>,
    phrases: Vec<String>,
}

impl<'de> Deserialize<'de> for AllowScope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match String::deserialize(d)?.as_str() {
            "span" => Ok(AllowScope::Span),
            "clause" => Ok(AllowScope::Clause),
            "follows" => Ok(AllowScope::Follows),
            "post" => Ok(AllowScope::Post),
            other => Err(serde::de::Error::custom(format!(
                "unknown allowlist scope `{other}`, expected `span`, `clause`, `follows` or `post`"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[category]
id = "pay"
name = "Pay"
cap = 3.0

[[rule]]
id = "pay.easy"
description = "easy work"
weight = 1.0
[rule.keywords]
en = ["easy work"]
[rule.examples]
match = ["easy work here"]
no_match = ["hard work"]
"#;

    fn error_of(text: &str) -> Error {
        Pack::default().add_source("t.toml", text).unwrap_err()
    }

    #[test]
    fn parses_a_good_pack() {
        let mut pack = Pack::default();
        pack.add_source("t.toml", GOOD).unwrap();
        assert_eq!(pack.rules.len(), 1);
        assert_eq!(pack.rules[0].category(), "pay");
        assert_eq!(pack.rules[0].line(), 8);
        assert_eq!(pack.rules[0].keywords[0].line, 12);
    }

    #[test]
    fn unknown_field_names_file_line_and_rule() {
        let e = error_of(&GOOD.replace("weight = 1.0", "weight = 1.0\nwieght = 2"));
        assert_eq!(e.file(), Some("t.toml"));
        assert_eq!(e.line(), Some(11));
        assert_eq!(e.rule_id(), Some("pay.easy"));
        assert!(e.to_string().contains("wieght"), "{e}");
    }

    #[test]
    fn unknown_language_names_its_line() {
        let e = error_of(&GOOD.replace("en = [", "xx = ["));
        assert_eq!((e.line(), e.rule_id()), (Some(12), Some("pay.easy")));
        assert!(e.message().contains("unknown language code `xx`"));
    }

    #[test]
    fn empty_keyword_is_an_error() {
        let e = error_of(&GOOD.replace("[\"easy work\"]", "[\"easy work\", \" * \"]"));
        assert!(e.message().contains("empty keyword"), "{e}");
        assert_eq!(e.line(), Some(12));
    }

    #[test]
    fn missing_examples_is_an_error() {
        let e = error_of(&GOOD.replace("no_match = [\"hard work\"]", ""));
        assert!(e.message().contains("missing examples"), "{e}");
        assert_eq!(e.rule_id(), Some("pay.easy"));
    }

    #[test]
    fn bad_id_is_an_error() {
        let e = error_of(&GOOD.replace("pay.easy", "Pay Easy"));
        assert!(e.message().contains("category.kebab-name"), "{e}");
    }

    #[test]
    fn disabled_rule_needs_a_reason() {
        let e = error_of(&GOOD.replace("weight = 1.0", "weight = 1.0\nstatus = \"disabled\""));
        assert!(e.message().contains("reason"), "{e}");
    }

    #[test]
    fn missing_field_names_the_rule() {
        let e = error_of("[[rule]]\nid = \"pay.x\"\n");
        assert!(e.message().contains("missing field"), "{e}");
        assert_eq!(e.rule_id(), Some("pay.x"));
    }

    #[test]
    fn toml_syntax_error_has_a_line() {
        let e = error_of("[[rule]]\nid = \"pay.x\"\nweight = = 1\n");
        assert_eq!(e.line(), Some(3));
        assert_eq!(e.rule_id(), Some("pay.x"));
    }

    #[test]
    fn signal_rules() {
        let signal = GOOD.replace(
            "[rule.keywords]\nen = [\"easy work\"]",
            "signal = \"daily-pay\"",
        );
        let mut pack = Pack::default();
        pack.add_source("t.toml", &signal).unwrap();
        assert_eq!(pack.rules[0].signal(), Some("daily-pay"));
        let e = error_of(&signal.replace("daily-pay", "daily-salary"));
        assert!(e.message().contains("unknown signal `daily-salary`"), "{e}");
        assert_eq!(e.rule_id(), Some("pay.easy"));
        let e = error_of(&GOOD.replace("weight = 1.0", "weight = 1.0\nsignal = \"daily-pay\""));
        assert!(e.message().contains("a signal rule has no keywords"), "{e}");
    }

    #[test]
    fn builtin_pack_parses() {
        let pack = Pack::builtin().unwrap();
        assert!(!pack.rules.is_empty());
        assert!(pack.scoring.bias.is_some());
    }
}
