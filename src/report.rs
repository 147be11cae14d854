//! What a scan returns: the score, the band, every hit with its span in the original text, and
//! how the score was formed.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::entities::Entities;
use crate::script::Script;

/// A half-open range of UTF-8 byte offsets into the original post: `&text[start..end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte, inclusive.
    pub start: usize,
    /// Last byte, exclusive.
    pub end: usize,
}

/// How much attention a post deserves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    /// Below the review threshold: no action suggested.
    Low,
    /// Worth a human look.
    Review,
    /// Very likely a recruitment lure (or a victim's help post).
    High,
}

impl Band {
    /// `"low"`, `"review"` or `"high"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Review => "review",
            Band::High => "high",
        }
    }
}

impl std::str::FromStr for Band {
    type Err = String;
    fn from_str(s: &str) -> Result<Band, String> {
        match s {
            "low" => Ok(Band::Low),
            "review" => Ok(Band::Review),
            "high" => Ok(Band::High),
            _ => Err(format!("unknown band `{s}`, expected low, review or high")),
        }
    }
}

/// One match of a rule in the post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The rule id, `category.kebab-name`.
    pub rule: String,
    /// The rule's category id.
    pub category: String,
    /// The language of the keyword or pattern that matched (`"any"` for neutral tokens).
    pub language: String,
    /// The rule's weight in log-odds points.
    pub weight: f64,
    /// Where in the original text, in UTF-8 bytes.
    #[serde(flatten)]
    pub span: Span,
    /// `&text[span.start..span.end]`: the original text, before any normalization.
    pub matched: String,
}

/// A rule's part in the score: it counts once per post, with diminishing returns in its category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleScore {
    /// The rule id.
    pub rule: String,
    /// The rule's weight.
    pub weight: f64,
    /// What it added after diminishing returns (before the category cap).
    pub counted: f64,
}

/// A category's part in the score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// The category id.
    pub category: String,
    /// What the category added to the total, after diminishing returns and its cap.
    pub contribution: f64,
    /// The rules that fired in it, strongest first.
    pub rules: Vec<RuleScore>,
}

/// The result of scanning one post. Serializes to the JSON shape documented in the crate docs, and
/// reads back from it (`serde_json::from_str`; fields it does not know, such as the envelope of
/// the CLI's output records, are ignored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// `sigmoid(total)`, in [0, 1].
    pub score: f64,
    /// The band the score falls in.
    pub band: Band,
    /// Whether the post reads as a victim's (or a family's) help post: two or more indicators of
    /// coercion after recruitment (passport taken, ransom, not allowed to leave, sold on...) and
    /// not news or a warning. Such a post needs a responder whatever its band, which measures a
    /// recruitment lure. Read from the built-in `coercion` and `context` categories.
    #[serde(default)]
    pub victim_post: bool,
    /// The log-odds total: the pack's bias plus every category contribution.
    pub total: f64,
    /// Every rule match, in order of position (composite rules have no span and appear only in
    /// `categories`).
    pub hits: Vec<Hit>,
    /// Category contributions, largest in absolute value first.
    pub categories: Vec<CategoryScore>,
    /// Writing systems of the post, most used first.
    pub scripts: Vec<Script>,
    /// Languages of the keywords and patterns that matched, most hits first (`any` left out).
    pub languages: Vec<String>,
    /// Phones, messaging contacts, URLs, e-mails and money found in the post, with spans in the
    /// original text.
    pub entities: Entities,
    /// The post's normalized contact keys (see [`Entities::contact_keys`]): posts of the same
    /// recruiter share them.
    pub contact_keys: Vec<String>,
}

impl Report {
    /// Whether the post reached at least `band`.
    pub fn is_at_least(&self, band: Band) -> bool {
        self.band >= band
    }

    /// The ids of the rules that fired, composite rules included, without repeats.
    pub fn rule_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .categories
            .iter()
            .flat_map(|c| c.rules.iter().map(|r| r.rule.as_str()))
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The report as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serializes")
    }

    /// A human-readable explanation: the post with every hit marked by `mark` (for example
    /// `|s| format!("[{s}]")`, or terminal colours), then each category's rules and the sum.
    pub fn explain(&self, text: &str, mut mark: impl FnMut(&str) -> String) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "score {:.3}  band {}  (log-odds total {:+.2})",
            self.score,
            self.band.as_str(),
            self.total
        );
        if self.victim_post {
            out +=
                "reads as a victim's help post (coercion after recruitment): needs a responder\n";
        }
        out.push('\n');
        // Mark merged hit ranges, so overlapping keywords do not garble the text.
        let mut ranges: Vec<(usize, usize)> = self
            .hits
            .iter()
            .map(|h| (h.span.start, h.span.end))
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in ranges {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let mut at = 0;
        for (s, e) in merged {
            out += &text[at..s];
            out += &mark(&text[s..e]);
            at = e;
        }
        out += &text[at..];
        out += "\n\n";
        for cat in &self.categories {
            let _ = writeln!(out, "{:+6.2}  {}", cat.contribution, cat.category);
            for rule in &cat.rules {
                let _ = write!(
                    out,
                    "        {} (weight {:+.2}, counted {:+.2})",
                    rule.rule, rule.weight, rule.counted
                );
                let matched: Vec<&str> = self
                    .hits
                    .iter()
                    .filter(|h| h.rule == rule.rule)
                    .map(|h| h.matched.as_str())
                    .collect();
                if !matched.is_empty() {
                    let _ = write!(out, ": {}", matched.join(" | "));
                }
                out.push('\n');
            }
        }
        let sum: f64 = self.categories.iter().map(|c| c.contribution).sum();
        let _ = writeln!(
            out,
            "\nbias {:+.2} + categories {:+.2} = {:+.2}; sigmoid = {:.3}",
            self.total - sum,
            sum,
            self.total,
            self.score
        );
        out
    }
}
