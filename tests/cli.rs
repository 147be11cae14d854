//! The `lurescan` binary, run for real on files in a temporary folder: each input format, stdin,
//! gzip, order and ids carried through, error records for every kind of bad line, exit codes,
//! `--min-band` (victims' help posts kept), `explain`, and `rules test | lint | list` on good and broken packs.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::{CALIBRATION_LURES, CALIBRATION_ORDINARY};

const LURE: &str = "Lowongan kerja di Kamboja, gaji 15 juta/bulan, tanpa pengalaman, \
                    tiket dan visa ditanggung, hubungi Telegram";
const NEUTRAL: &str = "The university library is open until 9 pm during exam week.";

/// A temporary folder, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let path = std::env::temp_dir().join(format!("lurescan-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Dir(path)
    }

    fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a run of the binary gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The JSONL records of stdout.
    fn records(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

fn lurescan(dir: &Dir, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lurescan"))
        .args(args)
        .current_dir(&dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 errors"),
    }
}

fn jsonl(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "source": "test", "text": text}).to_string() + "\n"
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn field<'a>(records: &'a [Value], key: &str) -> Vec<&'a Value> {
    records.iter().map(|r| &r[key]).collect()
}

#[test]
fn jsonl_keeps_order_ids_and_other_fields() {
    let dir = Dir::new("jsonl");
    let text = jsonl("a", LURE) + &jsonl("b", NEUTRAL) + &jsonl("c", LURE);
    dir.file("posts.jsonl", text);
    let run = lurescan(&dir, &["scan", "posts.jsonl"], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let records = run.records();
    assert_eq!(field(&records, "id"), ["a", "b", "c"]);
    assert_eq!(field(&records, "line"), [1, 2, 3]);
    assert_eq!(field(&records, "band"), ["high", "low", "high"]);
    assert_eq!(records[0]["file"], "posts.jsonl");
    assert_eq!(records[1]["fields"], serde_json::json!({"source": "test"}));
    // The report's own fields are all there, spans into the original post.
    let hit = &records[0]["hits"][0];
    let (start, end) = (hit["start"].as_u64().unwrap(), hit["end"].as_u64().unwrap());
    assert_eq!(
        LURE[start as usize..end as usize],
        *hit["matched"].as_str().unwrap()
    );
    for key in ["score", "total", "categories", "scripts", "languages"] {
        assert!(records[0].get(key).is_some(), "{key} missing");
    }
    assert!(run
        .stderr
        .contains("3 records screened: 2 high, 0 review, 1 low; 0 victims' help posts; 0 errors"));
}

#[test]
fn exit_code_is_0_when_nothing_is_flagged() {
    let dir = Dir::new("clean");
    dir.file("posts.jsonl", jsonl("a", NEUTRAL) + &jsonl("b", NEUTRAL));
    let run = lurescan(&dir, &["scan", "posts.jsonl"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.records().len(), 2);
}

#[test]
fn order_is_kept_across_chunks_and_threads() {
    let dir = Dir::new("order");
    let mut text = String::new();
    for i in 0..10_000 {
        let post = if i % 7 == 0 { LURE } else { NEUTRAL };
        text += &jsonl(&format!("p{i}"), post);
    }
    dir.file("many.jsonl", text);
    let run = lurescan(&dir, &["scan", "many.jsonl", "--threads", "2", "-q"], b"");
    assert_eq!(run.code, 1);
    let records = run.records();
    assert_eq!(records.len(), 10_000);
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record["id"], format!("p{i}"));
        assert_eq!(record["band"], if i % 7 == 0 { "high" } else { "low" });
    }
    assert!(run.stderr.is_empty(), "--quiet: {}", run.stderr);
}

#[test]
fn csv_in_and_out() {
    let dir = Dir::new("csv");
    let csv = format!("id,text,lang\nc1,\"{LURE}\",id\nc2,\"two\nlines\",en\nc3\n");
    dir.file("posts.csv", csv);
    let run = lurescan(&dir, &["scan", "posts.csv"], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let records = run.records();
    assert_eq!(field(&records, "id"), ["c1", "c2", "c3"]);
    assert_eq!(field(&records, "line"), [2, 3, 5]);
    assert_eq!(records[0]["band"], "high");
    assert_eq!(records[1]["fields"], serde_json::json!({"lang": "en"}));
    assert!(records[2]["error"]
        .as_str()
        .unwrap()
        .contains("missing column `text`"));

    let run = lurescan(
        &dir,
        &[
            "scan",
            "posts.csv",
            "--output-format",
            "csv",
            "-o",
            "out.csv",
        ],
        b"",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let mut reader = csv::Reader::from_path(dir.0.join("out.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][col("id")], "c1");
    assert_eq!(&rows[0][col("band")], "high");
    assert_eq!(&rows[0][col("victim_post")], "false");
    assert!(rows[0][col("rules")].contains("skills.no-experience"));
    let hits: Value = serde_json::from_str(&rows[0][col("hits")]).unwrap();
    assert!(!hits.as_array().unwrap().is_empty());
    assert_eq!(&rows[1][col("band")], "low");
    assert!(rows[2][col("error")].contains("missing column"));
}

#[test]
fn csv_text_column_is_chosen_and_a_missing_one_is_an_error() {
    let dir = Dir::new("csvcol");
    dir.file("posts.csv", format!("key,body\nk1,\"{LURE}\"\n"));
    let run = lurescan(
        &dir,
        &[
            "scan",
            "posts.csv",
            "--text-column",
            "body",
            "--id-field",
            "key",
        ],
        b"",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.records()[0]["id"], "k1");
    let run = lurescan(&dir, &["scan", "posts.csv"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no column `text`"), "{}", run.stderr);
}

#[test]
fn plain_text_one_post_per_line() {
    let dir = Dir::new("text");
    dir.file("posts.txt", format!("{NEUTRAL}\n\n{LURE}\r\n"));
    let run = lurescan(&dir, &["scan", "posts.txt"], b"");
    assert_eq!(run.code, 1);
    let records = run.records();
    // The blank line is skipped; line numbers stay those of the file.
    assert_eq!(field(&records, "line"), [1, 3]);
    assert_eq!(field(&records, "band"), ["low", "high"]);
    assert!(records[0].get("id").is_none());
}

#[test]
fn stdin_with_or_without_dash_and_format_sniffing() {
    let dir = Dir::new("stdin");
    let text = jsonl("s1", LURE) + &jsonl("s2", NEUTRAL);
    for args in [&["scan"][..], &["scan", "-"]] {
        let run = lurescan(&dir, args, text.as_bytes());
        assert_eq!(run.code, 1, "{}", run.stderr);
        let records = run.records();
        assert_eq!(field(&records, "id"), ["s1", "s2"]);
        assert_eq!(records[0]["file"], "-");
    }
    let run = lurescan(&dir, &["scan"], format!("{LURE}\n{NEUTRAL}\n").as_bytes());
    assert_eq!(field(&run.records(), "band"), ["high", "low"]);
    // --format overrides the sniffing: JSON lines read as plain text.
    let run = lurescan(&dir, &["scan", "--format", "text"], text.as_bytes());
    assert_eq!(run.records().len(), 2);
    assert!(run.records()[0].get("id").is_none());
}

#[test]
fn gzip_files_and_gzip_on_stdin() {
    let dir = Dir::new("gzip");
    let text = jsonl("g1", NEUTRAL) + &jsonl("g2", LURE);
    dir.file("posts.jsonl.gz", gzip(text.as_bytes()));
    let run = lurescan(&dir, &["scan", "posts.jsonl.gz"], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(field(&run.records(), "id"), ["g1", "g2"]);
    let run = lurescan(&dir, &["scan", "--format", "jsonl"], &gzip(text.as_bytes()));
    assert_eq!(field(&run.records(), "id"), ["g1", "g2"]);
    dir.file(
        "posts.csv.gz",
        gzip(format!("id,text\nz1,\"{LURE}\"\n").as_bytes()),
    );
    let run = lurescan(&dir, &["scan", "posts.csv.gz"], b"");
    assert_eq!(run.records()[0]["id"], "z1");
}

#[test]
fn every_kind_of_bad_line_is_an_error_record_and_nothing_else_is_lost() {
    let dir = Dir::new("bad");
    let mut input: Vec<u8> = Vec::new();
    input.extend(jsonl("ok1", LURE).as_bytes()); // 1
    input.extend(b"{\"id\": \"broken\", \"text\": \n"); // 2 malformed JSON
    input.extend(jsonl("ok2", NEUTRAL).as_bytes()); // 3
    input.extend(b"{\"id\": \"nofield\", \"body\": \"x\"}\n"); // 4 missing field
    input.extend(b"{\"id\": \"number\", \"text\": 42}\n"); // 5 not a string
    input.extend(b"[\"an\", \"array\"]\n"); // 6 not an object
    input.extend(b"{\"id\": \"latin1\", \"text\": \"caf\xe9\"}\n"); // 7 invalid UTF-8
    input.extend(jsonl("huge", &"a".repeat(5000)).as_bytes()); // 8 oversized
    input.extend(jsonl("ok3", LURE).as_bytes()); // 9
    dir.file("bad.jsonl", &input);
    let run = lurescan(
        &dir,
        &["scan", "bad.jsonl", "--max-record-bytes", "4096"],
        b"",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let records = run.records();
    assert_eq!(records.len(), 9);
    assert_eq!(field(&records, "line"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let error = |i: usize| records[i]["error"].as_str().unwrap_or_default().to_string();
    assert!(error(1).starts_with("invalid JSON"), "{}", error(1));
    assert_eq!(error(3), "missing field `text`");
    assert_eq!(records[3]["id"], "nofield");
    assert_eq!(error(4), "field `text` is a number, not a string");
    assert_eq!(error(5), "not a JSON object but an array");
    assert!(
        error(6).starts_with("invalid UTF-8 at byte"),
        "{}",
        error(6)
    );
    assert!(
        error(7).contains("longer than --max-record-bytes 4096"),
        "{}",
        error(7)
    );
    for (i, id) in [(0, "ok1"), (2, "ok2"), (8, "ok3")] {
        assert_eq!(records[i]["id"], id);
        assert!(records[i].get("error").is_none());
        assert!(records[i]["score"].is_number());
    }
    assert!(
        run.stderr.contains(
            "3 records screened: 2 high, 0 review, 1 low; 0 victims' help posts; 6 errors"
        ),
        "{}",
        run.stderr
    );
}

/// A post cut in the middle of an emoji by a JavaScript scraper has a lone surrogate escape:
/// it is screened with U+FFFD in its place, offsets into that text, not lost as an error.
#[test]
fn lone_surrogate_escapes_are_screened_not_lost() {
    let dir = Dir::new("surrogates");
    let input = concat!(
        r#"{"id":"cut","text":"Kerja di Kamboja \ud83d, gaji 15 juta/bulan"}"#,
        "\n",
        r#"{"id":"pair","text":"\ud83d\ude00 Kerja di Kamboja"}"#,
        "\n",
        r#"{"text":"\ud83d"#,
        "\n",
    );
    dir.file("cut.jsonl", input);
    let run = lurescan(&dir, &["scan", "cut.jsonl"], b"");
    let records = run.records();
    assert_eq!(field(&records[..2], "id"), ["cut", "pair"]);
    for (record, text) in records[..2].iter().zip([
        "Kerja di Kamboja \u{fffd}, gaji 15 juta/bulan",
        "😀 Kerja di Kamboja",
    ]) {
        assert!(record.get("error").is_none(), "{record}");
        let hits = record["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{record}");
        for hit in hits {
            let (start, end) = (hit["start"].as_u64().unwrap(), hit["end"].as_u64().unwrap());
            assert_eq!(
                &text[start as usize..end as usize],
                hit["matched"],
                "{record}"
            );
        }
    }
    assert!(records[2]["error"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
}

#[test]
fn invalid_utf8_and_oversized_lines_in_plain_text() {
    let dir = Dir::new("badtext");
    let mut input = b"caf\xe9 latin-1\n".to_vec();
    input.extend("x".repeat(3000).as_bytes());
    input.push(b'\n');
    input.extend(LURE.as_bytes());
    dir.file("bad.txt", &input);
    let run = lurescan(
        &dir,
        &["scan", "bad.txt", "--max-record-bytes", "1000"],
        b"",
    );
    let records = run.records();
    assert_eq!(records.len(), 3);
    assert!(records[0]["error"]
        .as_str()
        .unwrap()
        .contains("invalid UTF-8 at byte 3"));
    assert!(records[1]["error"].as_str().unwrap().contains("3000 bytes"));
    assert_eq!(records[2]["band"], "high");
    assert_eq!(run.code, 1);
}

#[test]
fn min_band_keeps_flagged_records_and_errors() {
    let dir = Dir::new("minband");
    let text = jsonl("a", NEUTRAL) + &jsonl("b", LURE) + "not json\n" + &jsonl("c", NEUTRAL);
    dir.file("posts.jsonl", text);
    let run = lurescan(&dir, &["scan", "posts.jsonl", "--min-band", "review"], b"");
    assert_eq!(run.code, 1);
    let records = run.records();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "b");
    assert_eq!(records[1]["line"], 3);
    assert!(records[1]["error"].is_string());
    assert!(run.stderr.contains("2 written"), "{}", run.stderr);
}

#[test]
fn min_band_keeps_victims_help_posts_whatever_their_band() {
    let dir = Dir::new("victims");
    let victim = "Cứu em với, em bị giữ hộ chiếu, không cho về";
    dir.file("posts.jsonl", jsonl("a", NEUTRAL) + &jsonl("v", victim));
    let run = lurescan(&dir, &["scan", "posts.jsonl", "--min-band", "review"], b"");
    let records = run.records();
    assert_eq!(records.len(), 1, "{}", run.stderr);
    assert_eq!(records[0]["id"], "v");
    assert_eq!(records[0]["band"], "low");
    assert_eq!(records[0]["victim_post"], true);
    assert!(
        run.stderr.contains("1 victims' help posts"),
        "{}",
        run.stderr
    );
}

#[test]
fn fail_band_sets_the_exit_code() {
    let dir = Dir::new("failband");
    dir.file("posts.jsonl", jsonl("a", LURE));
    let run = lurescan(&dir, &["scan", "posts.jsonl", "--fail-band", "high"], b"");
    assert_eq!(run.code, 1);
    let run = lurescan(
        &dir,
        &[
            "scan",
            "posts.jsonl",
            "--disable",
            "skills.no-experience,contact.apply-via-chat",
        ],
        b"",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let records = run.records();
    let rules: Vec<&str> = records[0]["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"skills.no-experience"));
}

#[test]
fn unreadable_file_exits_2_after_screening_the_others() {
    let dir = Dir::new("missing");
    dir.file("a.jsonl", jsonl("a", NEUTRAL));
    dir.file("b.jsonl", jsonl("b", NEUTRAL));
    let run = lurescan(&dir, &["scan", "a.jsonl", "missing.jsonl", "b.jsonl"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("lurescan: missing.jsonl: "),
        "{}",
        run.stderr
    );
    let records = run.records();
    assert_eq!(field(&records, "file"), ["a.jsonl", "b.jsonl"]);
}

#[test]
fn broken_pack_exits_2_with_file_and_line() {
    let dir = Dir::new("brokenpack");
    dir.file("posts.jsonl", jsonl("a", LURE));
    dir.file("broken.toml", BROKEN_PACK);
    let run = lurescan(
        &dir,
        &["scan", "posts.jsonl", "--packs", "broken.toml"],
        b"",
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .starts_with("lurescan: cannot load the rule packs: broken.toml:5: rule pay.broken:"),
        "{}",
        run.stderr
    );
    let run = lurescan(
        &dir,
        &["scan", "posts.jsonl", "--disable", "no.such-rule"],
        b"",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot disable unknown rule"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let dir = Dir::new("usage");
    let run = lurescan(&dir, &["scan", "--min-band", "medium", "-"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown band `medium`"),
        "{}",
        run.stderr
    );
    let run = lurescan(&dir, &["scan", "--help"], b"");
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("--text-field"));
}

#[test]
fn progress_bar_can_be_forced_off_a_terminal() {
    let dir = Dir::new("progress");
    dir.file("posts.jsonl", jsonl("a", NEUTRAL));
    let run = lurescan(&dir, &["scan", "posts.jsonl", "--progress", "always"], b"");
    assert!(
        run.stderr.contains("1 records, 0 flagged"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("MB/s, 100%, ETA 0:00\x1b[K"),
        "{:?}",
        run.stderr
    );
    // Without a terminal, only the summary.
    let run = lurescan(&dir, &["scan", "posts.jsonl"], b"");
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
}

#[test]
fn broken_pipe_exits_quietly() {
    let dir = Dir::new("pipe");
    let mut text = String::new();
    for i in 0..20_000 {
        text += &jsonl(&format!("p{i}"), LURE);
    }
    dir.file("many.jsonl", text);
    let mut child = Command::new(env!("CARGO_BIN_EXE_lurescan"))
        .args(["scan", "many.jsonl", "-q"])
        .current_dir(&dir.0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then closed
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn explain_marks_hits_and_shows_the_sum() {
    let dir = Dir::new("explain");
    let run = lurescan(&dir, &["explain", LURE], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.starts_with("score 0.9"), "{}", run.stdout);
    assert!(run.stdout.contains("[tanpa pengalaman]"), "{}", run.stdout);
    assert!(run.stdout.contains("skills.no-experience (weight +0.60"));
    let bias = lurescan::Detector::new().thresholds().bias;
    assert!(run
        .stdout
        .contains(&format!("bias {bias:+.2} + categories")));
    assert!(!run.stdout.contains('\x1b'), "no colour off a terminal");
    let coloured = lurescan(&dir, &["explain", "--color", "always", LURE], b"");
    assert!(coloured
        .stdout
        .contains("\x1b[1;31mtanpa pengalaman\x1b[0m"));
    let run = lurescan(&dir, &["explain", "-"], format!("{NEUTRAL}\n").as_bytes());
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(&format!("\n{NEUTRAL}\n")),
        "{}",
        run.stdout
    );
    // No hit: the score of the bias alone.
    let score = 1.0 / (1.0 + (-bias).exp());
    assert!(
        run.stdout
            .starts_with(&format!("score {score:.3}  band low")),
        "{}",
        run.stdout
    );
}

const BROKEN_PACK: &str = r#"[[rule]]
id = "pay.broken"
description = "An unknown field"
weight = 1.0
colour = "red"
[rule.keywords]
en = ["zzz"]
[rule.examples]
match = ["zzz"]
no_match = ["yyy"]
"#;

const WEAK_PACK: &str = r#"[[rule]]
id = "pay.golden-salary"
description = "Golden salary"
weight = 1.0
[rule.keywords]
en = ["golden salary", "diamond wage"]
[rule.examples]
match = ["golden salary here", "nothing to see"]
no_match = ["a quiet afternoon"]
"#;

fn packs_dir(name: &str) -> (Dir, PathBuf, PathBuf) {
    let dir = Dir::new(name);
    let broken = dir.file("broken.toml", BROKEN_PACK);
    let weak = dir.file("weak.toml", WEAK_PACK);
    (dir, broken, weak)
}

fn arg(path: &Path) -> &str {
    path.file_name().unwrap().to_str().unwrap()
}

#[test]
fn rules_test_reports_per_rule_and_fails_on_a_broken_pack() {
    let (dir, broken, weak) = packs_dir("rulestest");
    let run = lurescan(&dir, &["rules", "test", arg(&weak)], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("pay.golden-salary     2     1  FAIL"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("should match but does not: \"nothing to see\""));
    assert!(run.stdout.contains("3 examples: 2 passed, 1 failed"));
    assert!(
        !run.stdout.contains("coercion."),
        "only the named pack's rules"
    );

    let run = lurescan(&dir, &["rules", "test", arg(&broken)], b"");
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("broken.toml:5: rule pay.broken: unknown field `colour`"));

    // The built-in pack passes all its examples.
    let run = lurescan(&dir, &["rules", "test"], b"");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains(" 0 failed"));
}

#[test]
fn rules_lint_warns_and_reports_broken_packs() {
    let (dir, broken, weak) = packs_dir("ruleslint");
    let run = lurescan(&dir, &["rules", "lint", arg(&weak)], b"");
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "warning: weak.toml:6: rule pay.golden-salary: keyword \"diamond wage\" (en) is not \
         exercised by any match example"
        ),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("match example does not match: \"nothing to see\""));
    assert!(run.stdout.contains("1 rules checked, 2 warnings"));

    let run = lurescan(&dir, &["rules", "lint", arg(&broken)], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .starts_with("error: cannot load the rule packs: broken.toml:5:"),
        "{}",
        run.stdout
    );
}

#[test]
fn rules_list_shows_categories_weights_and_languages() {
    let (dir, _, weak) = packs_dir("ruleslist");
    let run = lurescan(&dir, &["rules", "list"], b"");
    assert_eq!(run.code, 0);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("skills.no-experience "))
        .expect("a built-in rule is listed");
    assert!(
        line.contains("skills") && line.contains("+0.60") && line.contains("id"),
        "{line}"
    );
    let run = lurescan(&dir, &["rules", "list", arg(&weak)], b"");
    assert!(
        run.stdout
            .contains("pay.golden-salary  pay        +1.00  en"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("1 rules\n"));
}

#[test]
fn contacts_table_groups_flagged_records_by_recruiter() {
    let dir = Dir::new("contacts");
    let shared = "Kerja di Kamboja, gaji 2000 USD/bulan, tanpa pengalaman, tiket gratis. Telegram @example_hr";
    let input = [
        jsonl("a", shared),
        jsonl("b", &shared.replace("@example_hr", "@Example_HR")),
        // Same handle, but not flagged: not a recruiter fingerprint.
        jsonl("c", "Team lunch on Friday. Telegram @example_hr"),
        jsonl("d", &shared.replace("@example_hr", "@other_hr")),
    ]
    .concat();
    let posts = dir.file("posts.jsonl", input);
    let run = lurescan(
        &dir,
        &[
            "scan",
            "-q",
            "--contacts",
            "contacts.jsonl",
            posts.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let table = std::fs::read_to_string(dir.0.join("contacts.jsonl")).unwrap();
    let rows: Vec<Value> = table
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{table}");
    assert_eq!(rows[0]["key"], "telegram:example_hr");
    assert_eq!(rows[0]["posts"], 2);
    let ids: Vec<&str> = rows[0]["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b"]);
}

/// Labelled JSONL for `calibrate`: lures with a chat contact or a pay signal, ordinary posts in
/// two groups; every text is numbered so that the held-out split (by text) takes a share of each.
fn labelled_posts() -> String {
    let mut out = String::new();
    for i in 0..60 {
        let line = |text: &str, label: &str, group: &str| {
            serde_json::json!({"text": format!("{text} #{i}"), "label": label, "source": group})
                .to_string()
                + "\n"
        };
        out += &line(CALIBRATION_LURES[i % 4], "lure", "a");
        for (k, text) in CALIBRATION_ORDINARY.iter().enumerate() {
            out += &line(
                text,
                if k % 2 == 0 { "0" } else { "legit" },
                ["a", "b"][i % 2],
            );
        }
        if i == 1 {
            out += "{\"text\": \"no label here\"}\n{broken json\n";
        }
    }
    out
}

/// Runs `command` on `labelled_posts()` grouped by `source`, with the engine fixture pack at
/// `pack`, and checks what every labelled command does with the two bad records.
fn run_labelled(dir: &Dir, command: &str, pack: &str, extra: &[&str]) -> Run {
    dir.file("labelled.jsonl", labelled_posts());
    let mut args = vec![
        command,
        "labelled.jsonl",
        "--group-field",
        "source",
        "--no-builtin",
        "--packs",
        pack,
    ];
    args.extend(extra);
    let run = lurescan(dir, &args, b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Both bad records are reported with their line and skipped; the rest is used.
    for bad in [
        "labelled.jsonl:13: field `label`",
        "labelled.jsonl:14: invalid JSON",
    ] {
        assert!(run.stderr.contains(bad), "{}", run.stderr);
    }
    assert!(
        run.stdout.contains("records read, 2 skipped"),
        "{}",
        run.stdout
    );
    run
}

#[test]
fn calibrate_fits_reports_held_out_rows_and_writes_a_pack() {
    let dir = Dir::new("calibrate");
    let pack = dir.0.join("pack");
    std::fs::create_dir_all(&pack).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine");
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, pack.join(path.file_name().unwrap())).unwrap();
    }
    let before = std::fs::read_to_string(pack.join("contact.toml")).unwrap();
    let run = run_labelled(&dir, "calibrate", "pack", &["--write-pack", "pack"]);
    assert!(run.stdout.contains("| contact | "), "{}", run.stdout);
    for row in ["| a | ", "| b | ", "| **all** | "] {
        assert!(run.stdout.contains(row), "no row {row}:\n{}", run.stdout);
    }
    // Group b has no lures: its recall cells are empty, its false-positive cells are not.
    let b = run
        .stdout
        .lines()
        .find(|l| l.starts_with("| b | "))
        .unwrap();
    let cells: Vec<&str> = b.split('|').map(str::trim).collect();
    assert_eq!(cells[2], "0", "{b}");
    assert_eq!((cells[5], cells[6]), ("–", "0.0 → 0.0"), "{b}");
    // The pack was rewritten and still loads.
    let after = std::fs::read_to_string(pack.join("contact.toml")).unwrap();
    assert_ne!(before, after);
    lurescan::Detector::builder()
        .without_builtin()
        .pack_path(&pack)
        .build()
        .unwrap();
}

#[test]
fn calibrate_needs_labels_and_both_classes() {
    let dir = Dir::new("calibrate-errors");
    dir.file("posts.txt", format!("{LURE}\n{NEUTRAL}\n"));
    for command in ["calibrate", "evaluate"] {
        let run = lurescan(&dir, &[command, "posts.txt"], b"");
        assert_eq!(run.code, 2);
        assert!(
            run.stderr
                .contains("labelled posts are JSONL or CSV records with a label field"),
            "{}",
            run.stderr
        );
    }

    let only_lures: String = (0..30)
        .map(|i| serde_json::json!({"text": format!("{LURE} {i}"), "label": 1}).to_string() + "\n")
        .collect();
    dir.file("lures.jsonl", only_lures);
    let run = lurescan(&dir, &["calibrate", "lures.jsonl"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("needs both lures and legitimate posts"),
        "{}",
        run.stderr
    );
}

#[test]
fn evaluate_reports_per_group_without_fitting() {
    let dir = Dir::new("evaluate");
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine");
    let run = run_labelled(&dir, "evaluate", pack.to_str().unwrap(), &[]);
    // One cell per figure, no before → after: nothing was fitted.
    let all = run
        .stdout
        .lines()
        .find(|l| l.starts_with("| **all** | "))
        .unwrap();
    let cells: Vec<&str> = all.split('|').map(str::trim).collect();
    assert_eq!(&cells[2..4], ["60", "300"], "{all}");
    assert!(!run.stdout.contains('→'), "{}", run.stdout);
    let auc: f64 = cells[4].parse().unwrap();
    assert!(auc > 0.5 && auc <= 1.0, "{all}");
}

#[test]
fn an_unclosed_quote_in_csv_loses_only_its_own_row() {
    // Row 2's quoted post was cut off: without a limit it would swallow every row after it.
    let dir = Dir::new("csvquote");
    let mut csv = String::from("id,text\nr1,hello\nr2,\"cut off here\n");
    for i in 3..=40 {
        csv.push_str(&format!("r{i},plain post number {i}\n"));
    }
    csv.push_str(&format!("r41,\"{LURE}\"\r\nr42,\"two\nlines\"\n"));
    // A single line over the limit is skipped to its end.
    csv.push_str(&format!("r44,{}\nr45,last\n", "y".repeat(900)));
    dir.file("posts.csv", csv);
    let run = lurescan(
        &dir,
        &["scan", "posts.csv", "--max-record-bytes", "800"],
        b"",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let records = run.records();
    let ids: Vec<&str> = records.iter().filter_map(|r| r["id"].as_str()).collect();
    let mut want = vec!["r1"];
    let numbered: Vec<String> = (3..=41).map(|i| format!("r{i}")).collect();
    want.extend(numbered.iter().map(String::as_str));
    want.extend(["r42", "r45"]);
    assert_eq!(ids, want);
    let errors: Vec<(u64, &str)> = records
        .iter()
        .filter_map(|r| Some((r["line"].as_u64()?, r.get("error")?.as_str()?)))
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, 3);
    assert!(
        errors[0].1.contains("a quoted field left open?"),
        "{errors:?}"
    );
    assert_eq!(errors[1].0, 45);
    let line_of = |id: &str| records.iter().find(|r| r["id"] == id).unwrap()["line"].clone();
    assert_eq!(line_of("r4"), 5);
    assert_eq!(line_of("r41"), 42);
    assert_eq!(line_of("r42"), 43);
    assert_eq!(line_of("r45"), 46);
    assert_eq!(
        records.iter().find(|r| r["id"] == "r41").unwrap()["band"],
        "high"
    );

    // A quoted field still open at the end of the input, over several lines.
    dir.file("end.csv", "id,text\nr1,\"open\nr2,plain\nr3,plain\n");
    let run = lurescan(&dir, &["scan", "end.csv"], b"");
    let records = run.records();
    assert_eq!(records.len(), 3, "{}", run.stdout);
    assert!(records[0]["error"]
        .as_str()
        .unwrap()
        .contains("never closed"));
    assert_eq!(records[1]["id"], "r2");
    assert_eq!(records[2]["line"], 4);
}
