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
//! strength is chosen by k-fold cross-validation on ROC-AUC (the strongest penalty within one
//! standard error of the best: differences smaller than their noise keep the hand-set weights),
//! and a category seen in too few labelled posts keeps its hand-set weights (scale 1); scales
//! stay within a range (0.5 to 3 by default). Positives and negatives are weighted to count equally in the fit, and within each
//! class every group (data set) counts equally, whatever its size; the fit ranks posts;
//! the bands then come from a false-positive budget: `review` starts where at most 5 % of the
//! negatives of every group (data set) score, but never below even odds of the balanced fit
//! (lures are rare in real feeds), and `high` where at most 1 % do, but at least as far above
//! `review` as the pack had it. The bias is shifted so that `review` stays at score 0.5.
//!
//! [`Calibration::compare`] measures a fit before and after on posts it did not see
//! ([`LabelledPost::held_out`]); the `lurescan calibrate` command and the evaluation program
//! (`examples/evaluate.rs --calibrate`) both print it.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
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
    /// Whether every group weighs the same in the fit within each class (lures, legitimate
    /// posts), whatever its size; otherwise every post weighs the same.
    pub balance_groups: bool,
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
            balance_groups: true,
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
    /// The penalty cross-validation chose: the strongest within one standard error of the best.
    pub penalty: f64,
    /// The cross-validated ROC-AUC at that penalty.
    pub cv_auc: f64,
    /// How many posts the fit saw, and how many of them were lures.
    pub posts: usize,
    /// See `posts`.
    pub lures: usize,
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

    /// Writes the calibration into the pack files of `dir` (every `.toml` file, or the one file
    /// `dir` names): each rule weight and each category cap times its category's scale, rounded
    /// to two decimals, and the new bias and thresholds into the `[scoring]` table, which is
    /// added to the first file when no file has one. Comments and layout are kept. Returns the
    /// files changed.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let mut docs = Vec::new();
        for (name, text) in crate::read_pack_files(dir)? {
            let path = PathBuf::from(&name);
            let mut doc: toml_edit::DocumentMut = text
                .parse()
                .map_err(|e: toml_edit::TomlError| Error::pack(e.to_string()).in_file(&name))?;
            let mut touched = false;
            if let Some(scoring) = doc.get_mut("scoring").and_then(|s| s.as_table_like_mut()) {
                self.write_scoring(scoring);
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
            docs.push((path, doc, touched));
        }
        if !docs.iter().any(|(_, doc, _)| doc.contains_key("scoring")) {
            if let Some((_, doc, touched)) = docs.first_mut() {
                let mut scoring = toml_edit::Table::new();
                self.write_scoring(&mut scoring);
                doc.insert("scoring", toml_edit::Item::Table(scoring));
                *touched = true;
            }
        }
        let mut changed = Vec::new();
        for (path, doc, touched) in docs {
            if touched {
                std::fs::write(&path, doc.to_string()).map_err(|e| Error::io(&path, e))?;
                changed.push(path);
            }
        }
        Ok(changed)
    }

    fn write_scoring(&self, scoring: &mut dyn toml_edit::TableLike) {
        scoring.insert("bias", toml_edit::value(round2(self.bias)));
        scoring.insert("review", toml_edit::value(round2(self.review)));
        scoring.insert("high", toml_edit::value(round2(self.high)));
    }
}

impl LabelledPost<'_> {
    /// Whether the post belongs to the 30 % held out from fits, to measure a calibration on
    /// posts it has not seen. Decided by a hash of the text, so the split is the same on every
    /// run and duplicates of one text fall on the same side.
    pub fn held_out(&self) -> bool {
        let hash = self.text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        hash % 10 >= 7
    }
}

impl fmt::Display for Calibration {
    /// The fit as Markdown: penalty, bias, thresholds and the table of category scales.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Fitted on {} posts ({} lures). Penalty {} chosen by cross-validation (ROC-AUC \
             {:.3}). Bias {:+.2}; review at score {:.2}, high at {:.3}.\n",
            self.posts, self.lures, self.penalty, self.cv_auc, self.bias, self.review, self.high
        )?;
        writeln!(f, "| category | scale |\n|---|---:|")?;
        for (category, scale) in &self.scales {
            let kept = if self.kept_prior.contains(category) {
                " (too little data: kept)"
            } else {
                ""
            };
            writeln!(f, "| {category} | {scale:.2}{kept} |")?;
        }
        Ok(())
    }
}

/// How a detector ranks and bands labelled posts before and after a calibration, per group and
/// over all posts (see [`Calibration::compare`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// One row per group, in order of first appearance.
    pub groups: Vec<GroupComparison>,
    /// All posts together.
    pub overall: GroupComparison,
}

/// [`Comparison`] of one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupComparison {
    /// The group (`"all"` for the overall row).
    pub group: String,
    /// Labelled positive posts.
    pub positives: usize,
    /// Labelled negative posts.
    pub negatives: usize,
    /// With the pack as it is.
    pub before: Metrics,
    /// With the calibration applied.
    pub after: Metrics,
}

/// Ranking and band quality on a set of labelled posts. A figure that needs a class the set
/// lacks (recall without positives, ROC-AUC without both) is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// ROC-AUC of the scores.
    pub roc_auc: Option<f64>,
    /// At `review` or above.
    pub review: BandMetrics,
    /// At `high`.
    pub high: BandMetrics,
}

/// Precision, recall and false-positive rate of the posts flagged at one band or above.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BandMetrics {
    /// Share of flagged posts that are positive (none flagged: `None`).
    pub precision: Option<f64>,
    /// Share of positives flagged.
    pub recall: Option<f64>,
    /// Share of negatives flagged.
    pub false_positive_rate: Option<f64>,
}

impl Metrics {
    fn of(scores: &[f64], labels: &[bool], review: f64, high: f64) -> Metrics {
        let positives = labels.iter().filter(|&&l| l).count();
        let negatives = labels.len() - positives;
        let at = |threshold: f64| {
            let (mut tp, mut fp) = (0usize, 0usize);
            for (&s, &l) in scores.iter().zip(labels) {
                if s >= threshold {
                    if l {
                        tp += 1;
                    } else {
                        fp += 1;
                    }
                }
            }
            let share = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
            BandMetrics {
                precision: share(tp, tp + fp),
                recall: share(tp, positives),
                false_positive_rate: share(fp, negatives),
            }
        };
        Metrics {
            roc_auc: (positives > 0 && negatives > 0).then(|| roc_auc(scores, labels)),
            review: at(review),
            high: at(high),
        }
    }
}

/// The groups of `posts` in order of first appearance, each with the indices of its posts.
fn by_group<'p>(posts: &[LabelledPost<'p>]) -> Vec<(&'p str, Vec<usize>)> {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, post) in posts.iter().enumerate() {
        let g = *index.entry(post.group).or_insert_with(|| {
            groups.push((post.group, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    groups
}

/// How one detector ranks and bands labelled posts, per group and over all posts (see
/// [`evaluate`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// One row per group, in order of first appearance.
    pub groups: Vec<GroupEvaluation>,
    /// All posts together.
    pub overall: GroupEvaluation,
}

/// [`Evaluation`] of one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupEvaluation {
    /// The group (`"all"` for the overall row).
    pub group: String,
    /// Labelled positive posts.
    pub positives: usize,
    /// Labelled negative posts.
    pub negatives: usize,
    /// How the detector did on them.
    pub metrics: Metrics,
}

/// Scans labelled `posts` with `detector` and measures ROC-AUC, precision, recall and
/// false-positive rate at its `review` and `high` bands, per [`LabelledPost::group`] and
/// overall: what `lurescan evaluate` prints.
pub fn evaluate(detector: &Detector, posts: &[LabelledPost<'_>]) -> Evaluation {
    let texts: Vec<&str> = posts.iter().map(|p| p.text).collect();
    let scores: Vec<f64> = detector
        .scan_batch(&texts)
        .iter()
        .map(|r| r.score)
        .collect();
    let labels: Vec<bool> = posts.iter().map(|p| p.positive).collect();
    let t = detector.thresholds();
    let row = |group: &str, rows: &[usize]| {
        let (scores, labels) = pick(rows, &scores, &labels);
        let positives = labels.iter().filter(|&&l| l).count();
        GroupEvaluation {
            group: group.to_string(),
            positives,
            negatives: labels.len() - positives,
            metrics: Metrics::of(&scores, &labels, t.review, t.high),
        }
    };
    Evaluation {
        groups: by_group(posts)
            .iter()
            .map(|(g, rows)| row(g, rows))
            .collect(),
        overall: row("all", &(0..posts.len()).collect::<Vec<_>>()),
    }
}

/// The scores and labels of `rows`.
fn pick(rows: &[usize], scores: &[f64], labels: &[bool]) -> (Vec<f64>, Vec<bool>) {
    rows.iter().map(|&i| (scores[i], labels[i])).unzip()
}

impl Calibration {
    /// Scans `posts` with `detector` (the pack before calibration) and measures them before and
    /// after this calibration, per [`LabelledPost::group`] and overall. Pass posts the fit did
    /// not see ([`LabelledPost::held_out`]).
    pub fn compare(&self, detector: &Detector, posts: &[LabelledPost<'_>]) -> Comparison {
        let texts: Vec<&str> = posts.iter().map(|p| p.text).collect();
        let reports = detector.scan_batch(&texts);
        let before: Vec<f64> = reports.iter().map(|r| r.score).collect();
        let after: Vec<f64> = reports.iter().map(|r| self.score(r)).collect();
        let labels: Vec<bool> = posts.iter().map(|p| p.positive).collect();
        let t = detector.thresholds();
        let row = |group: &str, rows: &[usize]| {
            let (scores_before, picked) = pick(rows, &before, &labels);
            let (scores_after, _) = pick(rows, &after, &labels);
            let positives = picked.iter().filter(|&&l| l).count();
            GroupComparison {
                group: group.to_string(),
                positives,
                negatives: picked.len() - positives,
                before: Metrics::of(&scores_before, &picked, t.review, t.high),
                after: Metrics::of(&scores_after, &picked, self.review, self.high),
            }
        };
        Comparison {
            groups: by_group(posts)
                .iter()
                .map(|(g, rows)| row(g, rows))
                .collect(),
            overall: row("all", &(0..posts.len()).collect::<Vec<_>>()),
        }
    }
}

/// The seven figures of a table row: ROC-AUC (a fraction), then shares shown in percent.
fn figures(m: &Metrics) -> [(Option<f64>, bool); 7] {
    [
        (m.roc_auc, false),
        (m.review.recall, true),
        (m.review.false_positive_rate, true),
        (m.review.precision, true),
        (m.high.recall, true),
        (m.high.false_positive_rate, true),
        (m.high.precision, true),
    ]
}

fn figure((x, percent): (Option<f64>, bool)) -> String {
    match x {
        Some(x) if percent => format!("{:.1}", 100.0 * x),
        Some(x) => format!("{x:.3}"),
        None => "–".to_string(),
    }
}

/// One table row: group, positives, negatives, one cell per figure.
type Row = (String, usize, usize, Vec<String>);

/// A Markdown table with a row per group, then the overall row in bold.
fn write_table(f: &mut fmt::Formatter<'_>, groups: Vec<Row>, overall: Row) -> fmt::Result {
    writeln!(
        f,
        "| group | positives | negatives | ROC-AUC | recall@review | FP@review | \
         precision@review | recall@high | FP@high | precision@high |"
    )?;
    writeln!(f, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    let overall = (
        format!("**{}**", overall.0),
        overall.1,
        overall.2,
        overall.3,
    );
    for (name, positives, negatives, cells) in groups.into_iter().chain([overall]) {
        writeln!(
            f,
            "| {name} | {positives} | {negatives} | {} |",
            cells.join(" | ")
        )?;
    }
    Ok(())
}

impl fmt::Display for Comparison {
    /// A Markdown table, one row per group then the overall row; each cell is
    /// `before → after` in percent (ROC-AUC as a fraction), `–` where the group lacks a class.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn row(g: &GroupComparison) -> Row {
            let cells = figures(&g.before)
                .into_iter()
                .zip(figures(&g.after))
                .map(|(b, a)| match (b.0, a.0) {
                    (None, None) => "–".to_string(),
                    _ => format!("{} → {}", figure(b), figure(a)),
                })
                .collect();
            (g.group.clone(), g.positives, g.negatives, cells)
        }
        write_table(f, self.groups.iter().map(row).collect(), row(&self.overall))
    }
}

impl fmt::Display for Evaluation {
    /// A Markdown table, one row per group then the overall row, shares in percent (ROC-AUC as a
    /// fraction), `–` where the group lacks a class.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn row(g: &GroupEvaluation) -> Row {
            let cells = figures(&g.metrics).into_iter().map(figure).collect();
            (g.group.clone(), g.positives, g.negatives, cells)
        }
        write_table(f, self.groups.iter().map(row).collect(), row(&self.overall))
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

/// Fits a [`Calibration`] of `detector`'s pack on `posts` (see the module docs). Fails when
/// `posts` has no lures or no legitimate posts.
pub fn calibrate(
    detector: &Detector,
    posts: &[LabelledPost<'_>],
    options: &CalibrationOptions,
) -> Result<Calibration, Error> {
    for (name, share) in [
        ("max_fp_review", options.max_fp_review),
        ("max_fp_high", options.max_fp_high),
    ] {
        if !(0.0..=1.0).contains(&share) {
            return Err(Error::data(format!(
                "{name} is a share between 0 and 1, got {share}"
            )));
        }
    }
    let positives = posts.iter().filter(|p| p.positive).count();
    if positives == 0 || positives == posts.len() {
        return Err(Error::data(format!(
            "calibration needs both lures and legitimate posts to fit on: got {} lures and {} \
             legitimate posts",
            positives,
            posts.len() - positives
        )));
    }
    let texts: Vec<&str> = posts.iter().map(|p| p.text).collect();
    let reports = detector.scan_batch(&texts);
    let labels: Vec<bool> = posts.iter().map(|p| p.positive).collect();
    let bias = detector.thresholds().bias;
    // Row weights: with `balance_groups`, every group counts as much as any other within a
    // class, so the largest data set does not decide the weights alone.
    let mut cell_sizes: BTreeMap<(&str, bool), usize> = BTreeMap::new();
    for post in posts {
        *cell_sizes.entry((post.group, post.positive)).or_default() += 1;
    }
    let weights: Vec<f64> = posts
        .iter()
        .map(|p| match options.balance_groups {
            true => 1.0 / cell_sizes[&(p.group, p.positive)] as f64,
            false => 1.0,
        })
        .collect();

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
    let mut tried: Vec<(f64, f64)> = Vec::new();
    for &penalty in &options.penalties {
        let mut predicted = vec![0.0; data.len()];
        for fold in 0..folds {
            let train: Vec<usize> = (0..data.len()).filter(|i| i % folds != fold).collect();
            let model = fit(
                &data,
                &labels,
                &weights,
                &train,
                penalty,
                options.scale_range,
                bias,
            );
            for i in (0..data.len()).filter(|i| i % folds == fold) {
                predicted[i] = model.logit(&data[i]);
            }
        }
        tried.push((penalty, roc_auc(&predicted, &labels)));
    }
    let lures = labels.iter().filter(|&&l| l).count();
    let best = one_standard_error(&tried, lures, labels.len() - lures);
    let all: Vec<usize> = (0..data.len()).collect();
    let model = fit(
        &data,
        &labels,
        &weights,
        &all,
        best.0,
        options.scale_range,
        bias,
    );

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
    // `high` keeps at least the pack's distance above `review`: with no negative near the
    // bands, the budget alone would put both at the same score.
    let t = detector.thresholds();
    let logit = |p: f64| (p / (1.0 - p)).ln();
    let gap = (logit(t.high) - logit(t.review)).max(1e-6);
    let z_high = threshold(options.max_fp_high).max(z_review + gap);
    let mut scales: BTreeMap<String, f64> = kept_prior.iter().map(|c| (c.clone(), 1.0)).collect();
    for (c, s) in fitted.iter().zip(&model.scales) {
        scales.insert(c.clone(), *s);
    }
    Ok(Calibration {
        // Shift the bias so that `review` stays at score 0.5.
        bias: model.bias - z_review,
        review: 0.5,
        high: sigmoid(z_high - z_review),
        scales,
        kept_prior,
        penalty: best.0,
        cv_auc: best.1,
        posts: posts.len(),
        lures: positives,
    })
}

/// Fits on the posts that are not [held out](LabelledPost::held_out) and compares before and
/// after on those that are: what `lurescan calibrate`, the Python `Detector.calibrate` and the
/// evaluation program run. Fails when the posts fitted on lack lures or legitimate posts.
pub fn calibrate_held_out(
    detector: &Detector,
    posts: &[LabelledPost<'_>],
    options: &CalibrationOptions,
) -> Result<(Calibration, Comparison), Error> {
    let (held_out, train): (Vec<LabelledPost<'_>>, Vec<LabelledPost<'_>>) =
        posts.iter().partition(|p| p.held_out());
    let fitted = calibrate(detector, &train, options)?;
    let comparison = fitted.compare(detector, &held_out);
    Ok((fitted, comparison))
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

/// The penalty to fit with, from `(penalty, cross-validated ROC-AUC)` pairs: the strongest whose
/// AUC is within one standard error of the best (the "one standard error" rule of Breiman et
/// al. and glmnet). With few lures, AUCs that differ by less than their noise would otherwise
/// pick the weakest penalty and drive scales to their bounds on chance; the hand-set weights
/// are kept unless the data clearly say otherwise. The standard error is Hanley and McNeil's
/// (1982) for `positives` lures and `negatives` other posts.
fn one_standard_error(tried: &[(f64, f64)], positives: usize, negatives: usize) -> (f64, f64) {
    let Some(&(_, best)) = tried.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else {
        return (f64::NAN, f64::NAN);
    };
    let (n1, n2) = (positives.max(1) as f64, negatives.max(1) as f64);
    let (q1, q2) = (best / (2.0 - best), 2.0 * best * best / (1.0 + best));
    let variance =
        (best * (1.0 - best) + (n1 - 1.0) * (q1 - best * best) + (n2 - 1.0) * (q2 - best * best))
            / (n1 * n2);
    let floor = best - variance.max(0.0).sqrt();
    tried
        .iter()
        .filter(|(_, auc)| *auc >= floor)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .copied()
        .expect("the best is within its own error")
}

/// Class-balanced logistic regression on the rows `rows`, L2 penalty pulling scales to 1,
/// scales projected to be non-negative. Newton's method: the model has a handful of parameters.
fn fit(
    data: &[(Vec<f64>, f64)],
    labels: &[bool],
    weights: &[f64],
    rows: &[usize],
    penalty: f64,
    range: (f64, f64),
    bias: f64,
) -> Model {
    let k = data.first().map_or(0, |d| d.0.len());
    // Each class weighs half of the loss, shared by its rows in proportion to `weights`.
    let class_total = |positive: bool| {
        rows.iter()
            .filter(|&&i| labels[i] == positive)
            .map(|&i| weights[i])
            .sum::<f64>()
            .max(f64::MIN_POSITIVE)
    };
    let (wp, wn) = (0.5 / class_total(true), 0.5 / class_total(false));
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
                let w = weights[i] * if labels[i] { wp } else { wn };
                w * (m.max(0.0) + (-m.abs()).exp().ln_1p())
            })
            .sum();
        let prior: f64 = theta[1..].iter().map(|s| (s - 1.0).powi(2)).sum();
        data_loss + 0.5 * penalty * prior
    };
    // theta[0] is the bias, theta[1..] the scales; start from the pack as written.
    let mut theta = vec![1.0; k + 1];
    theta[0] = bias;
    let mut current = loss(&theta);
    for _ in 0..100 {
        let mut grad = vec![0.0; k + 1];
        let mut hess = vec![vec![0.0; k + 1]; k + 1];
        for &i in rows {
            let x = &data[i].0;
            let p = sigmoid(logit(&theta, &data[i]));
            let w = weights[i] * if labels[i] { wp } else { wn };
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
    fn the_strongest_penalty_within_one_standard_error_is_chosen() {
        // AUCs within noise of each other (977 lures): the strongest penalty.
        let close = [(1e-4, 0.819), (1e-3, 0.823), (1e-2, 0.816), (1.0, 0.816)];
        assert_eq!(one_standard_error(&close, 977, 46_355), (1.0, 0.816));
        // A clear gain: the penalty that gives it.
        let clear = [(1e-3, 0.90), (1e-2, 0.86), (1.0, 0.80)];
        assert_eq!(one_standard_error(&clear, 977, 46_355), (1e-3, 0.90));
    }

    #[test]
    fn metrics_count_flags_per_band() {
        let scores = [0.9, 0.6, 0.4, 0.95, 0.1];
        let labels = [true, true, true, false, false];
        let m = Metrics::of(&scores, &labels, 0.5, 0.9);
        assert_eq!(m.roc_auc, Some(0.5));
        let third = |n: f64| Some(n / 3.0);
        assert_eq!(
            (m.review.precision, m.review.recall),
            (third(2.0), third(2.0))
        );
        assert_eq!(m.review.false_positive_rate, Some(0.5));
        assert_eq!((m.high.precision, m.high.recall), (Some(0.5), third(1.0)));
        let none = Metrics::of(&[0.1], &[false], 0.5, 0.9);
        assert_eq!(
            (none.roc_auc, none.review.recall, none.review.precision),
            (None, None, None)
        );
        assert_eq!(none.review.false_positive_rate, Some(0.0));
    }

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
        let model = fit(
            &data,
            &labels,
            &vec![1.0; data.len()],
            &rows,
            1e-4,
            (0.0, 10.0),
            -4.0,
        );
        assert!(model.scales[0] > 1.5, "{:?}", model.scales);
        assert!(model.scales[1] < 0.5, "{:?}", model.scales);
        assert!(model.scales.iter().all(|&s| s >= 0.0));
    }
}
