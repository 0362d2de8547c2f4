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
        public let bucket: Period
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
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// Rows for every group and bucket of `dates`, for the facts of `plans`, restricted to one control point,
    /// area or unit when `only` is given.
    public static func evaluate(_ plans: [PlanFacts], dates: ClosedRange<CalendarDate>, bucket: Bucket, grouping: Grouping,
                                only: String? = nil, referenceDate: CalendarDate) -> [Row] {
        var rows: [String: Row] = [:]
        var order: [String] = []
        func add(_ group: String, _ label: String, _ period: Period, _ change: (inout Row) -> Void) {
            if let only, group != only { return }
            let key = group + "\u{0}" + period.name
            if rows[key] == nil {
                rows[key] = Row(group: group, label: label, bucket: period)
                order.append(key)
            }
            change(&rows[key]!)
        }
        for facts in plans {
            var controls: [String: PlanFacts.Control] = [:]
            for control in facts.controls { controls[control.fact.controlId] = control }
            func group(ofControl id: String?) -> (String, String)? {
                guard let id, let control = controls[id] else { return nil }
                switch grouping {
                case .control: return (id, control.fact.title ?? id)
                case .area: return (control.fact.area ?? "", control.fact.area ?? "")
                case .unit: return nil
                }
            }
            if grouping != .unit {
                for control in facts.controls {
                    guard let (key, label) = group(ofControl: control.fact.controlId) else { continue }
                    for period in bucket.periods(covering: dates) {
                        for performance in facts.countedPerformances(of: control.fact.controlId, in: period.dates) {
                            add(key, label, period) { row in
                                row.performed += 1
                                row.examined += performance.fact.examined
                                row.deviating += performance.fact.deviating
                                row.serious += performance.fact.serious ?? 0
                                row.sources += performance.sources
                            }
                        }
                    }
                }
            }
            for deviation in facts.deviations where dates.contains(deviation.fact.observedOn) {
                let target: (String, String)? = grouping == .unit
                    ? (deviation.fact.unit ?? "", deviation.fact.unit ?? "") : group(ofControl: deviation.fact.controlId)
                guard let (key, label) = target else { continue }
                add(key, label, bucket.period(of: deviation.fact.observedOn)) { row in
                    row.deviationsRecorded += deviation.fact.count
                    row.sources += deviation.sources
                    if let closing = deviation.closing, closing.on <= referenceDate {
                        row.daysToClose.append(closing.on.daysSinceEpoch - deviation.fact.observedOn.daysSinceEpoch)
                        row.sources += closing.sources
                    }
                }
            }
            guard grouping != .unit else { continue }
            for action in facts.actions {
                guard let (key, label) = group(ofControl: facts.controlId(of: action)) else { continue }
                if action.fact.planned, dates.contains(action.fact.date) {
                    add(key, label, bucket.period(of: action.fact.date)) { row in
                        row.actionsPlanned += 1
                        row.sources += action.sources
                    }
                }
                let completedOn = action.fact.planned
                    ? action.followUps.filter { $0.fact.status == "completed" }.map(\.fact.followedUpOn).min()
                    : action.fact.date
                if let completedOn, completedOn <= referenceDate, dates.contains(completedOn) {
                    add(key, label, bucket.period(of: completedOn)) { row in
                        row.actionsCompleted += 1
                        row.sources += action.sources
                    }
                }
            }
        }
        return order.compactMap { rows[$0] }.sorted { ($0.group, $0.bucket.first) < ($1.group, $1.bucket.first) }
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
