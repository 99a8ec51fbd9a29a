//! Scoring formulas: a small expression language over metric keys and constants
//! (`response_rate * 0.1 + resolution_rate * 0.5`, `100 - 0.5 * max(0, avg_days - avg)`),
//! evaluated exactly on decimals, either at a point (the printed inputs) or over intervals
//! (every input that a printed, rounded figure stands for).
//!
//! The interval evaluation is what keeps checks free of false alarms
//! (`shared/spec/scoring.md`): a printed 89.58 stands for anything in [89.575, 89.585].

use rust_decimal::Decimal;

/// A closed interval of decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
}

impl Interval {
    pub fn point(d: Decimal) -> Interval {
        Interval { lo: d, hi: d }
    }

    /// What a printed figure with `d.scale()` decimals stands for: ± half a unit in the last
    /// place.
    ///
    /// At the edges of what a decimal holds (28 decimals, or 28 digits) the half unit
    /// cannot be represented: the interval is then the point, or stops at the largest
    /// decimal, never an overflow.
    pub fn printed(d: Decimal) -> Interval {
        let Ok(half) = Decimal::try_new(5, d.scale() + 1) else {
            return Interval::point(d);
        };
        Interval {
            lo: d.checked_sub(half).unwrap_or(Decimal::MIN),
            hi: d.checked_add(half).unwrap_or(Decimal::MAX),
        }
    }

    pub fn contains(&self, d: Decimal) -> bool {
        self.lo <= d && d <= self.hi
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    fn add(self, o: Interval) -> Option<Interval> {
        Some(Interval {
            lo: self.lo.checked_add(o.lo)?,
            hi: self.hi.checked_add(o.hi)?,
        })
    }

    fn sub(self, o: Interval) -> Option<Interval> {
        Some(Interval {
            lo: self.lo.checked_sub(o.hi)?,
            hi: self.hi.checked_sub(o.lo)?,
        })
    }

    /// Whether both ends are the same decimal, to the representation (`2` and `2.00` are
    /// equal but give products of other scales).
    fn is_point(&self) -> bool {
        self.lo.serialize() == self.hi.serialize()
    }

    /// The least and the greatest of `op` over the ends of the two intervals. An interval
    /// that is a point has one end: a printed score's formula is evaluated over points for
    /// every row, where four products (or quotients) would be the same one four times.
    fn extremes(
        self,
        o: Interval,
        op: impl Fn(Decimal, Decimal) -> Option<Decimal>,
    ) -> Option<Interval> {
        let (a, b): (&[Decimal], &[Decimal]) = (
            if self.is_point() {
                &[self.lo]
            } else {
                &[self.lo, self.hi]
            },
            if o.is_point() { &[o.lo] } else { &[o.lo, o.hi] },
        );
        let mut p = [Decimal::ZERO; 4];
        let mut n = 0;
        for &x in a {
            for &y in b {
                p[n] = op(x, y)?;
                n += 1;
            }
        }
        Some(Interval {
            lo: *p[..n].iter().min()?,
            hi: *p[..n].iter().max()?,
        })
    }

    fn mul(self, o: Interval) -> Option<Interval> {
        self.extremes(o, Decimal::checked_mul)
    }

    fn div(self, o: Interval) -> Option<Interval> {
        if o.lo <= Decimal::ZERO && o.hi >= Decimal::ZERO {
            return None; // the divisor may be zero: nothing can be said
        }
        self.extremes(o, Decimal::checked_div)
    }
}

/// A parsed formula.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Num(Decimal),
    Var(String),
    Neg(Box<Expr>),
    Bin(Box<Expr>, Op, Box<Expr>),
    Call(Func, Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Max,
    Min,
}

/// Why a formula does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad formula at character {at}: {message}")]
pub struct FormulaError {
    pub at: usize,
    pub message: String,
}

impl Expr {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<Expr, FormulaError> {
        let tokens = tokenize(text)?;
        let mut p = Parser { tokens, pos: 0 };
        let e = p.sum()?;
        match p.tokens.get(p.pos) {
            None => Ok(e),
            Some((at, t)) => Err(FormulaError {
                at: *at,
                message: format!("unexpected {t:?}"),
            }),
        }
    }

    /// The names the formula reads.
    pub fn variables(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect(&self, out: &mut Vec<String>) {
        match self {
            Expr::Num(_) => {}
            Expr::Var(v) => {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            Expr::Neg(e) => e.collect(out),
            Expr::Bin(a, _, b) => {
                a.collect(out);
                b.collect(out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.collect(out)),
        }
    }

    /// Evaluates at a point, every input exact: what [`Expr::eval`] gives on points (its
    /// `lo`, which is then its `hi`), without carrying two ends. `None` when a name has no
    /// value, a division is by zero, or a step overflows.
    pub fn eval_point(&self, lookup: &dyn Fn(&str) -> Option<Decimal>) -> Option<Decimal> {
        match self {
            Expr::Num(d) => Some(*d),
            Expr::Var(v) => lookup(v),
            Expr::Neg(e) => Some(-e.eval_point(lookup)?),
            Expr::Bin(a, op, b) => {
                let (x, y) = (a.eval_point(lookup)?, b.eval_point(lookup)?);
                match op {
                    Op::Add => x.checked_add(y),
                    Op::Sub => x.checked_sub(y),
                    Op::Mul => x.checked_mul(y),
                    // `Interval::div` refuses a divisor interval that holds zero; a point
                    // holds it when it is zero.
                    Op::Div if y.is_zero() => None,
                    Op::Div => x.checked_div(y),
                }
            }
            Expr::Call(f, args) => {
                let pick: fn(Decimal, Decimal) -> Decimal = match f {
                    Func::Max => Decimal::max,
                    Func::Min => Decimal::min,
                };
                let mut out: Option<Decimal> = None;
                for a in args {
                    let v = a.eval_point(lookup)?;
                    out = Some(match out {
                        None => v,
                        Some(acc) => pick(acc, v),
                    });
                }
                out
            }
        }
    }

    /// Evaluates over intervals; `None` when a name has no value or a division may be by
    /// zero.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<Interval>) -> Option<Interval> {
        match self {
            Expr::Num(d) => Some(Interval::point(*d)),
            Expr::Var(v) => lookup(v),
            Expr::Neg(e) => {
                let i = e.eval(lookup)?;
                Some(Interval {
                    lo: -i.hi,
                    hi: -i.lo,
                })
            }
            Expr::Bin(a, op, b) => {
                let (x, y) = (a.eval(lookup)?, b.eval(lookup)?);
                match op {
                    Op::Add => x.add(y),
                    Op::Sub => x.sub(y),
                    Op::Mul => x.mul(y),
                    Op::Div => x.div(y),
                }
            }
            Expr::Call(f, args) => {
                let vals: Option<Vec<Interval>> = args.iter().map(|a| a.eval(lookup)).collect();
                let vals = vals?;
                let pick = |f: fn(Decimal, Decimal) -> Decimal| {
                    vals.iter().copied().reduce(|a, b| Interval {
                        lo: f(a.lo, b.lo),
                        hi: f(a.hi, b.hi),
                    })
                };
                match f {
                    Func::Max => pick(Decimal::max),
                    Func::Min => pick(Decimal::min),
                }
            }
        }
    }
}

/// The formula written out again (`handled / due`, `(1 - rework_share) * 20`), with the
/// parentheses its precedence needs.
impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn precedence(e: &Expr) -> u8 {
            match e {
                Expr::Bin(_, Op::Add | Op::Sub, _) => 1,
                Expr::Bin(_, Op::Mul | Op::Div, _) => 2,
                Expr::Neg(_) => 3,
                _ => 4,
            }
        }
        match self {
            Expr::Num(d) => write!(f, "{d}"),
            Expr::Var(v) => f.write_str(v),
            Expr::Neg(e) if precedence(e) < 3 => write!(f, "-({e})"),
            Expr::Neg(e) => write!(f, "-{e}"),
            Expr::Bin(a, op, b) => {
                let p = precedence(self);
                let (sym, strict) = match op {
                    Op::Add => ('+', false),
                    Op::Sub => ('-', true),
                    Op::Mul => ('*', false),
                    Op::Div => ('/', true),
                };
                if precedence(a) < p {
                    write!(f, "({a})")?;
                } else {
                    write!(f, "{a}")?;
                }
                write!(f, " {sym} ")?;
                let pb = precedence(b);
                if pb < p || (strict && pb == p) {
                    write!(f, "({b})")
                } else {
                    write!(f, "{b}")
                }
            }
            Expr::Call(func, args) => {
                f.write_str(match func {
                    Func::Max => "max(",
                    Func::Min => "min(",
                })?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(Decimal),
    Name(String),
    Sym(char),
}

fn tokenize(text: &str) -> Result<Vec<(usize, Tok)>, FormulaError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            let d = s.parse::<Decimal>().map_err(|_| FormulaError {
                at: start,
                message: format!("bad number {s:?}"),
            })?;
            out.push((start, Tok::Num(d)));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((start, Tok::Name(chars[start..i].iter().collect())));
        } else if "+-*/(),".contains(c) {
            out.push((i, Tok::Sym(c)));
            i += 1;
        } else {
            return Err(FormulaError {
                at: i,
                message: format!("unexpected character {c:?}"),
            });
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<(usize, Tok)>,
    pos: usize,
}

impl Parser {
    fn peek_sym(&self) -> Option<char> {
        match self.tokens.get(self.pos) {
            Some((_, Tok::Sym(c))) => Some(*c),
            _ => None,
        }
    }

    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(usize::MAX, |t| t.0)
    }

    fn err(&self, message: &str) -> FormulaError {
        let at = self
            .tokens
            .get(self.pos)
            .map_or_else(|| self.tokens.last().map_or(0, |t| t.0 + 1), |t| t.0);
        FormulaError {
            at,
            message: message.to_string(),
        }
    }

    fn sum(&mut self) -> Result<Expr, FormulaError> {
        let mut e = self.product()?;
        while let Some(c @ ('+' | '-')) = self.peek_sym() {
            self.pos += 1;
            let r = self.product()?;
            e = Expr::Bin(
                Box::new(e),
                if c == '+' { Op::Add } else { Op::Sub },
                Box::new(r),
            );
        }
        Ok(e)
    }

    fn product(&mut self) -> Result<Expr, FormulaError> {
        let mut e = self.unary()?;
        while let Some(c @ ('*' | '/')) = self.peek_sym() {
            self.pos += 1;
            let r = self.unary()?;
            e = Expr::Bin(
                Box::new(e),
                if c == '*' { Op::Mul } else { Op::Div },
                Box::new(r),
            );
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, FormulaError> {
        if self.peek_sym() == Some('-') {
            self.pos += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, FormulaError> {
        let Some((_, tok)) = self.tokens.get(self.pos).cloned() else {
            return Err(self.err("the formula ends too early"));
        };
        self.pos += 1;
        match tok {
            Tok::Num(d) => Ok(Expr::Num(d)),
            Tok::Sym('(') => {
                let e = self.sum()?;
                self.expect(')')?;
                Ok(e)
            }
            Tok::Name(name) if self.peek_sym() == Some('(') => {
                let func = match name.as_str() {
                    "max" => Func::Max,
                    "min" => Func::Min,
                    _ => {
                        self.pos -= 1;
                        return Err(
                            self.err(&format!("unknown function {name:?} (use max or min)"))
                        );
                    }
                };
                self.pos += 1;
                let mut args = vec![self.sum()?];
                while self.peek_sym() == Some(',') {
                    self.pos += 1;
                    args.push(self.sum()?);
                }
                self.expect(')')?;
                Ok(Expr::Call(func, args))
            }
            Tok::Name(name) => Ok(Expr::Var(name)),
            Tok::Sym(c) => {
                self.pos -= 1;
                Err(self.err(&format!("unexpected {c:?}")))
            }
        }
    }

    fn expect(&mut self, c: char) -> Result<(), FormulaError> {
        if self.peek_sym() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            let _ = self.at();
            Err(self.err(&format!("expected {c:?}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// Products and quotients over all four pairs of ends, as they were computed before
    /// points were given one end.
    fn four(
        x: Interval,
        y: Interval,
        op: fn(Decimal, Decimal) -> Option<Decimal>,
    ) -> Option<Interval> {
        let p = [
            op(x.lo, y.lo)?,
            op(x.lo, y.hi)?,
            op(x.hi, y.lo)?,
            op(x.hi, y.hi)?,
        ];
        Some(Interval {
            lo: *p.iter().min()?,
            hi: *p.iter().max()?,
        })
    }

    #[test]
    fn formula_points_give_what_four_ends_give() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let ends = [
            "-3.5", "-1", "-0", "0", "0.00", "0.25", "2", "2.00", "7.125", "99.99", "100",
        ];
        let mut intervals = Vec::new();
        for a in ends {
            for b in ends {
                if d(a) <= d(b) {
                    intervals.push(Interval { lo: d(a), hi: d(b) });
                }
            }
        }
        intervals.push(Interval::printed(d("95.3")));
        let shown = |i: Option<Interval>| i.map(|i| (i.lo.to_string(), i.hi.to_string()));
        for &x in &intervals {
            for &y in &intervals {
                assert_eq!(
                    shown(x.mul(y)),
                    shown(four(x, y, Decimal::checked_mul)),
                    "{x:?} * {y:?}"
                );
                let div = if y.lo <= Decimal::ZERO && y.hi >= Decimal::ZERO {
                    None
                } else {
                    four(x, y, Decimal::checked_div)
                };
                assert_eq!(shown(x.div(y)), shown(div), "{x:?} / {y:?}");
            }
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn interval_of_a_printed_figure_never_overflows() {
        let max = Interval::printed(Decimal::MAX);
        assert_eq!((max.lo, max.hi), (Decimal::MAX - d("0.5"), Decimal::MAX));
        let tiny = Decimal::new(1, 28);
        assert_eq!(Interval::printed(tiny), Interval::point(tiny));
        assert_eq!(Interval::printed(Decimal::MIN).lo, Decimal::MIN);
    }

    #[test]
    fn formula_evaluates_exactly_at_a_point() {
        let e =
            Expr::parse("response_rate * 0.1 + resolution_rate * 0.5 + satisfaction_rate * 0.4")
                .unwrap();
        let v = e
            .eval(&|k| match k {
                "response_rate" => Some(Interval::point(d("100.00"))),
                "resolution_rate" => Some(Interval::point(d("99.59"))),
                "satisfaction_rate" => Some(Interval::point(d("99.92"))),
                _ => None,
            })
            .unwrap();
        assert_eq!(v.lo, d("99.763"));
    }

    #[test]
    fn formula_propagates_intervals() {
        let e = Expr::parse("100 - 0.5 * max(0, days - avg)").unwrap();
        let v = e
            .eval(&|k| match k {
                "days" => Some(Interval::printed(d("4.63"))),
                "avg" => Some(Interval::point(d("4.32"))),
                _ => None,
            })
            .unwrap();
        assert_eq!((v.lo, v.hi), (d("99.8425"), d("99.8475")));
        assert_eq!(
            Interval::printed(d("89.58")),
            Interval {
                lo: d("89.575"),
                hi: d("89.585")
            }
        );
    }

    #[test]
    fn formula_refuses_division_by_a_possible_zero() {
        let e = Expr::parse("a / b").unwrap();
        assert!(e.eval(&|_| Some(Interval::point(Decimal::ZERO))).is_none());
    }

    #[test]
    fn formula_reports_where_it_is_bad() {
        assert_eq!(Expr::parse("a + * b").unwrap_err().at, 4);
        assert!(Expr::parse("sqrt(a)")
            .unwrap_err()
            .message
            .contains("unknown function"));
        assert!(Expr::parse("(a + b").is_err());
        assert!(Expr::parse("a $ b").is_err());
        assert_eq!(Expr::parse("(1 - x) * 20").unwrap().variables(), vec!["x"]);
    }

    #[test]
    fn formula_prints_back_with_the_parentheses_it_needs() {
        for text in [
            "handled / due",
            "completion * 30 + on_time_share * 30 + (1 - rework_share) * 20 + satisfaction * 20",
            "100 - 0.5 * max(0, avg_days - district_avg_days)",
            "a - (b - c)",
            "a / (b * c)",
            "-(a + b)",
        ] {
            let e = Expr::parse(text).unwrap();
            assert_eq!(e.to_string(), text);
            assert_eq!(Expr::parse(&e.to_string()).unwrap(), e);
        }
    }

    /// `eval` on points, the reference for `eval_point`.
    fn eval_on_points(e: &Expr, vars: &[(&str, Decimal)]) -> Option<Decimal> {
        let lookup = |k: &str| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| Interval::point(*v))
        };
        let i = e.eval(&lookup)?;
        assert_eq!(
            i.lo.serialize(),
            i.hi.serialize(),
            "{e}: a point has one end"
        );
        Some(i.lo)
    }

    fn point_of(e: &Expr, vars: &[(&str, Decimal)]) -> Option<Decimal> {
        e.eval_point(&|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| *v))
    }

    #[test]
    fn formula_at_a_point_is_the_interval_at_points() {
        let formulas = [
            "response_rate * 0.1 + resolution_rate * 0.5 + satisfaction_rate * 0.4",
            "100 - 0.5 * max(0, a - b)",
            "min(a, b, 2.00) / b",
            "-(a - b) * -a",
            "a / (b - b)",
            "handled / due",
            "max(a)",
            "(1 - a) * 20 + b * 30",
        ];
        let values = [
            "0", "-0", "0.00", "2", "2.00", "-3.5", "99.59", "100.00", "7.125",
        ];
        for f in formulas {
            let e = Expr::parse(f).unwrap();
            for a in values {
                for b in values {
                    let vars = [
                        ("a", d(a)),
                        ("b", d(b)),
                        ("response_rate", d(a)),
                        ("resolution_rate", d(b)),
                        ("satisfaction_rate", d("99.92")),
                        ("handled", d(a)),
                        ("due", d(b)),
                    ];
                    let (p, r) = (point_of(&e, &vars), eval_on_points(&e, &vars));
                    assert_eq!(
                        p.map(|x| x.serialize()),
                        r.map(|x| x.serialize()),
                        "{f} at a={a} b={b}"
                    );
                }
            }
        }
        let e = Expr::parse("a + missing").unwrap();
        assert_eq!(point_of(&e, &[("a", d("1"))]), None);
        let e = Expr::parse("a * a").unwrap();
        assert_eq!(point_of(&e, &[("a", Decimal::MAX)]), None);
        assert_eq!(eval_on_points(&e, &[("a", Decimal::MAX)]), None);
    }

    fn any_expr() -> impl proptest::strategy::Strategy<Value = Expr> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            (-2000i64..2000, 0u32..4).prop_map(|(m, s)| Expr::Num(Decimal::new(m, s))),
            prop_oneof![Just("a"), Just("b"), Just("c"), Just("z")]
                .prop_map(|v| Expr::Var(v.to_string())),
        ];
        leaf.prop_recursive(4, 24, 3, |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| Expr::Neg(Box::new(e))),
                (
                    inner.clone(),
                    prop_oneof![Just(Op::Add), Just(Op::Sub), Just(Op::Mul), Just(Op::Div)],
                    inner.clone()
                )
                    .prop_map(|(a, op, b)| Expr::Bin(Box::new(a), op, Box::new(b))),
                (
                    prop_oneof![Just(Func::Max), Just(Func::Min)],
                    proptest::collection::vec(inner, 1..4)
                )
                    .prop_map(|(f, args)| Expr::Call(f, args)),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn formula_point_evaluation_agrees_with_the_interval_one(
            e in any_expr(),
            a in (-100_000i64..100_000, 0u32..5),
            b in (-100i64..100, 0u32..3),
            c in (-5i64..5, 0u32..2),
        ) {
            let vars = [
                ("a", Decimal::new(a.0, a.1)),
                ("b", Decimal::new(b.0, b.1)),
                ("c", Decimal::new(c.0, c.1)),
            ];
            proptest::prop_assert_eq!(
                point_of(&e, &vars).map(|x| x.serialize()),
                eval_on_points(&e, &vars).map(|x| x.serialize())
            );
        }
    }
}
