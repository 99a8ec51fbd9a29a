//! rexian (热线) turns Chinese 12345 hotline bulletins into clean, checked data.
//!
//! The pipeline, one owner per stage: `source` reads bytes and decodes them (BOM, UTF-8,
//! GB18030, Big5) and cuts text into prose and [`grid::Grid`]s; `extract` recognizes each
//! grid as a table through one header synonym table and reads the period, jurisdiction
//! and headline figures from the prose, giving a [`model::Document`]; `emit` writes the
//! documents as the CSV and JSON files of the schema, atomically.

pub mod at;
pub mod check;
pub mod check_cmd;
pub mod check_prose;
pub mod cli;
pub mod emit;
pub mod error;
pub mod extract;
pub mod gazetteer;
pub mod glob;
pub mod grid;
pub mod guard;
pub mod ingest;
pub mod lang;
pub mod model;
pub(crate) mod pattern;
pub mod profile;
pub mod rank;
pub mod report_cmd;
pub mod score;
pub mod source;
pub mod term;
