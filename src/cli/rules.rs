//! `lurescan rules list | test | lint`: rule-pack tooling on the same loading code as scanning.

use std::collections::HashSet;
use std::io::{self, Write};

use super::{Failure, PackArgs, RulesArgs, RulesCommand};
use crate::{read_pack_files, Detector, Rule};

pub(super) fn run(command: &RulesCommand) -> Result<i32, Failure> {
    match command {
        RulesCommand::List(args) => list(args),
        RulesCommand::Test(args) => test(args),
        RulesCommand::Lint(args) => lint(args),
    }
}

/// The detector with the packs named as arguments added, and the pack file names of those
/// arguments (empty when none were named: then every rule is reported).
fn load(args: &RulesArgs) -> Result<(Detector, HashSet<String>), Failure> {
    let files = pack_files(args)?;
    let detector = with_paths(args).detector()?;
    Ok((detector, files))
}

fn pack_files(args: &RulesArgs) -> Result<HashSet<String>, Failure> {
    let mut files = HashSet::new();
    for path in &args.paths {
        let read = read_pack_files(path)
            .map_err(|e| Failure::new("cannot read the rule packs").because(e))?;
        files.extend(read.into_iter().map(|(name, _)| name));
    }
    Ok(files)
}

fn with_paths(args: &RulesArgs) -> PackArgs {
    let mut packs = args.packs.clone();
    packs.packs.extend(args.paths.iter().cloned());
    packs
}

fn reported<'d>(detector: &'d Detector, files: &HashSet<String>) -> Vec<&'d Rule> {
    detector
        .rules()
        .iter()
        .filter(|r| files.is_empty() || files.contains(r.file()))
        .collect()
}

fn list(args: &RulesArgs) -> Result<i32, Failure> {
    let (detector, files) = load(args)?;
    let rules = reported(&detector, &files);
    let width = |f: &dyn Fn(&Rule) -> usize, min: usize| {
        rules.iter().map(|r| f(r)).max().unwrap_or(0).max(min)
    };
    let id_width = width(&|r| r.id().len(), 4);
    let category_width = width(&|r| r.category().len(), 8);
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{:id_width$}  {:category_width$}  {:>6}  LANGUAGES",
        "RULE", "CATEGORY", "WEIGHT"
    )?;
    for rule in &rules {
        let mut languages = rule.languages().join(",");
        if rule.is_composite() {
            languages = "(composite)".to_string();
        }
        let status = if rule.is_enabled() {
            ""
        } else {
            "  [disabled]"
        };
        writeln!(
            out,
            "{:id_width$}  {:category_width$}  {:>+6.2}  {languages}{status}",
            rule.id(),
            rule.category(),
            rule.weight()
        )?;
    }
    writeln!(out, "{} rules", rules.len())?;
    out.flush()?;
    Ok(0)
}

fn test(args: &RulesArgs) -> Result<i32, Failure> {
    let (detector, files) = load(args)?;
    let rules = reported(&detector, &files);
    let outcomes = detector.test_examples();
    let id_width = rules.iter().map(|r| r.id().len()).max().unwrap_or(0).max(4);
    let mut out = io::stdout().lock();
    writeln!(out, "{:id_width$}  {:>4}  {:>4}", "RULE", "PASS", "FAIL")?;
    let (mut passed, mut failed) = (0, 0);
    let mut failures = Vec::new();
    for rule in rules.iter().filter(|r| r.is_enabled()) {
        let mine: Vec<_> = outcomes.iter().filter(|o| o.rule == rule.id()).collect();
        let pass = mine.iter().filter(|o| o.passed).count();
        let fail = mine.len() - pass;
        passed += pass;
        failed += fail;
        let mark = if fail > 0 { "  FAIL" } else { "" };
        writeln!(out, "{:id_width$}  {pass:>4}  {fail:>4}{mark}", rule.id())?;
        failures.extend(mine.into_iter().filter(|o| !o.passed).map(|o| (*rule, o)));
    }
    if !failures.is_empty() {
        writeln!(out, "\nfailures:")?;
        for (rule, outcome) in &failures {
            let expected = if outcome.should_match {
                "should match but does not"
            } else {
                "should not match but does"
            };
            writeln!(
                out,
                "  {}:{}: {}: {expected}: {:?}",
                rule.file(),
                rule.line(),
                rule.id(),
                outcome.text
            )?;
        }
    }
    writeln!(
        out,
        "\n{} examples: {passed} passed, {failed} failed",
        passed + failed
    )?;
    out.flush()?;
    Ok(if failed > 0 { 1 } else { 0 })
}

fn lint(args: &RulesArgs) -> Result<i32, Failure> {
    let mut out = io::stdout().lock();
    // A pack that does not load is the finding here: report it on stdout like the warnings.
    let loaded = pack_files(args).and_then(|files| Ok((with_paths(args).detector()?, files)));
    let (detector, files) = match loaded {
        Ok(loaded) => loaded,
        Err(failure) => {
            writeln!(out, "error: {failure}")?;
            out.flush()?;
            return Ok(2);
        }
    };
    let rules = reported(&detector, &files);
    let ours = |id: &str| rules.iter().any(|r| r.id() == id);
    let mut warnings = 0;
    for missing in detector.unexercised_keywords() {
        if !ours(&missing.rule) {
            continue;
        }
        warnings += 1;
        writeln!(
            out,
            "warning: {}:{}: rule {}: keyword {:?} ({}) is not exercised by any match example",
            missing.file, missing.line, missing.rule, missing.keyword, missing.language
        )?;
    }
    for outcome in detector.test_examples() {
        if outcome.passed || !ours(&outcome.rule) {
            continue;
        }
        let rule = rules.iter().find(|r| r.id() == outcome.rule);
        let (file, line) = rule.map_or(("?", 0), |r| (r.file(), r.line()));
        let expected = if outcome.should_match {
            "match example does not match"
        } else {
            "no_match example matches"
        };
        warnings += 1;
        writeln!(
            out,
            "warning: {file}:{line}: rule {}: {expected}: {:?}",
            outcome.rule, outcome.text
        )?;
    }
    writeln!(out, "{} rules checked, {warnings} warnings", rules.len())?;
    out.flush()?;
    Ok(if warnings > 0 { 1 } else { 0 })
}
