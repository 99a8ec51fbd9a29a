//! The language rexian speaks to people in: English (the default) or Chinese (`--lang zh`,
//! or a `zh_*` locale). It owns the Chinese names of the schema's columns and metric keys
//! (`zh.rs`), check details rendered from their data, and the messages of the commands
//! (`messages.rs`). Data keys (`received`, `score`, check kinds) never change with it:
//! only what a person reads does, and CSV headers only with `--headers zh`.

pub mod messages;
pub mod zh;

use std::borrow::Cow;

use crate::model::{Check, Metric};

/// A language for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English: the schema's own words.
    #[default]
    En,
    /// 中文 (simplified).
    Zh,
}

impl Lang {
    /// The language the flag gives, else the locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`, the
    /// first that is set): Chinese for `zh_*`, English otherwise.
    pub fn resolve(flag: Option<Lang>) -> Lang {
        flag.unwrap_or_else(|| {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty());
            Lang::of_locale(locale.as_deref())
        })
    }

    /// Chinese for a locale such as `zh_CN.UTF-8`, `zh_TW` or `zh`.
    pub fn of_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }
}

/// A column's header in `lang`: the schema key in English, its Chinese name in Chinese
/// (the key itself where it has none).
pub fn header(key: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => key,
        Lang::Zh => zh::column(key).unwrap_or(key),
    }
}

/// A metric's name for a reader.
pub fn metric_name(m: Metric, lang: Lang) -> &'static str {
    match lang {
        Lang::En => m.key(),
        Lang::Zh => zh::metric(m),
    }
}

/// What a check's computed value was made from, in `lang`. A check without its basis as
/// data (from an older `documents.json`) keeps its English detail.
pub fn detail(c: &Check, lang: Lang) -> Cow<'_, str> {
    match (lang, &c.basis) {
        (Lang::Zh, Some(b)) => Cow::Owned(zh::basis(c, b)),
        _ => Cow::Borrowed(c.detail.as_str()),
    }
}

/// A message about an input (errors.csv, stderr) in `lang`.
pub fn message(text: &str, lang: Lang) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(text),
        Lang::Zh => zh::message(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_follows_the_locale() {
        assert_eq!(Lang::of_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::of_locale(Some("zh_TW")), Lang::Zh);
        assert_eq!(Lang::of_locale(Some("C.UTF-8")), Lang::En);
        assert_eq!(Lang::of_locale(Some("en_US")), Lang::En);
        assert_eq!(Lang::of_locale(None), Lang::En);
        assert_eq!(Lang::resolve(Some(Lang::Zh)), Lang::Zh);
    }

    #[test]
    fn headers_in_chinese_are_unique_and_cover_every_column() {
        use crate::emit::csv_out::{
            CHECKS_HEADER, ERRORS_HEADER, METRICS_HEADER, UNITS_IDENTITY, UNITS_TAIL,
        };
        use crate::emit::summary::summary_header;
        let units: Vec<&str> = UNITS_IDENTITY
            .iter()
            .copied()
            .chain(Metric::ALL.iter().map(|m| m.key()))
            .chain(UNITS_TAIL.iter().copied())
            .collect();
        for columns in [
            METRICS_HEADER,
            CHECKS_HEADER,
            ERRORS_HEADER,
            &units,
            &summary_header(),
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for c in columns {
                let zh = header(c, Lang::Zh);
                assert_ne!(zh, *c, "{c} has a Chinese name");
                assert!(seen.insert(zh), "{zh} is the name of one column only");
            }
        }
    }
}
