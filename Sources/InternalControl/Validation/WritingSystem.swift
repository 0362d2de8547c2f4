import Foundation

/// The writing system (Unicode script, coarsely) of a letter, so that an id mixing Latin with Cyrillic or Greek
/// (`LОOK-1` with a Cyrillic `О`) can be refused: such ids exist only to look like another.
///
/// Swift's standard library has no script property; this table covers the scripts whose letters could be mixed
/// into a Swedish id. Chinese, Japanese and Korean count as one system that may be mixed with Latin (as Unicode
/// TS #39's "highly restrictive" profile allows); letters of scripts not listed count as one other system.
enum WritingSystem: String, Sendable {
    case latin, greek, cyrillic, armenian, georgian, hebrew, arabic, cjk, other

    /// The system of `scalar`; `nil` for what belongs to none (digits, punctuation, combining marks).
    init?(_ scalar: Unicode.Scalar) {
        guard scalar.properties.isAlphabetic, !Self.isCombining(scalar) else { return nil }
        let v = scalar.value
        for (range, system) in Self.ranges where range.contains(v) {
            self = system
            return
        }
        self = .other
    }

    /// The name a message uses.
    var name: String {
        switch self {
        case .cjk: "Chinese, Japanese or Korean"
        case .other: "another script's"
        default: rawValue.capitalized
        }
    }

    static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    static let ranges: [(ClosedRange<UInt32>, WritingSystem)] = [
        (0x0041...0x005A, .latin), (0x0061...0x007A, .latin), (0x00AA...0x00AA, .latin), (0x00BA...0x00BA, .latin),
        (0x00C0...0x024F, .latin), (0x0250...0x02AF, .latin), (0x1D00...0x1D7F, .latin), (0x1E00...0x1EFF, .latin),
        (0x2C60...0x2C7F, .latin), (0xA720...0xA7FF, .latin), (0xAB30...0xAB6F, .latin), (0xFB00...0xFB06, .latin),
        (0xFF21...0xFF3A, .latin), (0xFF41...0xFF5A, .latin),
        (0x0370...0x03FF, .greek), (0x1F00...0x1FFF, .greek),
        (0x0400...0x052F, .cyrillic), (0x1C80...0x1C8F, .cyrillic), (0x2DE0...0x2DFF, .cyrillic), (0xA640...0xA69F, .cyrillic),
        (0x0530...0x058F, .armenian), (0xFB13...0xFB17, .armenian),
        (0x10A0...0x10FF, .georgian), (0x1C90...0x1CBF, .georgian), (0x2D00...0x2D2F, .georgian),
        (0x0590...0x05FF, .hebrew), (0xFB1D...0xFB4F, .hebrew),
        (0x0600...0x06FF, .arabic), (0x0750...0x077F, .arabic), (0x08A0...0x08FF, .arabic), (0xFB50...0xFDFF, .arabic),
        (0xFE70...0xFEFF, .arabic),
        (0x1100...0x11FF, .cjk), (0x2E80...0x2FDF, .cjk), (0x3005...0x3007, .cjk), (0x3021...0x3029, .cjk),
        (0x3031...0x3035, .cjk), (0x3038...0x303C, .cjk), (0x3040...0x31FF, .cjk), (0x3400...0x4DBF, .cjk),
        (0x4E00...0x9FFF, .cjk), (0xA960...0xA97F, .cjk), (0xAC00...0xD7FF, .cjk), (0xF900...0xFAFF, .cjk),
        (0xFF66...0xFFDC, .cjk), (0x20000...0x3FFFF, .cjk),
    ]

    /// The systems `text` mixes when they may not be mixed (any two, except Latin with Chinese, Japanese or
    /// Korean); empty when it is fine.
    static func forbiddenMix(in text: String) -> [WritingSystem] {
        var seen: [WritingSystem] = []
        for scalar in text.unicodeScalars {
            if let system = WritingSystem(scalar), !seen.contains(system) { seen.append(system) }
        }
        if seen.count <= 1 || (seen.count == 2 && seen.contains(.latin) && seen.contains(.cjk)) { return [] }
        return seen
    }
}
