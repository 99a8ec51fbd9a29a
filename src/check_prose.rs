//! The checks of the prose's own arithmetic, on the structures `extract::prose::statement`
//! reads: parts against their total (`sum`: they do not add up, or they exceed it), a
//! share against its count over the total (`share`, told both rounded and cut), a rate
//! against the count and base printed with it (`rate`), closed and open orders against
//! their total (`sum`).
//!
//! The discipline is the tables' (`check.rs`): counts are exact (a count printed in 万
//! stands for the band that rounds to it), a percentage stands for everything that rounds
//! to it, and a figure is reported only when no true value would agree. A relation that
//! needs a figure the text does not print is not checked; a base the text does not name is
//! tried against every total the document prints, and a share is reported only when none
//! fits; a list that may hold only some of the parts is checked only for exceeding its
//! total.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::{Decimal, RoundingStrategy};

use crate::check::RATE_OF_COUNTS;
use crate::extract::phrases::COUNT_UNITS;
use crate::extract::prose::statement::{Breakdown, Count, Part, Percent, Rate, Status, Structures};
use crate::model::{Basis, Check, CheckKind, Document, Figure, Metric, MetricKind, Row, TableKind};
use crate::profile::formula::Interval;

/// Every disagreement among the prose's figures.
pub fn checks(doc: &Document, s: &Structures) -> Vec<Check> {
    let mut printed: BTreeMap<(&str, Decimal), Vec<&Count>> = BTreeMap::new();
    let mut candidates: Vec<&Count> = Vec::new();
    let mut largest_total: HashMap<&str, Decimal> = HashMap::new();
    for c in &s.counts {
        if c.total {
            let max = largest_total.entry(c.unit).or_insert(c.value);
            *max = (*max).max(c.value + c.half);
        }
        if !c.half.is_zero() {
            continue;
        }
        let ids = printed.entry((c.unit, c.value.normalize())).or_default();
        if ids.is_empty() && candidates.len() < MAX_CANDIDATES {
            candidates.push(c);
        }
        ids.push(c);
    }
    let ctx = Context {
        s,
        whole: whole_counts(doc),
        jurisdiction: doc.jurisdiction.clone().unwrap_or_default(),
        printed,
        candidates,
        largest_total,
    };
    let mut out: Vec<Check> = Vec::new();
    let rows = rows_by_unit(doc);
    for b in &s.breakdowns {
        sums(&ctx, b, &mut out);
        shares(&ctx, b, &mut out);
        parts_vs_tables(&rows, b, &mut out);
    }
    for st in &s.statuses {
        status(&ctx, st, &mut out);
    }
    for r in &s.rates {
        rate(&ctx, r, &mut out);
    }
    // One statement may be read twice (a list and its parentheses): one row each.
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| {
        seen.insert((
            c.at.clone(),
            c.unit.clone(),
            c.check.key(),
            c.metric.key(),
            c.reported.to_string(),
            c.computed.to_string(),
        ))
    });
    out
}

/// The most printed totals a base is looked for among (the first the document prints:
/// its totals come before its details).
const MAX_CANDIDATES: usize = 64;

struct Context<'a> {
    s: &'a Structures,
    /// The whole counts printed, by unit and value.
    printed: BTreeMap<(&'a str, Decimal), Vec<&'a Count>>,
    /// The first distinct counts printed, as the bases a share may have.
    candidates: Vec<&'a Count>,
    /// The largest count named as a total (`共…`), by unit.
    largest_total: HashMap<&'a str, Decimal>,
    /// The document's own counts as the headline reads them (the whole of its lists).
    whole: Vec<Count>,
    jurisdiction: String,
}

/// The headline's counts of the jurisdiction, as counts with their units.
fn whole_counts(doc: &Document) -> Vec<Count> {
    let own = doc.jurisdiction.as_deref().unwrap_or("");
    doc.headline
        .iter()
        .filter(|h| h.unit == own && h.value.metric.kind() == MetricKind::Count)
        .filter_map(|h| {
            let Figure::Number(value) = h.value.value else {
                return None;
            };
            let printed = h.value.as_printed.as_str();
            if printed.contains('万') {
                return None;
            }
            let unit = COUNT_UNITS.iter().find(|u| printed.ends_with(*u))?;
            Some(Count {
                id: 0,
                value,
                half: Decimal::ZERO,
                unit,
                printed: printed.to_string(),
                at: h.value.at.clone(),
                name: String::new(),
                metric: Some(h.value.metric),
                visits: false,
                total: true,
            })
        })
        .collect()
}

fn band(c: &Count) -> Interval {
    Interval {
        lo: c.value - c.half,
        hi: c.value + c.half,
    }
}

/// The sum of counts: the printed figures added, and the band of true sums.
fn add<'a>(counts: impl Iterator<Item = &'a Count>) -> Option<(Decimal, Interval)> {
    let mut point = Decimal::ZERO;
    let mut range = Interval::point(Decimal::ZERO);
    for c in counts {
        point = point.checked_add(c.value)?;
        range = Interval {
            lo: range.lo.checked_add(c.value.checked_sub(c.half)?)?,
            hi: range.hi.checked_add(c.value.checked_add(c.half)?)?,
        };
    }
    Some((point, range))
}

/// Whether a percentage can be `count / base`: some true count and base (each within what
/// its printed figure stands for) give a value that rounds to it.
fn fits(count: &Count, pct: &Percent, base: &Count) -> bool {
    let (c, b) = (band(count), band(base));
    if b.lo <= Decimal::ZERO {
        return false;
    }
    // [c.lo / b.hi, c.hi / b.lo] meets [s.lo, s.hi] / 100, multiplied out (no division).
    let s = Interval::printed(pct.value);
    let hundred = Decimal::ONE_HUNDRED;
    let below = c.lo.checked_mul(hundred).zip(s.hi.checked_mul(b.hi));
    let above = c.hi.checked_mul(hundred).zip(s.lo.checked_mul(b.lo));
    match (below, above) {
        (Some((c_lo, s_hi)), Some((c_hi, s_lo))) => c_lo <= s_hi && s_lo <= c_hi,
        _ => true, // beyond a decimal: not compared
    }
}

fn percent(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den <= Decimal::ZERO {
        return None;
    }
    num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)
}

/// The ids of a list's counts, sorted.
fn part_ids(b: &Breakdown) -> Vec<usize> {
    let mut ids: Vec<usize> = b
        .parts
        .iter()
        .flat_map(|p| std::iter::once(p.count.id).chain(p.measures.iter().map(|m| m.id)))
        .collect();
    ids.sort_unstable();
    ids
}

fn is_part(ids: &[usize], id: usize) -> bool {
    ids.binary_search(&id).is_ok()
}

impl Context<'_> {
    /// A whole count of `value` printed that is not one of `except`.
    fn printed(
        &self,
        unit: &str,
        value: Decimal,
        except: &dyn Fn(usize) -> bool,
    ) -> Option<&Count> {
        self.printed
            .get(&(unit, value.normalize()))
            .and_then(|cs| cs.iter().copied().find(|c| !except(c.id)))
    }

    fn prints(&self, unit: &str, value: Decimal, except: &dyn Fn(usize) -> bool) -> bool {
        self.printed(unit, value, except).is_some()
    }
}

fn sum_check(unit: &str, total: &Count, parts: &[&Count], sum: Decimal, note: &str) -> Check {
    let terms: Vec<String> = parts.iter().map(|p| p.value.to_string()).collect();
    Check {
        check: CheckKind::Sum,
        group: None,
        unit: unit.to_string(),
        metric: total.metric.unwrap_or(Metric::Count),
        reported: Figure::Number(total.value),
        computed: Figure::Number(sum),
        delta: total.value.checked_sub(sum),
        profile: None,
        at: total.at.clone(),
        detail: format!(
            "{} = {sum}, printed {}{note}",
            terms.join(" + "),
            total.value
        ),
        basis: Some(Basis::Parts {
            parts: parts.iter().map(|p| p.value).collect(),
            sum,
            total: total.value,
        }),
    }
}

/// Whether a list's shares add up to 100 within their printed places: the list is all
/// the parts.
fn shares_complete(b: &Breakdown) -> bool {
    let shares: Option<Vec<&Percent>> = b.parts.iter().map(|p| p.share.as_ref()).collect();
    let Some(shares) = shares else {
        return false;
    };
    let mut sum = Interval::point(Decimal::ZERO);
    for s in shares {
        let i = Interval::printed(s.value);
        sum = Interval {
            lo: sum.lo + i.lo,
            hi: sum.hi + i.hi,
        };
    }
    sum.contains(Decimal::ONE_HUNDRED)
}

/// Parts against their total.
fn sums(ctx: &Context, b: &Breakdown, out: &mut Vec<Check>) {
    if b.uncertain || b.parts.len() < 2 {
        return;
    }
    let unit = b.parts[0].count.unit;
    if b.parts.iter().any(|p| p.count.unit != unit) {
        return;
    }
    let parts: Vec<&Count> = b.parts.iter().map(|p| &p.count).collect();
    let Some((sum, range)) = add(parts.iter().copied()) else {
        return;
    };
    let subject = if b.subject.is_empty() {
        ctx.jurisdiction.as_str()
    } else {
        b.subject.as_str()
    };
    if !b.totals.is_empty() {
        let totals: Vec<&Count> = b.totals.iter().filter(|t| t.unit == unit).collect();
        let Some(primary) = totals.first() else {
            return;
        };
        if let Some(matched) = totals.iter().find(|t| band(t).overlaps(&range)) {
            if matched.id == primary.id && range.lo == range.hi {
                measures(subject, b, out);
            }
            return;
        }
        let exceeds = totals.iter().all(|t| range.lo > band(t).hi);
        let complete = (b.all_parts || shares_complete(b)) && !b.some_only && totals.len() == 1;
        if exceeds {
            out.push(sum_check(
                subject,
                primary,
                &parts,
                sum,
                " (the parts exceed the total)",
            ));
        } else if complete {
            out.push(sum_check(subject, primary, &parts, sum, ""));
        }
        return;
    }
    // A list of its own: of the document's whole, unless some printed total is its sum.
    if b.keyworded || b.some_only || b.other_period {
        return;
    }
    let ids = part_ids(b);
    if range.lo != range.hi || ctx.prints(unit, sum, &|id| is_part(&ids, id)) {
        return;
    }
    let Some(whole) = ctx
        .whole
        .iter()
        .filter(|w| w.unit == unit)
        .max_by_key(|w| w.value)
    else {
        return;
    };
    let above_every_total = ctx.largest_total.get(unit).is_none_or(|t| range.lo > *t);
    if range.lo > band(whole).hi && above_every_total {
        out.push(sum_check(
            subject,
            whole,
            &parts,
            sum,
            " (the parts exceed the total)",
        ));
    }
}

/// The other measures of a total against its parts' (`办结38552件。其中,A…,办结14937件;
/// B…,办结19844件;无效…`): checked when the parts are all the parts (their counts add up
/// to the total) and each prints the measure, or is a part never handled.
fn measures(subject: &str, b: &Breakdown, out: &mut Vec<Check>) {
    for m in &b.measures {
        let Some(metric) = m.metric else {
            continue;
        };
        let mut found: Vec<&Count> = Vec::new();
        let mut missing = false;
        for p in &b.parts {
            match p
                .measures
                .iter()
                .find(|c| c.metric == Some(metric) && c.unit == m.unit)
            {
                Some(c) => found.push(c),
                None if p.not_handled && is_handling(metric) => {}
                None => missing = true,
            }
        }
        if missing || found.len() < 2 {
            continue;
        }
        let Some((sum, range)) = add(found.iter().copied()) else {
            continue;
        };
        if !band(m).overlaps(&range) {
            out.push(sum_check(subject, m, &found, sum, ""));
        }
    }
}

/// Measures of orders worked on: a part never handled has none.
fn is_handling(m: Metric) -> bool {
    matches!(
        m,
        Metric::Handled | Metric::Closed | Metric::OnTime | Metric::Overdue
    )
}

/// The base of a list's shares: the printed total their counts add up to, unless another
/// printed total explains more of the shares; else the printed total that most shares
/// agree with (at least two, and half of them). A single share is of its own total, and
/// reported only when no printed total fits.
fn share_base<'a>(ctx: &'a Context, b: &'a Breakdown, items: &[&Part]) -> Option<&'a Count> {
    let unit = items[0].count.unit;
    let largest = items.iter().map(|p| p.count.value).max()?;
    let ids = part_ids(b);
    // Each printed total once (a bulletin repeats its totals).
    let mut seen = std::collections::HashSet::new();
    let candidates: Vec<&Count> = b
        .totals
        .iter()
        .chain(ctx.whole.iter())
        .chain(ctx.candidates.iter().copied())
        .filter(|t| t.unit == unit && !is_part(&ids, t.id))
        .filter(|t| t.value >= largest && t.value > Decimal::ZERO)
        .filter(|t| seen.insert((t.value.normalize(), t.half)))
        .collect();
    let agree = |t: &Count| {
        items
            .iter()
            .filter(|p| p.share.as_ref().is_some_and(|s| fits(&p.count, s, t)))
            .count()
    };
    let best_of = || {
        let mut best: Option<(&Count, usize)> = None;
        for t in &candidates {
            let n = agree(t);
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((t, n));
            }
        }
        best
    };
    let exact = b.parts.iter().all(|p| p.count.half.is_zero());
    if exact && b.parts.len() >= 2 {
        if let Some((sum, _)) = add(b.parts.iter().map(|p| &p.count)) {
            let own = candidates
                .iter()
                .copied()
                .find(|t| t.half.is_zero() && t.value == sum)
                .or_else(|| ctx.printed(unit, sum, &|id| is_part(&ids, id)));
            if let Some(own) = own {
                let n = agree(own);
                if n == items.len() {
                    return Some(own);
                }
                return match best_of() {
                    Some((other, m)) if m > n => (m >= 2 && m * 2 >= items.len()).then_some(other),
                    _ => Some(own),
                };
            }
        }
    }
    let best = best_of();
    if items.len() == 1 {
        let own = b.totals.iter().find(|t| t.unit == unit)?;
        return (best.is_none_or(|(_, n)| n == 0)).then_some(own);
    }
    let (base, n) = best?;
    (n >= 2 && n * 2 >= items.len()).then_some(base)
}

/// Each share of a list against its count over the list's base.
fn shares(ctx: &Context, b: &Breakdown, out: &mut Vec<Check>) {
    if b.uncertain {
        return;
    }
    let items: Vec<&Part> = b.parts.iter().filter(|p| p.share.is_some()).collect();
    let Some(first) = items.first() else {
        return;
    };
    if b.parts.iter().any(|p| p.count.unit != first.count.unit) {
        return;
    }
    let Some(base) = share_base(ctx, b, &items) else {
        return;
    };
    for p in items {
        let Some(s) = &p.share else { continue };
        if fits(&p.count, s, base) {
            continue;
        }
        let Some(exact) = percent(p.count.value, base.value) else {
            continue;
        };
        let places = s.value.scale();
        let rounded = exact.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
        let cut = exact.round_dp_with_strategy(places, RoundingStrategy::ToZero);
        let exact4 = exact.round_dp(4);
        out.push(Check {
            check: CheckKind::Share,
            group: None,
            unit: p.name.clone(),
            metric: Metric::Share,
            reported: Figure::Number(s.value),
            computed: Figure::Number(rounded),
            delta: s.value.checked_sub(rounded),
            profile: None,
            at: s.at.clone(),
            detail: format!(
                "{} / {} = {exact4}%: rounded {rounded}, cut {cut}; printed {}",
                p.count.value, base.value, s.value
            ),
            basis: Some(Basis::Share {
                count: p.count.value,
                total: base.value,
                exact: exact4,
                truncated: Some(cut),
            }),
        });
    }
}

/// Closed and open orders against their total.
fn status(ctx: &Context, st: &Status, out: &mut Vec<Check>) {
    let all = [&st.total, &st.closed, &st.open];
    if all.iter().any(|c| !c.half.is_zero()) {
        return;
    }
    let Some(sum) = st.closed.value.checked_add(st.open.value) else {
        return;
    };
    if sum == st.total.value {
        return;
    }
    // Another printed total they may be of.
    let (closed, open) = (st.closed.id, st.open.id);
    if !ctx.prints(st.total.unit, sum, &|id| id == closed || id == open) {
        out.push(sum_check(
            &ctx.jurisdiction,
            &st.total,
            &[&st.closed, &st.open],
            sum,
            "",
        ));
    }
}

fn rate_check(ctx: &Context, r: &Rate, num: Decimal, den: Decimal) -> Option<Check> {
    let exact = percent(num, den)?;
    let rounded =
        exact.round_dp_with_strategy(r.rate.value.scale(), RoundingStrategy::MidpointAwayFromZero);
    let exact4 = exact.round_dp(4);
    Some(Check {
        check: CheckKind::Rate,
        group: None,
        unit: ctx.jurisdiction.clone(),
        metric: r.metric,
        reported: Figure::Number(r.rate.value),
        computed: Figure::Number(rounded),
        delta: r.rate.value.checked_sub(rounded),
        profile: None,
        at: r.rate.at.clone(),
        detail: format!("{num} / {den} = {exact4}%, printed {}", r.rate.value),
        basis: Some(Basis::Ratio {
            num,
            den,
            exact: exact4,
        }),
    })
}

/// A rate against its count and base: those printed with it (`99.93%(11163/11171)`), else
/// the count of its numerator right before it and every count of the paragraph that can
/// be its base; reported only when no base fits.
fn rate(ctx: &Context, r: &Rate, out: &mut Vec<Check>) {
    if let Some((num, den)) = r.explicit {
        let fits = percent(num, den).is_some_and(|e| Interval::printed(r.rate.value).contains(e));
        if !fits {
            out.extend(rate_check(ctx, r, num, den));
        }
        return;
    }
    let Some((_, pairs)) = RATE_OF_COUNTS.iter().find(|(m, _)| *m == r.metric) else {
        return;
    };
    let Some((num, nm)) = r.before.iter().find_map(|c| {
        let m = c.metric?;
        pairs.iter().any(|(n, _)| *n == m).then_some((c, m))
    }) else {
        return;
    };
    let dens: Vec<Metric> = pairs
        .iter()
        .filter(|(n, _)| *n == nm)
        .map(|(_, d)| *d)
        .collect();
    // A satisfaction rate is of those asked (回访): over any other count it is often a
    // survey's own score, not a count over a base.
    let visits = matches!(
        r.metric,
        Metric::SatisfactionRate | Metric::DissatisfactionRate
    );
    let bases: Vec<&Count> = r
        .earlier
        .iter()
        .filter_map(|id| ctx.s.count(*id))
        .filter(|c| c.id != num.id && c.unit == num.unit && c.value >= num.value)
        .filter(|c| {
            if visits {
                c.visits
            } else {
                c.metric.is_some_and(|m| dens.contains(&m))
            }
        })
        .collect();
    if bases.is_empty() || bases.iter().any(|b| fits(num, &r.rate, b)) {
        return;
    }
    // Told against the base of the most usual pair, the nearest printed.
    let base = dens
        .iter()
        .find_map(|d| bases.iter().rev().find(|b| b.metric == Some(*d)))
        .or(bases.last());
    if let Some(base) = base {
        out.extend(rate_check(ctx, r, num.value, base.value));
    }
}

/// The data rows of a document's tables by unit name, with their table's ordinal.
fn rows_by_unit(doc: &Document) -> HashMap<&str, Vec<(usize, &Row)>> {
    let mut out: HashMap<&str, Vec<(usize, &Row)>> = HashMap::new();
    for t in doc.tables.iter().filter(|t| t.kind == TableKind::Metrics) {
        for r in t.rows.iter().filter(|r| !r.is_total) {
            out.entry(r.unit.as_str()).or_default().push((t.index, r));
        }
    }
    out
}

/// A part's count in the prose against the same unit's count in a table (`…城管局(247件)`
/// against the row 城管局): compared when one row of the document has the unit, and the
/// measure is the same (the one the prose names, else the table's only count).
fn parts_vs_tables(rows: &HashMap<&str, Vec<(usize, &Row)>>, b: &Breakdown, out: &mut Vec<Check>) {
    if b.other_period {
        return;
    }
    for p in &b.parts {
        if !p.count.half.is_zero() || p.name.chars().count() < 2 {
            continue;
        }
        let Some([(table, row)]) = rows.get(p.name.as_str()).map(Vec::as_slice) else {
            continue;
        };
        let counts: Vec<&crate::model::Value> = row
            .values
            .iter()
            .filter(|v| v.metric.kind() == MetricKind::Count)
            .collect();
        let value = match p.count.metric.or(b.measure) {
            Some(m) => counts.iter().find(|v| v.metric == m),
            None if counts.len() == 1 => counts.first(),
            None => None,
        };
        let Some(v) = value else { continue };
        let Figure::Number(printed) = v.value else {
            continue;
        };
        if printed == p.count.value {
            continue;
        }
        out.push(Check {
            check: CheckKind::TextVsTable,
            group: row.group.clone(),
            unit: row.unit.clone(),
            metric: v.metric,
            reported: Figure::Number(p.count.value),
            computed: Figure::Number(printed),
            delta: p.count.value.checked_sub(printed),
            profile: None,
            at: p.count.at.clone(),
            detail: format!(
                "the text says {}; table {table}'s row ({}) says {}",
                p.count.printed, v.at, v.as_printed
            ),
            basis: Some(Basis::TextVsRow {
                text: p.count.printed.clone(),
                table: v.as_printed.clone(),
                table_at: v.at.clone(),
            }),
        });
    }
}

#[cfg(test)]
mod tests;
