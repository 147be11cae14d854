//! The integration test binary: one binary, modules by topic.

mod common;

mod builtin_pack;
mod calibration;
mod entities;
mod errors;
mod evasion;
mod matching;
mod properties;
mod scoring;
