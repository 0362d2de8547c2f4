import EventLog
import InternalControl
import Projections

/// A control point's trend in the report: earlier years when it has them; within one year, buckets in the plan's
/// reporting rhythm. Results covering more than one bucket (a cumulative January–August figure) are rows of their
/// own, named by what they cover, never put in the bucket they were performed in.
extension ReportBuilder {
    /// The bucket within one year: the one asked for, else the rhythm of the plan's reports (their periods shorter
    /// than a year), else the control point's schedule, else its frequency, else tertials.
    func trendBucket(_ c: ControlState, facts: PlanFacts) -> Bucket {
        if let bucket { return bucket }
        func ofMonths(_ months: Int) -> Bucket? { Bucket.allCases.first { $0.months == months && $0 != .year } }
        let reported = facts.reports.compactMap(\.values.covers).map { Period.named(covering: $0) }
            .compactMap { Self.months(of: $0) }.filter { $0 < 12 }
        if let shortest = reported.min(), let rhythm = ofMonths(shortest) { return rhythm }
        if let first = c.schedule?.compactMap(ScheduleRules.period).compactMap(Self.months(of:)).min(),
            let rhythm = ofMonths(first)
        {
            return rhythm
        }
        switch c.frequency {
        case "semiannual": return .half
        case "quarterly": return .quarter
        case "monthly": return .month
        default: return .tertial
        }
    }

    /// The months of a named period (a year, half, tertial, quarter or month), `nil` for other spans.
    static func months(of period: Period) -> Int? {
        guard Period(period.name) != nil, period.first.day == 1 else { return nil }
        return (period.last.year - period.first.year) * 12 + period.last.month - period.first.month + 1
    }

    func trendSection(_ c: ControlState, index: Int?, facts: PlanFacts, period: Period, knowledge: KnowledgeInfo,
                      texts: some FactTexts) -> (title: String, rows: [ReportModel.TrendRow], chart: String)
    {
        let years = index.map { facts.performanceYears(of: $0, through: period.last) } ?? []
        let bucket: Bucket = years.count > 1 ? .year : trendBucket(c, facts: facts)
        let first = bucket == .year ? max(years.min() ?? period.first.year, period.last.year - 7) : period.first.year
        let from = bucket == .year ? CalendarDate(year: first, month: 1, day: 1)! : period.first
        let rows = TrendProjection.evaluate([facts], dates: from...period.last, bucket: bucket, grouping: .control,
                                            only: c.controlId, referenceDate: knowledge.referenceDate, texts: texts)
            .filter { $0.performed > 0 || $0.examined > 0 }
        let labels = rows.map { label(of: $0, short: false) }
        let lines = zip(rows, labels).map { r, label in
            ReportModel.TrendRow(bucket: label, performed: String(r.performed), examined: language.number(r.examined),
                                 deviating: language.number(r.deviating), rate: percent(r.deviating, r.examined))
        }
        let title = "\(word("trend")) (\(word("by." + bucket.rawValue)))"
        return (title, lines, TrendChart.svg(rows, labels: rows.map { label(of: $0, short: true) }, language: language,
                                             title: "\(c.title ?? c.controlId): \(title)"))
    }

    /// A row's name: its bucket (`2024-T2`), or what a cumulative row covers (`jan–aug 2024, ackumulerat`).
    func label(of row: TrendProjection.Row, short: Bool) -> String {
        guard row.cumulative else { return row.bucket.name }
        let a = row.bucket.first
        let b = row.bucket.last
        if Self.months(of: row.bucket) == 12 { return short ? "\(a.year)" : "\(word("fullYear")) \(a.year)" }
        func abbreviated(_ month: Int) -> String {
            let name = String(monthName(month).prefix(3))
            return language == .sv ? name.lowercased() : name
        }
        let span = a.year == b.year && a.day == 1 && b.day == CalendarDate.daysIn(month: b.month, year: b.year)
            ? "\(abbreviated(a.month))–\(abbreviated(b.month)) \(a.year)" : "\(a) – \(b)"
        return short ? span : "\(span), \(word("cumulative"))"
    }
}
