//! The .xlsx (and .xlsm) reader: one streaming pass over each part of the package.
//!
//! calamine read every sheet twice (its cells, then again from the start for the merged
//! regions), parsed the theme, fonts, fills and borders that rexian never uses, and gave
//! each cell as a `Data` whose text rexian then rebuilt. Here the workbook's parts are read
//! once each, in calamine's order and with calamine's rules (so that the same file gives
//! the same cells and the same error texts): the package relationships, the shared
//! strings, the number formats of the cell styles, the workbook's relationships and
//! sheets; then each sheet in one pass that hands every cell's shown text to the caller as
//! it is read and collects the merged regions on the way. Parts are inflated as they are
//! parsed (never held whole), each at most [`MAX_INFLATED`] bytes.
//!
//! Parts of the rules (`detect_custom_number_format`, `builtin_format_by_id`, the
//! `_xHHHH_` escapes, the attribute scan) follow calamine 0.38 (MIT), whose reading rexian
//! matched before.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::QName;
use zip::ZipArchive;

use crate::error::SourceError;
use crate::source::sheet::{
    cell_text, format_shape, number_shown_from, Shape, GENERAL, MAX_INFLATED,
};

mod fast;

use fast::FastReader;

/// The package, read from the bytes in memory.
pub(crate) type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// A part of the package, inflated: whole when it is small (most are a few KB), as a
/// stream when it claims more than [`WHOLE_PART`] bytes.
enum Part<'z, 'a> {
    Whole(Vec<u8>),
    Stream(Box<Streamed<'z, 'a>>),
}

/// A part inflated as it is parsed.
type Streamed<'z, 'a> = BufReader<std::io::Take<zip::read::ZipFile<'z, Cursor<&'a [u8]>>>>;

/// The largest part inflated whole before it is parsed.
const WHOLE_PART: u64 = 8 << 20;

/// An XML reader with calamine's settings.
fn xml_reader<R: BufRead>(r: R) -> quick_xml::Reader<R> {
    let mut r = quick_xml::Reader::from_reader(r);
    let config = r.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    r
}

/// The events of a part: borrowed from the part when it is inflated whole, copied into
/// the caller's buffer when it is streamed.
trait XmlEvents<'i> {
    fn event<'b>(&mut self, buf: &'b mut Vec<u8>) -> quick_xml::Result<Event<'b>>
    where
        'i: 'b;

    /// Reads past the end of the element `name` just opened.
    fn skip_to_end(&mut self, name: QName<'_>, buf: &mut Vec<u8>) -> quick_xml::Result<()>;
}

impl<'i> XmlEvents<'i> for quick_xml::Reader<&'i [u8]> {
    fn event<'b>(&mut self, _: &'b mut Vec<u8>) -> quick_xml::Result<Event<'b>>
    where
        'i: 'b,
    {
        self.read_event()
    }

    fn skip_to_end(&mut self, name: QName<'_>, _: &mut Vec<u8>) -> quick_xml::Result<()> {
        self.read_to_end(name).map(|_| ())
    }
}

impl<'i, T: Read> XmlEvents<'i> for quick_xml::Reader<BufReader<T>> {
    fn event<'b>(&mut self, buf: &'b mut Vec<u8>) -> quick_xml::Result<Event<'b>>
    where
        'i: 'b,
    {
        self.read_event_into(buf)
    }

    fn skip_to_end(&mut self, name: QName<'_>, buf: &mut Vec<u8>) -> quick_xml::Result<()> {
        self.read_to_end_into(name, buf).map(|_| ())
    }
}

/// Runs `$body` with `$xml` bound to an XML reader over the part, whichever form it has.
macro_rules! with_part {
    ($part:expr, |$xml:ident| $body:expr) => {
        match $part {
            Part::Whole(bytes) => {
                let mut $xml = FastReader::new(&bytes);
                let read = $body;
                if $xml.bailed {
                    let mut $xml = xml_reader(&bytes[..]);
                    $body
                } else {
                    read
                }
            }
            Part::Stream(stream) => {
                let mut $xml = xml_reader(*stream);
                $body
            }
        }
    };
}

/// Why a workbook or one of its sheets could not be read. The texts are calamine's.
#[derive(Debug)]
pub(crate) enum XlsxError {
    Zip(zip::result::ZipError),
    Xml(quick_xml::Error),
    XmlAttr(AttrError),
    ParseFloat(std::num::ParseFloatError),
    XmlEof(&'static str),
    UnexpectedNode(&'static str),
    FileNotFound(String),
    RelationshipNotFound,
    Alphanumeric(u8),
    RangeWithoutColumnComponent,
    RangeWithoutRowComponent,
    RowNumberOverflow,
    ColumnNumberOverflow,
    DimensionCount(usize),
    CellTAttribute(String),
    Unexpected(&'static str),
    Unrecognized {
        typ: &'static str,
        val: String,
    },
    CellError(String),
    WorksheetNotFound(String),
    NotAWorksheet(String),
    /// The caller refused a cell (the document's budget is spent).
    Refused(SourceError),
}

impl std::fmt::Display for XlsxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XlsxError::Zip(e) => write!(f, "Zip error: {e}"),
            XlsxError::Xml(e) => write!(f, "Xml error: {e}"),
            XlsxError::XmlAttr(e) => write!(f, "Xml attribute error: {e}"),
            XlsxError::ParseFloat(e) => write!(f, "Parse float error: {e}"),
            XlsxError::XmlEof(e) => write!(f, "Unexpected end of xml, expecting '</{e}>'"),
            XlsxError::UnexpectedNode(e) => write!(f, "Expecting '{e}' node"),
            XlsxError::FileNotFound(e) => write!(f, "File not found '{e}'"),
            XlsxError::RelationshipNotFound => write!(f, "Relationship not found"),
            XlsxError::Alphanumeric(e) => {
                write!(f, "Expecting alphanumeric character, got {e:X}")
            }
            XlsxError::RangeWithoutColumnComponent => {
                write!(f, "Range is missing the expected column component.")
            }
            XlsxError::RangeWithoutRowComponent => {
                write!(f, "Range is missing the expected row component.")
            }
            XlsxError::RowNumberOverflow => write!(f, "row number overflow"),
            XlsxError::ColumnNumberOverflow => write!(f, "column number overflow"),
            XlsxError::DimensionCount(e) => {
                write!(f, "Range dimension must be lower than 2. Got {e}")
            }
            XlsxError::CellTAttribute(e) => write!(f, "Unknown cell 't' attribute: {e:?}"),
            XlsxError::Unexpected(e) => write!(f, "{e}"),
            XlsxError::Unrecognized { typ, val } => write!(f, "Unrecognized {typ}: {val}"),
            XlsxError::CellError(e) => write!(f, "Unsupported cell error value '{e}'"),
            XlsxError::WorksheetNotFound(n) => write!(f, "Worksheet '{n}' not found"),
            XlsxError::NotAWorksheet(typ) => write!(f, "Expecting a worksheet, got {typ}"),
            XlsxError::Refused(e) => write!(f, "{e}"),
        }
    }
}

impl From<quick_xml::Error> for XlsxError {
    fn from(e: quick_xml::Error) -> Self {
        XlsxError::Xml(e)
    }
}

impl From<AttrError> for XlsxError {
    fn from(e: AttrError) -> Self {
        XlsxError::XmlAttr(e)
    }
}

/// What a sheet of the workbook is: only worksheets are read. The names are calamine's
/// (`SheetType`): a warning prints them.
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SheetKind {
    WorkSheet,
    ChartSheet,
    DialogSheet,
}

/// A merged region: its top-left and bottom-right (row, column), 0-based.
pub(crate) type Region = ((u32, u32), (u32, u32));

/// How a cell style shows a number: whether it is a date (or a duration), and the
/// decimals and percent-ness of its number format (`format_shape`).
#[derive(Clone, Debug)]
struct Xf {
    kind: DateKind,
    shape: Shape,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateKind {
    Other,
    DateTime,
    TimeDelta,
}

/// An opened workbook: its sheets, shared strings and cell styles.
pub(crate) struct Workbook<'a> {
    zip: Package<'a>,
    strings: Vec<String>,
    xfs: Vec<Xf>,
    is_1904: bool,
    /// Name, path of the part, kind; in the workbook's order.
    pub(crate) sheets: Vec<(String, String, SheetKind)>,
}

/// The name of a part as the zip holds it: exactly, or else ignoring ASCII case and
/// reading `\` as `/` (as calamine and Excel do).
fn part_index(zip: &Zip<'_>, path: &str) -> Option<usize> {
    if let Some(i) = zip.index_for_name(path) {
        return Some(i);
    }
    (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .and_then(|n| n.ok())
            .is_some_and(|n| n.replace('\\', "/").eq_ignore_ascii_case(path))
    })
}

/// The package: its archive, the bytes it reads from, and one inflater for every part.
pub(crate) struct Package<'a> {
    zip: Zip<'a>,
    bytes: &'a [u8],
    inflater: flate2::Decompress,
}

/// A part of the package, inflated (at most [`MAX_INFLATED`] bytes); `None` when the
/// package has no such part.
fn open_part<'z, 'a>(
    pkg: &'z mut Package<'a>,
    path: &str,
) -> Option<Result<Part<'z, 'a>, XlsxError>> {
    let index = part_index(&pkg.zip, path)?;
    if let Some(whole) = inflate_whole(pkg, index) {
        return Some(Ok(Part::Whole(whole)));
    }
    // Large, encrypted, compressed otherwise, or not as it claims: the zip crate reads it
    // (and says what is wrong with it).
    match pkg.zip.by_index(index) {
        Ok(f) if f.size() <= WHOLE_PART => {
            let mut bytes = Vec::with_capacity(f.size() as usize);
            // A part inflating past what it claims is cut there (its XML then ends early).
            match f.take(WHOLE_PART).read_to_end(&mut bytes) {
                Ok(_) => Some(Ok(Part::Whole(bytes))),
                Err(e) => Some(Err(XlsxError::Xml(e.into()))),
            }
        }
        Ok(f) => Some(Ok(Part::Stream(Box::new(BufReader::with_capacity(
            64 * 1024,
            f.take(MAX_INFLATED),
        ))))),
        Err(zip::result::ZipError::FileNotFound) => None,
        Err(e) => Some(Err(XlsxError::Zip(e))),
    }
}

/// A small stored or deflated part inflated whole from the input's bytes by the
/// package's one inflater (the zip crate sets up an inflater, its buffers and window for
/// every part: most of the cost of a part of a few KB). `None` unless the part is
/// exactly what its entry claims (size and CRC-32).
fn inflate_whole(pkg: &mut Package<'_>, index: usize) -> Option<Vec<u8>> {
    use flate2::{FlushDecompress, Status};
    use zip::CompressionMethod;
    let f = pkg.zip.by_index_raw(index).ok()?;
    if f.encrypted() || f.size() > WHOLE_PART {
        return None;
    }
    let start = usize::try_from(f.data_start()?).ok()?;
    let len = usize::try_from(f.compressed_size()).ok()?;
    let (size, crc, method) = (f.size() as usize, f.crc32(), f.compression());
    drop(f);
    let raw = pkg.bytes.get(start..start.checked_add(len)?)?;
    let out = match method {
        CompressionMethod::Stored => raw.to_vec(),
        CompressionMethod::Deflated => {
            let d = &mut pkg.inflater;
            d.reset(false);
            let mut out = Vec::with_capacity(size);
            loop {
                let (was_in, was_out) = (d.total_in(), d.total_out());
                let rest = raw.get(usize::try_from(was_in).ok()?..)?;
                match d.decompress_vec(rest, &mut out, FlushDecompress::Finish) {
                    Ok(Status::StreamEnd) => break,
                    Ok(_)
                        if out.len() < size
                            && (d.total_in(), d.total_out()) != (was_in, was_out) => {}
                    _ => return None,
                }
            }
            out
        }
        _ => return None,
    };
    let mut check = flate2::Crc::new();
    check.update(&out);
    (out.len() == size && check.sum() == crc).then_some(out)
}

impl<'a> Workbook<'a> {
    /// Reads the workbook's parts other than its sheets.
    pub(crate) fn open(zip: Zip<'a>, bytes: &'a [u8]) -> Result<Workbook<'a>, XlsxError> {
        let mut wb = Workbook {
            zip: Package {
                zip,
                bytes,
                inflater: flate2::Decompress::new(false),
            },
            strings: Vec::new(),
            xfs: Vec::new(),
            is_1904: false,
            sheets: Vec::new(),
        };
        let (xl_path, workbook_name) = package_relationships(&mut wb.zip)?;
        wb.strings = shared_strings(&mut wb.zip, &format!("{xl_path}sharedStrings.xml"))?;
        wb.xfs = styles(&mut wb.zip, &format!("{xl_path}styles.xml"))?;
        let rels = relationships(&mut wb.zip, &format!("{xl_path}_rels/{workbook_name}.rels"))?;
        let path = format!("{xl_path}{workbook_name}");
        let (sheets, is_1904) = workbook_sheets(&mut wb.zip, &path, &xl_path, &rels)?;
        wb.sheets = sheets;
        wb.is_1904 = is_1904;
        Ok(wb)
    }

    /// Reads the sheet named `name` (the first of that name) in one pass: `add` gets each
    /// cell's (row, column, shown text) in the order of the part; returns the merged
    /// regions (none when they do not read: the cells are kept).
    pub(crate) fn read_sheet(
        &mut self,
        name: &str,
        add: &mut dyn FnMut(u32, u32, String) -> Result<(), SourceError>,
    ) -> Result<Vec<Region>, XlsxError> {
        let path = self
            .sheets
            .iter()
            .find(|s| s.0 == name)
            .map(|s| s.1.clone())
            .ok_or_else(|| XlsxError::WorksheetNotFound(name.into()))?;
        let ctx = Ctx {
            strings: &self.strings,
            xfs: &self.xfs,
            is_1904: self.is_1904,
        };
        let part = open_part(&mut self.zip, &path)
            .ok_or_else(|| XlsxError::WorksheetNotFound(name.into()))??;
        match part {
            Part::Whole(bytes) => {
                // Read fast into a list first: what the caller gets is the same as it
                // would get cell by cell, or nothing if quick-xml has to read it again.
                let mut fast = FastReader::new(&bytes);
                let mut cells: Vec<(u32, u32, String)> = Vec::new();
                let mut collect = |r: u32, c: u32, text: String| {
                    cells.push((r, c, text));
                    Ok(())
                };
                let read = sheet_pass(&mut fast, &ctx, &mut collect);
                if !fast.bailed {
                    for (r, c, text) in cells {
                        add(r, c, text).map_err(XlsxError::Refused)?;
                    }
                    return read;
                }
                sheet_pass(&mut xml_reader(&bytes[..]), &ctx, add)
            }
            Part::Stream(stream) => sheet_pass(&mut xml_reader(*stream), &ctx, add),
        }
    }
}

/// The workbook-wide tables a cell's value is read with.
struct Ctx<'w> {
    strings: &'w [String],
    xfs: &'w [Xf],
    is_1904: bool,
}

/// Where the merged regions of a sheet stand while it is read.
#[derive(PartialEq, Eq)]
enum Merges {
    NotSeen,
    Reading,
    Done,
    Failed,
}

/// The one pass over a sheet: the cells of `sheetData` and the first `mergeCells`.
fn sheet_pass<'i, X: XmlEvents<'i>>(
    xml: &mut X,
    ctx: &Ctx<'_>,
    add: &mut dyn FnMut(u32, u32, String) -> Result<(), SourceError>,
) -> Result<Vec<Region>, XlsxError> {
    #[derive(PartialEq, Eq)]
    enum At {
        Before,
        Data,
        After,
    }
    let mut at = At::Before;
    let mut merges = Merges::NotSeen;
    let mut regions: Vec<Region> = Vec::new();
    let mut sh_type: Option<String> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut buf = Vec::with_capacity(1024);
    let mut scratch = Scratch::default();
    loop {
        buf.clear();
        let event = match xml.event(&mut buf) {
            Ok(e) => e,
            Err(_) if at == At::After => break,
            Err(e) => return Err(XlsxError::Xml(e)),
        };
        match event {
            Event::Start(e) => {
                let qname = e.name();
                let local = local_name(qname.as_ref());
                if merges == Merges::Reading && local == "mergeCell" {
                    match e.raw_attr("ref") {
                        Ok(Some(r)) => match dimension(r) {
                            Ok(d) => regions.push(d),
                            Err(_) => merges = Merges::Failed,
                        },
                        Ok(None) => {}
                        Err(_) => merges = Merges::Failed,
                    }
                } else if merges == Merges::NotSeen && local == "mergeCells" {
                    merges = Merges::Reading;
                }
                match at {
                    At::Before => match local {
                        "dimension" => match e.raw_attr("ref")? {
                            Some(r) => {
                                dimension(r)?;
                            }
                            None => return Err(XlsxError::UnexpectedNode("dimension")),
                        },
                        "sheetData" => at = At::Data,
                        other => {
                            if sh_type.is_none() {
                                sh_type = Some(other.to_string());
                            }
                        }
                    },
                    At::Data if local == "row" => {
                        if let Some(r) = e.raw_attr("r")? {
                            row = row_and_column(r)?.0;
                        }
                    }
                    At::Data if local == "c" => {
                        let (r, c, text) = read_cell(xml, ctx, &e, (row, col), &mut scratch)?;
                        col = c.saturating_add(1);
                        if let Some(text) = text {
                            add(r, c, text).map_err(XlsxError::Refused)?;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let qname = e.name();
                let local = local_name(qname.as_ref());
                if merges == Merges::Reading && local == "mergeCells" {
                    merges = Merges::Done;
                }
                match at {
                    At::Data if local == "row" => {
                        row = row.saturating_add(1);
                        col = 0;
                    }
                    At::Data if local == "sheetData" => at = At::After,
                    _ => {}
                }
                if at == At::After && matches!(merges, Merges::Done | Merges::Failed) {
                    break;
                }
            }
            Event::Eof => match at {
                At::Before => {
                    return Err(match sh_type {
                        Some(typ) => XlsxError::NotAWorksheet(typ),
                        None => XlsxError::XmlEof("worksheet"),
                    })
                }
                At::Data => return Err(XlsxError::XmlEof("sheetData")),
                At::After => break,
            },
            _ => {}
        }
    }
    Ok(if merges == Merges::Done {
        regions
    } else {
        Vec::new()
    })
}

/// A name without its namespace prefix (what quick-xml's `local_name` gives, by a loop
/// over the few bytes of a tag's name rather than a string search).
fn local_name(name: &str) -> &str {
    match name.bytes().position(|b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Buffers reused from cell to cell.
#[derive(Default)]
struct Scratch {
    cell: Vec<u8>,
    value: Vec<u8>,
    inner: Vec<u8>,
    text: String,
}

/// Reads one `<c>` element to its end: its position and the text it shows (`None` when
/// it holds nothing).
fn read_cell<'i, X: XmlEvents<'i>>(
    xml: &mut X,
    ctx: &Ctx<'_>,
    c: &BytesStart<'_>,
    next: (u32, u32),
    s: &mut Scratch,
) -> Result<(u32, u32, Option<String>), XlsxError> {
    let (mut pos_attr, mut style_attr, mut type_attr) = (None, None, None);
    for item in RawAttrIter::new(c.attributes_raw()) {
        let (k, v) = item?;
        match k {
            "r" => pos_attr = Some(v),
            "s" => style_attr = Some(v),
            "t" => type_attr = Some(v),
            _ => {}
        }
        if pos_attr.is_some() && style_attr.is_some() && type_attr.is_some() {
            break;
        }
    }
    let (r, col) = match pos_attr {
        Some(p) => {
            let (r, col) = row_and_column(p)?;
            (r, col.ok_or(XlsxError::RangeWithoutColumnComponent)?)
        }
        None => next,
    };
    let mut value: Option<String> = None;
    let mut buf = std::mem::take(&mut s.cell);
    loop {
        buf.clear();
        match xml.event(&mut buf)? {
            Event::Start(e) => value = read_value(xml, ctx, &e, style_attr, type_attr, s)?,
            Event::End(e) if local_name(e.name().as_ref()) == "c" => break,
            Event::Eof => return Err(XlsxError::XmlEof("c")),
            _ => {}
        }
    }
    s.cell = buf;
    Ok((r, col, value))
}

/// The value of one child of a cell (`<v>`, `<is>`, `<f>`), as the cell shows it.
fn read_value<'i, X: XmlEvents<'i>>(
    xml: &mut X,
    ctx: &Ctx<'_>,
    e: &BytesStart<'_>,
    style_attr: Option<&str>,
    type_attr: Option<&str>,
    s: &mut Scratch,
) -> Result<Option<String>, XlsxError> {
    match local_name(e.name().as_ref()) {
        "is" => Ok(rich_string(xml, e.name(), &mut s.value, &mut s.inner)?),
        "v" if matches!(type_attr, Some("inlineStr") | Some("is")) => {
            s.value.clear();
            xml.skip_to_end(e.name(), &mut s.value)?;
            Ok(None)
        }
        "v" => match type_attr {
            Some("n") | Some("s") | Some("b") | Some("e") | None => {
                s.value.clear();
                let shown = match xml.event(&mut s.value)? {
                    Event::Text(t) => shown_value(ctx, &t, style_attr, type_attr)?,
                    Event::End(end) if end.name() == e.name() => return Ok(None),
                    Event::Eof => return Err(XlsxError::XmlEof("v")),
                    _ => None,
                };
                s.value.clear();
                xml.skip_to_end(e.name(), &mut s.value)?;
                Ok(shown)
            }
            _ => {
                s.text.clear();
                loop {
                    s.value.clear();
                    match xml.event(&mut s.value)? {
                        Event::Text(t) => s.text.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => push_entity(&r, &mut s.text)?,
                        Event::End(end) if end.name() == e.name() => break,
                        Event::Eof => return Err(XlsxError::XmlEof("v")),
                        _ => {}
                    }
                }
                shown_value(ctx, &s.text, style_attr, type_attr)
            }
        },
        "f" => {
            s.value.clear();
            xml.skip_to_end(e.name(), &mut s.value)?;
            Ok(None)
        }
        _ => Err(XlsxError::UnexpectedNode("v, f, or is")),
    }
}

/// A `<v>`'s text as the cell shows it: a shared string, a number in its style's format,
/// a date, a boolean, an error.
fn shown_value(
    ctx: &Ctx<'_>,
    v: &str,
    style_attr: Option<&str>,
    type_attr: Option<&str>,
) -> Result<Option<String>, XlsxError> {
    // The style a number is shown with (style 0 when the cell names none) and, apart from
    // it, whether it reads as a date (only when the cell names a style, as calamine).
    let style = style_attr.map(|s| parse_index(s).unwrap_or(0));
    match type_attr {
        Some("s") => {
            if v.is_empty() {
                return Ok(None);
            }
            let idx = parse_index(v).unwrap_or(0);
            ctx.strings
                .get(idx)
                .map(|s| Some(s.clone()))
                .ok_or(XlsxError::Unexpected(
                    "Cell string index not found in shared strings table",
                ))
        }
        Some("b") => {
            let value = v.trim();
            if value.is_empty() {
                Ok(None)
            } else if value == "0" || value.eq_ignore_ascii_case("false") {
                Ok(Some("FALSE".into()))
            } else if value == "1" || value.eq_ignore_ascii_case("true") {
                Ok(Some("TRUE".into()))
            } else {
                Err(XlsxError::Unrecognized {
                    typ: "boolean cell value",
                    val: v.to_string(),
                })
            }
        }
        Some("d") => Ok(Some(v.to_string())),
        Some("e") => {
            use calamine::CellErrorType as E;
            let e = match v {
                "#DIV/0!" => E::Div0,
                "#N/A" => E::NA,
                "#NAME?" => E::Name,
                "#NULL!" => E::Null,
                "#NUM!" => E::Num,
                "#REF!" => E::Ref,
                "#VALUE!" => E::Value,
                _ => return Err(XlsxError::CellError(v.into())),
            };
            Ok(Some(cell_text(&Data::Error(e), None)))
        }
        Some("str") => Ok(Some(unescape_xml(v).into_owned())),
        Some("n") | None => {
            if v.is_empty() {
                return Ok(None);
            }
            let f = match v.parse::<f64>() {
                Ok(f) => f,
                Err(_) if type_attr.is_none() => return Ok(Some(v.to_string())),
                Err(e) => return Err(XlsxError::ParseFloat(e)),
            };
            let kind = match style {
                Some(id) => ctx.xfs.get(id).map_or(DateKind::Other, |x| x.kind),
                None => DateKind::Other,
            };
            let date = |t| {
                let d = Data::DateTime(ExcelDateTime::new(f, t, ctx.is_1904));
                Ok(Some(cell_text(&d, None)))
            };
            match kind {
                DateKind::DateTime => date(ExcelDateTimeType::DateTime),
                DateKind::TimeDelta => date(ExcelDateTimeType::TimeDelta),
                DateKind::Other => {
                    let shape = ctx.xfs.get(style.unwrap_or(0)).map_or(GENERAL, |x| x.shape);
                    Ok(Some(number_shown_from(v, f, shape)))
                }
            }
        }
        Some(t) => Err(XlsxError::CellTAttribute(t.to_string())),
    }
}

/// A non-negative decimal index (digits only, leading zeros allowed).
fn parse_index(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.bytes().try_fold(0usize, |n, b| {
        n.checked_mul(10)?.checked_add(usize::from(b - b'0'))
    })
}

/// `B7` → (6, Some(1)); `7` → (6, None). Rows and columns that overflow are refused
/// (calamine wrapped them around).
fn row_and_column(range: &str) -> Result<(u32, Option<u32>), XlsxError> {
    let bytes = range.as_bytes();
    let mut i = 0;
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    while i < bytes.len() {
        let letter = match bytes[i] {
            c @ b'A'..=b'Z' => c - b'A',
            c @ b'a'..=b'z' => c - b'a',
            c @ b'0'..=b'9' => {
                row = u32::from(c - b'0');
                i += 1;
                break;
            }
            c => return Err(XlsxError::Alphanumeric(c)),
        };
        col = col
            .checked_mul(26)
            .and_then(|c| c.checked_add(u32::from(letter) + 1))
            .ok_or(XlsxError::ColumnNumberOverflow)?;
        i += 1;
    }
    while i < bytes.len() {
        match bytes[i] {
            c @ b'0'..=b'9' => {
                row = row
                    .checked_mul(10)
                    .and_then(|r| r.checked_add(u32::from(c - b'0')))
                    .ok_or(XlsxError::RowNumberOverflow)?
            }
            c => return Err(XlsxError::Alphanumeric(c)),
        }
        i += 1;
    }
    let row = row
        .checked_sub(1)
        .ok_or(XlsxError::RangeWithoutRowComponent)?;
    Ok((row, col.checked_sub(1)))
}

/// `A1:C2` → ((0, 0), (1, 2)); `A1` → ((0, 0), (0, 0)).
fn dimension(text: &str) -> Result<Region, XlsxError> {
    let mut parts = Vec::with_capacity(2);
    for p in text.split(':') {
        let (r, c) = row_and_column(p)?;
        parts.push((r, c.ok_or(XlsxError::RangeWithoutColumnComponent)?));
    }
    match parts.len() {
        1 => Ok((parts[0], parts[0])),
        2 => Ok((parts[0], parts[1])),
        n => Err(XlsxError::DimensionCount(n)),
    }
}

/// Appends the text an entity or character reference stands for.
fn push_entity(entity: &BytesRef<'_>, out: &mut String) -> Result<(), quick_xml::Error> {
    let name: &str = entity;
    if let Some(text) = quick_xml::escape::resolve_xml_entity(name) {
        out.push_str(text);
        return Ok(());
    }
    if let Some(ch) = entity.resolve_char_ref()? {
        out.push(ch);
        return Ok(());
    }
    Err(quick_xml::Error::Escape(
        quick_xml::escape::EscapeError::UnrecognizedEntity(0..0, format!("&{name};")),
    ))
}

/// A string of `<t>` runs (a shared string's `<si>`, an inline `<is>`), read to the end
/// of the element named `closing`: runs joined, phonetic runs (`<rPh>`) left out, outer
/// ASCII whitespace trimmed unless `xml:space="preserve"`, `_xHHHH_` escapes read.
fn rich_string<'i, X: XmlEvents<'i>>(
    xml: &mut X,
    closing: QName<'_>,
    xml_buf: &mut Vec<u8>,
    text_buf: &mut Vec<u8>,
) -> Result<Option<String>, XlsxError> {
    let mut rich: Option<String> = None;
    let mut phonetic = false;
    loop {
        xml_buf.clear();
        match xml.event(xml_buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "r" && rich.is_none() => {
                rich = Some(String::new());
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Ok(Event::End(e)) if e.name() == closing => {
                return Ok(Some(rich.unwrap_or_default()));
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Ok(Event::Start(e)) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = matches!(e.raw_attr("xml:space")?, Some("preserve"));
                let mut value = String::new();
                loop {
                    text_buf.clear();
                    match xml.event(text_buf)? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::CData(t) => value.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => push_entity(&r, &mut value)?,
                        Event::End(end) if end.name() == e.name() => break,
                        Event::Eof => return Err(XlsxError::XmlEof("t")),
                        _ => {}
                    }
                }
                let value = if preserve {
                    match unescape_xml(&value) {
                        Cow::Borrowed(_) => value,
                        Cow::Owned(s) => s,
                    }
                } else {
                    let trimmed = trim_xml_space(&value);
                    match unescape_xml(trimmed) {
                        Cow::Borrowed(t) if t.len() == value.len() => value,
                        other => other.into_owned(),
                    }
                };
                match &mut rich {
                    Some(s) => s.push_str(&value),
                    None => rich = Some(value),
                }
            }
            Ok(Event::Eof) => return Err(XlsxError::XmlEof("")),
            Err(e) => return Err(XlsxError::Xml(e)),
            _ => {}
        }
    }
}

/// `s` without the ASCII whitespace (space, tab, CR, LF) around it; other spaces (a
/// no-break space) are kept.
fn trim_xml_space(s: &str) -> &str {
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|b| !space(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !space(b))
        .map_or(start, |i| i + 1);
    // Both ends are next to ASCII bytes: character boundaries.
    s.get(start..end).unwrap_or("")
}

/// The text `_xHHHH_` escapes stand for (Excel writes a carriage return as `_x000D_`;
/// a character outside the BMP as a surrogate pair of escapes).
fn unescape_xml(original: &str) -> Cow<'_, str> {
    let Some((mut index, mut unit)) = find_xml_escape(original, 0) else {
        return Cow::Borrowed(original);
    };
    let mut out = String::with_capacity(original.len());
    let mut copied = 0;
    loop {
        out.push_str(&original[copied..index]);
        index += 7;
        match unit {
            0xD800..=0xDBFF => match parse_xml_escape(original, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += 7;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find_xml_escape(original, index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }
    out.push_str(&original[copied..]);
    Cow::Owned(out)
}

fn find_xml_escape(original: &str, mut start: usize) -> Option<(usize, u16)> {
    while let Some(offset) = original.get(start..)?.find('_') {
        let index = start + offset;
        if let Some(unit) = parse_xml_escape(original, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }
    None
}

fn parse_xml_escape(original: &str, index: usize) -> Option<u16> {
    let bytes = original.as_bytes().get(index..index + 7)?;
    if bytes[0] != b'_' || bytes[1] != b'x' || bytes[6] != b'_' {
        return None;
    }
    let hex = &bytes[2..6];
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

/// The attributes of an element as (key, raw value) pairs, without quick-xml's
/// per-attribute bookkeeping; a malformed attribute is an error (as calamine).
struct RawAttrIter<'a> {
    raw: &'a str,
    pos: usize,
}

impl<'a> RawAttrIter<'a> {
    fn new(raw: &'a str) -> Self {
        RawAttrIter { raw, pos: 0 }
    }
}

impl<'a> Iterator for RawAttrIter<'a> {
    type Item = Result<(&'a str, &'a str), AttrError>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = self.raw;
        let bytes = raw.as_bytes();
        let len = bytes.len();
        let mut pos = self.pos;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= len {
            self.pos = pos;
            return None;
        }
        let key_start = pos;
        while pos < len && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= len {
            self.pos = len;
            return Some(Err(AttrError::ExpectedEq(key_start)));
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                self.pos = len;
                return Some(Err(AttrError::UnquotedValue(pos)));
            }
        };
        pos += 1;
        let val_start = pos;
        while pos < len && bytes[pos] != quote {
            pos += 1;
        }
        let val = &raw[val_start..pos];
        if pos < len {
            pos += 1;
        }
        self.pos = pos;
        Some(Ok((key, val)))
    }
}

/// The raw value of the attribute `name` of an element.
trait RawAttr {
    fn raw_attr(&self, name: &str) -> Result<Option<&str>, AttrError>;
}

impl RawAttr for BytesStart<'_> {
    fn raw_attr(&self, name: &str) -> Result<Option<&str>, AttrError> {
        for item in RawAttrIter::new(self.attributes_raw()) {
            let (k, v) = item?;
            if k == name {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }
}

/// An attribute's value with its entities read.
fn decode_attr(val: &str) -> Result<String, quick_xml::Error> {
    Ok(quick_xml::escape::unescape(val)
        .map_err(quick_xml::Error::from)?
        .into_owned())
}

/// `_rels/.rels`: the folder and name of the workbook part (`xl/`, `workbook.xml`).
fn package_relationships(zip: &mut Package<'_>) -> Result<(String, String), XlsxError> {
    let part = match open_part(zip, "_rels/.rels") {
        None => return Err(XlsxError::FileNotFound("_rels/.rels".to_string())),
        Some(x) => x?,
    };
    with_part!(part, |xml| package_relationships_xml(&mut xml))
}

fn package_relationships_xml<'i, X: XmlEvents<'i>>(
    xml: &mut X,
) -> Result<(String, String), XlsxError> {
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.event(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "Relationships" => break,
            Ok(Event::Eof) => return Err(XlsxError::XmlEof("Relationships")),
            Err(e) => return Err(XlsxError::Xml(e)),
            _ => {}
        }
    }
    let mut target = None;
    loop {
        buf.clear();
        match xml.event(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let (mut typ, mut tgt) = (None, None);
                for item in RawAttrIter::new(e.attributes_raw()) {
                    let (k, v) = item?;
                    match k {
                        "Type" => typ = Some(v),
                        "Target" => tgt = Some(v),
                        _ => {}
                    }
                    if typ.is_some() && tgt.is_some() {
                        break;
                    }
                }
                if typ.is_some_and(|t| t.ends_with("/relationships/officeDocument")) {
                    if let Some(t) = tgt {
                        target = Some(decode_attr(t)?);
                    }
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "Relationships" => break,
            Ok(Event::Eof) => return Err(XlsxError::XmlEof("Relationships")),
            Err(e) => return Err(XlsxError::Xml(e)),
            _ => {}
        }
    }
    let target = target.ok_or(XlsxError::RelationshipNotFound)?;
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let name = if name.is_empty() {
        "workbook.xml".to_string()
    } else {
        name.to_string()
    };
    Ok((dir, name))
}

/// The shared strings table (empty when the workbook has none).
fn shared_strings(zip: &mut Package<'_>, path: &str) -> Result<Vec<String>, XlsxError> {
    let part = match open_part(zip, path) {
        None => return Ok(Vec::new()),
        Some(x) => x?,
    };
    with_part!(part, |xml| shared_strings_xml(&mut xml))
}

fn shared_strings_xml<'i, X: XmlEvents<'i>>(xml: &mut X) -> Result<Vec<String>, XlsxError> {
    let mut strings = Vec::new();
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.event(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                if let Some(n) = e.raw_attr("uniqueCount")?.and_then(parse_index) {
                    // A claim, not a promise: reserve no more than the part could hold.
                    strings.reserve(n.min(1 << 16));
                }
                break;
            }
            Ok(Event::Eof) => return Err(XlsxError::XmlEof("sst")),
            Err(e) => return Err(XlsxError::Xml(e)),
            _ => {}
        }
    }
    let (mut a, mut b) = (Vec::with_capacity(1024), Vec::with_capacity(1024));
    loop {
        buf.clear();
        match xml.event(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "si" => {
                let name = e.name().as_ref().to_string();
                if let Some(s) = rich_string(xml, QName(&name), &mut a, &mut b)? {
                    strings.push(s);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "sst" => break,
            Ok(Event::Eof) => return Err(XlsxError::XmlEof("sst")),
            Err(e) => return Err(XlsxError::Xml(e)),
            _ => {}
        }
    }
    Ok(strings)
}

/// The cell styles (`cellXfs`) with their number formats; fonts, fills and borders are
/// passed over (but must be well formed, as calamine required).
fn styles(zip: &mut Package<'_>, path: &str) -> Result<Vec<Xf>, XlsxError> {
    let part = match open_part(zip, path) {
        None => return Ok(Vec::new()),
        Some(x) => x?,
    };
    with_part!(part, |xml| styles_xml(&mut xml))
}

fn styles_xml<'i, X: XmlEvents<'i>>(xml: &mut X) -> Result<Vec<Xf>, XlsxError> {
    let mut formats: HashMap<String, String> = HashMap::new();
    let mut xfs = Vec::new();
    let mut buf = Vec::with_capacity(1024);
    let mut inner = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.event(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "numFmts" => loop {
                inner.clear();
                match xml.event(&mut inner) {
                    Ok(Event::Start(e)) if e.local_name().as_ref() == "numFmt" => {
                        let (mut id, mut code) = (None, None);
                        for item in RawAttrIter::new(e.attributes_raw()) {
                            let (k, v) = item?;
                            match k {
                                "numFmtId" => id = Some(v),
                                "formatCode" => code = Some(v),
                                _ => {}
                            }
                            if id.is_some() && code.is_some() {
                                break;
                            }
                        }
                        if let (Some(id), Some(code)) = (id, code) {
                            formats.insert(id.to_string(), decode_attr(code)?);
                        }
                    }
                    Ok(Event::End(e)) if e.local_name().as_ref() == "numFmts" => break,
                    Ok(Event::Eof) => return Err(XlsxError::XmlEof("numFmts")),
                    Err(e) => return Err(XlsxError::Xml(e)),
                    _ => {}
                }
            },
            Ok(Event::Start(e))
                if matches!(e.local_name().as_ref(), "fonts" | "fills" | "borders") =>
            {
                let what = match e.local_name().as_ref() {
                    "fonts" => "fonts",
                    "fills" => "fills",
                    _ => "borders",
                };
                skip_list(xml, what, &mut inner)?;
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "cellXfs" => loop {
                inner.clear();
                match xml.event(&mut inner) {
                    Ok(Event::Start(e)) if e.local_name().as_ref() == "xf" => {
                        xfs.push(xf(&e, &formats)?);
                        let mut body = Vec::new();
                        loop {
                            body.clear();
                            match xml.event(&mut body) {
                                Ok(Event::End(c)) if c.local_name().as_ref() == "xf" => break,
                                Ok(Event::Eof) => return Err(XlsxError::XmlEof("xf")),
                                Err(e) => return Err(XlsxError::Xml(e)),
                                _ => {}
                            }
                        }
                    }
                    Ok(Event::End(e)) if e.local_name().as_ref() == "cellXfs" => break,
                    Ok(Event::Eof) => return Err(XlsxError::XmlEof("cellXfs")),
                    Err(e) => return Err(XlsxError::Xml(e)),
                    _ => {}
                }
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "styleSheet" => break,
            Ok(Event::Eof) => return Err(XlsxError::XmlEof("styleSheet")),
            Err(e) => return Err(XlsxError::Xml(e)),
            _ => {}
        }
    }
    Ok(xfs)
}

/// Reads past a list of fonts, fills or borders to its end.
fn skip_list<'i, X: XmlEvents<'i>>(
    xml: &mut X,
    what: &'static str,
    buf: &mut Vec<u8>,
) -> Result<(), XlsxError> {
    loop {
        buf.clear();
        match xml.event(buf) {
            Ok(Event::End(e)) if e.local_name().as_ref() == what => return Ok(()),
            Ok(Event::Eof) => return Err(XlsxError::XmlEof(what)),
            Err(e) => return Err(XlsxError::Xml(e)),
            _ => {}
        }
    }
}

/// One cell style: whether its format is a date, and the format's code.
fn xf(e: &BytesStart<'_>, formats: &HashMap<String, String>) -> Result<Xf, XlsxError> {
    let id = e.raw_attr("numFmtId")?;
    let kind = id.map_or(DateKind::Other, |val| match formats.get(val) {
        Some(code) => date_kind_of_code(code),
        None => builtin_date_kind(val),
    });
    let shape = id
        .and_then(|val| {
            let n = u32::try_from(parse_index(val)?).ok()?;
            Some(match formats.get(val) {
                Some(code) => format_shape(code),
                None => builtin_format_code(n).map_or(GENERAL, format_shape),
            })
        })
        .unwrap_or(GENERAL);
    Ok(Xf { kind, shape })
}

/// The relationships of the workbook part: id → (target, type).
fn relationships(
    zip: &mut Package<'_>,
    path: &str,
) -> Result<HashMap<String, (String, String)>, XlsxError> {
    let part = match open_part(zip, path) {
        None => return Err(XlsxError::FileNotFound(path.to_string())),
        Some(x) => x?,
    };
    with_part!(part, |xml| relationships_xml(&mut xml))
}

fn relationships_xml<'i, X: XmlEvents<'i>>(
    xml: &mut X,
) -> Result<HashMap<String, (String, String)>, XlsxError> {
    let mut rels = HashMap::new();
    let mut buf = Vec::with_capacity(64);
    loop {
        buf.clear();
        match xml.event(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let (mut id, mut typ, mut target) = (None, None, None);
                for item in RawAttrIter::new(e.attributes_raw()) {
                    let (k, v) = item?;
                    match k {
                        "Id" => id = Some(v),
                        "Type" => typ = Some(v),
                        "Target" => target = Some(v),
                        _ => {}
                    }
                    if id.is_some() && typ.is_some() && target.is_some() {
                        break;
                    }
                }
                if let Some(id) = id {
                    rels.insert(
                        id.to_string(),
                        (
                            target.unwrap_or_default().to_string(),
                            typ.unwrap_or_default().to_string(),
                        ),
                    );
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "Relationships" => break,
            Ok(Event::Eof) => return Err(XlsxError::XmlEof("Relationships")),
            Err(e) => return Err(XlsxError::Xml(e)),
            _ => {}
        }
    }
    Ok(rels)
}

type SheetList = Vec<(String, String, SheetKind)>;

/// The workbook part: its sheets (name, part, kind) and whether dates count from 1904.
fn workbook_sheets(
    zip: &mut Package<'_>,
    path: &str,
    xl_path: &str,
    rels: &HashMap<String, (String, String)>,
) -> Result<(SheetList, bool), XlsxError> {
    let part = match open_part(zip, path) {
        None => return Ok((Vec::new(), false)),
        Some(x) => x?,
    };
    with_part!(part, |xml| workbook_sheets_xml(&mut xml, xl_path, rels))
}

fn workbook_sheets_xml<'i, X: XmlEvents<'i>>(
    xml: &mut X,
    xl_path: &str,
    rels: &HashMap<String, (String, String)>,
) -> Result<(SheetList, bool), XlsxError> {
    let mut sheets = Vec::new();
    let mut is_1904 = false;
    let mut buf = Vec::with_capacity(1024);
    let mut val_buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.event(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sheet" => {
                let mut name = String::new();
                let mut rel_id = "";
                for item in RawAttrIter::new(e.attributes_raw()) {
                    let (key, val) = item?;
                    match key {
                        "name" => name = decode_attr(val)?,
                        "state" if !matches!(val, "visible" | "hidden" | "veryHidden") => {
                            return Err(XlsxError::Unrecognized {
                                typ: "sheet:state",
                                val: val.to_string(),
                            });
                        }
                        k if k == "id"
                            || k.strip_suffix("id")
                                .is_some_and(|p| p.as_bytes().last() == Some(&b':')) =>
                        {
                            rel_id = val
                        }
                        _ => {}
                    }
                }
                let (target, typ) = rels.get(rel_id).ok_or(XlsxError::RelationshipNotFound)?;
                let part = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("{xl_path}{target}"),
                };
                let kind = match typ.split('/').next_back() {
                    Some("worksheet") => SheetKind::WorkSheet,
                    Some("chartsheet") => SheetKind::ChartSheet,
                    Some("dialogsheet") => SheetKind::DialogSheet,
                    _ => {
                        return Err(XlsxError::Unrecognized {
                            typ: "sheet:type",
                            val: part,
                        })
                    }
                };
                sheets.push((name, part, kind));
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "workbookPr" => {
                if let Some(v) = e.raw_attr("date1904")? {
                    is_1904 = v == "1" || v == "true";
                }
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "definedName" => {
                // A defined name is read past (its entities must still read, as calamine).
                let named = e.raw_attr("name")?.is_some();
                if named {
                    let end = e.name().as_ref().to_string();
                    loop {
                        val_buf.clear();
                        match xml.event(&mut val_buf)? {
                            Event::GeneralRef(r) => push_entity(&r, &mut String::new())?,
                            Event::End(x) if x.name().as_ref() == end.as_str() => break,
                            Event::Eof => return Err(XlsxError::XmlEof("workbook")),
                            _ => {}
                        }
                    }
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "workbook" => break,
            Ok(Event::Eof) => return Err(XlsxError::XmlEof("workbook")),
            Err(e) => return Err(XlsxError::Xml(e)),
            _ => {}
        }
    }
    Ok((sheets, is_1904))
}

/// Whether a custom number format shows a date or a duration (its first section only).
fn date_kind_of_code(format: &str) -> DateKind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return DateKind::Other,
            ('[', ..) => brackets = brackets.saturating_add(1),
            (']', .., 1) if hms => return DateKind::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return DateKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return DateKind::DateTime
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    DateKind::Other
}

/// Whether a built-in number format (by its id as written) shows a date or a duration.
fn builtin_date_kind(id: &str) -> DateKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            DateKind::DateTime
        }
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => DateKind::DateTime,
        "46" => DateKind::TimeDelta,
        _ => DateKind::Other,
    }
}

/// The code of a built-in number format (ECMA-376, 18.8.30).
fn builtin_format_code(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
        42 => "_($* #,##0_);_($* (#,##0);_($* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
        44 => "_($* #,##0.00_);_($* (#,##0.00);_($* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
