/// Rates are computed from counts, never stored: `part / whole` in percent, cut (not rounded) to `decimals`,
/// so 119 of 199 is 59 %, as committee papers write it.
public enum Percent {
    /// `nil` when `whole` is zero.
    public static func text(_ part: Int64, of whole: Int64, decimals: Int = 1) -> String? {
        guard whole > 0 else { return nil }
        var scale: Int64 = 100
        for _ in 0..<decimals { scale *= 10 }
        let scaled = part * scale / whole
        guard decimals > 0 else { return String(scaled) }
        var unit: Int64 = 1
        for _ in 0..<decimals { unit *= 10 }
        let fraction = String(scaled % unit)
        return "\(scaled / unit).\(String(repeating: "0", count: decimals - fraction.count))\(fraction)"
    }
}
