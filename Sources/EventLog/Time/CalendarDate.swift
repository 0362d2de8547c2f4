/// A calendar date without time of day (`2024-10-15`): the effective time of an event, in Europe/Stockholm.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Year, month and day in one number (year × 512 + month × 32 + day), so a date is four bytes and compares as
    /// one integer: projections hold millions of them.
    private let packed: Int32

    public var year: Int { Int(packed >> 9) }
    public var month: Int { Int((packed >> 5) & 15) }
    public var day: Int { Int(packed & 31) }

    private init(packing year: Int, _ month: Int, _ day: Int) {
        packed = Int32(truncatingIfNeeded: year) << 9 | Int32(month) << 5 | Int32(day)
    }

    /// The date as one integer that orders as the dates do (year × 512 + month × 32 + day): a compact form for
    /// stored records, read back with ``init(ordinal:)``.
    public var ordinal: Int32 { packed }

    /// The date whose ``ordinal`` is `ordinal`; `nil` when it is not a real date.
    public init?(ordinal: Int32) {
        self.init(year: Int(ordinal >> 9), month: Int((ordinal >> 5) & 15), day: Int(ordinal & 31))
        guard packed == ordinal else { return nil }
    }

    /// Creates a date; `nil` when it does not exist (`2023-02-29`, month 13) or the year is outside 1–9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(packing: year, month, day)
    }

    /// Parses exactly `YYYY-MM-DD`; `nil` for anything else, including dates that do not exist.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = CalendarDate.digits(bytes[0..<4]), let month = CalendarDate.digits(bytes[5..<7]),
            let day = CalendarDate.digits(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// Days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DD` to `output`.
    func write(to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { text in
            put(into: text.baseAddress!)
            output.append(contentsOf: UnsafeBufferPointer(text))
        }
    }

    /// Puts the 10 bytes of `YYYY-MM-DD` at `text` (years 0–9999; the writers' one append per field).
    func put(into text: UnsafeMutablePointer<UInt8>) {
        putDigits(year, 4, at: text)
        text[4] = UInt8(ascii: "-")
        putDigits(month, 2, at: text + 5)
        text[7] = UInt8(ascii: "-")
        putDigits(day, 2, at: text + 8)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.packed < rhs.packed
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01 (Hinnant's `civil_from_days`).
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let m = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(packing: yearOfEra + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The date `count` days later (earlier when negative).
    public func adding(days count: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + count)
    }
}

/// Puts the last `width` decimal digits of `value` (not negative) at `text`.
func putDigits(_ value: Int, _ width: Int, at text: UnsafeMutablePointer<UInt8>) {
    var rest = value
    for i in stride(from: width - 1, through: 0, by: -1) {
        text[i] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
