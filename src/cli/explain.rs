//! `lurescan explain`: one post's report for a human, through [`Report::explain`](crate::Report::explain).

use std::io::{self, IsTerminal, Read, Write};

use super::{wanted, ExplainArgs, Failure};
use crate::Band;

pub(super) fn run(args: &ExplainArgs) -> Result<i32, Failure> {
    let detector = args.packs.detector()?;
    let text = if args.text == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::new("cannot read the post from stdin").because(e))?;
        // A trailing line break comes from the shell, not the post.
        let trimmed = text.trim_end_matches(['\n', '\r']).len();
        text.truncate(trimmed);
        text
    } else {
        args.text.clone()
    };
    let report = detector.scan(&text);
    let colour = wanted(args.color, io::stdout().is_terminal());
    let explained = report.explain(&text, |s| {
        if colour {
            format!("\x1b[1;31m{s}\x1b[0m")
        } else {
            format!("[{s}]")
        }
    });
    let mut out = io::stdout().lock();
    out.write_all(explained.as_bytes())?;
    out.flush()?;
    Ok(if report.band >= Band::Review { 1 } else { 0 })
}
