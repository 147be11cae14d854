//! The data tables of `patterns/data/`: exchange rates and reference wages, embedded at compile
//! time and parsed once. Their unit tests check them, so parsing cannot fail at run time.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Period;

const RATES: &str = include_str!("../../patterns/data/rates.toml");
const WAGES: &str = include_str!("../../patterns/data/wages.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rates {
    #[allow(dead_code)]
    pub date: String,
    #[allow(dead_code)]
    pub source: String,
    pub per_usd: BTreeMap<String, f64>,
    pub per_month: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Wages {
    #[allow(dead_code)]
    pub date: String,
    pub factor: f64,
    pub default_usd: f64,
    pub country: BTreeMap<String, Country>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Country {
    pub wage_usd: f64,
    #[allow(dead_code)]
    pub source: String,
    pub currency: String,
    #[serde(default)]
    pub hotspot: bool,
    #[serde(default)]
    pub names: Vec<String>,
}

pub(crate) fn rates() -> &'static Rates {
    static RATES_TABLE: OnceLock<Rates> = OnceLock::new();
    RATES_TABLE.get_or_init(|| toml::from_str(RATES).expect("patterns/data/rates.toml is valid"))
}

pub(crate) fn wages() -> &'static Wages {
    static WAGES_TABLE: OnceLock<Wages> = OnceLock::new();
    WAGES_TABLE.get_or_init(|| toml::from_str(WAGES).expect("patterns/data/wages.toml is valid"))
}

/// `amount` of `currency` per `period` in US dollars per month, if the rate is known.
pub(crate) fn usd_per_month(amount: f64, currency: &str, period: Period) -> Option<f64> {
    let rates = rates();
    let per_usd = rates.per_usd.get(currency)?;
    let factor = rates.per_month.get(period.as_str())?;
    Some(amount / per_usd * factor)
}

/// The country whose currency this is (none for USD, USDT, EUR...: they say nothing of where).
pub(crate) fn country_of_currency(currency: &str) -> Option<&'static str> {
    wages()
        .country
        .iter()
        .find(|(_, c)| c.currency == currency)
        .map(|(iso, _)| iso.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_and_are_consistent() {
        let rates = rates();
        assert!(rates.per_usd.values().all(|r| r.is_finite() && *r > 0.0));
        for p in [
            Period::Hour,
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Year,
        ] {
            assert!(rates.per_month.contains_key(p.as_str()), "{p:?}");
        }
        let wages = wages();
        assert!(wages.factor > 1.0 && wages.default_usd > 0.0);
        for (iso, c) in &wages.country {
            assert_eq!(iso.len(), 2, "{iso}");
            assert!(c.wage_usd > 0.0, "{iso}");
            assert!(
                rates.per_usd.contains_key(&c.currency),
                "{iso}: no rate for {}",
                c.currency
            );
            for name in &c.names {
                assert_eq!(name, &crate::normalize::fold_pattern(name), "{iso}: {name}");
            }
        }
        for iso in [
            "KH", "LA", "MM", "TH", "ID", "VN", "PH", "MY", "CN", "SG", "AE",
        ] {
            assert!(wages.country.contains_key(iso), "{iso}");
        }
    }

    #[test]
    fn conversion() {
        let usd = usd_per_month(15_000_000.0, "IDR", Period::Month).unwrap();
        assert!((usd - 925.9).abs() < 1.0, "{usd}");
        let usd = usd_per_month(100.0, "USD", Period::Day).unwrap();
        assert_eq!(usd, 2600.0);
        assert_eq!(country_of_currency("VND"), Some("VN"));
        assert_eq!(country_of_currency("USD"), None);
    }
}
