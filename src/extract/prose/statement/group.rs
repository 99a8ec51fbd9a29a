//! Grouping a paragraph's figures into structures: the parts of a total (after `其中`,
//! in parentheses, a list of its own, split by dimension), closed and open orders of a
//! total, and each rate with the counts before it.

use rust_decimal::Decimal;

use super::words::*;
use super::{
    Breakdown, Count, Fig, Kind, Opener, Part, Rate, Role, Sep, Status, Structures, MAX_BASES,
    MAX_SENTENCES_BACK,
};
use crate::extract::prose::clause::holds;
use crate::model::Metric;

fn count_of<'f>(f: &'f Fig) -> Option<&'f Count> {
    match &f.kind {
        Kind::Count(c) if !f.change => Some(c),
        _ => None,
    }
}

/// Groups a paragraph's figures into structures.
pub(super) fn group(figs: &[Fig], blind: &[bool], out: &mut Structures) {
    let Some(last) = figs.last() else {
        return;
    };
    // What the parentheses after each figure hold.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); figs.len()];
    for (i, f) in figs.iter().enumerate() {
        if let Some(o) = f.owner {
            children[o].push(i);
        }
    }
    let children = children.as_slice();
    // Parentheses after a figure: its parts (`42172件(热线42037件,多媒体135件)`).
    for (o, owner) in figs.iter().enumerate() {
        let inner = &children[o];
        let Some(total) = usable(owner) else {
            continue;
        };
        if inner
            .iter()
            .filter(|i| count_of(&figs[**i]).is_some())
            .count()
            < 2
        {
            continue;
        }
        let mut b = parts_of(figs, children, inner, vec![total.clone()], Vec::new());
        // A sum in parentheses is all the parts only when it says so (`…其他…`).
        b.some_only |= !b.all_parts || inner.iter().any(|i| figs[*i].opens.is_some());
        push_breakdown(out, b, figs, inner);
    }
    // Sentence by sentence, the figures outside parentheses.
    let mut sentences: Vec<Vec<usize>> = vec![Vec::new(); last.sentence + 1];
    for (i, f) in figs.iter().enumerate().filter(|(_, f)| f.owner.is_none()) {
        sentences[f.sentence].push(i);
    }
    for (s, top) in sentences.iter().enumerate() {
        if top.is_empty() {
            continue;
        }
        lists(figs, children, &sentences, blind, s, out);
        statuses(figs, top, s, out);
        rates(figs, children, top, out);
    }
}

/// The lists of parts of sentence `s`: after an opener (`其中`), of the total before it;
/// else a list of its own.
fn lists(
    figs: &[Fig],
    children: &[Vec<usize>],
    sentences: &[Vec<usize>],
    blind: &[bool],
    s: usize,
    out: &mut Structures,
) {
    let top = &sentences[s];
    match top.iter().position(|i| figs[*i].opens.is_some()) {
        Some(q) => {
            let before: Vec<&Fig> = top[..q]
                .iter()
                .map(|i| &figs[*i])
                .filter(|f| usable(f).is_some())
                .collect();
            let (totals, measures, subject) =
                if let Some(t) = before.last().and_then(|f| usable(f)).cloned() {
                    let mut totals = vec![t];
                    totals.extend(
                        before[..before.len() - 1]
                            .iter()
                            .rev()
                            .filter_map(|f| usable(f).cloned()),
                    );
                    totals.extend(list_sum(&before));
                    (totals, Vec::new(), String::new())
                } else {
                    // `…。其中,…`: the total is the first count of the last sentence before
                    // that printed one; the measures after it are its other measures. A
                    // sentence naming a count without its number (`共回退工单件。其中…`) is
                    // where the total was: it is not printed, nothing is checked.
                    let mut prev = None;
                    for p in (s.saturating_sub(MAX_SENTENCES_BACK)..s).rev() {
                        if sentences[p].iter().any(|i| usable(&figs[*i]).is_some()) {
                            prev = Some(&sentences[p]);
                            break;
                        }
                        if blind.get(p).copied().unwrap_or(false) {
                            return;
                        }
                    }
                    let Some(prev) = prev else {
                        return;
                    };
                    let counts: Vec<&Fig> = prev
                        .iter()
                        .map(|i| &figs[*i])
                        .filter(|f| usable(f).is_some())
                        .collect();
                    let Some(first) = counts.first().and_then(|f| usable(f)).cloned() else {
                        return;
                    };
                    let measures: Vec<Count> = counts[1..]
                        .iter()
                        .filter(|f| f.pure)
                        .filter_map(|f| usable(f).cloned())
                        .collect();
                    let subject = if counts.len() == 1 && !counts[0].keyword {
                        first.name.clone()
                    } else {
                        String::new()
                    };
                    let mut totals = vec![first];
                    totals.extend(counts[1..].iter().filter_map(|f| usable(f).cloned()));
                    totals.extend(list_sum(&counts));
                    (totals, measures, subject)
                };
            // The parts run to the next opener (a list inside a part is its own).
            let end = top[q + 1..]
                .iter()
                .position(|i| figs[*i].opens.is_some())
                .map_or(top.len(), |p| q + 1 + p);
            let run = &top[q..end];
            let some = figs[run[0]].opens == Some(Opener::Some);
            for mut b in dimensions(figs, children, run, totals, measures) {
                b.some_only |= some;
                b.subject = subject.clone();
                push_breakdown(out, b, figs, run);
            }
        }
        None => {
            for b in dimensions(figs, children, top, Vec::new(), Vec::new()) {
                if b.parts.len() >= 2 {
                    push_breakdown(out, b, figs, top);
                }
            }
        }
    }
}

/// The sum of a sentence's named counts when it lists several (`受理A…24件、B…9件、
/// C…8件。其中:…`): the parts after it may be of them all.
fn list_sum(counts: &[&Fig]) -> Option<Count> {
    let mut named = counts.iter().filter(|f| !f.pure).filter_map(|f| usable(f));
    let first = named.next()?;
    // The sum, from the first count on; `None` when any count is of another unit or not
    // whole, or the sum overflows.
    let mut value = Decimal::ZERO;
    let mut len = 0;
    for c in std::iter::once(first).chain(named) {
        if c.unit != first.unit || !c.half.is_zero() {
            return None;
        }
        value = value.checked_add(c.value)?;
        len += 1;
    }
    if len < 2 {
        return None;
    }
    Some(Count {
        id: usize::MAX,
        value,
        printed: value.to_string(),
        name: String::new(),
        metric: None,
        visits: false,
        total: false,
        ..first.clone()
    })
}

/// A count that can be a total or a part: not a change, not approximate, not of another
/// period.
fn usable<'f>(f: &'f Fig) -> Option<&'f Count> {
    count_of(f).filter(|_| !f.approx && !f.earlier)
}

fn push_breakdown(out: &mut Structures, mut b: Breakdown, figs: &[Fig], run: &[usize]) {
    for i in run {
        let f = &figs[*i];
        b.other_period |= f.context_earlier;
        b.some_only |= f.some_only;
        b.measure = b.measure.or(f.context_metric);
    }
    if !b.parts.is_empty() {
        out.breakdowns.push(b);
    }
}

/// The parts of a run of figures; a run whose `;`-segments are each a list of two or more
/// parts (`按类别分,A…,B…;按渠道分,C…,D…`) is one list per segment.
fn dimensions(
    figs: &[Fig],
    children: &[Vec<usize>],
    run: &[usize],
    totals: Vec<Count>,
    measures: Vec<Count>,
) -> Vec<Breakdown> {
    let summed_up = totals.is_empty();
    let mut whole = parts_of(figs, children, run, totals, measures);
    // A list summed up at its end (`…,合计…件`) is one list, whatever its segments.
    if summed_up && !whole.totals.is_empty() {
        return vec![whole];
    }
    // Where each `;`-segment starts.
    let mut starts: Vec<usize> = vec![0];
    for (i, p) in whole.parts.iter().enumerate().skip(1) {
        if p.sep >= Sep::Semicolon {
            starts.push(i);
        }
    }
    starts.push(whole.parts.len());
    let lists = starts.windows(2).filter(|w| w[1] - w[0] >= 2).count();
    if lists < 2 {
        return vec![whole];
    }
    let parts = std::mem::take(&mut whole.parts);
    starts
        .windows(2)
        .map(|w| {
            let parts = parts[w[0]..w[1]].to_vec();
            Breakdown {
                all_parts: parts.iter().any(|p| is_catch_all(&p.name)),
                parts,
                ..whole.clone()
            }
        })
        .collect()
}

fn is_catch_all(name: &str) -> bool {
    CATCH_ALL.iter().any(|w| holds(name, w))
}

/// Builds the parts of a run of figures.
fn parts_of(
    figs: &[Fig],
    children: &[Vec<usize>],
    run: &[usize],
    totals: Vec<Count>,
    measures: Vec<Count>,
) -> Breakdown {
    let mut b = Breakdown {
        totals,
        measures,
        parts: Vec::new(),
        all_parts: false,
        some_only: false,
        uncertain: false,
        keyworded: false,
        other_period: false,
        subject: String::new(),
        measure: None,
    };
    // Whether the part before was named by a keyword only (`交办工单230件`): then a pure
    // count after it is another part, not its measure.
    let mut current_pure = false;
    for (k, i) in run.iter().enumerate() {
        let f = &figs[*i];
        match &f.kind {
            Kind::Count(_) if f.change => {}
            // `A…件,B…件,合计…件`: the last count of a list of its own sums it up.
            Kind::Count(c)
                if f.sums_up
                    && b.totals.is_empty()
                    && b.parts.len() >= 2
                    && !run[k + 1..].iter().any(|j| count_of(&figs[*j]).is_some()) =>
            {
                b.uncertain |= f.approx || f.earlier;
                b.totals.push(c.clone());
                b.all_parts = true;
            }
            Kind::Count(c) => {
                b.uncertain |= f.approx;
                if f.pure && !b.parts.is_empty() && !current_pure {
                    if f.sep > Sep::Comma {
                        // After named parts, a measure past a `;` is the whole's again
                        // (`其中,A…件;B…件;已办结…件`): the parts have ended.
                        break;
                    }
                    if let Some(p) = b.parts.last_mut() {
                        p.measures.push(c.clone());
                    }
                    continue;
                }
                if f.non_part {
                    b.uncertain = true;
                    continue;
                }
                // A part named as a total, or not named at all, may be no part; a tag across
                // the parts (`涉企…`) counts some orders twice.
                b.keyworded |= f.keyword || c.total;
                b.uncertain |= c.name.is_empty()
                    || CROSS_CUTTING.iter().any(|w| holds(&c.name, w))
                    || CROSS_CUTTING_OPENERS.iter().any(|w| c.name.starts_with(w));
                b.other_period |= f.earlier;
                current_pure = f.pure;
                let mut part = Part {
                    name: c.name.clone(),
                    count: c.clone(),
                    share: None,
                    measures: Vec::new(),
                    not_handled: NOT_HANDLED_PARTS.iter().any(|w| holds(&c.name, w)),
                    sep: f.sep,
                };
                // A share in the parentheses of the count (`43件(30.2%)`).
                if let [g] = children[*i].as_slice() {
                    if let Kind::Percent(p, Role::Share) = &figs[*g].kind {
                        part.share = Some(p.clone());
                    }
                }
                b.parts.push(part);
            }
            Kind::Percent(p, Role::Share) => {
                let n = b.parts.len();
                // After `A…件、B…件、C…件,` a share is of all three.
                let of_a_run = n >= 2
                    && b.parts[n - 1].sep == Sep::Pause
                    && b.parts[n - 2].share.is_none()
                    && f.sep >= Sep::Comma;
                match b.parts.last_mut() {
                    Some(part) if part.share.is_none() && f.sep <= Sep::Comma && !of_a_run => {
                        part.share = Some(p.clone());
                    }
                    _ => {}
                }
            }
            Kind::Bare => b.uncertain = true,
            Kind::Percent(..) | Kind::Ratio(..) => {}
        }
    }
    b.all_parts |= b.parts.iter().any(|p| is_catch_all(&p.name));
    b
}

/// Closed and open orders of a total in one sentence (`已办理4070件,已办结4068件,待办理
/// 0件`; `有320件已完成,55件正在推进中`).
fn statuses(figs: &[Fig], top: &[usize], s: usize, out: &mut Structures) {
    let counts: Vec<usize> = top
        .iter()
        .copied()
        .filter(|i| count_of(&figs[*i]).is_some())
        .collect();
    let is_open = |f: &Fig, c: &Count| {
        OPEN_WORDS
            .iter()
            .any(|w| c.name.contains(w) || f.tail.contains(w))
    };
    for w in 0..counts.len().saturating_sub(1) {
        let (cf, of) = (&figs[counts[w]], &figs[counts[w + 1]]);
        let (Some(closed), Some(open)) = (usable(cf), usable(of)) else {
            continue;
        };
        let named_closed = closed.metric == Some(Metric::Closed)
            || !cf.tail.is_empty() && CLOSED_AFTER.iter().any(|w| cf.tail.contains(w));
        if !named_closed || closed.unit != open.unit || is_open(cf, closed) || !is_open(of, open) {
            continue;
        }
        // Another count right after (`…,未办结40件,退回10件`): more than two statuses.
        if counts
            .get(w + 2)
            .is_some_and(|i| !figs[*i].pure && usable(&figs[*i]).is_some())
        {
            continue;
        }
        // The total: the count right before in the sentence, else the earlier count the
        // closed count's subject names (`转交办理…件。转交办理事项已办结…件`).
        let right_before = w
            .checked_sub(1)
            .and_then(|p| usable(&figs[counts[p]]))
            .filter(|t| {
                t.unit == closed.unit
                    && t.value >= closed.value
                    && !OPEN_WORDS.iter().any(|w| t.name.contains(w))
            });
        let total = right_before.or_else(|| {
            let subject = closed_subject(&closed.name);
            if subject.chars().count() < 2 {
                return None;
            }
            figs.iter()
                .rev()
                .filter(|f| f.sentence < s && f.owner.is_none())
                .take(MAX_BASES)
                .filter_map(usable)
                .find(|t| {
                    t.name.chars().count() >= 2
                        && subject.starts_with(t.name.as_str())
                        && t.unit == closed.unit
                        && t.value >= closed.value
                })
        });
        if let Some(total) = total {
            out.statuses.push(Status {
                total: total.clone(),
                closed: closed.clone(),
                open: open.clone(),
            });
        }
    }
}

/// The words of a closed count before its keyword (`转交办理事项` of `转交办理事项已办结`).
fn closed_subject(name: &str) -> &str {
    CLOSED_KEYWORDS
        .iter()
        .find_map(|k| name.find(k).map(|at| &name[..at]))
        .unwrap_or("")
}

/// Each rate of a sentence with the counts before it.
fn rates(figs: &[Fig], children: &[Vec<usize>], top: &[usize], out: &mut Structures) {
    for (k, &me) in top.iter().enumerate() {
        let Kind::Percent(p, Role::Rate(metric)) = &figs[me].kind else {
            continue;
        };
        let qualifier = figs[me].qualifier.as_str();
        let explicit = children[me].iter().find_map(|g| match figs[*g].kind {
            Kind::Ratio(a, b) => Some((a, b)),
            _ => None,
        });
        let before: Vec<Count> = top[..k]
            .iter()
            .rev()
            .filter_map(|i| usable(&figs[*i]))
            .take(2)
            .cloned()
            .map(|mut c| {
                // `基本满意…件` is no count of the satisfied; `快速办结率` is not of the
                // plain `办结…件`.
                if NOT_NUMERATOR_BEFORE.iter().any(|w| c.name.contains(w))
                    || !c.name.contains(qualifier)
                {
                    c.metric = None;
                }
                c
            })
            .collect();
        // The bases a rate can have are printed near it: the last counts before it.
        let mut earlier: Vec<usize> = figs[..me]
            .iter()
            .rev()
            .filter(|g| g.owner.is_none())
            .filter_map(usable)
            .filter(|c| c.metric.is_some() || c.visits)
            .take(MAX_BASES)
            .map(|c| c.id)
            .collect();
        earlier.reverse();
        out.rates.push(Rate {
            metric: *metric,
            rate: p.clone(),
            before,
            earlier,
            explicit,
        });
    }
}
