//! The one instant an EPUB is stamped with: `dcterms:modified` and every zip entry's time.
//! It comes from `SOURCE_DATE_EPOCH`, else the manifest's date, never from the clock, so the
//! same input always gives the same bytes.

use crate::diag::{Diagnostics, Span};
use crate::manifest::Collection;

/// The environment variable of the reproducible-builds convention (seconds since 1970 UTC).
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Used when neither `SOURCE_DATE_EPOCH` nor any date is given: the zip format's own epoch,
/// the earliest time a zip entry can carry, so it can never be mistaken for a real date.
const FALLBACK: Stamp = Stamp {
    year: 1980,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
};

/// The latest year a zip (MS-DOS) timestamp can hold.
const ZIP_MAX_YEAR: u16 = 2107;

/// A UTC date and time, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Year, e.g. 2026.
    pub year: u16,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
    /// Hour 0–23.
    pub hour: u8,
    /// Minute 0–59.
    pub minute: u8,
    /// Second 0–59.
    pub second: u8,
}

impl Stamp {
    /// The stamp for `collection`: `SOURCE_DATE_EPOCH` when set and valid, else the
    /// manifest's date at midnight UTC, else the newest article date, else 1980-01-01.
    pub fn resolve(collection: &Collection, diags: &mut Diagnostics) -> Stamp {
        if let Ok(raw) = std::env::var(SOURCE_DATE_EPOCH) {
            match raw.trim().parse::<u64>().ok().and_then(Stamp::from_epoch) {
                Some(s) => return s,
                None => diags.warning(
                    Span::file(&collection.manifest_path),
                    format!(
                        "{SOURCE_DATE_EPOCH}=`{raw}` is not a usable time; using the book's date"
                    ),
                    "set it to whole seconds since 1970-01-01 UTC (1980 to 2107), or unset it",
                ),
            }
        }
        let newest_article = collection
            .articles()
            .filter_map(|a| a.doc.meta.date.clone())
            .max();
        collection
            .date
            .clone()
            .or(newest_article)
            .and_then(|d| Stamp::from_iso_date(&d))
            .unwrap_or(FALLBACK)
    }

    /// A stamp from seconds since 1970-01-01 UTC; `None` outside what a zip entry can hold.
    pub fn from_epoch(secs: u64) -> Option<Stamp> {
        const SECS_PER_DAY: u64 = 86_400;
        let days = i64::try_from(secs / SECS_PER_DAY).ok()?;
        let rest = secs % SECS_PER_DAY;
        let (year, month, day) = crate::dates::civil_from_days(days);
        let (month, day) = (month as u8, day as u8);
        let stamp = Stamp {
            year: u16::try_from(year).ok()?,
            month,
            day,
            hour: (rest / 3600) as u8,
            minute: (rest / 60 % 60) as u8,
            second: (rest % 60) as u8,
        };
        stamp.fits_zip().then_some(stamp)
    }

    /// Midnight UTC of an ISO date `YYYY-MM-DD`.
    pub fn from_iso_date(date: &str) -> Option<Stamp> {
        let mut it = date.splitn(3, '-');
        let year = it.next()?.parse().ok()?;
        let month = it.next()?.parse().ok()?;
        let day = it.next()?.get(..2)?.parse().ok()?;
        let stamp = Stamp {
            year,
            month,
            day,
            ..FALLBACK
        };
        stamp.fits_zip().then_some(stamp)
    }

    fn fits_zip(&self) -> bool {
        (FALLBACK.year..=ZIP_MAX_YEAR).contains(&self.year)
    }

    /// `YYYY-MM-DDThh:mm:ssZ`, the form `dcterms:modified` requires.
    pub fn w3c(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_utc_dates() {
        // 2021-03-14T15:09:26Z
        let s = Stamp::from_epoch(1_615_734_566).unwrap();
        assert_eq!(s.w3c(), "2021-03-14T15:09:26Z");
        // A leap day.
        assert_eq!(
            Stamp::from_epoch(951_782_400).unwrap().w3c(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(Stamp::from_epoch(0), None, "1970 is before the zip epoch");
    }

    #[test]
    fn iso_dates_are_midnight() {
        assert_eq!(
            Stamp::from_iso_date("2026-11-01").unwrap().w3c(),
            "2026-11-01T00:00:00Z"
        );
        assert_eq!(Stamp::from_iso_date("November"), None);
    }
}
