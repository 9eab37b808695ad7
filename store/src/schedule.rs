//! Binding schedules: weekday / time-of-day / holiday rules in a time zone
//! (Asia/Seoul unless given), choosing a destination or an announcement.
//!
//! Evaluation: convert `now` to the zone's civil time; the first rule that
//! matches the weekday, the minute of the day and the holiday condition wins;
//! otherwise the default action. A rule whose end is at or before its start
//! spans midnight (22:00–06:00); its weekdays are those of the day the
//! minute falls on. `from == to` matches the whole day.
//!
//! Holidays are dates listed in the schedule itself: provisioning copies the
//! tenant's calendar into each binding, so `route` still needs a single read.

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::model::{AnnouncementId, Timestamp};

/// The default zone.
pub const DEFAULT_TZ: &str = "Asia/Seoul";

/// A set of weekdays, bit 0 = Monday … bit 6 = Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weekdays(pub u8);

impl Weekdays {
    /// Monday to Friday.
    pub const WEEKDAYS: Self = Self(0b001_1111);
    /// Saturday and Sunday.
    pub const WEEKEND: Self = Self(0b110_0000);
    /// Every day.
    pub const ALL: Self = Self(0b111_1111);

    /// Whether the set holds `day`.
    pub fn contains(self, day: Weekday) -> bool {
        let bit = day.to_monday_zero_offset();
        self.0 & (1 << bit) != 0
    }
}

/// How a rule treats holidays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HolidayMatch {
    /// Holiday or not.
    Any,
    /// Only on holidays.
    Only,
    /// Only on days that are not holidays.
    Except,
}

/// What a schedule decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScheduleAction {
    /// Route to the binding's destination with this index (one-way), or to
    /// the other party (two-way, originating mask).
    Destination(u8),
    /// Play the announcement, then release.
    Announce(AnnouncementId),
    /// Release with "call rejected".
    Reject,
}

/// One rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleRule {
    /// Days it applies on.
    pub days: Weekdays,
    /// Start, minutes after midnight (inclusive).
    pub from_minute: u16,
    /// End, minutes after midnight (exclusive).
    pub to_minute: u16,
    /// Holiday condition.
    pub holidays: HolidayMatch,
    /// The decision when it matches.
    pub action: ScheduleAction,
}

/// A schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// IANA zone name; `None` is Asia/Seoul.
    pub tz: Option<String>,
    /// Rules, first match wins.
    pub rules: Vec<ScheduleRule>,
    /// The decision when no rule matches.
    pub default: ScheduleAction,
    /// Holiday dates (stored as `yyyymmdd` integers).
    #[serde(with = "dates")]
    pub holidays: Vec<Date>,
}

/// `Vec<Date>` as `yyyymmdd` integers (compact, no jiff serde feature).
mod dates {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &[Date], s: S) -> Result<S::Ok, S::Error> {
        let packed: Vec<u32> = v
            .iter()
            .map(|d| d.year() as u32 * 10_000 + d.month() as u32 * 100 + d.day() as u32)
            .collect();
        packed.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
        let packed = Vec::<u32>::deserialize(d)?;
        packed
            .into_iter()
            .map(|p| {
                Date::new((p / 10_000) as i16, (p / 100 % 100) as i8, (p % 100) as i8)
                    .map_err(serde::de::Error::custom)
            })
            .collect()
    }
}

impl Schedule {
    /// The decision at `now`. `seoul` is the Asia/Seoul zone, looked up once
    /// by the store; another zone is looked up in jiff's bundled database,
    /// and an unknown zone name falls back to Asia/Seoul.
    pub fn evaluate(&self, now: Timestamp, seoul: &TimeZone) -> ScheduleAction {
        let other;
        let tz = match self.tz.as_deref() {
            None | Some(DEFAULT_TZ) => seoul,
            Some(name) => {
                other = TimeZone::get(name).unwrap_or_else(|_| seoul.clone());
                &other
            }
        };
        let Ok(ts) = jiff::Timestamp::from_millisecond(now.0 as i64) else {
            return self.default;
        };
        let civil = tz.to_datetime(ts);
        let minute = civil.hour() as u16 * 60 + civil.minute() as u16;
        let day = civil.weekday();
        let holiday = self.holidays.contains(&civil.date());
        for rule in &self.rules {
            if !rule.days.contains(day) {
                continue;
            }
            let in_time = match rule.from_minute.cmp(&rule.to_minute) {
                std::cmp::Ordering::Equal => true,
                std::cmp::Ordering::Less => (rule.from_minute..rule.to_minute).contains(&minute),
                std::cmp::Ordering::Greater => {
                    minute >= rule.from_minute || minute < rule.to_minute
                }
            };
            let holiday_ok = match rule.holidays {
                HolidayMatch::Any => true,
                HolidayMatch::Only => holiday,
                HolidayMatch::Except => !holiday,
            };
            if in_time && holiday_ok {
                return rule.action;
            }
        }
        self.default
    }
}

/// Days since 1970-01-01 of `now`'s civil date in `tz` (daily counter key).
pub fn day_number(now: Timestamp, tz: &TimeZone) -> u32 {
    let Ok(ts) = jiff::Timestamp::from_millisecond(now.0 as i64) else {
        return 0;
    };
    let date = tz.to_datetime(ts).date();
    let epoch = Date::constant(1970, 1, 1);
    let secs = date.duration_since(epoch).as_secs();
    (secs.max(0) / 86_400) as u32
}

/// `now` minus `months` calendar months in `tz` (retention cut-off).
pub fn months_before(now: Timestamp, months: u32, tz: &TimeZone) -> Timestamp {
    let Ok(ts) = jiff::Timestamp::from_millisecond(now.0 as i64) else {
        return Timestamp(0);
    };
    let zoned = ts.to_zoned(tz.clone());
    match zoned.checked_sub(jiff::Span::new().months(i64::from(months))) {
        Ok(z) => Timestamp(z.timestamp().as_millisecond().max(0) as u64),
        Err(_) => Timestamp(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seoul() -> TimeZone {
        TimeZone::get(DEFAULT_TZ).unwrap()
    }

    /// 2025-03-03 is a Monday. 09:30 KST = 00:30 UTC.
    fn kst(y: i16, m: i8, d: i8, h: i8, min: i8) -> Timestamp {
        let z = Date::constant(y, m, d)
            .at(h, min, 0, 0)
            .to_zoned(seoul())
            .unwrap();
        Timestamp(z.timestamp().as_millisecond() as u64)
    }

    fn business_hours() -> Schedule {
        Schedule {
            tz: None,
            rules: vec![
                ScheduleRule {
                    days: Weekdays::ALL,
                    from_minute: 0,
                    to_minute: 0,
                    holidays: HolidayMatch::Only,
                    action: ScheduleAction::Announce(AnnouncementId(9)),
                },
                ScheduleRule {
                    days: Weekdays::WEEKDAYS,
                    from_minute: 9 * 60,
                    to_minute: 18 * 60,
                    holidays: HolidayMatch::Except,
                    action: ScheduleAction::Destination(0),
                },
                ScheduleRule {
                    days: Weekdays::ALL,
                    from_minute: 22 * 60,
                    to_minute: 6 * 60,
                    holidays: HolidayMatch::Any,
                    action: ScheduleAction::Reject,
                },
            ],
            default: ScheduleAction::Destination(1),
            holidays: vec![Date::constant(2025, 3, 3)],
        }
    }

    #[test]
    fn rules_in_seoul_time() {
        let s = business_hours();
        let z = seoul();
        // Tuesday 09:30 KST (00:30 UTC): office.
        assert_eq!(
            s.evaluate(kst(2025, 3, 4, 9, 30), &z),
            ScheduleAction::Destination(0)
        );
        // Tuesday 08:59: before office, default.
        assert_eq!(
            s.evaluate(kst(2025, 3, 4, 8, 59), &z),
            ScheduleAction::Destination(1)
        );
        // Tuesday 18:00 is outside (exclusive end).
        assert_eq!(
            s.evaluate(kst(2025, 3, 4, 18, 0), &z),
            ScheduleAction::Destination(1)
        );
        // Night rule spans midnight.
        assert_eq!(
            s.evaluate(kst(2025, 3, 4, 23, 0), &z),
            ScheduleAction::Reject
        );
        assert_eq!(
            s.evaluate(kst(2025, 3, 5, 5, 59), &z),
            ScheduleAction::Reject
        );
        // Saturday 10:00: not a weekday.
        assert_eq!(
            s.evaluate(kst(2025, 3, 8, 10, 0), &z),
            ScheduleAction::Destination(1)
        );
        // Monday 2025-03-03 is a listed holiday: first rule wins.
        assert_eq!(
            s.evaluate(kst(2025, 3, 3, 10, 0), &z),
            ScheduleAction::Announce(AnnouncementId(9))
        );
    }

    #[test]
    fn other_zone() {
        let mut s = business_hours();
        s.tz = Some("UTC".into());
        s.holidays.clear();
        // 09:30 KST Tuesday = 00:30 UTC Tuesday: night rule in UTC.
        assert_eq!(
            s.evaluate(kst(2025, 3, 4, 9, 30), &seoul()),
            ScheduleAction::Reject
        );
    }

    #[test]
    fn days_and_months() {
        let z = seoul();
        // 1970-01-02 00:30 KST is day 1, although it is still 1970-01-01 in UTC.
        assert_eq!(day_number(kst(1970, 1, 2, 0, 30), &z), 1);
        assert_eq!(
            months_before(kst(2025, 3, 31, 12, 0), 1, &z),
            kst(2025, 2, 28, 12, 0)
        );
        assert_eq!(
            months_before(kst(2025, 3, 4, 12, 0), 12, &z),
            kst(2024, 3, 4, 12, 0)
        );
    }
}
