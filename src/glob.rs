//! Shell globs for `--glob` and `--exclude`: which files of a folder walk are read.
//! `*` is any run of characters but `/`, `**` any run at all, `?` one character but `/`,
//! `[abc]`, `[a-z]` and `[!a-z]` one of a set, `{a,b}` either alternative. A pattern
//! without `/` is matched against a file's name, one with `/` against its path below the
//! folder given (as ripgrep and gitignore do).

use std::path::Path;

/// A compiled pattern: its alternatives with braces expanded, as characters.
#[derive(Clone, Debug)]
pub struct Glob {
    alternatives: Vec<Vec<char>>,
    /// Matched against the path below the folder (it holds a `/`), else the name.
    whole_path: bool,
}

impl Glob {
    /// The pattern; any text is a pattern (an unclosed `[` or `{` is literal).
    pub fn new(pattern: &str) -> Glob {
        let trimmed = pattern.strip_prefix("./").unwrap_or(pattern);
        Glob {
            alternatives: expand_braces(trimmed)
                .into_iter()
                .map(|a| a.chars().collect())
                .collect(),
            whole_path: trimmed.contains('/'),
        }
    }

    /// Whether a file found at `relative` (its path below the folder walked) matches.
    pub fn matches(&self, relative: &Path) -> bool {
        let text = relative.to_string_lossy().replace('\\', "/");
        let subject = if self.whole_path {
            text.as_str()
        } else {
            text.rsplit('/').next().unwrap_or(&text)
        };
        let s: Vec<char> = subject.chars().collect();
        self.alternatives.iter().any(|p| match_here(p, &s))
    }
}

/// `a{b,c}d` → `abd`, `acd`; nested braces too. An unclosed brace is literal.
fn expand_braces(p: &str) -> Vec<String> {
    let Some(open) = p.find('{') else {
        return vec![p.to_string()];
    };
    let mut depth = 0;
    let mut close = None;
    let mut commas = Vec::new();
    for (i, c) in p[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(open + i);
                    break;
                }
            }
            ',' if depth == 1 => commas.push(open + i),
            _ => {}
        }
    }
    let Some(close) = close else {
        return vec![p.to_string()];
    };
    let (head, tail) = (&p[..open], &p[close + 1..]);
    let mut cuts = vec![open];
    cuts.extend(commas);
    cuts.push(close);
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let middle = &p[w[0] + 1..w[1]];
        for rest in expand_braces(&format!("{middle}{tail}")) {
            out.push(format!("{head}{rest}"));
        }
    }
    out
}

/// Whether pattern `p` matches all of `s`.
fn match_here(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            // `**/` also matches no folder at all.
            let rest = &p[2..];
            if let Some(after) = rest.strip_prefix(&['/']) {
                if match_here(after, s) {
                    return true;
                }
            }
            (0..=s.len()).any(|k| match_here(rest, &s[k..]))
        }
        Some('*') => {
            let rest = &p[1..];
            for k in 0..=s.len() {
                if match_here(rest, &s[k..]) {
                    return true;
                }
                if s.get(k) == Some(&'/') {
                    break;
                }
            }
            false
        }
        Some('?') => s.first().is_some_and(|c| *c != '/') && match_here(&p[1..], &s[1..]),
        Some('[') => match class(&p[1..]) {
            Some((set, len)) => {
                s.first().is_some_and(|c| *c != '/' && set.contains(*c))
                    && match_here(&p[1 + len..], &s[1..])
            }
            None => s.first() == Some(&'[') && match_here(&p[1..], &s[1..]),
        },
        Some(c) => s.first() == Some(c) && match_here(&p[1..], &s[1..]),
    }
}

/// A `[…]` set: its members and how many pattern characters it took (with the `]`).
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
}

impl Class {
    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != self.negated
    }
}

fn class(p: &[char]) -> Option<(Class, usize)> {
    let mut i = 0;
    let negated = matches!(p.first(), Some('!') | Some('^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let start = i;
    while i < p.len() {
        let c = p[i];
        if c == ']' && i > start {
            return Some((Class { negated, ranges }, i + 1));
        }
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|e| *e != ']') {
            ranges.push((c, p[i + 2]));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Glob::new(p).matches(Path::new(s))
    }

    #[test]
    fn glob_name_patterns_match_the_name_at_any_depth() {
        assert!(m("*.txt", "a.txt"));
        assert!(m("*.txt", "x/y/a.txt"));
        assert!(!m("*.txt", "a.txt.bak"));
        assert!(m("*.{xlsx,xls}", "sub/b.xls"));
        assert!(m("20??-0[1-6]*", "2022-06 通报.docx"));
        assert!(!m("20??-0[!1-6]*", "2022-06.docx"));
        assert!(m("[", "["));
    }

    #[test]
    fn glob_path_patterns_match_below_the_folder() {
        assert!(m("2022/*.txt", "2022/a.txt"));
        assert!(!m("2022/*.txt", "2022/x/a.txt"));
        assert!(m("2022/**/*.txt", "2022/x/y/a.txt"));
        assert!(m("2022/**/*.txt", "2022/a.txt"));
        assert!(m("**/drafts/**", "a/drafts/b.txt"));
        assert!(!m("*/a.txt", "a.txt"));
    }
}
