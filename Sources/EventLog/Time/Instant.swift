/// A moment in time with microsecond precision: the recorded time of an event, always written in UTC.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let microseconds: Int64

    public init(microsecondsSinceEpoch: Int64) { microseconds = microsecondsSinceEpoch }

    /// Midnight UTC at the start of `date` plus `seconds`.
    public init(date: CalendarDate, secondsIntoDay seconds: Int = 0) {
        microseconds = (Int64(date.daysSinceEpoch) * 86_400 + Int64(seconds)) * 1_000_000
    }

    /// Parses RFC 3339 (`2025-02-11T09:30:00Z`, `2025-02-11T10:30:00.25+01:00`); `nil` for anything else.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        guard b.count >= 20, let date = CalendarDate(String(decoding: b[0..<10], as: UTF8.self)),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":"), let hour = CalendarDate.digits(b[11..<13]),
            let minute = CalendarDate.digits(b[14..<16]), let second = CalendarDate.digits(b[17..<19]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
                if digits < 6 { fraction = fraction * 10 + Int64(b[i] - UInt8(ascii: "0")) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { fraction *= 10 }
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            guard i + 1 == b.count else { return nil }
        } else {
            guard i + 6 == b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"),
                b[i + 3] == UInt8(ascii: ":"), let oh = CalendarDate.digits(b[(i + 1)..<(i + 3)]),
                let om = CalendarDate.digits(b[(i + 4)..<(i + 6)]), oh < 24, om < 60
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        microseconds = (local - Int64(offsetSeconds)) * 1_000_000 + fraction
    }

    /// The UTC calendar date of this instant.
    public var utcDate: CalendarDate {
        CalendarDate(daysSinceEpoch: Int(microseconds.floorDivided(by: 86_400_000_000)))
    }

    /// RFC 3339 in UTC: `2025-02-11T09:30:00Z`, with six fractional digits only when there is a fraction.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the RFC 3339 form of ``description`` to `output`.
    func write(to output: inout [UInt8]) {
        let seconds = microseconds.floorDivided(by: 1_000_000)
        let fraction = microseconds - seconds * 1_000_000
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        // Filled in a stack buffer and appended once: an envelope writes one per event.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 27) { text in
            let base = text.baseAddress!
            CalendarDate(daysSinceEpoch: Int(days)).put(into: base)
            base[10] = UInt8(ascii: "T")
            putDigits(secondOfDay / 3600, 2, at: base + 11)
            base[13] = UInt8(ascii: ":")
            putDigits(secondOfDay / 60 % 60, 2, at: base + 14)
            base[16] = UInt8(ascii: ":")
            putDigits(secondOfDay % 60, 2, at: base + 17)
            var count = 19
            if fraction != 0 {
                base[19] = UInt8(ascii: ".")
                putDigits(Int(fraction), 6, at: base + 20)
                count = 26
            }
            base[count] = UInt8(ascii: "Z")
            output.append(contentsOf: UnsafeBufferPointer(start: base, count: count + 1))
        }
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.microseconds < rhs.microseconds }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
