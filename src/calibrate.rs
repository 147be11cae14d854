//! Calibration: fits how much each category counts, and the bias, on labelled posts.
//!
//! Hand-set weights encode what analysts know; labelled data says how predictive each kind of
//! indicator really is (an NIJ-funded study found several indicators investigators rely on were
//! not). The fit keeps the analysts' work readable: it does not refit each rule, it fits one
//! **scale per category** and the bias,
//!
//! ```text
//! logit(post) = bias + Σ_category scale_c × contribution_c(post)
//! ```
//!
//! where `contribution_c` is what the category adds today. Because diminishing returns and caps
//! are linear in the weights, multiplying every rule weight and the cap of category `c` by
//! `scale_c` gives exactly this model, so [`Calibration::write`] can write the result back into
//! the pack's TOML files as ordinary weights. Scales are kept non-negative (a rule written as a
//! warning sign never becomes a sign of innocence), pulled towards 1 by an L2 penalty whose
//! strength is chosen by k-fold cross-validation on ROC-AUC, and a category seen in too few
//! labelled posts keeps its hand-set weights (scale 1); scales stay within a range (0.5 to 3 by
//! default). Positives and negatives are weighted to count equally in the fit, which ranks posts;
//! the bands then come from a false-positive budget: `review` starts where at most 5 % of the
//! negatives of every group (data set) score, `high` where at most 1 % do. The bias is shifted
//! so that `review` stays at score 0.5.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{Detector, Error, Report};

/// A labelled post for calibration.
#[derive(Clone, Copy, Debug)]
pub struct LabelledPost<'a> {
    /// The post.
    pub text: &'a str,
    /// Whether it is a recruitment lure (or fake job ad).
    pub positive: bool,
    /// Where it comes from (a data set, a platform): the false-positive budget of the bands
    /// holds in every group, so one large group of easy negatives cannot hide a hard one.
    pub group: &'a str,
}

/// Knobs of [`calibrate`].
#[derive(Clone, Debug)]
pub struct CalibrationOptions {
    /// Folds of the cross-validation that chooses the penalty.
    pub folds: usize,
    /// Penalties tried (larger keeps scales closer to 1).
    pub penalties: Vec<f64>,
    /// A category hit in fewer posts than this keeps scale 1.
    pub min_posts: usize,
    /// Scales stay within this range, so a hand-set weight keeps a sensible size.
    pub scale_range: (f64, f64),
    /// The share of a group's negatives allowed at `review` or above.
    pub max_fp_review: f64,
    /// The share of a group's negatives allowed at `high`.
    pub max_fp_high: f64,
    /// Groups with fewer negatives than this do not set thresholds (too noisy).
    pub min_group_negatives: usize,
}

impl Default for CalibrationOptions {
    fn default() -> CalibrationOptions {
        CalibrationOptions {
            folds: 5,
            penalties: vec![1e-4, 1e-3, 1e-2, 1e-1, 1.0],
            min_posts: 20,
            scale_range: (0.5, 3.0),
            max_fp_review: 0.05,
            max_fp_high: 0.01,
            min_group_negatives: 50,
        }
    }
}

/// The fitted bias and category scales.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// The new bias (log-odds of a post with no hit).
    pub bias: f64,
    /// The `review` threshold (kept at 0.5: the bias absorbs the shift).
    pub review: f64,
    /// The new `high` threshold.
    pub high: f64,
    /// Category id → factor for its rule weights and cap; 1 for categories left as they were.
    pub scales: BTreeMap<String, f64>,
    /// Categories that kept scale 1 for lack of data.
    pub kept_prior: Vec<String>,
    /// The penalty cross-validation chose.
    pub penalty: f64,
    /// The cross-validated ROC-AUC at that penalty.
    pub cv_auc: f64,
}

impl Calibration {
    /// The calibrated score of a post from its report under the uncalibrated pack.
    pub fn score(&self, report: &Report) -> f64 {
        sigmoid(
            self.bias
                + report
                    .categories
                    .iter()
                    .map(|c| self.scales.get(&c.category).copied().unwrap_or(1.0) * c.contribution)
                    .sum::<f64>(),
        )
    }

    /// The band of a post under the calibration, from its report under the uncalibrated pack.
    pub fn band(&self, report: &Report) -> crate::Band {
        let score = self.score(report);
        if score >= self.high {
            crate::Band::High
        } else if score >= self.review {
            crate::Band::Review
        } else {
            crate::Band::Low
        }
    }

    /// Writes the calibration into the pack files of `dir` (every `.toml` file): each rule weight
    /// and each category cap times its category's scale, rounded to two decimals, and the new
    /// bias into the file with the `[scoring]` table. Comments and layout are kept. Returns the
    /// files changed.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let mut changed = Vec::new();
        for (name, text) in crate::read_pack_files(dir)? {
            let path = PathBuf::from(&name);
            let mut doc: toml_edit::DocumentMut = text
                .parse()
                .map_err(|e: toml_edit::TomlError| Error::pack(e.to_string()).in_file(&name))?;
            let mut touched = false;
            if let Some(scoring) = doc.get_mut("scoring").and_then(|s| s.as_table_like_mut()) {
                scoring.insert("bias", toml_edit::value(round2(self.bias)));
                scoring.insert("review", toml_edit::value(round2(self.review)));
                scoring.insert("high", toml_edit::value(round2(self.high)));
                touched = true;
            }
            if let Some(category) = doc.get_mut("category").and_then(|c| c.as_table_like_mut()) {
                let id = category
                    .get("id")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                let scale = self.scales.get(id).copied().unwrap_or(1.0);
                if scale != 1.0 {
                    if let Some(cap) = category.get("cap").and_then(as_f64) {
                        category.insert("cap", toml_edit::value(round2((cap * scale).max(0.01))));
                        touched = true;
                    }
                }
            }
            if let Some(rules) = doc.get_mut("rule").and_then(|r| r.as_array_of_tables_mut()) {
                for rule in rules.iter_mut() {
                    let id = rule.get("id").and_then(|v| v.as_str()).unwrap_or_default();
                    let category = id.split('.').next().unwrap_or_default();
                    let scale = self.scales.get(category).copied().unwrap_or(1.0);
                    if scale == 1.0 {
                        continue;
                    }
                    if let Some(weight) = rule.get("weight").and_then(as_f64) {
                        rule.insert("weight", toml_edit::value(round2(weight * scale)));
                        touched = true;
                    }
                }
            }
            if touched {
                std::fs::write(&path, doc.to_string()).map_err(|e| Error::io(&path, e))?;
                changed.push(path);
            }
        }
        Ok(changed)
    }
}

fn as_f64(item: &toml_edit::Item) -> Option<f64> {
    item.as_float()
        .or_else(|| item.as_integer().map(|i| i as f64))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Fits a [`Calibration`] of `detector`'s pack on `posts` (see the module docs).
pub fn calibrate(
    detector: &Detector,
    posts: &[LabelledPost<'_>],
    options: &CalibrationOptions,
) -> Calibration {
    let texts: Vec<&str> = posts.iter().map(|p| p.text).collect();
    let reports = detector.scan_batch(&texts);
    let labels: Vec<bool> = posts.iter().map(|p| p.positive).collect();

    // Features: each category's contribution; categories with too little data are a fixed offset.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for report in &reports {
        for c in &report.categories {
            *seen.entry(c.category.clone()).or_default() += 1;
        }
    }
    let fitted: Vec<String> = seen
        .iter()
        .filter(|(_, &n)| n >= options.min_posts)
        .map(|(c, _)| c.clone())
        .collect();
    let kept_prior: Vec<String> = detector
        .categories()
        .iter()
        .map(|c| c.id().to_string())
        .filter(|c| !fitted.contains(c))
        .collect();
    let data: Vec<(Vec<f64>, f64)> = reports
        .iter()
        .map(|r| {
            let mut x = vec![0.0; fitted.len()];
            let mut offset = 0.0;
            for c in &r.categories {
                match fitted.iter().position(|f| *f == c.category) {
                    Some(i) => x[i] = c.contribution,
                    None => offset += c.contribution,
                }
            }
            (x, offset)
        })
        .collect();

    let folds = options.folds.max(2);
    let mut best = (f64::NAN, f64::NEG_INFINITY);
    for &penalty in &options.penalties {
        let mut predicted = vec![0.0; data.len()];
        for fold in 0..folds {
            let train: Vec<usize> = (0..data.len()).filter(|i| i % folds != fold).collect();
            let model = fit(&data, &labels, &train, penalty, options.scale_range);
            for i in (0..data.len()).filter(|i| i % folds == fold) {
                predicted[i] = model.logit(&data[i]);
            }
        }
        let auc = roc_auc(&predicted, &labels);
        if auc > best.1 {
            best = (penalty, auc);
        }
    }
    let all: Vec<usize> = (0..data.len()).collect();
    let model = fit(&data, &labels, &all, best.0, options.scale_range);

    // Thresholds from the false-positive budget: the logit above which at most `max_fp` of
    // each group's negatives fall, the strictest group deciding.
    let logits: Vec<f64> = data.iter().map(|d| model.logit(d)).collect();
    let threshold = |max_fp: f64| {
        let mut groups: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for (i, post) in posts.iter().enumerate() {
            if !post.positive {
                groups.entry(post.group).or_default().push(logits[i]);
            }
        }
        groups
            .values_mut()
            .filter(|z| z.len() >= options.min_group_negatives)
            .map(|z| {
                z.sort_by(f64::total_cmp);
                let allowed = (max_fp * z.len() as f64).floor() as usize;
                // Just above the highest negative that must stay below the band.
                z[z.len() - 1 - allowed.min(z.len() - 1)] + 1e-6
            })
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let z_review = threshold(options.max_fp_review).max(0.0);
    let z_high = threshold(options.max_fp_high).max(z_review + 1e-6);
    let mut scales: BTreeMap<String, f64> = kept_prior.iter().map(|c| (c.clone(), 1.0)).collect();
    for (c, s) in fitted.iter().zip(&model.scales) {
        scales.insert(c.clone(), *s);
    }
    Calibration {
        // Shift the bias so that `review` stays at score 0.5.
        bias: model.bias - z_review,
        review: 0.5,
        high: sigmoid(z_high - z_review),
        scales,
        kept_prior,
        penalty: best.0,
        cv_auc: best.1,
    }
}

struct Model {
    bias: f64,
    scales: Vec<f64>,
}

impl Model {
    fn logit(&self, (x, offset): &(Vec<f64>, f64)) -> f64 {
        self.bias + offset + x.iter().zip(&self.scales).map(|(a, b)| a * b).sum::<f64>()
    }
}

/// Class-balanced logistic regression on the rows `rows`, L2 penalty pulling scales to 1,
/// scales projected to be non-negative. Newton's method: the model has a handful of parameters.
fn fit(
    data: &[(Vec<f64>, f64)],
    labels: &[bool],
    rows: &[usize],
    penalty: f64,
    range: (f64, f64),
) -> Model {
    let k = data.first().map_or(0, |d| d.0.len());
    let positives = rows.iter().filter(|&&i| labels[i]).count().max(1) as f64;
    let negatives = (rows.len() as f64 - positives).max(1.0);
    let (wp, wn) = (0.5 / positives, 0.5 / negatives);
    let logit = |theta: &[f64], (x, offset): &(Vec<f64>, f64)| {
        theta[0] + offset + x.iter().zip(&theta[1..]).map(|(a, b)| a * b).sum::<f64>()
    };
    let loss = |theta: &[f64]| {
        let data_loss: f64 = rows
            .iter()
            .map(|&i| {
                let z = logit(theta, &data[i]);
                // log(1 + e^-z) for positives, log(1 + e^z) for negatives, computed stably.
                let m = if labels[i] { -z } else { z };
                let w = if labels[i] { wp } else { wn };
                w * (m.max(0.0) + (-m.abs()).exp().ln_1p())
            })
            .sum();
        let prior: f64 = theta[1..].iter().map(|s| (s - 1.0).powi(2)).sum();
        data_loss + 0.5 * penalty * prior
    };
    // theta[0] is the bias, theta[1..] the scales; start from the pack as written.
    let mut theta = vec![1.0; k + 1];
    theta[0] = -4.0;
    let mut current = loss(&theta);
    for _ in 0..100 {
        let mut grad = vec![0.0; k + 1];
        let mut hess = vec![vec![0.0; k + 1]; k + 1];
        for &i in rows {
            let x = &data[i].0;
            let p = sigmoid(logit(&theta, &data[i]));
            let w = if labels[i] { wp } else { wn };
            let y = if labels[i] { 1.0 } else { 0.0 };
            let features: Vec<f64> = std::iter::once(1.0).chain(x.iter().copied()).collect();
            for (a, fa) in features.iter().enumerate() {
                grad[a] += w * (p - y) * fa;
                for (h, fb) in hess[a].iter_mut().zip(&features) {
                    *h += w * p * (1.0 - p) * fa * fb;
                }
            }
        }
        for j in 1..=k {
            grad[j] += penalty * (theta[j] - 1.0);
            hess[j][j] += penalty;
        }
        for (j, row) in hess.iter_mut().enumerate() {
            row[j] += 1e-9; // keeps the system solvable when a feature is constant
        }
        let step = solve(hess, grad);
        // Damped Newton: halve the step until the loss goes down (pure Newton diverges on
        // nearly separable data), scales projected to stay non-negative.
        let mut t = 1.0;
        let mut accepted = None;
        for _ in 0..40 {
            let next: Vec<f64> = (0..=k)
                .map(|j| {
                    let v = theta[j] - t * step[j];
                    if j == 0 {
                        v
                    } else {
                        v.clamp(range.0, range.1)
                    }
                })
                .collect();
            let l = loss(&next);
            if l < current {
                accepted = Some((next, l));
                break;
            }
            t *= 0.5;
        }
        let Some((next, l)) = accepted else { break };
        let improvement = current - l;
        theta = next;
        current = l;
        if improvement < 1e-12 {
            break;
        }
    }
    Model {
        bias: theta[0],
        scales: theta[1..].to_vec(),
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-300 {
            continue;
        }
        let pivot_row = a[col].clone();
        for row in col + 1..n {
            let f = a[row][col] / d;
            for (x, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = if a[row][row].abs() < 1e-300 {
            0.0
        } else {
            (b[row] - s) / a[row][row]
        };
    }
    x
}

/// The area under the ROC curve: the chance that a random positive scores above a random
/// negative, ties counting one half.
pub fn roc_auc(scores: &[f64], labels: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let (mut rank_sum, mut positives) = (0.0, 0.0);
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let average_rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            if labels[k] {
                rank_sum += average_rank;
                positives += 1.0;
            }
        }
        i = j + 1;
    }
    let negatives = scores.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return f64::NAN;
    }
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_of_perfect_random_and_reversed_rankings() {
        let labels = [false, false, true, true];
        assert_eq!(roc_auc(&[0.1, 0.2, 0.8, 0.9], &labels), 1.0);
        assert_eq!(roc_auc(&[0.9, 0.8, 0.2, 0.1], &labels), 0.0);
        assert_eq!(roc_auc(&[0.5, 0.5, 0.5, 0.5], &labels), 0.5);
    }

    #[test]
    fn solve_small_system() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]);
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
    }

    #[test]
    fn fit_learns_that_an_informative_feature_counts_more() {
        // Feature 0 separates the classes, feature 1 is noise present in both.
        let mut data = Vec::new();
        let mut labels = Vec::new();
        for i in 0..200 {
            let positive = i % 2 == 0;
            let informative = if positive && i % 10 != 0 { 2.0 } else { 0.0 };
            let noise = if i % 3 == 0 { 2.0 } else { 0.0 };
            data.push((vec![informative, noise], 0.0));
            labels.push(positive);
        }
        let rows: Vec<usize> = (0..data.len()).collect();
        let model = fit(&data, &labels, &rows, 1e-4, (0.0, 10.0));
        assert!(model.scales[0] > 1.5, "{:?}", model.scales);
        assert!(model.scales[1] < 0.5, "{:?}", model.scales);
        assert!(model.scales.iter().all(|&s| s >= 0.0));
    }
}
