import EventLog
import InternalControl

/// Figures per control point, area or unit and per bucket of time, for comparing periods.
public enum TrendProjection {
    public enum Grouping: String, Sendable, CaseIterable {
        case control, area, unit
    }

    public struct Row: Sendable {
        public let group: String
        public let label: String
        /// The bucket; for a cumulative row, the span its results cover.
        public let bucket: Period
        /// Results whose figures cover more than one bucket (January–August in a tertial trend) are not put in the
        /// bucket they were performed in, which a reader would take for those months only: they get a row of their
        /// own, named by the span they cover.
        public var cumulative = false
        public var performed = 0
        public var examined: Int64 = 0
        public var deviating: Int64 = 0
        public var serious: Int64 = 0
        public var deviationsRecorded: Int64 = 0
        public var actionsPlanned = 0
        public var actionsCompleted = 0
        public var daysToClose: [Int] = []
        public var sources: [UInt64] = []

        /// Median days from observing a deviation to closing it, of those closed; `nil` when none.
        public var medianDaysToClose: Int? {
            guard !daysToClose.isEmpty else { return nil }
            let sorted = daysToClose.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : Int((Int64(sorted[middle - 1]) + Int64(sorted[middle])) / 2)
        }
    }

    /// Rows for every group and bucket of `dates`, for the facts of `plans`, restricted to one control point,
    /// area or unit when `only` is given. Control points' ids, titles and areas and units' names come from `texts`.
    public static func evaluate(_ plans: [PlanFacts], dates: ClosedRange<CalendarDate>, bucket: Bucket, grouping: Grouping,
                                only: String? = nil, referenceDate: CalendarDate, texts: some FactTexts) -> [Row] {
        var table = RowTable(bucket: bucket, dates: dates, only: only)
        var unitGroups: [UnitKey?: Int?] = [:]
        for facts in plans {
            // A group per control point (or area): its name and label, read once per control point.
            let groups: [Int?] = grouping == .unit ? [] : facts.controls.map { control in
                let details = texts.details(of: control)
                switch grouping {
                case .control:
                    let id = texts.thingId(control.thing) ?? ""
                    return table.group(named: "c\(facts.plan)|\(control.thing)", id, details?.title ?? id)
                case .area: return table.group(named: "a" + (details?.area ?? ""), details?.area ?? "", details?.area ?? "")
                case .unit: return nil
                }
            }
            if grouping != .unit {
                for c in facts.controls.indices {
                    guard let group = groups[c] else { continue }
                    for b in table.buckets.indices {
                        let bucketDates = table.buckets[b].dates
                        for performance in facts.countedPerformances(of: c, in: bucketDates) {
                            let covers = performance.values.covers
                            if bucketDates.contains(covers.lowerBound) && bucketDates.contains(covers.upperBound) {
                                table.add(group, bucket: b) { $0.count(performance) }
                            } else {
                                table.add(group, span: covers) { $0.count(performance) }
                            }
                        }
                    }
                }
            }
            for deviation in facts.deviations where dates.contains(deviation.values.observedOn) {
                let group: Int?
                if grouping == .unit {
                    // A unit's name is read once, from the first of its deviations met.
                    if let known = unitGroups[deviation.values.unit] {
                        group = known
                    } else {
                        let name = deviation.values.unit.flatMap { _ in texts.deviation(deviation.textSeq)?.unit } ?? ""
                        group = table.group(named: "u" + name, name, name)
                        unitGroups[deviation.values.unit] = .some(group)
                    }
                } else {
                    group = facts.control(deviation.values.control).flatMap { groups[$0] }
                }
                guard let group, let b = table.bucketIndex(of: deviation.values.observedOn) else { continue }
                table.add(group, bucket: b) { row in
                    row.deviationsRecorded = row.deviationsRecorded.addingSaturating(deviation.values.count)
                    row.sources.append(deviation.sources)
                }
                if let closing = deviation.closing, closing.on <= referenceDate {
                    table.add(group, bucket: b) { row in
                        row.daysToClose.append(closing.on.daysSinceEpoch - deviation.values.observedOn.daysSinceEpoch)
                        row.sources.append(closing.sources)
                    }
                }
            }
            guard grouping != .unit else { continue }
            for action in facts.actions {
                guard action.control >= 0, let group = groups[action.control] else { continue }
                if action.planned, let b = table.bucketIndex(of: action.values.date) {
                    table.add(group, bucket: b) { row in
                        row.actionsPlanned += 1
                        row.sources.append(action.sources)
                    }
                }
                let completedOn = action.planned
                    ? action.followUps.filter { $0.values.status == completedCode }.map(\.values.followedUpOn).min()
                    : action.values.date
                if let completedOn, completedOn <= referenceDate, let b = table.bucketIndex(of: completedOn) {
                    table.add(group, bucket: b) { row in
                        row.actionsCompleted += 1
                        row.sources.append(action.sources)
                    }
                }
            }
        }
        return table.sortedRows()
    }

    static let completedCode = RecordBuilder.code("completed", in: EventCatalogue.followUpStatuses)
}

extension TrendProjection.Row {
    /// Adds a result's figures.
    mutating func count(_ performance: PlanFacts.Performance) {
        if performance.values.isPerformed { performed += 1 }
        examined = examined.addingSaturating(performance.values.examined)
        deviating = deviating.addingSaturating(performance.values.deviating)
        serious = serious.addingSaturating(performance.values.serious ?? 0)
        sources.append(performance.sources)
    }
}

/// The rows of a trend being summed: groups numbered as they are met, rows by group and bucket.
struct RowTable {
    let bucket: Bucket
    let dates: ClosedRange<CalendarDate>
    let only: String?
    /// The buckets covering the dates, in order.
    let buckets: [Period]
    /// The bucket number of the first bucket (year × buckets a year + index in the year).
    let first: Int
    var groupNumbers: [String: Int] = [:]
    var groups: [(id: String, label: String)] = []
    var rowIndex: [Int: Int] = [:]
    var rows: [TrendProjection.Row] = []
    /// Per row: its group and its place in time (where its dates end, then where they begin).
    var keys: [(group: Int, last: CalendarDate, first: CalendarDate)] = []
    var spanRows: [SpanKey: Int] = [:]

    struct SpanKey: Hashable {
        let group: Int
        let first: CalendarDate
        let last: CalendarDate
    }

    init(bucket: Bucket, dates: ClosedRange<CalendarDate>, only: String?) {
        self.bucket = bucket
        self.dates = dates
        self.only = only
        buckets = bucket.periods(covering: dates)
        first = Self.number(of: dates.lowerBound, bucket)
    }

    static func number(of date: CalendarDate, _ bucket: Bucket) -> Int {
        date.year * (12 / bucket.months) + (date.month - 1) / bucket.months
    }

    /// The number of the bucket holding `date`, when `date` lies within the dates.
    func bucketIndex(of date: CalendarDate) -> Int? {
        guard dates.contains(date) else { return nil }
        return Self.number(of: date, bucket) - first
    }

    /// The number of the group `key`, shown as `id` and `label`; `nil` when `only` leaves it out.
    mutating func group(named key: String, _ id: String, _ label: String) -> Int? {
        if let only, id != only { return nil }
        if let known = groupNumbers[key] { return known }
        groupNumbers[key] = groups.count
        groups.append((id, label))
        return groups.count - 1
    }

    mutating func add(_ group: Int, bucket b: Int, _ change: (inout TrendProjection.Row) -> Void) {
        let key = group * buckets.count + b
        if let i = rowIndex[key] {
            change(&rows[i])
        } else {
            rowIndex[key] = rows.count
            var row = TrendProjection.Row(group: groups[group].id, label: groups[group].label, bucket: buckets[b])
            change(&row)
            rows.append(row)
            keys.append((group, buckets[b].last, buckets[b].first))
        }
    }

    /// Adds to the cumulative row of `group` for results covering `span`.
    mutating func add(_ group: Int, span: ClosedRange<CalendarDate>, _ change: (inout TrendProjection.Row) -> Void) {
        let key = SpanKey(group: group, first: span.lowerBound, last: span.upperBound)
        if let i = spanRows[key] {
            change(&rows[i])
            return
        }
        spanRows[key] = rows.count
        var row = TrendProjection.Row(group: groups[group].id, label: groups[group].label,
                                      bucket: Period.named(covering: span))
        row.cumulative = true
        change(&row)
        rows.append(row)
        keys.append((group, span.upperBound, span.lowerBound))
    }

    /// The rows by group id, then time.
    func sortedRows() -> [TrendProjection.Row] {
        rows.indices.sorted {
            (rows[$0].group, keys[$0].group, keys[$0].last, keys[$0].first)
                < (rows[$1].group, keys[$1].group, keys[$1].last, keys[$1].first)
        }.map { rows[$0] }
    }
}

/// A trend for a period as known at a point.
public struct TrendView: Sendable {
    public let knowledge: KnowledgeInfo
    public let dates: ClosedRange<CalendarDate>
    public let bucket: Bucket
    public let grouping: TrendProjection.Grouping
    public let rows: [TrendProjection.Row]
}
