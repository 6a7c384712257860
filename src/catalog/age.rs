//! How old the catalog's data is: the staleness warning (SPEC §2). The library never reads the
//! clock; the binary passes today's date (`ADVISOR_TODAY`, or the system clock).

/// Days after which the data is called stale: prices move (the June-2025 GPU price cut moved
/// p4d/p5 by 33-44%), so data older than about half a year deserves a refresh.
pub const STALE_AFTER_DAYS: i64 = 180;

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian), None if malformed.
pub fn days_from_date(date: &str) -> Option<i64> {
    if !valid_date(date) {
        return None;
    }
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    // Howard Hinnant's days_from_civil
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` of a count of days since 1970-01-01.
pub fn date_from_days(days: i64) -> String {
    // Howard Hinnant's civil_from_days
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The warning for data `as_of` seen on `today` (both `YYYY-MM-DD`), when it is stale.
pub fn staleness_warning(as_of: &str, today: &str) -> Option<String> {
    let age = days_from_date(today)? - days_from_date(as_of)?;
    (age > STALE_AFTER_DAYS).then(|| {
        format!(
            "the catalog's data is {age} days old (as of {as_of}); prices may have moved: \
             refresh it or pass --catalog with current prices"
        )
    })
}

/// `YYYY-MM-DD` with a real month and day.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_count_days() {
        assert_eq!(days_from_date("1970-01-01"), Some(0));
        assert_eq!(days_from_date("2026-07-20"), Some(20_654));
        for d in ["2000-02-29", "2026-11-25", "1999-12-31", "2100-03-01"] {
            assert_eq!(date_from_days(days_from_date(d).unwrap()), d);
        }
        assert_eq!(days_from_date("2026-13-01"), None);
    }

    #[test]
    fn warns_only_past_the_threshold() {
        assert_eq!(staleness_warning("2026-07-20", "2026-11-25"), None);
        assert_eq!(staleness_warning("2026-07-20", "2027-01-16"), None);
        let w = staleness_warning("2026-07-20", "2027-01-17").unwrap();
        assert!(w.contains("181 days old"), "{w}");
        assert_eq!(staleness_warning("2026-07-20", "not a date"), None);
    }
}
