//! The build date written into the PDF: from `SOURCE_DATE_EPOCH` (reproducible builds) or the
//! manifest's `date`, never from the clock, in the forms PDF and XMP want.

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
    /// The date to stamp: `SOURCE_DATE_EPOCH` when set and valid, else the manifest's date,
    /// else none (the PDF then carries no dates rather than the clock's).
    pub fn resolve(source_date_epoch: Option<&str>, manifest_date: Option<&str>) -> Option<Self> {
        source_date_epoch
            .and_then(|s| s.trim().parse::<i64>().ok())
            .map(Self::from_unix)
            .or_else(|| manifest_date.and_then(Self::parse_iso))
    }

    /// The date for this process: reads `SOURCE_DATE_EPOCH`.
    pub fn for_build(manifest_date: Option<&str>) -> Option<Self> {
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        Self::resolve(epoch.as_deref(), manifest_date)
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

    /// The XMP (ISO 8601) date, e.g. `2024-05-01T12:00:00Z`.
    pub fn xmp(&self) -> String {
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
            BuildDate::from_unix(1_714_564_800).xmp(),
            "2024-05-01T12:00:00Z"
        );
        assert_eq!(BuildDate::from_unix(951_782_400).day(), "2000-02-29");
    }

    #[test]
    fn epoch_wins_over_manifest() {
        let d = BuildDate::resolve(Some("0"), Some("2024-05-01")).unwrap();
        assert_eq!(d.year, 1970);
        let d = BuildDate::resolve(None, Some("2024-05-01")).unwrap();
        assert_eq!(d.day(), "2024-05-01");
        let d = BuildDate::resolve(Some("junk"), Some("2023")).unwrap();
        assert_eq!(d.day(), "2023-01-01");
        assert_eq!(BuildDate::resolve(None, None), None);
    }

    #[test]
    fn iso_with_time() {
        let d = BuildDate::parse_iso("2024-05-01T09:30:15+02:00").unwrap();
        assert_eq!(d.xmp(), "2024-05-01T09:30:15Z");
        assert!(BuildDate::parse_iso("May 2024").is_none());
        assert!(BuildDate::parse_iso("2024-13-01").is_none());
    }
}
