//! The `lurescan` command-line tool: bulk screening (`scan`), one-post reports (`explain`),
//! rule-pack tooling (`rules list | test | lint`), and measuring and fitting on labelled posts
//! (`evaluate`, `calibrate`).
//!
//! Everything runs from [`main`], which takes the arguments (program name first) and returns the
//! exit code without exiting, so the binary and the Python console script run the same code:
//!
//! * `0`: ran, and no post reached the failing band (`--fail-band`, `review` by default);
//! * `1`: ran, and at least one post did (for `rules test`/`rules lint`: failures or warnings);
//! * `2`: an error stopped part of the work: an unreadable input, a broken rule pack, bad usage.
//!
//! Errors print their whole chain on stderr. A closed output pipe (`lurescan scan | head`) ends
//! the run quietly with code 0.

mod calibrate;
mod evaluate;
mod explain;
mod input;
mod labelled;
mod output;
mod progress;
mod rules;
mod scan;

use std::ffi::OsString;
use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::{Band, Detector};

/// Runs the command line `args` (program name first) and returns the process exit code.
///
/// It never calls `std::process::exit`, reads stdin only when asked to (`-` or no input file),
/// and writes to the process's standard output and error.
pub fn main(args: Vec<OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with code 0, usage errors to stderr with code 2.
            let _ = err.print();
            return err.exit_code();
        }
    };
    let result = match cli.command {
        Command::Scan(args) => scan::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Rules { command } => rules::run(&command),
        Command::Evaluate(args) => evaluate::run(&args),
        Command::Calibrate(args) => calibrate::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(failure) if failure.is_broken_pipe() => 0,
        Err(failure) => {
            let _ = writeln!(io::stderr(), "lurescan: {failure}");
            2
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "lurescan",
    version,
    about = "Screens posts for fake job offers and scam-compound recruitment lures",
    after_help = "Exit codes: 0 nothing flagged, 1 posts flagged (or rule tests failed), 2 error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Screen posts from JSONL, CSV or text files (gzip too) or stdin, one result per record.
    Scan(ScanArgs),
    /// Explain the score of one post: highlighted hits, rules, weights and the sum.
    Explain(ExplainArgs),
    /// List, test and lint rule packs.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Measure the packs on labelled posts: ROC-AUC, recall, false positives and precision at
    /// each band, per group and overall.
    Evaluate(EvaluateArgs),
    /// Fit category weights, the bias and the bands on labelled posts, report before and after
    /// on the 30 % held out, and optionally write the weights into a pack.
    Calibrate(CalibrateArgs),
}

/// Which rules to load: the built-in pack, extra packs, disabled rules.
#[derive(Args, Debug, Clone, Default)]
struct PackArgs {
    /// Extra rule pack files or folders of `.toml` files (repeatable, or comma-separated).
    #[arg(long = "packs", value_name = "PATH", value_delimiter = ',')]
    packs: Vec<PathBuf>,
    /// Rule ids to disable (repeatable, or comma-separated).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    disable: Vec<String>,
    /// Leave the built-in pack out: use only the packs given.
    #[arg(long)]
    no_builtin: bool,
}

impl PackArgs {
    fn detector(&self) -> Result<Detector, Failure> {
        let mut builder = Detector::builder();
        if self.no_builtin {
            builder = builder.without_builtin();
        }
        for path in &self.packs {
            builder = builder.pack_path(path);
        }
        for id in &self.disable {
            builder = builder.disable(id);
        }
        builder
            .build()
            .map_err(|e| Failure::new("cannot load the rule packs").because(e))
    }
}

/// Where the posts come from.
#[derive(Args, Debug)]
struct InputArgs {
    /// Input files (`.jsonl`, `.ndjson`, `.csv`, `.txt`, each optionally `.gz`); `-` or none
    /// for stdin.
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,
    /// Input format; by default from the extension, else JSONL if the input starts with `{`,
    /// else text.
    #[arg(long, value_enum)]
    format: Option<input::Format>,
    /// The JSONL field holding the post.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,
    /// The CSV column holding the post.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_column: String,
}

impl InputArgs {
    /// The inputs to read in turn, `None` for stdin (`-`, or no file while stdin is a pipe).
    fn paths(&self) -> Result<Vec<Option<&std::path::Path>>, Failure> {
        if self.files.is_empty() {
            if io::stdin().is_terminal() {
                return Err(Failure::new(
                    "no input: give files, or pipe posts to stdin (`-`)",
                ));
            }
            return Ok(vec![None]);
        }
        Ok(self
            .files
            .iter()
            .map(|p| (p.as_os_str() != "-").then_some(p.as_path()))
            .collect())
    }

    fn fields(&self, id_field: &str, max_record_bytes: usize) -> input::Fields {
        input::Fields {
            text_field: self.text_field.clone(),
            text_column: self.text_column.clone(),
            id_field: id_field.to_string(),
            max_record_bytes,
        }
    }
}

#[derive(Args, Debug)]
struct ScanArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The JSONL field or CSV column holding the record id, copied to the output's `id`.
    #[arg(long, default_value = "id", value_name = "NAME")]
    id_field: String,
    /// Write here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = output::OutputFormat::Jsonl)]
    output_format: output::OutputFormat,
    /// Write only records that reach this band (error records and victims' help posts are always
    /// written).
    #[arg(long, value_name = "BAND", default_value = "low", value_parser = parse_band)]
    min_band: Band,
    /// Exit with code 1 when a record reaches this band.
    #[arg(long, value_name = "BAND", default_value = "review", value_parser = parse_band)]
    fail_band: Band,
    /// Also write the contacts (phones, handles, hosts) shared by several flagged records
    /// (at `--fail-band` or above) to FILE, one JSON line per contact: recruiter fingerprints.
    #[arg(long, value_name = "FILE")]
    contacts: Option<PathBuf>,
    /// With `--contacts`: how many flagged records must share a contact.
    #[arg(long, default_value_t = 2, value_name = "N")]
    contacts_min_posts: usize,
    /// Records longer than this many bytes become error records.
    #[arg(long, default_value_t = input::MAX_RECORD_BYTES, value_name = "BYTES")]
    max_record_bytes: usize,
    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    threads: usize,
    /// No summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Progress bar on stderr: `auto` shows it when stderr is a terminal.
    #[arg(long, value_enum, default_value_t = When::Auto)]
    progress: When,
    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// The post, or `-` to read it from stdin.
    #[arg(value_name = "TEXT")]
    text: String,
    /// Colour the hits: `auto` colours when stdout is a terminal, else marks them with brackets.
    #[arg(long, value_enum, default_value_t = When::Auto)]
    color: When,
    #[command(flatten)]
    packs: PackArgs,
}

/// Labelled posts: where they are, and which fields hold the label and the group.
#[derive(Args, Debug)]
struct LabelledArgs {
    /// JSONL or CSV records with a label field.
    #[command(flatten)]
    input: InputArgs,
    /// The field or column holding the label: 1, true, lure, scam, fraud, fake for lures and
    /// fake ads; 0, false, legit, real, ham, normal for legitimate posts.
    #[arg(long, default_value = "label", value_name = "NAME")]
    label_field: String,
    /// The field or column naming each post's group (data set, platform, language): the report
    /// has a row per group (and calibration's false-positive budget holds in every group).
    /// By default the input file's name.
    #[arg(long, value_name = "NAME")]
    group_field: Option<String>,
}

#[derive(Args, Debug)]
struct EvaluateArgs {
    #[command(flatten)]
    labelled: LabelledArgs,
    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Args, Debug)]
struct CalibrateArgs {
    #[command(flatten)]
    labelled: LabelledArgs,
    /// The share of a group's legitimate posts allowed at `review` or above.
    #[arg(long, default_value_t = 0.05, value_name = "SHARE", value_parser = parse_share)]
    max_fp_review: f64,
    /// The share of a group's legitimate posts allowed at `high`.
    #[arg(long, default_value_t = 0.01, value_name = "SHARE", value_parser = parse_share)]
    max_fp_high: f64,
    /// Write the fitted weights into the `.toml` packs of DIR (for the built-in pack, a copy
    /// of `patterns/`): rule weights and caps times their category's scale, and the bias.
    #[arg(long, value_name = "DIR")]
    write_pack: Option<PathBuf>,
    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// List the rules with their category, weight and languages.
    List(RulesArgs),
    /// Run every rule's examples and print passes and failures per rule.
    Test(RulesArgs),
    /// Check packs as loading does, and warn about keywords no example exercises.
    Lint(RulesArgs),
}

#[derive(Args, Debug)]
struct RulesArgs {
    /// Packs to check (files or folders); their rules are loaded beside the built-in pack and
    /// only theirs are reported.
    #[arg(value_name = "PACKS")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    packs: PackArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum When {
    Auto,
    Always,
    Never,
}

fn parse_band(s: &str) -> Result<Band, String> {
    s.parse()
}

/// A share between 0 and 1.
fn parse_share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a share between 0 and 1, got `{s}`")),
    }
}

/// An error with its context: printed as `context: cause: cause...` like ripgrep.
pub(crate) struct Failure {
    context: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Failure {
    pub(crate) fn new(context: impl Into<String>) -> Failure {
        Failure {
            context: context.into(),
            source: None,
        }
    }

    pub(crate) fn because(
        mut self,
        err: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Failure {
        self.source = Some(err.into());
        self
    }

    fn chain(&self) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
        let mut next: Option<&(dyn std::error::Error + 'static)> = self
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static));
        std::iter::from_fn(move || {
            let current = next?;
            next = current.source();
            Some(current)
        })
    }

    pub(crate) fn is_broken_pipe(&self) -> bool {
        self.chain().any(|e| {
            e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
        })
    }
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Failure {
        Failure::new("cannot write the output").because(err)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.context)?;
        let mut last = String::new();
        for cause in self.chain() {
            let text = cause.to_string();
            // lurescan::Error already prints its io cause; do not repeat it.
            if !last.contains(&text) {
                write!(f, ": {text}")?;
            }
            last = text;
        }
        Ok(())
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Whether to use a terminal feature on a stream.
fn wanted(when: When, is_terminal: bool) -> bool {
    match when {
        When::Auto => is_terminal,
        When::Always => true,
        When::Never => false,
    }
}
