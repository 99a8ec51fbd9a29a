//! `datapackage.json`: a Frictionless Data Package describing the CSV files beside it
//! (columns and types), so tools that read data packages load them with the right types.

use std::io::Write;

use serde_json::{json, Value};

use crate::emit::csv_out::{units_header, CHECKS_HEADER, ERRORS_HEADER, METRICS_HEADER};
use crate::emit::summary::summary_header;
use crate::emit::CsvStyle;
use crate::error::FatalError;
use crate::lang;
use crate::model::{Metric, MetricKind};

fn field_type(column: &str) -> &'static str {
    match column {
        "table" | "row" | "tables" | "values" | "checks_failed" => "integer",
        "period_start" | "period_end" => "date",
        "score_computed" | "delta" | "value" => "number",
        "rank_computed" => "integer",
        "is_total" => "boolean",
        _ => match Metric::from_key(column).map(Metric::kind) {
            Some(MetricKind::Count | MetricKind::Rank | MetricKind::RankChange) => "integer",
            Some(MetricKind::Grade) | None => "string",
            Some(_) => "number",
        },
    }
}

fn description(column: &str) -> Option<&'static str> {
    Some(match column {
        "value" => "the value: a decimal number with its printed precision; empty for a grade",
        "text" => "a value that is no number (a grade such as A)",
        "is_total" => "whether the row is the table's total line",
        "table_kind" => "metrics, points, rank_list, records or unlabelled",
        "same_as" => "the first file holding the same bulletin in another format (count it once)",
        "as_printed" => "the figure exactly as printed",
        "at" => "where it was printed: file:line, or file#Sheet!B7",
        "unit" => "the unit's name, simplified; 合计 for a total line",
        "table" => "the table's ordinal in its document; 0 for headline figures from the prose",
        "jurisdiction" => "the issuing area, short official form (平谷区, 云南省, 全国); empty when the document never says",
        "jurisdiction_code" => "its GB/T 2260 code, where the gazetteer resolves it (for a former name, the code of the division it became)",
        "jurisdiction_level" => "country, province, prefecture, county or functional",
        _ => return None,
    })
}

fn schema(columns: &[&str], style: CsvStyle) -> Value {
    let fields: Vec<Value> = columns
        .iter()
        .map(|c| {
            let mut f = json!({ "name": lang::header(c, style.headers), "type": field_type(c) });
            if style.headers != lang::Lang::En {
                f["title"] = json!(c);
            }
            if let Some(d) = description(c) {
                f["description"] = json!(d);
            }
            f
        })
        .collect();
    json!({ "fields": fields, "missingValues": [""] })
}

fn resource(name: &str, columns: &[&str], style: CsvStyle) -> Value {
    json!({
        "name": name,
        "path": format!("{name}.csv"),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": if style.bom { "utf-8-sig" } else { "utf-8" },
        "schema": schema(columns, style),
    })
}

/// Writes the data package of an output folder. Its columns are the same whatever the
/// inputs.
pub fn write<W: Write>(style: CsvStyle, mut w: W) -> Result<(), FatalError> {
    let package = json!({
        "profile": "tabular-data-package",
        "name": "rexian-output",
        "title": "12345 hotline bulletins, normalized by rexian",
        "resources": [
            resource("metrics", METRICS_HEADER, style),
            resource("units", &units_header(), style),
            resource("summary", &summary_header(), style),
            resource("checks", CHECKS_HEADER, style),
            resource("errors", ERRORS_HEADER, style),
        ],
    });
    serde_json::to_writer_pretty(&mut w, &package)?;
    w.write_all(b"\n")?;
    Ok(())
}
