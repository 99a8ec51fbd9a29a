//! The integration tests, as one test binary (one link of the whole crate, not one per
//! file): each module is a former `tests/*.rs` file.

mod batch;
mod cli;
mod common;
mod formats;
mod outputs;
mod pipeline;
mod realworld;
mod realworld_checks;
mod realworld_tables;
mod robustness;
mod scoring;
mod xlsx;
