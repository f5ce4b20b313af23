//! The one date a build is stamped with ([`BuildDate`]): from `SOURCE_DATE_EPOCH`
//! (reproducible builds) or the book, never from the clock, resolved once by the driver
//! and written by both backends in the forms PDF, XMP, EPUB and zip want.

use crate::collection::Collection;
use crate::diag::{Diagnostics, Span};

/// The environment variable of the reproducible-builds convention (seconds since 1970 UTC).
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// The zip format's epoch, the earliest time a zip entry can carry: an EPUB without any date
/// is stamped with it, so it can never be mistaken for a real date.
const ZIP_EPOCH: BuildDate = BuildDate {
    year: 1980,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
};

/// The latest year a zip (MS-DOS) timestamp can hold.
const ZIP_MAX_YEAR: i64 = 2107;

/// Year, month (1–12) and day (1–31) of the day `days` after 1970-01-01, in the proleptic
/// Gregorian calendar: counted in 400-year eras of 146,097 days, with years starting in
/// March so the leap day falls last.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Seconds in a day.
const SECONDS_PER_DAY: i64 = 86_400;

/// A calendar date and time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildDate {
    /// Year.
    pub year: i64,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
    /// Hour, 0–23.
    pub hour: u32,
    /// Minute, 0–59.
    pub minute: u32,
    /// Second, 0–59.
    pub second: u32,
}

impl BuildDate {
    /// The date of a build of `c`: `SOURCE_DATE_EPOCH` when set (reproducible builds; a
    /// value that is not a usable time is warned about and passed over), else the manifest's
    /// date, else the newest article's date; `None` when there is none of these (the PDF then
    /// carries no dates, the EPUB the zip format's epoch: never the clock's).
    pub fn for_collection(c: &Collection, diags: &mut Diagnostics) -> Option<Self> {
        let epoch = std::env::var(SOURCE_DATE_EPOCH).ok();
        let newest_article = c.articles().filter_map(|a| a.doc.meta.date.clone()).max();
        let book = c.date.clone().or(newest_article);
        match Self::resolve(epoch.as_deref(), book.as_deref()) {
            Ok(date) => date,
            Err(raw) => {
                diags.warning(
                    Span::file(&c.manifest_path),
                    format!(
                        "{SOURCE_DATE_EPOCH}=`{raw}` is not a usable time; using the book's date"
                    ),
                    "set it to whole seconds since 1970-01-01 UTC (1980 to 2107), or unset it",
                );
                book.as_deref().and_then(Self::parse_iso)
            }
        }
    }

    /// The date from a `SOURCE_DATE_EPOCH` value, else from the book's ISO date. `Err` with
    /// the value when it is set but not a time in the years a zip entry can carry.
    pub fn resolve(epoch: Option<&str>, book: Option<&str>) -> Result<Option<Self>, String> {
        match epoch {
            Some(raw) => match raw.trim().parse::<i64>().ok().map(Self::from_unix) {
                Some(d) if d.fits_zip() => Ok(Some(d)),
                _ => Err(raw.to_string()),
            },
            None => Ok(book.and_then(Self::parse_iso)),
        }
    }

    /// Whether a zip entry (an MS-DOS time, 1980–2107) can carry this date.
    pub fn fits_zip(&self) -> bool {
        (ZIP_EPOCH.year..=ZIP_MAX_YEAR).contains(&self.year)
    }

    /// This date, or the zip format's epoch when a zip entry cannot carry it.
    pub fn for_zip(date: Option<Self>) -> Self {
        date.filter(Self::fits_zip).unwrap_or(ZIP_EPOCH)
    }

    /// The UTC date of a Unix timestamp.
    pub fn from_unix(secs: i64) -> Self {
        let days = secs.div_euclid(SECONDS_PER_DAY);
        let rest = secs.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = crate::dates::civil_from_days(days);
        BuildDate {
            year,
            month,
            day,
            hour: (rest / 3600) as u32,
            minute: (rest % 3600 / 60) as u32,
            second: (rest % 60) as u32,
        }
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` (any
    /// zone suffix is ignored: the manifest's date is taken as UTC).
    pub fn parse_iso(text: &str) -> Option<Self> {
        let text = text.trim();
        let (date, time) = match text.split_once(['T', ' ']) {
            Some((d, t)) => (d, Some(t)),
            None => (text, None),
        };
        let mut parts = date.split('-');
        let year: i64 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
        let day: u32 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || parts.next().is_some() {
            return None;
        }
        let (mut hour, mut minute, mut second) = (0, 0, 0);
        if let Some(t) = time {
            let clock: String = t
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            let mut f = clock.split(':').map(|x| x.parse::<u32>().ok());
            hour = f.next().flatten().unwrap_or(0).min(23);
            minute = f.next().flatten().unwrap_or(0).min(59);
            second = f.next().flatten().unwrap_or(0).min(59);
        }
        Some(BuildDate {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// The PDF date string, e.g. `D:20240501120000Z`.
    pub fn pdf(&self) -> String {
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// The W3C (ISO 8601) date and time in UTC, e.g. `2024-05-01T12:00:00Z`, as XMP and
    /// EPUB's `dcterms:modified` want it.
    pub fn w3c(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// The day alone, e.g. `2024-05-01`, for the proof's slug line.
    pub fn day(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_dates() {
        assert_eq!(BuildDate::from_unix(0).pdf(), "D:19700101000000Z");
        assert_eq!(
            BuildDate::from_unix(1_714_564_800).w3c(),
            "2024-05-01T12:00:00Z"
        );
        assert_eq!(BuildDate::from_unix(951_782_400).day(), "2000-02-29");
    }

    #[test]
    fn epoch_wins_over_the_book_and_a_bad_epoch_is_refused() {
        let d = BuildDate::resolve(Some("1615734566"), Some("2024-05-01")).unwrap();
        assert_eq!(d.unwrap().w3c(), "2021-03-14T15:09:26Z");
        let d = BuildDate::resolve(None, Some("2024-05-01")).unwrap();
        assert_eq!(d.unwrap().day(), "2024-05-01");
        assert_eq!(
            BuildDate::resolve(Some("junk"), Some("2023")),
            Err("junk".into())
        );
        assert_eq!(
            BuildDate::resolve(Some("0"), None),
            Err("0".into()),
            "1970 is before zip"
        );
        assert_eq!(BuildDate::resolve(None, None), Ok(None));
    }

    #[test]
    fn zip_stamps_fall_back_to_the_zip_epoch() {
        assert_eq!(BuildDate::for_zip(None).w3c(), "1980-01-01T00:00:00Z");
        let old = BuildDate::parse_iso("1900-01-01");
        assert_eq!(BuildDate::for_zip(old).w3c(), "1980-01-01T00:00:00Z");
    }

    #[test]
    fn iso_with_time() {
        let d = BuildDate::parse_iso("2024-05-01T09:30:15+02:00").unwrap();
        assert_eq!(d.w3c(), "2024-05-01T09:30:15Z");
        assert!(BuildDate::parse_iso("May 2024").is_none());
        assert!(BuildDate::parse_iso("2024-13-01").is_none());
    }

    #[test]
    fn known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(18_700), (2021, 3, 14));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
