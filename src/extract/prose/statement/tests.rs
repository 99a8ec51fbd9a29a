use super::*;

fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line {
            no: i + 1,
            raw: l.to_string(),
            norm: crate::source::normalize::normalize_line(l),
            at: format!("t:{}", i + 1),
        })
        .collect()
}

#[test]
fn debug_dump() {
    let Ok(dir) = std::env::var("H17_DUMP") else { return };
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        println!("=== {}", path.display());
        let s = structures(&lines(&text));
        let c = |c: &Count| format!("{}{}", c.value, c.unit);
        for b in &s.breakdowns {
            let parts: Vec<String> = b.parts.iter().map(|p| format!("{}:{}{}{}", p.name, c(&p.count), p.share.as_ref().map(|s| format!("[{}]", s.printed)).unwrap_or_default(), p.measures.iter().map(|m| format!("+{:?}{}", m.metric, c(m))).collect::<String>())).collect();
            println!("B {} tot={:?} meas={:?} all={} some={} unc={} kw={} per={} subj={} | {}", b.parts[0].count.at, b.totals.iter().map(c).collect::<Vec<_>>(), b.measures.iter().map(c).collect::<Vec<_>>(), b.all_parts, b.some_only, b.uncertain, b.keyworded, b.other_period, b.subject, parts.join(" ; "));
        }
        for st in &s.statuses { println!("S {} {} = {} + {}", st.total.at, c(&st.total), c(&st.closed), c(&st.open)); }
        for r in &s.rates { println!("R {} {:?} {} before={:?} explicit={:?} earlier={}", r.rate.at, r.metric, r.rate.printed, r.before.iter().map(|x| format!("{:?}{}", x.metric, c(x))).collect::<Vec<_>>(), r.explicit, r.earlier.len()); }
    }
}
