//! Dates and times without a calendar crate: UTC "now" as RFC 3339 and day arithmetic on
//! [`PartialDate`]s (for list ages).

use interdict_model::PartialDate;
use std::time::{SystemTime, UNIX_EPOCH};

fn unix_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Nanoseconds since the epoch (for unique temporary names).
pub(crate) fn unix_nanos() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Today's date in UTC.
pub fn today() -> PartialDate {
    let (y, m, d) = civil_from_days(unix_secs().div_euclid(86_400));
    PartialDate::new(y as u16, Some(m as u8), Some(d as u8)).unwrap_or(PartialDate {
        year: 1970,
        month: Some(1),
        day: Some(1),
    })
}

/// The current UTC time as RFC 3339 (`2026-11-25T13:31:49Z`).
pub fn utc_now_rfc3339() -> String {
    rfc3339_of(unix_secs())
}

/// A time given in seconds since the Unix epoch as RFC 3339 UTC, as the stores write times.
pub fn rfc3339_of(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// The current time, seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    unix_secs()
}

/// Seconds since the Unix epoch at the start (00:00 UTC) of a date's first day (January 1
/// of a bare year, the 1st of a bare month).
pub fn unix_seconds(d: PartialDate) -> i64 {
    days_from_civil(
        i64::from(d.year),
        i64::from(d.month.unwrap_or(1)),
        i64::from(d.day.unwrap_or(1)),
    ) * 86_400
}

/// Days from `a` to `b`; a partial date counts from its last day (a list "published in
/// 2024" is at least as fresh as 2024-12-31 would be — no false staleness alarms, and
/// never an understated age for full dates).
pub fn days_between(a: PartialDate, b: PartialDate) -> Option<i64> {
    let last_day = |p: PartialDate| -> i64 {
        let m = p.month.unwrap_or(12) as i64;
        let d = match p.day {
            Some(d) => d as i64,
            None => {
                // Last day of the month: first day of next month minus one.
                let (ny, nm) = if m == 12 {
                    (p.year as i64 + 1, 1)
                } else {
                    (p.year as i64, m + 1)
                };
                return days_from_civil(ny, nm, 1) - 1;
            }
        };
        days_from_civil(p.year as i64, m, d)
    };
    Some(last_day(b) - last_day(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_have_their_unix_seconds() {
        let d = |s: &str| PartialDate::parse_iso(s).unwrap();
        assert_eq!(unix_seconds(d("1970-01-01")), 0);
        assert_eq!(unix_seconds(d("2024-02-29")), 1_709_164_800);
        assert_eq!(unix_seconds(d("2024")), unix_seconds(d("2024-01-01")));
        assert!(unix_now() > unix_seconds(d("2024-01-01")));
    }

    #[test]
    fn civil_round_trip_and_ages() {
        for z in [-1000, 0, 10_957, 20_000, 30_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        let d = |s| PartialDate::parse_iso(s).unwrap();
        assert_eq!(days_between(d("2026-01-01"), d("2026-01-31")), Some(30));
        assert_eq!(days_between(d("2024"), d("2025-01-01")), Some(1));
        assert_eq!(days_between(d("2024-02"), d("2024-03-01")), Some(1));
    }
}
