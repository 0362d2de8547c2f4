import EventLog

/// When a control point is due (DESIGN.md, version 2): in a period that one of its schedule periods overlaps;
/// without a schedule its frequency decides, and every frequency (once, annual, semiannual, tertial, quarterly,
/// monthly) has the control done somewhere in each part of the plan's year it names, so it is due in any period
/// that overlaps the plan's year. A period report counts the control points due; the others are "ej aktuell".
public enum ScheduleRules {
    /// A schedule's period named `2015`, `2015-H1`, `2015-T2`, `2015-Q3` or `2015-05` (not a single date).
    public static func period(_ name: String) -> Period? {
        guard name.split(separator: "-", omittingEmptySubsequences: false).count <= 2 else { return nil }
        return Period(name)
    }

    /// The problem with one schedule entry, or `nil`.
    static func problem(_ name: String) -> String? {
        period(name) == nil ? "must name a period: 2015, 2015-H1, 2015-T2, 2015-Q3 or 2015-05" : nil
    }

    /// Whether a control point with `schedule` (its periods; `nil` without one) in a plan of `planYear` is due in
    /// `dates`.
    public static func isDue(schedule: [Period]?, planYear: Int64?, in dates: ClosedRange<CalendarDate>) -> Bool {
        if let schedule, !schedule.isEmpty { return schedule.contains { $0.dates.overlaps(dates) } }
        guard let planYear, let year = Period.year(Int(clamping: planYear)) else { return true }
        return year.dates.overlaps(dates)
    }
}
