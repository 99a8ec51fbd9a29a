//! Statements of the prose read as structures, for the checks of `check_prose.rs`: a total
//! and its parts (`共X件,其中A a件、B b件…`, `X件(热线a件,网络b件)`, a list of categories
//! with their counts and shares, the items of one category), a count closed and a count
//! still open (`已办理X件,已办结a件,待办理b件`), and a rate with the counts printed before
//! it (`办结a件,办结率r%`, `办结率r%(a/b)`).
//!
//! A paragraph is read once, left to right, into figures: each count (a number with a
//! count unit), percentage or bare number, with the words naming it (the text of its
//! clause before it), the words after it, the separator before it (`、` `,` `;` `:` or
//! a sentence's end) and the figure whose parentheses hold it (`42172件(热线42037件,…)`,
//! `43件(30.2%)`); parentheses holding no figure are words. The figures of a sentence
//! are then grouped: a part starts at each count named by more than a measure's keyword,
//! a count named by a keyword only is a measure of the part before it (`…20549件,办结
//! 14937件`), a share goes with the count before it unless it follows a run of counts
//! joined by `、` (`A…件、B…件、C…件,占…77%` is the share of all three).
//!
//! What the reader cannot be sure of it marks, and the checks leave alone: a list holding
//! a bare number, an approximate count, counts of several units, a part named by a
//! measure that is no part (`其中满意7件`), a list of the largest parts only.

use rust_decimal::Decimal;

use super::{paragraphs, Paragraph};
use crate::model::Metric;
use crate::source::text::Line;

mod group;
mod scan;
mod words;

/// How many sentences back a total is looked for (`…X件。…。其中,…`).
const MAX_SENTENCES_BACK: usize = 4;

/// How many counts before a rate or a closed count are tried as its base.
const MAX_BASES: usize = 32;

/// The most figures a paragraph is read for: a bulletin's paragraph holds a few dozen; a
/// text of thousands (a table flattened into one line, a repeated phrase) is no statement,
/// and reading it would cost memory in proportion to its figures times their bases.
const MAX_FIGURES: usize = 4096;

/// A count as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    /// Unique within a document: which count of the prose it is.
    pub id: usize,
    pub value: Decimal,
    /// Half the width of what the printed figure stands for: 0 for a whole count, 50 for
    /// `9.67万件`.
    pub half: Decimal,
    pub unit: &'static str,
    pub printed: String,
    pub at: crate::at::At,
    /// The words naming it, cleaned (`景区投诉`).
    pub name: String,
    /// The measure its words name, if one has a key (`办结…件` is closed).
    pub metric: Option<Metric>,
    /// A count of return visits (the base of a satisfaction rate).
    pub visits: bool,
    /// Named as a total (`共受理…`, `合计…`).
    pub total: bool,
}

/// A percentage as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Percent {
    pub value: Decimal,
    pub printed: String,
    pub at: crate::at::At,
}

/// One part of a total: its count, its share, and the other measures printed of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub count: Count,
    pub share: Option<Percent>,
    /// Counts of other measures of the part (`…20549件,办结14937件`).
    pub measures: Vec<Count>,
    /// A part that is never handled (`无效诉求`): it has no closed orders.
    pub not_handled: bool,
    sep: Sep,
}

/// A list of parts, of a printed total or (a list of its own) of the document's whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakdown {
    /// The total the parts are of, then the other counts it may be (printed in the same
    /// clause run before the parts). Empty for a list of its own.
    pub totals: Vec<Count>,
    /// The other measures printed of the total (`共受理…件,办结38552件。其中…`).
    pub measures: Vec<Count>,
    pub parts: Vec<Part>,
    /// A catch-all part (`其他…`): the parts are all the parts.
    pub all_parts: bool,
    /// The parts may be some only: the largest (`前5位`), the main ones (`主要涉及`), those
    /// in parentheses.
    pub some_only: bool,
    /// Something the sums cannot be sure of: a bare number, an approximate count, counts
    /// of several units, a part named by a measure that is no part.
    pub uncertain: bool,
    /// Some part's name holds a measure's keyword (`…受理…件`): the list may be measures
    /// of one whole rather than its parts.
    pub keyworded: bool,
    /// The list speaks of another or a longer period (`累计…`, `上月…`).
    pub other_period: bool,
    /// The name of the total when it is itself a part (`住房保障类`), else empty.
    pub subject: String,
    /// The measure the words before the parts name (`办结量较多的是:…`), if one.
    pub measure: Option<Metric>,
}

/// A total, its closed orders and its open ones (`已办理X件,已办结a件,待办理b件`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub total: Count,
    pub closed: Count,
    pub open: Count,
}

/// A rate with the counts printed before it in its paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rate {
    pub metric: Metric,
    pub rate: Percent,
    /// The counts right before it in its sentence, nearest first (at most two).
    pub before: Vec<Count>,
    /// The counts of the paragraph before it that may be its base (those naming a
    /// measure), nearest last: ids into [`Structures::counts`].
    pub earlier: Vec<usize>,
    /// Its count and base printed in parentheses after it (`99.93%(11163/11171)`).
    pub explicit: Option<(Decimal, Decimal)>,
}

/// What the prose of a document states, as structures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Structures {
    pub breakdowns: Vec<Breakdown>,
    pub statuses: Vec<Status>,
    pub rates: Vec<Rate>,
    /// Every count printed (changes left out), in order (of their ids).
    pub counts: Vec<Count>,
}

impl Structures {
    /// The count of an id.
    pub fn count(&self, id: usize) -> Option<&Count> {
        self.counts
            .binary_search_by_key(&id, |c| c.id)
            .ok()
            .map(|i| &self.counts[i])
    }
}

/// Reads the structures of `lines`' prose.
pub fn structures(lines: &[Line]) -> Structures {
    structures_of(&paragraphs(lines))
}

/// Reads the structures of paragraphs already joined.
pub(super) fn structures_of(paras: &[Paragraph]) -> Structures {
    let mut out = Structures::default();
    for para in paras {
        // A paragraph without a digit states no figure.
        if !para.text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let (figs, blind) = scan::scan(para, out.counts.len());
        group::group(&figs, &blind, &mut out);
        out.counts
            .extend(figs.into_iter().filter_map(|f| match f.kind {
                Kind::Count(c) if !f.change => Some(c),
                _ => None,
            }));
    }
    out
}

/// What separates a figure from the one before it, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sep {
    None,
    Pause,
    Comma,
    Colon,
    Semicolon,
    Sentence,
}

#[derive(Clone, Debug)]
enum Kind {
    Count(Count),
    Percent(Percent, Role),
    /// A whole number without a unit where a count would stand (`建议类140、`).
    Bare,
    /// `a/b` in parentheses.
    Ratio(Decimal, Decimal),
}

/// What a percentage is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Share,
    Rate(Metric),
    Other,
}

/// One figure of a paragraph (whose text the words are of).
#[derive(Clone, Debug)]
struct Fig<'a> {
    kind: Kind,
    /// The words after it, up to the next separator.
    tail: &'a str,
    sep: Sep,
    sentence: usize,
    /// The figure whose parentheses hold it.
    owner: Option<usize>,
    /// `其中` or another opener of parts stands before it.
    opens: Option<Opener>,
    change: bool,
    earlier: bool,
    approx: bool,
    /// Its words are a measure's keyword and filler only.
    pure: bool,
    /// Its words name a measure that is no part.
    non_part: bool,
    /// Its words hold a measure's keyword.
    keyword: bool,
    /// Its words say the list holds the largest or main parts only.
    some_only: bool,
    /// Its words open with a sum's word (`合计…件` after the parts).
    sums_up: bool,
    /// The measure the figure-less clauses before it name.
    context_metric: Option<Metric>,
    /// The figure-less clauses before it speak of another period.
    context_earlier: bool,
    /// For a rate: the words right before its keyword that qualify it (`综合` of
    /// `综合办结率`).
    qualifier: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opener {
    All,
    Some,
}

#[cfg(test)]
mod tests;
