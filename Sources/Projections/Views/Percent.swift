/// How a rate is brought to its decimals: half up (the default: 23,9 % is 24 %), or cut, as some committees write
/// them (23,9 % is 23 %). One rule for every table, CSV, JSON and report.
public enum Rounding: String, Sendable, CaseIterable {
    case halfUp = "half-up"
    case truncate
}

/// Rates are computed from counts, never stored: `part / whole` in percent, brought to `decimals` by a
/// ``Rounding``. The product is taken at full width (128 bits), so no count a store can hold makes it overflow.
public enum Percent {
    /// `nil` when `whole` is not positive.
    public static func text(_ part: Int64, of whole: Int64, decimals: Int = 1, rounding: Rounding = .halfUp) -> String? {
        guard let scaled = scaled(part, of: whole, decimals: decimals, rounding: rounding) else { return nil }
        return text(scaled, decimals: decimals)
    }

    /// The rates of `part` and of its complement `whole - part`, which together make 100 % when rounded half up
    /// ("3 av 40 (8 %)", "37 av 40 (92 %)"): the complement is 100 % less the first, so a reader adding them finds
    /// 100. Cut rates are each cut, as the committees that cut write them.
    public static func complementary(_ part: Int64, of whole: Int64, decimals: Int = 1,
                                     rounding: Rounding = .halfUp) -> (part: String, rest: String)? {
        guard let first = scaled(part, of: whole, decimals: decimals, rounding: rounding),
            let second = scaled(whole - part, of: whole, decimals: decimals, rounding: rounding)
        else { return nil }
        guard rounding == .halfUp else { return (text(first, decimals: decimals), text(second, decimals: decimals)) }
        return (text(first, decimals: decimals), text(Int128(100) * unit(decimals) - first, decimals: decimals))
    }

    static func unit(_ decimals: Int) -> Int128 {
        var unit: Int128 = 1
        for _ in 0..<min(max(decimals, 0), 6) { unit *= 10 }
        return unit
    }

    /// The rate in units of the last decimal.
    static func scaled(_ part: Int64, of whole: Int64, decimals: Int, rounding: Rounding) -> Int128? {
        guard whole > 0 else { return nil }
        let numerator = Int128(part) * 100 * unit(decimals)
        let denominator = Int128(whole)
        var quotient = numerator / denominator
        let remainder = numerator % denominator
        // Half up means half away from zero for the (rare, corrected) negative count.
        if rounding == .halfUp, remainder.magnitude * 2 >= denominator.magnitude { quotient += numerator < 0 ? -1 : 1 }
        return quotient
    }

    static func text(_ scaled: Int128, decimals: Int) -> String {
        let places = min(max(decimals, 0), 6)
        guard places > 0 else { return String(scaled) }
        let unit = UInt128(unit(places))
        let magnitude = scaled.magnitude
        let fraction = String(magnitude % unit)
        let sign = scaled < 0 ? "-" : ""
        return "\(sign)\(magnitude / unit).\(String(repeating: "0", count: max(0, places - fraction.count)))\(fraction)"
    }
}

extension Int64 {
    /// `self + other`, held at the largest (or smallest) value instead of overflowing: a sum of counts never traps.
    public func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}

extension Sequence {
    /// The sum of `value` over the elements, saturating (see ``Swift/Int64/addingSaturating(_:)``).
    public func saturatingSum(_ value: (Element) -> Int64) -> Int64 {
        reduce(0) { $0.addingSaturating(value($1)) }
    }
}
