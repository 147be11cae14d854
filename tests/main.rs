//! The integration test binary: one binary, modules by topic.

mod common;

mod builtin_pack;
mod calibration;
#[cfg(feature = "cli")]
mod cli;
mod entities;
mod errors;
mod evasion;
mod matching;
mod properties;
mod scoring;
