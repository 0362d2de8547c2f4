import Foundation

/// Conversions between calendar dates in Europe/Stockholm, where effective dates live, and UTC instants.
public enum Stockholm {
    private static let zone = TimeZone(identifier: "Europe/Stockholm")

    /// Seconds east of UTC in Stockholm at `instant` (3600 in winter, 7200 in summer).
    public static func utcOffsetSeconds(at instant: Instant) -> Int {
        if let zone {
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant.microseconds) / 1e6))
        }
        // Without tzdata: the EU rule Sweden follows, summer time from the last Sunday of March 01:00 UTC
        // to the last Sunday of October 01:00 UTC.
        let year = instant.utcDate.year
        func lastSunday(month: Int) -> Instant {
            let last = CalendarDate(year: year, month: month, day: 31)!
            let weekday = (last.daysSinceEpoch + 4) % 7  // 0 = Sunday; 1970-01-01 was a Thursday
            return Instant(date: last.adding(days: -((weekday + 7) % 7)), secondsIntoDay: 3600)
        }
        return instant >= lastSunday(month: 3) && instant < lastSunday(month: 10) ? 7200 : 3600
    }

    /// The calendar date in Stockholm at `instant`.
    public static func date(at instant: Instant) -> CalendarDate {
        let local = instant.microseconds + Int64(utcOffsetSeconds(at: instant)) * 1_000_000
        return Instant(microsecondsSinceEpoch: local).utcDate
    }

    /// The instant at which `date` begins in Stockholm (local midnight).
    public static func startOfDay(_ date: CalendarDate) -> Instant {
        let midnightUTC = Instant(date: date)
        // The offset at local midnight equals the offset at midnight UTC except on no real date: DST
        // changes happen at 01:00 UTC, after both.
        let offset = utcOffsetSeconds(at: midnightUTC)
        return Instant(microsecondsSinceEpoch: midnightUTC.microseconds - Int64(offset) * 1_000_000)
    }

    /// Today's date in Stockholm according to `clock`.
    public static func today(_ clock: Clock) -> CalendarDate { date(at: clock.now()) }
}
