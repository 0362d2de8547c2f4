import EventLog

/// How a trend cuts time: year, half, tertial (four months), quarter or month.
public enum Bucket: String, Sendable, CaseIterable {
    case year, half, tertial, quarter, month

    /// The months per bucket.
    public var months: Int {
        switch self {
        case .year: 12
        case .half: 6
        case .tertial: 4
        case .quarter: 3
        case .month: 1
        }
    }

    /// The bucket holding `date`, as a period named like `2024`, `2024-H2`, `2024-T3`, `2024-Q4`, `2024-11`.
    public func period(of date: CalendarDate) -> Period {
        let index = (date.month - 1) / months
        let first = index * months + 1
        let name: String
        switch self {
        case .year: name = "\(date.year)"
        case .half: name = "\(date.year)-H\(index + 1)"
        case .tertial: name = "\(date.year)-T\(index + 1)"
        case .quarter: name = "\(date.year)-Q\(index + 1)"
        case .month: name = "\(date.year)-" + (date.month < 10 ? "0" : "") + "\(date.month)"
        }
        return Period.months(first, first + months - 1, of: date.year, name: name)!
    }

    /// The buckets that cover `dates`, in order.
    public func periods(covering dates: ClosedRange<CalendarDate>) -> [Period] {
        var result: [Period] = []
        var cursor = dates.lowerBound
        while cursor <= dates.upperBound {
            let period = period(of: cursor)
            result.append(period)
            cursor = period.last.adding(days: 1)
        }
        return result
    }
}
