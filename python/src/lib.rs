//! `lurescan._lurescan`: the Python face of the `lurescan` crate. It converts, and nothing more:
//! scanning, scoring and the CLI are the core crate's. The pure-Python package `lurescan`
//! re-exports what is here and adds the pandas helpers and the notebook rendering.

use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyList, PyString, PyTuple};

/// Set in a forked child: rayon's threads do not survive `fork`, so a child scans sequentially
/// unless `LURESCAN_PARALLELISM` says otherwise (the same approach as huggingface/tokenizers).
static FORKED: AtomicBool = AtomicBool::new(false);

/// Posts handed to rayon between two checks for Ctrl-C.
const CHUNK: usize = 8192;

/// Runs core code and turns a panic into a `LurescanError` instead of letting pyo3 raise
/// `PanicException` (a `BaseException` that `except Exception` would not catch). The core is
/// tested never to panic on any input; this is the last line of defence.
fn guard<T>(py: Python<'_>, f: impl FnOnce() -> T + Send + std::panic::UnwindSafe) -> PyResult<T>
where
    T: Send,
{
    py.detach(|| std::panic::catch_unwind(f)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        match py
            .import("lurescan._errors")
            .and_then(|m| m.getattr("LurescanError"))
            .and_then(|c| c.call1((format!("internal error in lurescan: {what}"),)))
        {
            Ok(value) => PyErr::from_value(value),
            Err(e) => e,
        }
    })
}

fn parallel_allowed() -> bool {
    match std::env::var("LURESCAN_PARALLELISM").ok().as_deref() {
        Some("0" | "false" | "off" | "no") => false,
        Some("1" | "true" | "on" | "yes") => true,
        _ => !FORKED.load(Ordering::Relaxed),
    }
}

/// All mapping of Rust errors to Python exceptions, in one place. The exception classes are
/// defined in Python (`lurescan._errors`) so that `RuleError` can subclass both `LurescanError`
/// and `ValueError`.
fn to_py_err(py: Python<'_>, err: lurescan::Error) -> PyErr {
    if err.is_io() {
        let message = err.to_string();
        return if err.io_kind() == Some(std::io::ErrorKind::NotFound) {
            PyFileNotFoundError::new_err(message)
        } else {
            PyOSError::new_err(message)
        };
    }
    let build = || -> PyResult<PyErr> {
        let class = py.import("lurescan._errors")?.getattr("RuleError")?;
        let value = class.call1((err.to_string(), err.file(), err.line(), err.rule_id()))?;
        Ok(PyErr::from_value(value))
    };
    build().unwrap_or_else(|e| e)
}

/// A compiled rule pack. See `lurescan.Detector` for the documented Python signature.
#[pyclass(module = "lurescan._lurescan", frozen)]
struct Detector {
    inner: lurescan::Detector,
    /// What built it, kept so that a pickled detector rebuilds identically on another machine:
    /// packs are kept as text, never as paths that exist only on the driver.
    builtin: bool,
    packs: Vec<(String, String)>,
    disable: Vec<String>,
    thresholds: Option<(f64, f64)>,
}

#[pymethods]
impl Detector {
    #[new]
    #[pyo3(signature = (packs = None, disable = None, thresholds = None, builtin = true))]
    fn new(
        py: Python<'_>,
        packs: Option<Vec<Bound<'_, PyAny>>>,
        disable: Option<Vec<String>>,
        thresholds: Option<(f64, f64)>,
        builtin: bool,
    ) -> PyResult<Detector> {
        let mut sources = Vec::new();
        for pack in packs.unwrap_or_default() {
            sources.extend(pack_sources(py, &pack)?);
        }
        Detector::build(
            py,
            builtin,
            sources,
            disable.unwrap_or_default(),
            thresholds,
        )
    }

    /// Scans one post.
    fn scan(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Report> {
        let text = text.downcast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!("scan() expects a str, got {}", type_name(text)))
        })?;
        let text = post_text(text)?;
        let report = guard(py, || self.inner.scan(&text))?;
        Ok(Report::new(text, report))
    }

    /// Scans any iterable of str in parallel; `None`, NaN and `pd.NA` give `None`.
    fn scan_many(&self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        // Copy every input into Rust first, then scan without the GIL.
        let mut posts: Vec<Option<String>> = Vec::new();
        for (i, item) in texts.try_iter()?.enumerate() {
            let item = item?;
            // Missing values as pandas and numpy write them: None, NaN, pd.NA.
            let missing = item.is_none()
                || item.downcast::<PyFloat>().is_ok_and(|f| f.value().is_nan())
                || type_name(&item) == "NAType";
            if missing {
                posts.push(None);
            } else if let Ok(s) = item.downcast::<PyString>() {
                posts.push(Some(post_text(s)?));
            } else {
                return Err(PyTypeError::new_err(format!(
                    "scan_many() expects str items (or None/NaN for missing), item {i} is {}",
                    type_name(&item)
                )));
            }
        }
        let parallel = parallel_allowed();
        let out = PyList::empty(py);
        for chunk in posts.chunks_mut(CHUNK) {
            let reports: Vec<Option<lurescan::Report>> = guard(py, || {
                let scan = |post: &Option<String>| post.as_deref().map(|t| self.inner.scan(t));
                if parallel {
                    use rayon::prelude::*;
                    chunk.par_iter().map(scan).collect()
                } else {
                    chunk.iter().map(scan).collect()
                }
            })?;
            // The posts are ours: each report takes its text instead of a copy.
            for (post, report) in chunk.iter_mut().zip(reports) {
                match (post.take(), report) {
                    (Some(text), Some(report)) => out.append(Report::new(text, report))?,
                    _ => out.append(py.None())?,
                }
            }
            py.check_signals()?;
        }
        Ok(out.unbind())
    }

    /// Measures the loaded packs on labelled posts, per group and overall (nothing is fitted).
    #[pyo3(signature = (texts, labels, groups = None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        texts: Texts,
        labels: Vec<Bound<'_, PyAny>>,
        groups: Option<Vec<String>>,
    ) -> PyResult<Py<PyAny>> {
        let labelled = Labelled::new("evaluate", texts.0, &labels, groups)?;
        let posts = labelled.posts();
        let detector = &self.inner;
        let evaluation = guard(py, || lurescan::evaluate(detector, &posts))?;
        let value = serde_json::to_value(&evaluation).expect("an evaluation serializes");
        value_to_py(py, &value)
    }

    /// Fits category scales, the bias and the bands on labelled posts; see
    /// `lurescan.Detector.calibrate` in the stubs for the documented signature.
    #[pyo3(signature = (texts, labels, groups = None, *, max_fp_review = 0.05, max_fp_high = 0.01, hold_out = true))]
    #[allow(clippy::too_many_arguments)]
    fn calibrate(
        &self,
        py: Python<'_>,
        texts: Texts,
        labels: Vec<Bound<'_, PyAny>>,
        groups: Option<Vec<String>>,
        max_fp_review: f64,
        max_fp_high: f64,
        hold_out: bool,
    ) -> PyResult<Calibration> {
        let labelled = Labelled::new("calibrate", texts.0, &labels, groups)?;
        let posts = labelled.posts();
        let options = lurescan::CalibrationOptions {
            max_fp_review,
            max_fp_high,
            ..Default::default()
        };
        let detector = &self.inner;
        let fitted = guard(py, || {
            if hold_out {
                lurescan::calibrate_held_out(detector, &posts, &options)
                    .map(|(fitted, comparison)| (fitted, Some(comparison)))
            } else {
                lurescan::calibrate(detector, &posts, &options).map(|fitted| (fitted, None))
            }
        })?;
        let (fitted, comparison) = fitted.map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Calibration { fitted, comparison })
    }

    /// The rules of the loaded packs, as dicts.
    fn rules(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        let list = PyList::empty(py);
        for rule in self.inner.rules() {
            let json = serde_json::json!({
                "id": rule.id(),
                "category": rule.category(),
                "description": rule.description(),
                "weight": rule.weight(),
                "enabled": rule.is_enabled(),
                "composite": rule.is_composite(),
                "languages": rule.languages(),
                "references": rule.references(),
                "file": rule.file(),
                "line": rule.line(),
            });
            list.append(value_to_py(py, &json)?)?;
        }
        Ok(list.unbind())
    }

    /// Benchmark support: scans with the core's `scan_batch` on the current rayon pool and
    /// returns `(total hits, seconds)` timed in Rust alone, so a benchmark can set `scan_many`
    /// beside the Rust path on the same posts in one run.
    fn _scan_batch_native(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<(usize, f64)> {
        guard(py, || {
            let start = std::time::Instant::now();
            let hits = self
                .inner
                .scan_batch(&texts)
                .iter()
                .map(|r| r.hits.len())
                .sum();
            (hits, start.elapsed().as_secs_f64())
        })
    }

    /// `(review, high)` score thresholds in force.
    #[getter]
    fn thresholds(&self) -> (f64, f64) {
        let t = self.inner.thresholds();
        (t.review, t.high)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let rebuild = py
            .import("lurescan._lurescan")?
            .getattr("_rebuild_detector")?;
        let args = (
            self.builtin,
            self.packs.clone(),
            self.disable.clone(),
            self.thresholds,
        );
        (rebuild, args).into_pyobject(py)
    }

    fn __repr__(&self) -> String {
        let enabled = self.inner.rules().iter().filter(|r| r.is_enabled()).count();
        format!(
            "Detector(rules={enabled}, builtin={}, packs={})",
            if self.builtin { "True" } else { "False" },
            self.packs.len()
        )
    }
}

impl Detector {
    fn build(
        py: Python<'_>,
        builtin: bool,
        packs: Vec<(String, String)>,
        disable: Vec<String>,
        thresholds: Option<(f64, f64)>,
    ) -> PyResult<Detector> {
        let mut builder = lurescan::Detector::builder();
        if !builtin {
            builder = builder.without_builtin();
        }
        for (name, text) in &packs {
            builder = builder.pack_str(name, text);
        }
        for id in &disable {
            builder = builder.disable(id);
        }
        if let Some((review, high)) = thresholds {
            builder = builder.thresholds(review, high);
        }
        let inner = py
            .detach(|| builder.build())
            .map_err(|e| to_py_err(py, e))?;
        Ok(Detector {
            inner,
            builtin,
            packs,
            disable,
            thresholds,
        })
    }
}

#[pyfunction]
fn _rebuild_detector(
    py: Python<'_>,
    builtin: bool,
    packs: Vec<(String, String)>,
    disable: Vec<String>,
    thresholds: Option<(f64, f64)>,
) -> PyResult<Detector> {
    Detector::build(py, builtin, packs, disable, thresholds)
}

/// Unpickles a report (see `Report.__reduce__`), checking that every span lies on character
/// boundaries of the text, so that a tampered pickle cannot make a later call panic.
#[pyfunction]
fn _rebuild_report(text: String, json: &str) -> PyResult<Report> {
    let bad = |why: String| PyValueError::new_err(format!("not a lurescan report: {why}"));
    let mut value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    let mut spans_ok = true;
    for key in ["hits", "entities"] {
        visit_spans(&mut value[key], &mut |offset| {
            spans_ok &= usize::try_from(*offset).is_ok_and(|o| text.is_char_boundary(o));
        });
    }
    if !spans_ok {
        return Err(bad(
            "a span is not on a character boundary of the text".into()
        ));
    }
    let report: lurescan::Report = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
    if report.hits.iter().any(|h| h.span.start > h.span.end) {
        return Err(bad("a span ends before it starts".into()));
    }
    Ok(Report::new(text, report))
}

/// A pack argument: a path (str or os.PathLike) to a file or folder, or TOML text. A str is TOML
/// when it has a newline or starts with `[`; otherwise it is a path.
fn pack_sources(py: Python<'_>, pack: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    if let Ok(s) = pack.downcast::<PyString>() {
        let s = s.to_str()?;
        if s.contains('\n') || s.trim_start().starts_with('[') {
            return Ok(vec![("<pack text>".to_string(), s.to_string())]);
        }
    }
    let fspath = py.import("os")?.getattr("fspath")?;
    let path: String = fspath.call1((pack,))?.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "a pack is a path or TOML text, got {}",
            type_name(pack)
        ))
    })?;
    lurescan::read_pack_files(std::path::Path::new(&path)).map_err(|e| to_py_err(py, e))
}

/// A post as UTF-8. A str that holds lone surrogates (what `errors="surrogateescape"` leaves of
/// undecodable bytes in scraped text) is read with each surrogate as U+FFFD, one code point for
/// one, so that the report's offsets still point at the same characters of the str.
fn post_text(s: &Bound<'_, PyString>) -> PyResult<String> {
    if let Ok(text) = s.to_str() {
        return Ok(text.to_owned());
    }
    let encoded = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
    let bytes = encoded.downcast::<PyBytes>()?.as_bytes();
    // In this encoding a surrogate is ED A0..BF 80..BF; every other sequence is valid UTF-8.
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0xED && bytes.get(i + 1).is_some_and(|&b| b >= 0xA0) {
            out.extend_from_slice("\u{FFFD}".as_bytes());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|e| PyValueError::new_err(format!("post is not Unicode: {e}")))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A hit with code-point offsets: `text[start:end] == matched` in Python.
#[pyclass(module = "lurescan._lurescan", frozen, get_all)]
#[derive(Clone)]
struct Hit {
    rule: String,
    category: String,
    language: String,
    weight: f64,
    start: usize,
    end: usize,
    matched: String,
}

#[pymethods]
impl Hit {
    #[new]
    fn new(
        rule: String,
        category: String,
        language: String,
        weight: f64,
        start: usize,
        end: usize,
        matched: String,
    ) -> Hit {
        Hit {
            rule,
            category,
            language,
            weight,
            start,
            end,
            matched,
        }
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let h = self.clone();
        let args = (
            h.rule, h.category, h.language, h.weight, h.start, h.end, h.matched,
        );
        (py.get_type::<Hit>(), args).into_pyobject(py)
    }
    fn __repr__(&self) -> String {
        format!(
            "Hit(rule={:?}, category={:?}, language={:?}, weight={}, start={}, end={}, matched={:?})",
            self.rule, self.category, self.language, self.weight, self.start, self.end, self.matched
        )
    }
}

/// The result of scanning one post. Offsets are code points into `text`.
#[pyclass(module = "lurescan._lurescan", frozen)]
struct Report {
    text: String,
    report: lurescan::Report,
}

impl Report {
    fn new(text: String, report: lurescan::Report) -> Report {
        Report { text, report }
    }

    /// A map from the UTF-8 byte offsets in `offsets` to code-point offsets into the text, in
    /// one pass over the text up to the largest of them.
    fn code_points(&self, mut offsets: Vec<usize>) -> impl Fn(usize) -> usize {
        offsets.sort_unstable();
        offsets.dedup();
        let mut map = Vec::with_capacity(offsets.len());
        let (mut chars, mut byte) = (0usize, 0usize);
        let mut it = self.text.chars();
        for &target in &offsets {
            while byte < target {
                match it.next() {
                    Some(c) => {
                        byte += c.len_utf8();
                        chars += 1;
                    }
                    None => break,
                }
            }
            map.push(chars);
        }
        move |byte| {
            map[offsets
                .binary_search(&byte)
                .expect("an offset of this report")]
        }
    }

    /// `value` (hits, entities or the whole report as JSON) with every span turned from UTF-8
    /// byte offsets into code-point offsets, so that `text[start:end]` works in Python.
    fn in_code_points(&self, mut value: serde_json::Value) -> serde_json::Value {
        let mut offsets = Vec::new();
        visit_spans(&mut value, &mut |v| offsets.push(*v as usize));
        let to_chars = self.code_points(offsets);
        visit_spans(&mut value, &mut |v| *v = to_chars(*v as usize) as u64);
        value
    }

    fn json(&self) -> serde_json::Value {
        self.in_code_points(serde_json::to_value(&self.report).expect("a report serializes"))
    }
}

/// Calls `f` on every `start` and `end` offset of the objects inside `value`.
fn visit_spans(value: &mut serde_json::Value, f: &mut impl FnMut(&mut u64)) {
    match value {
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| visit_spans(v, f)),
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), v) {
                    ("start" | "end", serde_json::Value::Number(n)) => {
                        if let Some(mut offset) = n.as_u64() {
                            f(&mut offset);
                            *n = offset.into();
                        }
                    }
                    (_, v) => visit_spans(v, f),
                }
            }
        }
        _ => {}
    }
}

/// Python objects for a JSON value, built directly (no JSON text in between).
fn value_to_py(py: Python<'_>, value: &serde_json::Value) -> PyResult<Py<PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_pyobject(py)?.into_any().unbind(),
            (None, Some(i)) => i.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, v) in map {
                dict.set_item(key, value_to_py(py, v)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

#[pymethods]
impl Report {
    /// The scanned text.
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }
    /// `sigmoid(total)`, in [0, 1].
    #[getter]
    fn score(&self) -> f64 {
        self.report.score
    }
    /// `"low"`, `"review"` or `"high"`.
    #[getter]
    fn band(&self) -> &'static str {
        self.report.band.as_str()
    }
    /// Whether the post reads as a victim's (or a family's) help post: two or more indicators of
    /// coercion after recruitment, and not news. It needs a responder whatever its band.
    #[getter]
    fn victim_post(&self) -> bool {
        self.report.victim_post
    }
    /// The log-odds total (bias plus category contributions).
    #[getter]
    fn total(&self) -> f64 {
        self.report.total
    }
    /// Every hit, with code-point offsets.
    #[getter]
    fn hits(&self) -> Vec<Hit> {
        let hits = &self.report.hits;
        let to_chars = self.code_points(
            hits.iter()
                .flat_map(|h| [h.span.start, h.span.end])
                .collect(),
        );
        hits.iter()
            .map(|h| Hit {
                rule: h.rule.clone(),
                category: h.category.clone(),
                language: h.language.clone(),
                weight: h.weight,
                start: to_chars(h.span.start),
                end: to_chars(h.span.end),
                matched: h.matched.clone(),
            })
            .collect()
    }
    /// Extracted entities (phones, contacts, urls, emails, money), offsets in code points.
    #[getter]
    fn entities(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let entities = serde_json::to_value(&self.report.entities).expect("entities serialize");
        value_to_py(py, &self.in_code_points(entities))
    }
    /// Normalized recruiter contact keys (`phone:+855...`, `telegram:handle`, `host:...`).
    #[getter]
    fn contact_keys(&self) -> Vec<String> {
        self.report.contact_keys.clone()
    }
    /// Category contributions, largest first, as dicts (`category`, `contribution`, `rules`).
    #[getter]
    fn categories(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let categories =
            serde_json::to_value(&self.report.categories).expect("categories serialize");
        value_to_py(py, &categories)
    }
    /// Ids of the categories that added to the score (positive contribution), largest first.
    #[getter]
    fn category_ids(&self) -> Vec<&str> {
        let categories = self.report.categories.iter();
        categories
            .filter(|c| c.contribution > 0.0)
            .map(|c| c.category.as_str())
            .collect()
    }
    /// Ids of the rules that fired, composite rules included.
    #[getter]
    fn rule_ids(&self) -> Vec<&str> {
        self.report.rule_ids()
    }
    /// Writing systems of the post, most used first.
    #[getter]
    fn scripts(&self) -> Vec<&'static str> {
        self.report.scripts.iter().map(|s| s.name()).collect()
    }
    /// Languages of the matched keywords, most hits first.
    #[getter]
    fn languages(&self) -> Vec<String> {
        self.report.languages.clone()
    }
    /// The report as JSON, the same shape as the Rust and CLI JSON, offsets in code points.
    fn to_json(&self) -> String {
        self.json().to_string()
    }
    /// The report as a dict (see `to_json`).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        value_to_py(py, &self.json())
    }
    /// A plain-text explanation; `mark` wraps each matched span (default `[...]`).
    #[pyo3(signature = (mark = None))]
    fn explain(&self, mark: Option<Bound<'_, PyAny>>) -> PyResult<String> {
        match mark {
            None => Ok(self.report.explain(&self.text, |s| format!("[{s}]"))),
            Some(f) => {
                let mut failure = None;
                let out = self.report.explain(&self.text, |s| {
                    match f.call1((s,)).and_then(|r| r.extract::<String>()) {
                        Ok(marked) => marked,
                        Err(e) => {
                            failure.get_or_insert(e);
                            s.to_string()
                        }
                    }
                });
                failure.map_or(Ok(out), Err)
            }
        }
    }
    /// Pickles as the text and the report's JSON (byte offsets, as in Rust).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let rebuild = py
            .import("lurescan._lurescan")?
            .getattr("_rebuild_report")?;
        let json = serde_json::to_string(&self.report).expect("a report serializes");
        (rebuild, (self.text.clone(), json)).into_pyobject(py)
    }
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let html = py.import("lurescan._html")?.getattr("report_html")?;
        html.call1((self.text.as_str(), self.to_dict(py)?))?
            .extract()
    }
    fn __repr__(&self) -> String {
        format!(
            "Report(score={:.3}, band={:?}, rules={:?})",
            self.report.score,
            self.report.band.as_str(),
            self.report.rule_ids()
        )
    }
}

/// Posts given as any iterable of str (a list, a pandas Series), each read as [`post_text`]
/// reads one.
struct Texts(Vec<String>);

impl<'py> FromPyObject<'py> for Texts {
    fn extract_bound(texts: &Bound<'py, PyAny>) -> PyResult<Texts> {
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "expected an iterable of str, got one str",
            ));
        }
        let mut out = Vec::new();
        for (i, item) in texts.try_iter()?.enumerate() {
            let item = item?;
            let text = item.downcast::<PyString>().map_err(|_| {
                PyTypeError::new_err(format!("text {i} is {}, not a str", type_name(&item)))
            })?;
            out.push(post_text(text)?);
        }
        Ok(Texts(out))
    }
}

/// Labelled posts as a notebook has them: texts, labels (bools, numpy's too, or the integers 0
/// and 1) and optional groups, checked to line up.
struct Labelled {
    texts: Vec<String>,
    labels: Vec<bool>,
    groups: Vec<String>,
}

impl Labelled {
    fn new(
        caller: &str,
        texts: Vec<String>,
        labels: &[Bound<'_, PyAny>],
        groups: Option<Vec<String>>,
    ) -> PyResult<Labelled> {
        let labels = labels
            .iter()
            .enumerate()
            .map(|(i, label)| match label.extract::<bool>() {
                Ok(b) => Ok(b),
                Err(_) => match label.extract::<i64>() {
                    Ok(1) => Ok(true),
                    Ok(0) => Ok(false),
                    _ => Err(PyTypeError::new_err(format!(
                        "{caller}() expects labels True/False or 1/0, label {i} is {}",
                        label
                            .repr()
                            .map_or_else(|_| type_name(label), |r| r.to_string())
                    ))),
                },
            })
            .collect::<PyResult<Vec<bool>>>()?;
        let groups = groups.unwrap_or_else(|| vec!["all".to_string(); texts.len()]);
        if labels.len() != texts.len() || groups.len() != texts.len() {
            return Err(PyValueError::new_err(format!(
                "{caller}() needs one label and one group per text: {} texts, {} labels, {} groups",
                texts.len(),
                labels.len(),
                groups.len()
            )));
        }
        Ok(Labelled {
            texts,
            labels,
            groups,
        })
    }

    fn posts(&self) -> Vec<lurescan::LabelledPost<'_>> {
        self.texts
            .iter()
            .zip(&self.labels)
            .zip(&self.groups)
            .map(|((text, &positive), group)| lurescan::LabelledPost {
                text,
                positive,
                group,
            })
            .collect()
    }
}

/// A fitted calibration; see `lurescan.Calibration` in the stubs.
#[pyclass(module = "lurescan._lurescan", frozen)]
struct Calibration {
    fitted: lurescan::Calibration,
    comparison: Option<lurescan::Comparison>,
}

#[pymethods]
impl Calibration {
    /// The fitted bias.
    #[getter]
    fn bias(&self) -> f64 {
        self.fitted.bias
    }
    /// The `review` threshold.
    #[getter]
    fn review(&self) -> f64 {
        self.fitted.review
    }
    /// The `high` threshold.
    #[getter]
    fn high(&self) -> f64 {
        self.fitted.high
    }
    /// Category id to the factor of its rule weights and cap.
    #[getter]
    fn scales(&self) -> std::collections::BTreeMap<String, f64> {
        self.fitted.scales.clone()
    }
    /// Categories that kept their hand-set weights for lack of data.
    #[getter]
    fn kept_prior(&self) -> Vec<String> {
        self.fitted.kept_prior.clone()
    }
    /// The penalty cross-validation chose.
    #[getter]
    fn penalty(&self) -> f64 {
        self.fitted.penalty
    }
    /// The cross-validated ROC-AUC at that penalty.
    #[getter]
    fn cv_auc(&self) -> f64 {
        self.fitted.cv_auc
    }
    /// How many posts the fit saw.
    #[getter]
    fn trained_on(&self) -> usize {
        self.fitted.posts
    }
    /// Before and after on the held-out posts, per group and overall, as dicts; None when
    /// nothing was held out.
    #[getter]
    fn comparison(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let value = serde_json::to_value(&self.comparison).expect("a comparison serializes");
        value_to_py(py, &value)
    }
    /// The calibration score of a report made with the uncalibrated detector.
    fn score(&self, report: PyRef<'_, Report>) -> f64 {
        self.fitted.score(&report.report)
    }
    /// Writes the weights into the `.toml` packs of `folder`; returns the files changed.
    fn write(&self, py: Python<'_>, folder: std::path::PathBuf) -> PyResult<Vec<String>> {
        let written = self.fitted.write(&folder).map_err(|e| to_py_err(py, e))?;
        Ok(written.iter().map(|p| p.display().to_string()).collect())
    }
    /// The fit and the held-out comparison as Markdown (what `lurescan calibrate` prints).
    fn report(&self) -> String {
        let mut out = self.fitted.to_string();
        if let Some(comparison) = &self.comparison {
            out += &format!("\nHeld out, before → after:\n\n{comparison}");
        }
        out
    }
    fn _repr_markdown_(&self) -> String {
        self.report()
    }
    fn __repr__(&self) -> String {
        format!(
            "Calibration(bias={:.2}, review={:.2}, high={:.3}, trained_on={})",
            self.fitted.bias, self.fitted.review, self.fitted.high, self.fitted.posts
        )
    }
}

/// Contacts shared by several flagged reports: `(key, [indices])`, most shared first. `None`
/// items (missing posts) are skipped but keep their index.
#[pyfunction]
#[pyo3(signature = (reports, min_band = "review", min_posts = 2))]
fn shared_contacts(
    reports: Vec<Option<PyRef<'_, Report>>>,
    min_band: &str,
    min_posts: usize,
) -> PyResult<Vec<(String, Vec<usize>)>> {
    let min_band: lurescan::Band = min_band.parse().map_err(PyValueError::new_err)?;
    let mut index = lurescan::ContactIndex::default();
    for (i, report) in reports.iter().enumerate() {
        if let Some(report) = report.as_ref().filter(|r| r.report.band >= min_band) {
            index.add(i, &report.report.contact_keys);
        }
    }
    Ok(index
        .shared(min_posts)
        .into_iter()
        .map(|s| (s.key, s.posts))
        .collect())
}

/// Runs the `lurescan` command line (the Rust CLI, in-process) with `argv` (program name first)
/// and returns its exit code. The console script installed by pip calls this.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<String>) -> i32 {
    let args = argv.into_iter().map(Into::into).collect();
    py.detach(|| lurescan::cli::main(args))
}

/// Marks the process as a forked child (called by `os.register_at_fork`).
#[pyfunction]
fn _after_fork_in_child() {
    FORKED.store(true, Ordering::Relaxed);
}

#[pymodule]
fn _lurescan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Detector>()?;
    m.add_class::<Report>()?;
    m.add_class::<Hit>()?;
    m.add_class::<Calibration>()?;
    m.add_function(wrap_pyfunction!(_rebuild_detector, m)?)?;
    m.add_function(wrap_pyfunction!(_rebuild_report, m)?)?;
    m.add_function(wrap_pyfunction!(_after_fork_in_child, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(shared_contacts, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
