//! The `lurescan` command-line tool; everything lives in `lurescan::cli` so that the Python
//! package's console script runs the very same code.

fn main() {
    std::process::exit(lurescan::cli::main(std::env::args_os().collect()));
}
