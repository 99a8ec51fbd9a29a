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
    let Ok(path) = std::env::var("H17_DUMP") else { return };
    let text = std::fs::read_to_string(path).unwrap();
    let s = structures(&lines(&text));
    for b in &s.breakdowns { println!("{b:?}\n"); }
    for b in &s.statuses { println!("{b:?}\n"); }
    for b in &s.rates { println!("{b:?}\n"); }
}

#[test]
fn debug_figs() {
    let Ok(path) = std::env::var("H17_DUMP") else { return };
    let text = std::fs::read_to_string(path).unwrap();
    for para in paragraphs(&lines(&text)) {
        println!("PARA {}", para.text);
        let (figs, blind) = scan(&para, 0);
        println!("blind {blind:?}");
        for f in &figs {
            println!("  {:?} s{} sep{:?} own{:?} ctx[{}] tail[{}] opens{:?} pure{} np{} kw{}", f.kind, f.sentence, f.sep, f.owner, f.context, f.tail, f.opens, f.pure, f.non_part, f.keyword);
        }
    }
}
