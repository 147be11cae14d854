//! Measures the built-in rule pack on the public labelled sets of `../shared/data/`.
//!
//! ```text
//! cargo run --release --example evaluate [-- --data DIR] [--misses N]
//! ```
//!
//! For every source and class it prints, as a Markdown table, the share of posts flagged at the
//! `review` band (band >= Review) and at the `high` band: that share is the recall on positive
//! classes (job/task lures, fake job ads, other scams) and the false-positive rate on legitimate
//! messages and job ads. A summary block checks the floors of the rule-pack issue.
//!
//! The data folder defaults to `../shared/data` next to the crate; `--data DIR` or the
//! environment variable `LURESCAN_DATA` override it. When the folder is absent the program says
//! so and exits with success (a fresh clone has no data); a missing or malformed file is skipped
//! with a message and the rest is evaluated.
//!
//! The sets' licences forbid committing their texts: `--misses N` prints up to N missed
//! positives and N false positives per source on **stderr**, for analysis in the terminal only.
//! Nothing is written to disk. See `docs/EVALUATION.md` for what each source and class means.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use lurescan::{Band, Detector, Report};

// ---------------------------------------------------------------------------------------------
// Classes and sources
// ---------------------------------------------------------------------------------------------

/// What a labelled row counts as in the evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Class {
    /// Job, task or recruitment lures: the detector's goal.
    JobLure,
    /// Fake job ads (EMSCAD, ORFD): mostly generic frauds, not compound lures.
    FakeJobAd,
    /// Scams of other kinds (prizes, loans, impersonation...): recall here is not the goal.
    OtherScam,
    /// Spam that mixes operator promotions and scams (Filipino DATA103).
    Spam,
    /// Operator promotions (Indonesian label 2): legitimate commercial messages.
    Promo,
    /// Ordinary, legitimate messages.
    LegitMsg,
    /// Legitimate job ads.
    LegitJobAd,
}

impl Class {
    fn label(self) -> &'static str {
        match self {
            Class::JobLure => "job/task lures (recall)",
            Class::FakeJobAd => "fake job ads (recall)",
            Class::OtherScam => "other scams (recall, not the goal)",
            Class::Spam => "spam: promos + scams (flag rate)",
            Class::Promo => "operator promotions (FP rate)",
            Class::LegitMsg => "legit messages (FP rate)",
            Class::LegitJobAd => "legit job ads (FP rate)",
        }
    }

    /// Positives whose misses are worth looking at (`--misses`).
    fn is_goal_positive(self) -> bool {
        matches!(self, Class::JobLure | Class::FakeJobAd)
    }

    /// Classes where any flag is a false positive.
    fn is_negative(self) -> bool {
        matches!(self, Class::LegitMsg | Class::LegitJobAd | Class::Promo)
    }
}

/// One evaluated source: a file (or a few files of one set) with its rows sorted into classes.
struct Source {
    /// Short id used in the tables and floors, e.g. `th_sms_beebuzz`.
    id: &'static str,
    /// Language(s), from the data README's table.
    lang: &'static str,
    items: Vec<(Class, String)>,
    /// Loading notes: rows read, skipped, selected by heuristics. Never dataset texts.
    notes: Vec<String>,
}

impl Source {
    fn new(id: &'static str, lang: &'static str) -> Source {
        Source {
            id,
            lang,
            items: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn push(&mut self, class: Class, text: String) {
        self.items.push((class, text));
    }

    fn count(&self, class: Class) -> usize {
        self.items.iter().filter(|(c, _)| *c == class).count()
    }
}

// ---------------------------------------------------------------------------------------------
// Heuristics that label the evaluation subsets (NOT detector rules)
// ---------------------------------------------------------------------------------------------
//
// Some sets label scams without saying which are job or task lures. These functions pick the
// job/task lures among rows ALREADY LABELLED as scams, with a short, transparent keyword list.
// They are heuristics written for labelling evaluation subsets, independent of the rule pack;
// the number of rows each selects is printed. Do not reuse them as rules.

/// Vietnamese: a scam is a job/task lure when it names work (a job/recruitment word) AND pay
/// (a salary/income/commission/task word), or is a "comment employee" offer; escort ads are
/// excluded. Matched on the lowercased text, with and without diacritics.
fn vi_is_job_lure(text: &str) -> bool {
    const WORK: &[&str] = &[
        "tuyển dụng",
        "cần tuyển",
        "đang tuyển",
        "tuyển nhân viên",
        "tuyển ctv",
        "cộng tác viên",
        "công việc",
        "việc làm",
        "làm việc tại nhà",
        "làm tại nhà",
        "tại nhà",
        "bán thời gian",
        "làm thêm",
        "part time",
        "part-time",
        "parttime",
        "ứng tuyển",
        "phỏng vấn",
        "trở thành đối tác",
        "tuyen dung",
        "can tuyen",
        "cong tac vien",
        "cong viec",
        "viec lam",
        "lam viec tai nha",
        "ban thoi gian",
        "lam them",
    ];
    const PAY: &[&str] = &[
        "lương",
        "thu nhập",
        "hoa hồng",
        "kiếm tiền",
        "kiếm thêm",
        "kiếm được",
        "nhiệm vụ",
        "luong",
        "thu nhap",
        "hoa hong",
        "kiem tien",
        "kiem duoc",
        "nhiem vu",
    ];
    const ALONE: &[&str] = &["nhân viên bình luận", "nhan vien binh luan"];
    const EXCLUDE: &[&str] = &["gái xinh", "gai xinh", "làm tình", "lam tinh", "lam tjnh"];
    let t = text.to_lowercase();
    let has = |list: &[&str]| list.iter().any(|k| t.contains(k));
    let ctv = t.split(|c: char| !c.is_alphanumeric()).any(|w| w == "ctv");
    !has(EXCLUDE) && (has(ALONE) || ((has(WORK) || ctv) && has(PAY)))
}

/// Thai: a scam is a job/task lure when it contains a recruitment, side-income or task phrase
/// and no gambling or horoscope word (casino "agent" recruitment and fortune-telling
/// subscriptions are other scams). Matched on the lowercased text.
fn th_is_job_lure(text: &str) -> bool {
    const JOB: &[&str] = &[
        "รับสมัครงาน",
        "รับสมัครพนักงาน",
        "เปิดรับสมัคร",
        "หาพนักงาน",
        "จ้างพนักงาน",
        "จ้างงาน",
        "พนักงานนอกเวลา",
        "ทำงาน",
        "พาร์ทไทม์",
        "พาร์ทไทม",
        "part-time",
        "part time",
        "งานเสริม",
        "รายได้เสริม",
        "หารายได้",
        "สร้างรายได้",
        "กดไลค์",
        "กดไลท์",
        "กดติดตาม",
        "งานออนไลน์",
        "งานโปรโมท",
        "โปรโมทงาน",
        "งานง่าย",
        "มีงาน",
        "ค่าตอบแทน",
        "ค่าจ้าง",
        "ภารกิจ",
        "สัมภาษณ์",
        "ทำเงินออนไลน์",
    ];
    const EXCLUDE: &[&str] = &[
        "คาสิโน",
        "สล็อต",
        "บาคาร่า",
        "เดิมพัน",
        "หวย",
        "ลอตเตอรี่",
        "ดวง",
        "เกม",
        "slot",
        "casino",
    ];
    let t = text.to_lowercase();
    JOB.iter().any(|k| t.contains(k)) && !EXCLUDE.iter().any(|k| t.contains(k))
}

/// Philippine reports (`proof.csv`): the `type` values that denote job/task lures.
fn ph_is_job_type(kind: &str) -> bool {
    matches!(
        kind.trim().to_lowercase().as_str(),
        "work" | "job offer" | "passive income"
    )
}

/// Philippine reports (`proof.csv`): whether the `proof` cell holds a message text. Most cells
/// are empty; others hold placeholders ("Screenshot", "Row 469 - Proof", a link to a compiled
/// screenshot, "knows my name") or a bare link, e-mail address or handle, which are not posts.
/// A cell counts as a message when it has at least 5 whitespace-separated words and is not a
/// placeholder.
fn ph_proof_is_message(proof: &str) -> bool {
    let t = proof.trim().to_lowercase();
    const PLACEHOLDERS: &[&str] = &[
        "screenshot",
        "- proof",
        "attached in proof",
        "mentioned my full name",
        "knows my name",
    ];
    t.split_whitespace().count() >= 5 && !PLACEHOLDERS.iter().any(|p| t.contains(p))
}

// ---------------------------------------------------------------------------------------------
// Reading files
// ---------------------------------------------------------------------------------------------

/// A delimited file read leniently: BOM stripped, quoted multi-line fields, rows of any length,
/// invalid UTF-8 decoded lossily.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Records the csv parser rejected.
    bad_records: usize,
    /// Rows with invalid UTF-8 (decoded with U+FFFD).
    lossy_rows: usize,
}

impl Table {
    fn read(path: &Path, delimiter: u8, has_header: bool) -> Result<Table, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let body = bytes
            .strip_prefix(&[0xEF, 0xBB, 0xBF][..])
            .unwrap_or(&bytes[..]);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(body);
        let mut rows = Vec::new();
        let (mut bad_records, mut lossy_rows) = (0, 0);
        for record in reader.byte_records() {
            match record {
                Ok(record) => {
                    let mut lossy = false;
                    let row: Vec<String> = record
                        .iter()
                        .map(|field| match std::str::from_utf8(field) {
                            Ok(s) => s.to_owned(),
                            Err(_) => {
                                lossy = true;
                                String::from_utf8_lossy(field).into_owned()
                            }
                        })
                        .collect();
                    lossy_rows += usize::from(lossy);
                    rows.push(row);
                }
                Err(_) => bad_records += 1,
            }
        }
        let header = if has_header && !rows.is_empty() {
            rows.remove(0)
        } else {
            Vec::new()
        };
        if rows.is_empty() {
            return Err(format!("malformed: no data rows in {}", path.display()));
        }
        Ok(Table {
            header,
            rows,
            bad_records,
            lossy_rows,
        })
    }

    /// The index of the first header matching one of `names` (case-insensitive, trimmed).
    fn col(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| {
            let h = h.trim().to_lowercase();
            names.iter().any(|n| h == n.to_lowercase())
        })
    }

    /// Like `col`, but a missing column makes the file malformed.
    fn need(&self, names: &[&str]) -> Result<usize, String> {
        self.col(names).ok_or_else(|| {
            format!(
                "malformed: no column {:?} in header {:?}",
                names.join("|"),
                self.header
            )
        })
    }

    fn read_notes(&self, rows: usize, skipped: usize) -> String {
        let mut note = format!("{rows} data rows read");
        if skipped > 0 {
            note += &format!(", {skipped} skipped (short row, unknown label or empty text)");
        }
        if self.bad_records > 0 {
            note += &format!(", {} unparsable records", self.bad_records);
        }
        if self.lossy_rows > 0 {
            note += &format!(
                ", {} rows with invalid UTF-8 decoded lossily",
                self.lossy_rows
            );
        }
        note
    }
}

fn cell(row: &[String], idx: usize) -> Option<&str> {
    row.get(idx).map(|s| s.trim())
}

/// Joins the non-empty cells of the given (optional) columns with newlines.
fn join_cells(row: &[String], cols: &[Option<usize>], skip_values: &[&str]) -> String {
    cols.iter()
        .flatten()
        .filter_map(|&i| row.get(i))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && !skip_values.contains(s))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A two-column set: text and label, classified by `classify(label, text)`. `None` skips the row.
fn load_labelled(
    mut source: Source,
    path: &Path,
    delimiter: u8,
    text_col: &[&str],
    label_col: &[&str],
    classify: impl Fn(&str, &str) -> Option<Class>,
) -> Result<Source, String> {
    let table = Table::read(path, delimiter, true)?;
    let ti = table.need(text_col)?;
    let li = table.need(label_col)?;
    let mut skipped = 0;
    for row in &table.rows {
        let (Some(text), Some(label)) = (cell(row, ti), cell(row, li)) else {
            skipped += 1;
            continue;
        };
        match classify(label, text) {
            Some(class) if !text.is_empty() => source.push(class, text.to_owned()),
            _ => skipped += 1,
        }
    }
    source
        .notes
        .push(table.read_notes(table.rows.len(), skipped));
    Ok(source)
}

// ---------------------------------------------------------------------------------------------
// The sources
// ---------------------------------------------------------------------------------------------

type Loaded = Result<Source, String>;

fn emscad_fraud(dir: &Path) -> Loaded {
    emscad(
        dir,
        "emscad_subsets/grv7-deve_fake_job_postings.csv",
        "emscad/grv7-deve (fraud rows)",
        (Class::FakeJobAd, "1"),
        "fraudulent=0 rows not used (their descriptions are empty in this copy)",
    )
}

fn emscad_legit(dir: &Path) -> Loaded {
    emscad(
        dir,
        "emscad_subsets/Ishita1604_fake_job_postings_first499.csv",
        "emscad/Ishita1604 (legit rows)",
        (Class::LegitJobAd, "0"),
        "fraudulent=1 rows not used (EMSCAD fraud is measured on grv7-deve)",
    )
}

/// One EMSCAD subset, keeping only the rows whose `fraudulent` label is `kept.1`.
fn emscad(
    dir: &Path,
    file: &str,
    id: &'static str,
    kept: (Class, &str),
    unused_note: &str,
) -> Loaded {
    let path = dir.join(file);
    let mut source = Source::new(id, "en");
    let table = Table::read(&path, b',', true)?;
    let fraud = table.need(&["fraudulent"])?;
    table.need(&["description"])?;
    let cols = emscad_text_cols(&table);
    // The structural sign the text cannot show: no employer described and no logo (the
    // taxonomy's "vague employer"), counted for the analysis in docs/EVALUATION.md.
    let (profile, logo) = (
        table.col(&["company_profile"]),
        table.col(&["has_company_logo"]),
    );
    let (mut skipped, mut unused, mut anonymous) = (0, 0, 0);
    for row in &table.rows {
        match cell(row, fraud) {
            Some(label) if label == kept.1 => {
                let text = join_cells(row, &cols, &[]);
                if text.is_empty() {
                    skipped += 1;
                } else {
                    source.push(kept.0, text);
                    let blank = |col: Option<usize>| col.and_then(|i| cell(row, i)).unwrap_or("");
                    if blank(profile).is_empty() && blank(logo) == "0" {
                        anonymous += 1;
                    }
                }
            }
            Some("0" | "1") => unused += 1,
            _ => skipped += 1,
        }
    }
    source
        .notes
        .push(table.read_notes(table.rows.len(), skipped));
    source.notes.push(format!("{unused} {unused_note}"));
    let used = source.items.len();
    source.notes.push(format!(
        "no company profile and no logo: {anonymous} of {used} rows used ({:.1} %)",
        100.0 * anonymous as f64 / used.max(1) as f64
    ));
    Ok(source)
}

fn emscad_text_cols(table: &Table) -> Vec<Option<usize>> {
    [
        "title",
        "company_profile",
        "description",
        "requirements",
        "benefits",
    ]
    .iter()
    .map(|c| table.col(&[c]))
    .collect()
}

fn jobstreet(dir: &Path) -> Loaded {
    let path = dir.join("id_jobstreet_legit/lowongan_jobstreet_lengkap_20250630_120733.csv");
    let mut source = Source::new("id_jobstreet_legit", "id/en");
    let table = Table::read(&path, b';', true)?;
    table.need(&["Description"])?;
    let cols: Vec<Option<usize>> = [
        "Job Position",
        "Company",
        "Location",
        "Salary",
        "Job Type",
        "Description",
    ]
    .iter()
    .map(|c| table.col(&[c]))
    .collect();
    let mut skipped = 0;
    for row in &table.rows {
        let text = join_cells(row, &cols, &["N/A"]);
        if text.is_empty() {
            skipped += 1;
        } else {
            source.push(Class::LegitJobAd, text);
        }
    }
    source
        .notes
        .push(table.read_notes(table.rows.len(), skipped));
    Ok(source)
}

fn indo_v1(dir: &Path) -> Loaded {
    load_labelled(
        Source::new("indo_sms_spam_v1", "id"),
        &dir.join("indo_sms_spam_v1/dataset_sms_spam_v1.csv"),
        b',',
        &["Teks", "text"],
        &["label"],
        |label, _| match label {
            "0" => Some(Class::LegitMsg),
            "1" => Some(Class::OtherScam),
            "2" => Some(Class::Promo),
            _ => None,
        },
    )
}

/// UCI SMS Spam Collection: `ham`/`spam` TAB text, one per line; the first line is a header.
/// Read line by line (not as CSV) because texts contain unbalanced quotes.
fn uci(dir: &Path) -> Loaded {
    let path = dir.join("uci_sms_spam/SMSSpamCollection.txt");
    let mut source = Source::new("uci_sms_spam", "en");
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (mut rows, mut skipped) = (0, 0);
    for line in text.lines().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        rows += 1;
        match line.split_once('\t') {
            Some(("ham", t)) if !t.trim().is_empty() => {
                source.push(Class::LegitMsg, t.trim().to_owned())
            }
            Some(("spam", t)) if !t.trim().is_empty() => {
                source.push(Class::OtherScam, t.trim().to_owned())
            }
            _ => skipped += 1,
        }
    }
    if rows == 0 {
        return Err("no data rows".to_owned());
    }
    let mut note = format!("{rows} data rows read");
    if skipped > 0 {
        note += &format!(", {skipped} skipped");
    }
    source.notes.push(note);
    Ok(source)
}

fn nus_ham(dir: &Path) -> Loaded {
    load_labelled(
        Source::new("mixed_sms_ngosangns/nus_ham", "en (SG)"),
        &dir.join("mixed_sms_ngosangns/sms-data-corpus_nus_ham.csv"),
        b',',
        &["content", "text"],
        &["label"],
        |label, _| (label == "ham").then_some(Class::LegitMsg),
    )
}

/// `sms-data.csv`: two thirds of its rows are copies of UCI rows (evaluated on their own), and
/// the data README warns that it mixes in made-up rows (templated "Dear X, ... project" hams and
/// generic spams). Only the rows whose text is not in UCI are evaluated, as a separate source
/// that no floor uses.
fn sms_data(dir: &Path, uci_texts: &HashSet<String>) -> Loaded {
    let mut dup = 0;
    let mut source = load_labelled(
        Source::new(
            "mixed_sms_ngosangns/sms-data (non-UCI rows; made-up rows)",
            "en, tl",
        ),
        &dir.join("mixed_sms_ngosangns/sms-data.csv"),
        b',',
        &["content", "text"],
        &["label"],
        |label, _| match label {
            "ham" => Some(Class::LegitMsg),
            "spam" => Some(Class::OtherScam),
            _ => None,
        },
    )?;
    source.items.retain(|(_, t)| {
        let keep = !uci_texts.contains(t);
        dup += usize::from(!keep);
        keep
    });
    source.notes.push(format!(
        "{dup} rows dropped because their text is in UCI; not used by any floor (synthetic rows)"
    ));
    Ok(source)
}

fn vi(dir: &Path) -> Loaded {
    scam_set(
        Source::new("vi_smishing_ie403", "vi"),
        &dir.join("vi_smishing_ie403/dataset.csv"),
        &["content", "text"],
        ("vi_is_job_lure", vi_is_job_lure),
    )
}

/// A set labelled 1 = scam, 0 = legitimate, whose job/task lures among the scams are picked by
/// a labelling heuristic (named in the notes with how many rows it selected).
fn scam_set(
    source: Source,
    path: &Path,
    text_col: &[&str],
    (heuristic, is_job_lure): (&str, fn(&str) -> bool),
) -> Loaded {
    let mut source =
        load_labelled(
            source,
            path,
            b',',
            text_col,
            &["label"],
            |label, text| match label {
                "1" if is_job_lure(text) => Some(Class::JobLure),
                "1" => Some(Class::OtherScam),
                "0" => Some(Class::LegitMsg),
                _ => None,
            },
        )?;
    let jobs = source.count(Class::JobLure);
    let all = jobs + source.count(Class::OtherScam);
    source.notes.push(format!(
        "heuristic {heuristic} selected {jobs} of {all} scam rows as job/task lures"
    ));
    Ok(source)
}

fn ph_proof(dir: &Path) -> Loaded {
    let path = dir.join("ph_scam_sms_reports/proof.csv");
    let mut source = Source::new("ph_scam_sms_reports/proof", "tl/en");
    let table = Table::read(&path, b',', true)?;
    let pi = table.need(&["proof"])?;
    let ti = table.need(&["type"])?;
    let (mut skipped, mut no_text) = (0, 0);
    for row in &table.rows {
        let (Some(proof), Some(kind)) = (cell(row, pi), cell(row, ti)) else {
            skipped += 1;
            continue;
        };
        if !ph_proof_is_message(proof) {
            no_text += 1;
        } else if ph_is_job_type(kind) {
            source.push(Class::JobLure, proof.to_owned());
        } else {
            source.push(Class::OtherScam, proof.to_owned());
        }
    }
    source
        .notes
        .push(table.read_notes(table.rows.len(), skipped));
    source.notes.push(format!(
        "{no_text} rows without a message text in `proof` (empty, placeholder, bare link or \
         address: ph_proof_is_message) not used; `type` work / job offer / passive income = \
         job/task lures"
    ));
    Ok(source)
}

fn ph_spam(dir: &Path) -> Loaded {
    load_labelled(
        Source::new("ph_scam_sms_reports/SPAM_SMS", "tl/en"),
        &dir.join("ph_scam_sms_reports/SPAM_SMS.csv"),
        b',',
        &["text"],
        &["text"],
        |_, _| Some(Class::OtherScam),
    )
}

fn ph_data103(dir: &Path) -> Loaded {
    let mut source = load_labelled(
        Source::new("ph_filipino_sms_data103 (bag-of-words)", "tl"),
        &dir.join("ph_filipino_sms_data103/cleaned_sms_text_labels_only_v2.csv"),
        b',',
        &["text"],
        &["label"],
        |label, _| match label {
            "spam" => Some(Class::Spam),
            "ham" => Some(Class::LegitMsg),
            _ => None,
        },
    )?;
    source.notes.push(
        "texts are lowercased with stop words and punctuation removed: phrase rules cannot \
         match as in real posts; not used by any floor"
            .to_owned(),
    );
    Ok(source)
}

fn thai(dir: &Path, id: &'static str, file: &str) -> Loaded {
    scam_set(
        Source::new(id, "th"),
        &dir.join(file),
        &["text"],
        ("th_is_job_lure", th_is_job_lure),
    )
}

/// Five files, one per class; a missing or malformed file is skipped, the others kept.
fn zh_telecom(dir: &Path) -> Loaded {
    let mut source = Source::new("zh_telecom_fraud_texts_5", "zh");
    let mut any = false;
    for n in 0..5 {
        let path = dir.join(format!("zh_telecom_fraud_texts_5/label0{n}-last.csv"));
        let class = if n == 0 {
            Class::LegitMsg
        } else {
            Class::OtherScam
        };
        let part = load_labelled(
            Source::new("", "zh"),
            &path,
            b',',
            &["content", "text"],
            &["label"],
            |_, _| Some(class),
        );
        match part {
            Ok(part) => {
                any = true;
                source.items.extend(part.items);
                for note in part.notes {
                    source.notes.push(format!("label0{n}: {note}"));
                }
            }
            Err(e) => source
                .notes
                .push(format!("label0{n}: SKIPPED {}: {e}", path.display())),
        }
    }
    source.notes.push(
        "classes per SOURCE_README: 00 normal; 01 public-security impersonation, 02 loans / \
         credit cards, 03 customer-service impersonation, 04 boss/acquaintance impersonation: \
         none is a job/task class, so 01-04 are other scams"
            .to_owned(),
    );
    if any {
        Ok(source)
    } else {
        Err("no file of the set could be read".to_owned())
    }
}

fn zh_orfd(dir: &Path) -> Loaded {
    let path = dir.join("zh_orfd_58tongcheng/origin.csv");
    let mut source = Source::new("zh_orfd_58tongcheng", "zh");
    let table = Table::read(&path, b',', true)?;
    let li = table.need(&["Real/Fake"])?;
    table.need(&["jobDescription"])?;
    let cols: Vec<Option<usize>> = [
        "jobTitle",
        "jobSubTitle",
        "jobSalary",
        "jobWelfare",
        "jobRequirement",
        "jobDescription",
        "companyIntro",
    ]
    .iter()
    .map(|c| table.col(&[c]))
    .collect();
    let mut skipped = 0;
    for row in &table.rows {
        let class = match cell(row, li) {
            Some("0") => Class::FakeJobAd,
            Some("1") => Class::LegitJobAd,
            _ => {
                skipped += 1;
                continue;
            }
        };
        let text = join_cells(row, &cols, &[]);
        if text.is_empty() {
            skipped += 1;
        } else {
            source.push(class, text);
        }
    }
    source
        .notes
        .push(table.read_notes(table.rows.len(), skipped));
    source
        .notes
        .push("`Real/Fake` 0 = fake (positive), 1 = real; labels are heuristic (ORFD)".to_owned());
    Ok(source)
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

struct Row {
    source: &'static str,
    lang: &'static str,
    class: Class,
    n: usize,
    distinct: usize,
    review: usize,
    high: usize,
    /// Posts flagged as a victim's help post (`Report::victim_post`), whatever their band.
    victim: usize,
}

impl Row {
    fn pct(k: usize, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else {
            100.0 * k as f64 / n as f64
        }
    }
    fn review_pct(&self) -> f64 {
        Row::pct(self.review, self.n)
    }
    fn high_pct(&self) -> f64 {
        Row::pct(self.high, self.n)
    }
    fn victim_pct(&self) -> f64 {
        Row::pct(self.victim, self.n)
    }
}

enum Floor {
    MaxFp(f64),
    MinRecall(f64),
}

/// The floors of the rule-pack issue, at the review threshold.
const FLOORS: &[(&str, Class, Floor, &str)] = &[
    (
        "mixed_sms_ngosangns/nus_ham",
        Class::LegitMsg,
        Floor::MaxFp(1.0),
        "NUS ham",
    ),
    (
        "uci_sms_spam",
        Class::LegitMsg,
        Floor::MaxFp(1.0),
        "UCI ham",
    ),
    (
        "emscad/Ishita1604 (legit rows)",
        Class::LegitJobAd,
        Floor::MaxFp(5.0),
        "EMSCAD legit ads (Ishita1604)",
    ),
    (
        "id_jobstreet_legit",
        Class::LegitJobAd,
        Floor::MaxFp(5.0),
        "JobStreet legit ads",
    ),
    (
        "indo_sms_spam_v1",
        Class::LegitMsg,
        Floor::MaxFp(5.0),
        "Indonesian normal SMS",
    ),
    (
        "vi_smishing_ie403",
        Class::LegitMsg,
        Floor::MaxFp(5.0),
        "Vietnamese normal SMS",
    ),
    (
        "th_sms_scamguard",
        Class::LegitMsg,
        Floor::MaxFp(5.0),
        "Thai normal SMS (ScamGuard)",
    ),
    (
        "th_sms_beebuzz",
        Class::LegitMsg,
        Floor::MaxFp(5.0),
        "Thai normal SMS (BeeBuzz)",
    ),
    (
        "zh_telecom_fraud_texts_5",
        Class::LegitMsg,
        Floor::MaxFp(5.0),
        "Chinese normal texts (Telecom label00)",
    ),
    (
        "zh_orfd_58tongcheng",
        Class::LegitJobAd,
        Floor::MaxFp(5.0),
        "Chinese real job ads (ORFD)",
    ),
    (
        "vi_smishing_ie403",
        Class::JobLure,
        Floor::MinRecall(80.0),
        "Vietnamese job/task lures",
    ),
    (
        "th_sms_scamguard",
        Class::JobLure,
        Floor::MinRecall(80.0),
        "Thai job/task lures (ScamGuard)",
    ),
    (
        "th_sms_beebuzz",
        Class::JobLure,
        Floor::MinRecall(80.0),
        "Thai job/task lures (BeeBuzz)",
    ),
    (
        "ph_scam_sms_reports/proof",
        Class::JobLure,
        Floor::MinRecall(80.0),
        "Philippine job/task lures",
    ),
    (
        "emscad/grv7-deve (fraud rows)",
        Class::FakeJobAd,
        Floor::MinRecall(50.0),
        "EMSCAD fraudulent ads",
    ),
];

fn one_line(text: &str, max_chars: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max_chars {
        flat.chars().take(max_chars - 1).collect::<String>() + "…"
    } else {
        flat
    }
}

fn print_misses(source: &Source, reports: &[Report], n: usize) {
    let mut missed = Vec::new();
    let mut false_pos = Vec::new();
    for ((class, text), report) in source.items.iter().zip(reports) {
        let flagged = report.band >= Band::Review;
        if class.is_goal_positive() && !flagged && missed.len() < n {
            missed.push((class, text, report));
        }
        if class.is_negative() && flagged && false_pos.len() < n {
            false_pos.push((class, text, report));
        }
    }
    if missed.is_empty() && false_pos.is_empty() {
        return;
    }
    eprintln!("\n### {} ({})", source.id, source.lang);
    for (title, list) in [
        ("missed positives", &missed),
        ("false positives", &false_pos),
    ] {
        if list.is_empty() {
            continue;
        }
        eprintln!("{title}:");
        for (class, text, report) in list {
            eprintln!(
                "  [{} {:.2} {}] {}",
                class.label().split(' ').next().unwrap_or(""),
                report.score,
                report.rule_ids().join(","),
                one_line(text, 160)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

struct Args {
    data: PathBuf,
    misses: usize,
    /// Fit the pack's category scales and bias on 70 % of the data and compare on the rest.
    calibrate: bool,
    /// With `calibrate`: write the fitted weights into this pack folder.
    write_pack: Option<PathBuf>,
}

const USAGE: &str = "usage: cargo run --release --example evaluate [-- --data DIR] [--misses N]
       cargo run --release --example evaluate -- --calibrate [--write-pack patterns]

  --data DIR    folder of labelled sets (default: $LURESCAN_DATA, else ../shared/data
                next to the crate)
  --misses N    print up to N missed positives and N false positives per source on
                stderr (terminal only: the sets' texts must not be committed)
  --calibrate   fit category scales and the bias (lurescan::calibrate) on a 70 % split
                of the job-lure and legitimate rows, and print ROC-AUC, precision and
                recall before and after on the 30 % held out, per source
  --write-pack DIR  with --calibrate: write the fitted weights into the pack files of DIR";

fn parse_args() -> Result<Args, String> {
    let mut data = std::env::var_os("LURESCAN_DATA")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")));
    let mut misses = 0;
    let (mut calibrate, mut write_pack) = (false, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--data" => data = PathBuf::from(value("--data")?),
            "--misses" => {
                let v = value("--misses")?;
                misses = v
                    .parse()
                    .map_err(|_| format!("--misses expects a number, got `{v}`"))?;
            }
            "--calibrate" => calibrate = true,
            "--write-pack" => write_pack = Some(PathBuf::from(value("--write-pack")?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        data,
        misses,
        calibrate,
        write_pack,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("evaluate: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let dir = &args.data;
    if !dir.is_dir() {
        println!(
            "evaluate: data folder {} not found: skipping the evaluation (the labelled sets are \
             not part of the repository; pass --data DIR or set LURESCAN_DATA)",
            dir.display()
        );
        return ExitCode::SUCCESS;
    }
    eprintln!("evaluate: reading labelled sets from {}", dir.display());

    // Load every source; a failing one is reported and skipped.
    let mut sources: Vec<Source> = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    let mut add = |name: &str, loaded: Loaded| match loaded {
        Ok(s) if s.items.is_empty() => skipped.push(format!("{name}: no usable rows")),
        Ok(s) => sources.push(s),
        Err(e) => skipped.push(format!("{name}: {e}")),
    };
    add("emscad_subsets/grv7-deve", emscad_fraud(dir));
    add("emscad_subsets/Ishita1604", emscad_legit(dir));
    add("id_jobstreet_legit", jobstreet(dir));
    add("indo_sms_spam_v1", indo_v1(dir));
    let uci_loaded = uci(dir);
    let uci_texts: HashSet<String> = match &uci_loaded {
        Ok(s) => s.items.iter().map(|(_, t)| t.clone()).collect(),
        Err(_) => HashSet::new(),
    };
    add("uci_sms_spam", uci_loaded);
    add("mixed_sms_ngosangns/nus_ham", nus_ham(dir));
    if uci_texts.is_empty() {
        add(
            "mixed_sms_ngosangns/sms-data",
            Err("not evaluated: needs UCI to drop its UCI copies".to_owned()),
        );
    } else {
        add("mixed_sms_ngosangns/sms-data", sms_data(dir, &uci_texts));
    }
    add("vi_smishing_ie403", vi(dir));
    add("ph_scam_sms_reports/proof", ph_proof(dir));
    add("ph_scam_sms_reports/SPAM_SMS", ph_spam(dir));
    add("ph_filipino_sms_data103", ph_data103(dir));
    add(
        "th_sms_scamguard",
        thai(dir, "th_sms_scamguard", "th_sms_scamguard/sms_dataset.csv"),
    );
    add(
        "th_sms_beebuzz",
        thai(
            dir,
            "th_sms_beebuzz",
            "th_sms_beebuzz/thai_sms_fraud_normal.csv",
        ),
    );
    add("zh_telecom_fraud_texts_5", zh_telecom(dir));
    add("zh_orfd_58tongcheng", zh_orfd(dir));
    skipped.push(
        "indo_sms_scam_classifier: not evaluated by design: it overlaps indo_sms_spam_v1 \
         (995 texts) and the data README says never to mix the two"
            .to_owned(),
    );
    for s in &skipped {
        eprintln!("evaluate: SKIPPED {s}");
    }
    if sources.is_empty() {
        println!("evaluate: no usable labelled set in {}", dir.display());
        return ExitCode::SUCCESS;
    }

    let detector = Detector::new();
    if args.calibrate {
        return calibration(&detector, &sources, args.write_pack.as_deref());
    }

    // Scan.
    let started = Instant::now();
    let reports: Vec<Vec<Report>> = sources
        .iter()
        .map(|s| {
            let texts: Vec<&str> = s.items.iter().map(|(_, t)| t.as_str()).collect();
            detector.scan_batch(&texts)
        })
        .collect();
    let total: usize = sources.iter().map(|s| s.items.len()).sum();
    eprintln!(
        "evaluate: scanned {total} posts in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Tabulate.
    let mut rows: Vec<Row> = Vec::new();
    for (source, reports) in sources.iter().zip(&reports) {
        let mut classes: Vec<Class> = source.items.iter().map(|(c, _)| *c).collect();
        classes.sort();
        classes.dedup();
        for class in classes {
            let mut row = Row {
                source: source.id,
                lang: source.lang,
                class,
                n: 0,
                distinct: 0,
                review: 0,
                high: 0,
                victim: 0,
            };
            let mut seen = HashSet::new();
            for ((c, text), report) in source.items.iter().zip(reports) {
                if *c != class {
                    continue;
                }
                row.n += 1;
                if seen.insert(text.as_str()) {
                    row.distinct += 1;
                }
                row.review += usize::from(report.band >= Band::Review);
                row.high += usize::from(report.band == Band::High);
                row.victim += usize::from(report.victim_post);
            }
            rows.push(row);
        }
    }

    let thresholds = detector.thresholds();
    println!("## lurescan evaluation\n");
    println!(
        "Built-in pack, {} rules; review at score >= {}, high at score >= {}. A post is flagged \
         at review when its band is review or high. On positive classes the flagged share is \
         the recall, on legitimate classes the false-positive rate. No set here is made of \
         victims' help posts: the victim-post share is a false-flag rate on every row.\n",
        detector.rules().len(),
        thresholds.review,
        thresholds.high
    );
    println!(
        "| source | language | class | n | flagged@review % | flagged@high % | victim post % |"
    );
    println!("|---|---|---|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {:.1} | {:.1} | {:.1} |",
            r.source,
            r.lang,
            r.class.label(),
            r.n,
            r.review_pct(),
            r.high_pct(),
            r.victim_pct()
        );
    }

    println!("\n### Floors (at review)\n");
    println!("| floor | n | measured | status |");
    println!("|---|---:|---:|---|");
    let (mut pass, mut fail, mut missing) = (0, 0, 0);
    for (source, class, floor, name) in FLOORS {
        let row = rows
            .iter()
            .find(|r| r.source == *source && r.class == *class);
        let (goal, ok) = match (floor, row) {
            (Floor::MaxFp(max), Some(r)) => (format!("FP <= {max}%"), Some(r.review_pct() <= *max)),
            (Floor::MinRecall(min), Some(r)) => {
                (format!("recall >= {min}%"), Some(r.review_pct() >= *min))
            }
            (Floor::MaxFp(max), None) => (format!("FP <= {max}%"), None),
            (Floor::MinRecall(min), None) => (format!("recall >= {min}%"), None),
        };
        let status = match ok {
            Some(true) => {
                pass += 1;
                "PASS"
            }
            Some(false) => {
                fail += 1;
                "FAIL"
            }
            None => {
                missing += 1;
                "SKIP (no data)"
            }
        };
        match row {
            Some(r) => println!(
                "| {name}: {goal} | {} | {:.1}% | {status} |",
                r.n,
                r.review_pct()
            ),
            None => println!("| {name}: {goal} | - | - | {status} |"),
        }
    }
    println!("\n{pass} passed, {fail} failed, {missing} without data.");

    println!("\n### Source notes\n");
    for source in &sources {
        let distinct: Vec<String> = rows
            .iter()
            .filter(|r| r.source == source.id && r.distinct != r.n)
            .map(|r| format!("{}: {} distinct texts", r.class.label(), r.distinct))
            .collect();
        let mut notes = source.notes.clone();
        if !distinct.is_empty() {
            notes.push(format!("duplicates: {}", distinct.join("; ")));
        }
        println!("- **{}**: {}.", source.id, notes.join("; "));
    }
    for s in &skipped {
        println!("- SKIPPED {s}.");
    }

    if args.misses > 0 {
        eprintln!(
            "\n## Examples (terminal only: never commit these texts). \
             [class score rules] text"
        );
        for (source, reports) in sources.iter().zip(&reports) {
            print_misses(source, reports, args.misses);
        }
    }
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------------------------
// Calibration (--calibrate)
// ---------------------------------------------------------------------------------------------

/// The rows calibration uses: job lures and fake job ads against legitimate messages, job ads
/// and promotions; other scams are neither (recall on them is not the goal). The bag-of-words
/// and made-up sets are left out as in the floors.
fn calibration_label(source: &Source, class: Class) -> Option<bool> {
    if source.id.starts_with("ph_filipino_sms_data103")
        || source.id.starts_with("mixed_sms_ngosangns/sms-data")
    {
        return None;
    }
    match class {
        Class::JobLure | Class::FakeJobAd => Some(true),
        c if c.is_negative() => Some(false),
        _ => None,
    }
}

fn calibration(detector: &Detector, sources: &[Source], write: Option<&Path>) -> ExitCode {
    // One group per source and language: the false-positive budget holds in each, and the
    // held-out table has a row for each.
    let groups: Vec<String> = sources
        .iter()
        .map(|s| format!("{} ({})", s.id, s.lang))
        .collect();
    let mut posts = Vec::new();
    for (source, group) in sources.iter().zip(&groups) {
        for (class, text) in &source.items {
            if let Some(positive) = calibration_label(source, *class) {
                posts.push(lurescan::LabelledPost {
                    text,
                    positive,
                    group,
                });
            }
        }
    }
    let started = Instant::now();
    // The budget at `review` is a point under the 5 % floors of job ads and normal messages:
    // a threshold set at the edge of a training sample lands above it on unseen posts about
    // half the time (the hardest group, ORFD's real ads, has only ~300 training rows).
    let options = lurescan::CalibrationOptions {
        max_fp_review: 0.04,
        ..Default::default()
    };
    let (fitted, comparison) = match lurescan::calibrate_held_out(detector, &posts, &options) {
        Ok(fit) => fit,
        Err(e) => {
            eprintln!("evaluate: {e}");
            return ExitCode::from(2);
        }
    };
    eprintln!(
        "evaluate: calibrated on {} posts in {:.1} s",
        fitted.posts,
        started.elapsed().as_secs_f64()
    );
    let t = detector.thresholds();
    println!("## Calibration\n");
    println!(
        "Fitted on the 70 % split, measured on the 30 % held out ({} posts). Before: bias \
         {:+.2}, review at {:.2}, high at {:.2}.\n",
        comparison.overall.positives + comparison.overall.negatives,
        t.bias,
        t.review,
        t.high,
    );
    println!("{fitted}");
    println!("Held out, before → after:\n");
    println!("{comparison}");
    if let Some(dir) = write {
        match fitted.write(dir) {
            Ok(files) => eprintln!(
                "evaluate: wrote calibrated weights into {} files",
                files.len()
            ),
            Err(e) => {
                eprintln!("evaluate: {e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
