//! Number formats shared by every report format: one place, so the PDF, the HTML, the charts
//! and the executive summary say a figure the same way.

pub use ecosim_core::output::{group, money};

// Short money and currency symbols are the core's shared words, so reports and the app's
// screens write a figure the same way.
pub use ecosim_core::words::{currency_prefix, money_short};

/// An axis tick: like `money_short` but with no more precision than the axis needs.
pub fn money_tick(v: f64, currency: &str) -> String {
    let p = currency_prefix(currency);
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    let trim = |s: String| if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    let body = if a >= 1e9 {
        format!("{}B", trim(format!("{:.2}", a / 1e9)))
    } else if a >= 1e6 {
        format!("{}M", trim(format!("{:.1}", a / 1e6)))
    } else if a >= 1e3 {
        format!("{}K", trim(format!("{:.0}", a / 1e3)))
    } else {
        format!("{a:.0}")
    };
    format!("{sign}{p}{body}")
}

/// A share as a percentage, the core's shared word: 0.234 → "23.4%".
pub fn pct(v: f64, decimals: usize) -> String {
    ecosim_core::words::percent(v, decimals)
}

/// A signed percentage change: +23%, −4%.
pub fn signed_pct(v: f64) -> String {
    ecosim_core::words::signed_percent(v)
}

/// A calendar date (UTC) from seconds since 1970, as YYYY-MM-DD (Hinnant's civil-from-days).
pub fn iso_date(unix_seconds: i64) -> String {
    let z = unix_seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Today's date, or the date of `SOURCE_DATE_EPOCH` when it is set (reproducible output).
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    });
    iso_date(secs)
}

/// A long date for a title page: 25 November 2026.
pub fn long_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let parts: Vec<&str> = iso.split('-').collect();
    match (parts.first(), parts.get(1).and_then(|m| m.parse::<usize>().ok()), parts.get(2).and_then(|d| d.parse::<u32>().ok())) {
        (Some(y), Some(m @ 1..=12), Some(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(money_short(48_215_000.0, "USD"), "$48.2M");
        assert_eq!(money_short(-950_400.0, "EUR"), "-€950.4K");
        assert_eq!(money_short(1_250_000_000.0, "CHF"), "CHF 1.3B");
        assert_eq!(money_tick(40_000_000.0, "USD"), "$40M");
        assert_eq!(money_tick(2_500_000.0, "USD"), "$2.5M");
        assert_eq!(signed_pct(0.234), "+23%");
        assert_eq!(signed_pct(-0.04), "−4%");
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_795_564_800), "2026-11-25");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(long_date("2026-11-25"), "25 November 2026");
    }
}
