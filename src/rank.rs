//! Competition ranking (1, 1, 3) by several keys, within groups.
//!
//! For each item the rank is `1 + how many items of its group are strictly better`. Items
//! equal on every key share that rank; the printed rank of such an item may be anything
//! from that rank to the last place the tied items take, since a bulletin may break the tie
//! on a figure it does not print (an unrounded score). [`Ranked`] gives both ends.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::profile::Order;

/// The ranks an item can hold: `lo` is its competition rank; `hi` the last place of the
/// items tied with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub lo: u32,
    pub hi: u32,
}

/// One item to rank: its group (None ranks with the other Nones) and its key values in the
/// order of the rank rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item<'a> {
    pub group: Option<&'a str>,
    pub keys: Vec<Decimal>,
}

fn compare(a: &[Decimal], b: &[Decimal], orders: &[Order]) -> Ordering {
    for ((x, y), o) in a.iter().zip(b).zip(orders) {
        let c = match o {
            Order::Desc => y.cmp(x),
            Order::Asc => x.cmp(y),
        };
        if c != Ordering::Equal {
            return c;
        }
    }
    Ordering::Equal
}

/// Ranks `items`; the result is in the items' order. `within_groups` false ranks all
/// items together.
pub fn rank(items: &[Item], orders: &[Order], within_groups: bool) -> Vec<Ranked> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    let group = |i: usize| if within_groups { items[i].group } else { None };
    idx.sort_by(|&a, &b| {
        group(a)
            .cmp(&group(b))
            .then_with(|| compare(&items[a].keys, &items[b].keys, orders))
    });
    let mut out = vec![Ranked { lo: 0, hi: 0 }; items.len()];
    let mut start = 0; // first index (in idx) of the current group
    let mut i = 0;
    while i < idx.len() {
        if group(idx[i]) != group(idx[start]) {
            start = i;
        }
        let mut j = i;
        while j + 1 < idx.len()
            && group(idx[j + 1]) == group(idx[i])
            && compare(&items[idx[j + 1]].keys, &items[idx[i]].keys, orders) == Ordering::Equal
        {
            j += 1;
        }
        let lo = (i - start + 1) as u32;
        let hi = (j - start + 1) as u32;
        for k in i..=j {
            out[idx[k]] = Ranked { lo, hi };
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(i: i64) -> Decimal {
        Decimal::new(i, 1)
    }

    #[test]
    fn rank_gives_competition_ranks() {
        let items: Vec<Item> = [99, 98, 99, 97]
            .iter()
            .map(|&s| Item {
                group: None,
                keys: vec![d(s)],
            })
            .collect();
        let r = rank(&items, &[Order::Desc], true);
        let lo: Vec<u32> = r.iter().map(|x| x.lo).collect();
        assert_eq!(lo, vec![1, 3, 1, 4]);
        assert_eq!(r[0], Ranked { lo: 1, hi: 2 });
    }

    #[test]
    fn rank_breaks_ties_on_the_next_key() {
        let items = vec![
            Item {
                group: None,
                keys: vec![d(1000), d(10)],
            },
            Item {
                group: None,
                keys: vec![d(1000), d(9)],
            },
            Item {
                group: None,
                keys: vec![d(1000), d(10)],
            },
        ];
        let r = rank(&items, &[Order::Desc, Order::Asc], true);
        assert_eq!(r.iter().map(|x| x.lo).collect::<Vec<_>>(), vec![2, 1, 2]);
    }

    #[test]
    fn rank_restarts_in_each_group() {
        let items = vec![
            Item {
                group: Some("一类"),
                keys: vec![d(5)],
            },
            Item {
                group: Some("二类"),
                keys: vec![d(9)],
            },
            Item {
                group: Some("一类"),
                keys: vec![d(7)],
            },
        ];
        let r = rank(&items, &[Order::Desc], true);
        assert_eq!(r.iter().map(|x| x.lo).collect::<Vec<_>>(), vec![2, 1, 1]);
        let r = rank(&items, &[Order::Desc], false);
        assert_eq!(r.iter().map(|x| x.lo).collect::<Vec<_>>(), vec![3, 1, 2]);
    }

    fn brute(items: &[Item], orders: &[Order], within: bool) -> Vec<u32> {
        items
            .iter()
            .map(|a| {
                1 + items
                    .iter()
                    .filter(|b| {
                        (!within || a.group == b.group)
                            && compare(&b.keys, &a.keys, orders) == Ordering::Less
                    })
                    .count() as u32
            })
            .collect()
    }

    proptest! {
        #[test]
        fn rank_is_competition_ranking_by_keys_within_groups(
            rows in proptest::collection::vec((0u8..3, 0i64..6, 0i64..4), 0..40),
            within in any::<bool>(),
            asc in any::<bool>(),
            shuffle in proptest::collection::vec(any::<u32>(), 40),
        ) {
            let groups = ["甲", "乙", "丙"];
            let orders = [Order::Desc, if asc { Order::Asc } else { Order::Desc }];
            let items: Vec<Item> = rows
                .iter()
                .map(|&(g, s, t)| Item { group: Some(groups[g as usize]), keys: vec![d(s), d(t)] })
                .collect();
            let ranks = rank(&items, &orders, within);
            prop_assert_eq!(ranks.iter().map(|r| r.lo).collect::<Vec<_>>(), brute(&items, &orders, within));
            // Tied items share the rank and the last place they take.
            for (a, ra) in items.iter().zip(&ranks) {
                let tied = items.iter().filter(|b| (!within || a.group == b.group) && b.keys == a.keys).count() as u32;
                prop_assert_eq!(ra.hi, ra.lo + tied - 1);
            }
            // The order the rows come in does not matter.
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by_key(|&i| (shuffle.get(i).copied().unwrap_or(0), i));
            let moved: Vec<Item> = order.iter().map(|&i| items[i].clone()).collect();
            let expect: Vec<Ranked> = order.iter().map(|&i| ranks[i]).collect();
            prop_assert_eq!(rank(&moved, &orders, within), expect);
        }
    }
}
