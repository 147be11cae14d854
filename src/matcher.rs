//! Matching: one Aho-Corasick automaton for every keyword and allowlist phrase of every language
//! on the keyword view, and one regex set for every pattern on the pattern view. Everything is
//! compiled once, when the detector is built; a scan only runs automata.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use unicode_normalization::UnicodeNormalization;

use crate::normalize::{View, Views};
use crate::pack::{fold_phrase, Rule};
use crate::script::{joins_word, Script};
use crate::Error;

/// Compiled size limits for one regex and for the whole set: generous for real rules, small
/// enough that a pathological pack fails at load instead of eating memory.
const REGEX_SIZE_LIMIT: usize = 2 << 20;
const REGEX_SET_SIZE_LIMIT: usize = 64 << 20;
const REGEX_DFA_LIMIT: usize = 16 << 20;

/// What an automaton pattern stands for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    /// A keyword of the rule at this index, in this language (index into `languages`).
    Rule { rule: u32, lang: u16 },
    /// A phrase of the allowlist at this index.
    Allow(u32),
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    target: Target,
    /// Whether the match must start (end) at a word edge: true unless the keyword was written
    /// with `*` there or its first (last) character belongs to an unspaced script.
    left_edge: bool,
    right_edge: bool,
}

/// A raw match, already mapped to the original text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found {
    pub target: Target,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug)]
pub(crate) struct Matcher {
    keywords: AhoCorasick,
    /// For every automaton pattern, what it stands for (one folded keyword may be written in
    /// several rules).
    entries: Vec<Vec<Entry>>,
    set: RegexSet,
    regexes: Vec<(Regex, u32, u16)>,
}

impl Matcher {
    /// Compiles the enabled rules (`rules[i]` has index `i`) and the allowlist phrases.
    pub fn new(
        rules: &[Rule],
        allow_phrases: &[(u32, &str)],
        languages: &mut Vec<String>,
    ) -> Result<Matcher, Error> {
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut add = |written: &str, target: Target| {
            let folded = fold_phrase(written);
            let written = written.trim();
            let edge = |c: Option<char>| c.and_then(Script::of).is_none_or(|s| !s.is_unspaced());
            let entry = Entry {
                target,
                left_edge: !written.starts_with('*') && edge(folded.chars().next()),
                right_edge: !written.ends_with('*') && edge(folded.chars().next_back()),
            };
            let id = *index.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded);
                entries.push(Vec::new());
                entries.len() - 1
            });
            entries[id].push(entry);
        };
        let mut regex_sources = Vec::new();
        let mut regexes = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if !rule.enabled {
                continue;
            }
            for term in &rule.keywords {
                let lang = intern(languages, &term.lang);
                add(
                    &term.text,
                    Target::Rule {
                        rule: i as u32,
                        lang,
                    },
                );
            }
            for term in &rule.patterns {
                let at = |e: Error| {
                    e.at_line(Some(term.line))
                        .for_rule(Some(&rule.id))
                        .in_file(&rule.location.file)
                };
                // Patterns run on the pattern view, which is in NFKC: a pattern must be too, or
                // a character NFKC rewrites (Thai SARA AM ำ is ํ + า there) never matches.
                let source: String = term.text.nfkc().collect();
                let regex = RegexBuilder::new(&source)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .dfa_size_limit(REGEX_DFA_LIMIT)
                    .build()
                    .map_err(|e| at(regex_error(e)))?;
                regexes.push((regex, i as u32, intern(languages, &term.lang)));
                regex_sources.push(source);
            }
        }
        for &(allow, phrase) in allow_phrases {
            add(phrase, Target::Allow(allow));
        }
        let keywords = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .or_else(|_| {
                // The DFA is the fastest kind but has a size limit; a huge user pack still loads.
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
            })
            .map_err(|e| Error::pack(format!("keyword automaton: {e}")))?;
        let set = RegexSetBuilder::new(&regex_sources)
            .size_limit(REGEX_SET_SIZE_LIMIT)
            .dfa_size_limit(REGEX_DFA_LIMIT)
            .build()
            .map_err(|e| regex_error(e).for_rule(Some("(all patterns together)")))?;
        Ok(Matcher {
            keywords,
            entries,
            set,
            regexes,
        })
    }

    /// Every keyword, phrase and pattern match in the post, mapped to original byte spans.
    pub fn find(&self, views: &Views, found: &mut Vec<Found>) {
        let kv = views.keyword();
        for m in self.keywords.find_overlapping_iter(&kv.text) {
            for entry in &self.entries[m.pattern().as_usize()] {
                if entry.left_edge && !is_edge_before(kv, m.start()) {
                    continue;
                }
                if entry.right_edge && !is_edge_after(kv, m.end()) {
                    continue;
                }
                let (start, end) = kv.original_span(m.start(), m.end());
                found.push(Found {
                    target: entry.target,
                    start,
                    end,
                });
            }
        }
        if self.regexes.is_empty() {
            return;
        }
        let pv = &views.pattern;
        // Most posts match no pattern: `is_match` can stop early and use the set's literal
        // prefilter, which the overlapping search of `matches` cannot.
        if !self.set.is_match(&pv.text) {
            return;
        }
        for i in self.set.matches(&pv.text).iter() {
            let (regex, rule, lang) = &self.regexes[i];
            for m in regex.find_iter(&pv.text) {
                if m.is_empty() {
                    continue;
                }
                let (start, end) = pv.original_span(m.start(), m.end());
                found.push(Found {
                    target: Target::Rule {
                        rule: *rule,
                        lang: *lang,
                    },
                    start,
                    end,
                });
            }
        }
    }
}

fn intern(languages: &mut Vec<String>, lang: &str) -> u16 {
    match languages.iter().position(|l| l == lang) {
        Some(i) => i as u16,
        None => {
            languages.push(lang.to_string());
            (languages.len() - 1) as u16
        }
    }
}

fn regex_error(e: regex::Error) -> Error {
    match e {
        regex::Error::CompiledTooBig(limit) => Error::pack(format!(
            "regex too large: its compiled form exceeds the limit of {limit} bytes"
        )),
        e => Error::pack(format!("invalid regex: {e}")),
    }
}

fn is_edge_before(view: &View, at: usize) -> bool {
    view.text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !joins_word(c))
}

fn is_edge_after(view: &View, at: usize) -> bool {
    view.text[at..]
        .chars()
        .next()
        .is_none_or(|c| !joins_word(c))
}
