//! Scoring: log-odds weights, once per rule, diminishing returns and a cap per category,
//! composite rules, then a sigmoid and bands. The semantics are documented in the crate docs.

use crate::pack::Category;
use crate::report::{Band, CategoryScore, RuleScore};

/// Where the bands start, and the log-odds of a post with no hit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// The log-odds total of a post with no hit: `sigmoid(bias)` is its score.
    pub bias: f64,
    /// Scores at or above this are `review`.
    pub review: f64,
    /// Scores at or above this are `high`.
    pub high: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            bias: -4.0,
            review: 0.5,
            high: 0.85,
        }
    }
}

impl Thresholds {
    pub(crate) fn band(&self, score: f64) -> Band {
        if score >= self.high {
            Band::High
        } else if score >= self.review {
            Band::Review
        } else {
            Band::Low
        }
    }
}

/// Points of the `coercion` category (victims' posts: passports taken, ransom, no way home)
/// from which a post reads as a victim's or a family's help post: two of its indicators, not one
/// ("my passport was taken by the hotel", "I can't go home tonight" stay out).
pub(crate) const VICTIM_POST_POINTS: f64 = 2.0;

/// Points the `context` category (news, police warnings, awareness posts) may take off before a
/// post that reports coercion reads as news about victims rather than a victim's own post.
pub(crate) const NEWS_POINTS: f64 = 1.0;

/// Whether the category contributions make the post a victim's help post (see
/// [`VICTIM_POST_POINTS`] and [`NEWS_POINTS`]): it needs a responder whatever its band, since
/// the band measures a recruitment lure.
pub(crate) fn victim_post(categories: &[CategoryScore]) -> bool {
    let points = |id: &str| {
        categories
            .iter()
            .find(|c| c.category == id)
            .map_or(0.0, |c| c.contribution)
    };
    points("coercion") >= VICTIM_POST_POINTS && points("context") > -NEWS_POINTS
}

/// A rule that fired, for scoring: its category index, id and weight.
pub(crate) struct Fired<'a> {
    pub category: usize,
    pub rule: &'a str,
    pub weight: f64,
}

/// Category contributions and the log-odds total. `fired` holds each rule once.
pub(crate) fn combine(
    categories: &[Category],
    bias: f64,
    fired: &[Fired<'_>],
) -> (f64, Vec<CategoryScore>) {
    let mut scores: Vec<CategoryScore> = Vec::new();
    for (c, category) in categories.iter().enumerate() {
        let mut weights: Vec<(&str, f64)> = fired
            .iter()
            .filter(|f| f.category == c)
            .map(|f| (f.rule, f.weight))
            .collect();
        if weights.is_empty() {
            continue;
        }
        // Strongest first, ties by id so the result does not depend on match order.
        weights.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
        let mut factor = 1.0;
        let mut rules = Vec::with_capacity(weights.len());
        for (rule, weight) in weights {
            rules.push(RuleScore {
                rule: rule.to_string(),
                weight,
                counted: weight * factor,
            });
            factor *= category.decay;
        }
        let sum: f64 = rules.iter().map(|r| r.counted).sum();
        scores.push(CategoryScore {
            category: category.id.clone(),
            contribution: sum.clamp(-category.cap, category.cap),
            rules,
        });
    }
    scores.sort_by(|a, b| {
        b.contribution
            .abs()
            .total_cmp(&a.contribution.abs())
            .then_with(|| a.category.cmp(&b.category))
    });
    let total = bias + scores.iter().map(|c| c.contribution).sum::<f64>();
    (total, scores)
}

pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: &str, cap: f64) -> Category {
        Category {
            id: id.into(),
            name: id.into(),
            cap,
            decay: 0.5,
        }
    }

    #[test]
    fn diminishing_returns_then_cap() {
        let cats = [cat("pay", 2.0)];
        let fired = [
            Fired {
                category: 0,
                rule: "pay.a",
                weight: 1.0,
            },
            Fired {
                category: 0,
                rule: "pay.b",
                weight: 1.2,
            },
        ];
        let (total, scores) = combine(&cats, -4.0, &fired);
        // 1.2 + 0.5 * 1.0 = 1.7, under the cap of 2.0
        assert!((scores[0].contribution - 1.7).abs() < 1e-9);
        assert!((total - (-2.3)).abs() < 1e-9);
        let more = [
            Fired {
                category: 0,
                rule: "pay.a",
                weight: 1.5,
            },
            Fired {
                category: 0,
                rule: "pay.b",
                weight: 1.5,
            },
            Fired {
                category: 0,
                rule: "pay.c",
                weight: 1.5,
            },
        ];
        let (_, scores) = combine(&cats, -4.0, &more);
        assert_eq!(scores[0].contribution, 2.0);
    }

    #[test]
    fn negative_categories_are_capped_too() {
        let cats = [cat("context", 3.0)];
        let fired = [
            Fired {
                category: 0,
                rule: "context.a",
                weight: -2.5,
            },
            Fired {
                category: 0,
                rule: "context.b",
                weight: -2.5,
            },
        ];
        let (total, _) = combine(&cats, -4.0, &fired);
        assert!((total - (-7.0)).abs() < 1e-9);
    }

    #[test]
    fn bands() {
        let t = Thresholds::default();
        assert_eq!(t.band(sigmoid(-4.0)), Band::Low);
        assert_eq!(t.band(0.5), Band::Review);
        assert_eq!(t.band(0.9), Band::High);
    }
}
