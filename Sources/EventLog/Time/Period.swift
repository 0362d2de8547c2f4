/// A span of effective dates named the way committees name them: `2024`, `2024-H1`, `2024-T2`
/// (tertial), `2024-Q3`, `2024-05`, or a single date.
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public let first: CalendarDate
    public let last: CalendarDate
    /// The name it was parsed from, or `first..last`.
    public let name: String

    public init(first: CalendarDate, last: CalendarDate, name: String? = nil) {
        self.first = first
        self.last = last
        self.name = name ?? "\(first)..\(last)"
    }

    /// The dates of the period.
    public var dates: ClosedRange<CalendarDate> { first...last }

    public var description: String { name }

    /// A whole calendar year.
    public static func year(_ year: Int) -> Period? {
        guard let first = CalendarDate(year: year, month: 1, day: 1),
            let last = CalendarDate(year: year, month: 12, day: 31)
        else { return nil }
        return Period(first: first, last: last, name: String(year))
    }

    /// Months `firstMonth...lastMonth` of `year`.
    public static func months(_ firstMonth: Int, _ lastMonth: Int, of year: Int, name: String) -> Period? {
        guard let first = CalendarDate(year: year, month: firstMonth, day: 1),
            let last = CalendarDate(year: year, month: lastMonth, day: CalendarDate.daysIn(month: lastMonth, year: year))
        else { return nil }
        return Period(first: first, last: last, name: name)
    }

    /// The period of `dates`, named as committees name it when it is a year, half, tertial, quarter or month
    /// (`2024`, `2024-H1`, `2024-T2`, `2024-Q3`, `2024-05`), else `first..last`.
    public static func named(covering dates: ClosedRange<CalendarDate>) -> Period {
        let a = dates.lowerBound
        let b = dates.upperBound
        if a.year == b.year, a.day == 1, b.day == CalendarDate.daysIn(month: b.month, year: b.year) {
            let months = b.month - a.month + 1
            let names: [Int: (String, Int)] = [12: ("", 12), 6: ("H", 6), 4: ("T", 4), 3: ("Q", 3)]
            if months == 1 { return Period(first: a, last: b, name: "\(a.year)-" + (a.month < 10 ? "0" : "") + "\(a.month)") }
            if let (letter, size) = names[months], (a.month - 1) % size == 0 {
                return Period(first: a, last: b, name: letter.isEmpty ? "\(a.year)" : "\(a.year)-\(letter)\((a.month - 1) / size + 1)")
            }
        }
        return Period(first: a, last: b)
    }

    /// Parses `2024`, `2024-H1`/`H2`, `2024-T1`…`T3`, `2024-Q1`…`Q4`, `2024-05` or `2024-05-17`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let yearText = parts.first, yearText.count == 4, let year = Int(yearText) else { return nil }
        var period: Period?
        switch parts.count {
        case 1: period = .year(year)
        case 2:
            let part = parts[1].uppercased()
            let number = Int(part.dropFirst()) ?? 0
            switch part.first {
            case "H" where (1...2).contains(number) && part.count == 2:
                period = .months(number * 6 - 5, number * 6, of: year, name: "\(year)-H\(number)")
            case "T" where (1...3).contains(number) && part.count == 2:
                period = .months(number * 4 - 3, number * 4, of: year, name: "\(year)-T\(number)")
            case "Q" where (1...4).contains(number) && part.count == 2:
                period = .months(number * 3 - 2, number * 3, of: year, name: "\(year)-Q\(number)")
            default:
                if part.count == 2, let month = Int(part), (1...12).contains(month) {
                    period = .months(month, month, of: year, name: text)
                }
            }
        case 3:
            if let date = CalendarDate(text) { period = Period(first: date, last: date, name: text) }
        default: break
        }
        guard let period else { return nil }
        self = period
    }
}
