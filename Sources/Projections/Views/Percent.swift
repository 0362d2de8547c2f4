/// Rates are computed from counts, never stored: `part / whole` in percent, cut (not rounded) to `decimals`,
/// so 119 of 199 is 59 %, as committee papers write it. The product is taken at full width (128 bits), so no
/// count a store can hold makes it overflow.
public enum Percent {
    /// `nil` when `whole` is not positive.
    public static func text(_ part: Int64, of whole: Int64, decimals: Int = 1) -> String? {
        guard whole > 0 else { return nil }
        var scale: Int64 = 100
        for _ in 0..<min(max(decimals, 0), 6) { scale *= 10 }
        let scaled = Int128(part) * Int128(scale) / Int128(whole)
        guard decimals > 0 else { return String(scaled) }
        let unit = Int128(scale / 100)
        let magnitude = scaled.magnitude
        let fraction = String(magnitude % UInt128(unit))
        let sign = scaled < 0 && magnitude / UInt128(unit) == 0 ? "-" : ""
        return "\(sign)\(scaled / unit).\(String(repeating: "0", count: max(0, decimals - fraction.count)))\(fraction)"
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
