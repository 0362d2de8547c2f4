import Foundation

/// Finds Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer) in
/// text and integers: 10 or 12 digits with a real date of birth (day plus 60 for a coordination number) and a
/// valid Luhn check digit. Text is normalised first (``normalised(_:)``), so full-width digits, invisible
/// characters, any dash or space, and line breaks between the parts do not hide a number; nor does any one
/// punctuation or symbol character between the date and the last four (`19811218.9876`, `811218~9876`), or
/// digits written one by one (`8 1 1 2 1 8 9 8 7 6`). Dates, case numbers, phone numbers and amounts that only
/// look similar do not match: the date and the check digit must be right.
public enum PersonalIdentityNumber {
    /// The first number found in `text`, normalised and masked for messages (`19121212-****`), or `nil`.
    public static func firstMatch(in text: String) -> String? {
        // Most texts hold fewer than ten digits of any kind: they cannot hold a number, and need no normalising.
        var numeric = 0
        // ASCII answers without a Unicode property lookup: only 0-9 are numeric there.
        for scalar in text.unicodeScalars
        where scalar.isASCII ? isDigit(scalar) : scalar.properties.numericType != nil {
            numeric += 1
            if numeric == 10 { break }
        }
        guard numeric == 10 else { return nil }
        let s = normalised(text)
        var i = 0
        while i < s.count {
            guard isDigit(s[i]) else {
                i += 1
                continue
            }
            var runEnd = i
            while runEnd < s.count, isDigit(s[runEnd]) { runEnd += 1 }
            // The tail of a longer number (2024-121212…, 1.19121212…) is not a number of its own; after a letter
            // and a joiner (D-19121212-1212, pnr.19121212-1212) it is.
            let tailOfLongerNumber = i > 1 && isJoiner(s[i - 1]) && isDigit(s[i - 2])
            // Digits written one by one (8 1 1 2 1 8 9 8 7 6) are read as one number; the search goes on after them,
            // so the tail of such a row is not read as a number of its own.
            if runEnd - i == 1, let spaced = spacedDigits(in: s, from: i), spaced.digits.count > 1 {
                if !tailOfLongerNumber, let end = spacedMatchEnd(in: s, spaced) { return masked(s, i..<end) }
                i = spaced.end
                continue
            }
            if !tailOfLongerNumber, let end = matchEnd(in: s, from: i, firstRunEnd: runEnd) {
                return masked(s, i..<end)
            }
            i = runEnd
        }
        return nil
    }

    /// The number at `range` of the normalised text, its last four digits masked (however they are spaced).
    static func masked(_ s: [Unicode.Scalar], _ range: Range<Int>) -> String {
        var cut = range.upperBound
        var digits = 0
        while cut > range.lowerBound, digits < 4 {
            cut -= 1
            if isDigit(s[cut]) { digits += 1 }
        }
        return String(String.UnicodeScalarView(s[range.lowerBound..<cut])) + "****"
    }

    /// The integer masked (`191212******`… ends in `****`) when its decimal digits are a number, else `nil`:
    /// a count or year field must not carry one either.
    public static func match(integer: Int64) -> String? {
        let digits = Array(String(integer).utf8).map { $0 &- 48 }
        guard isValid(digits: digits) else { return nil }
        return String(String(integer).dropLast(4)) + "****"
    }

    /// `text` as the matcher reads it: compatibility forms folded (NFKC: full-width digits and dashes), decimal
    /// digits of any script as ASCII digits, invisible characters and combining marks removed (format characters
    /// such as zero-width space, joiners, soft hyphen and BOM, other default-ignorables, accents drawn over a
    /// digit or a dash), every dash-like character as `-`, and every run of spaces, line breaks and blank symbols
    /// (U+2800) as one space.
    public static func normalised(_ text: String) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.unicodeScalars.count)
        // NFKC leaves ASCII as it is; a text of ASCII only needs no normalising pass (red team 7:
        // small-refused-batches-hold-everyone — megabytes of digits and spaces took seconds of Unicode lookups).
        let folded = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCompatibilityMapping
        for scalar in folded.unicodeScalars {
            if scalar.isASCII { append(ascii: scalar, to: &result) } else { append(lookingUp: scalar, to: &result) }
        }
        return result
    }

    /// What ``normalised(_:)`` makes of an ASCII scalar, without a property lookup: in ASCII only the White_Space
    /// characters (tab to carriage return, space) are whitespace, only `-` is a dash, and nothing is a format
    /// character, default-ignorable or a non-ASCII digit (`PersonalIdentityNumberTests` checks all 128 against the
    /// lookups).
    static func append(ascii scalar: Unicode.Scalar, to result: inout [Unicode.Scalar]) {
        switch scalar.value {
        case 0x09...0x0D, 0x20:
            if result.last != " " { result.append(" ") }
        default:
            result.append(scalar)
        }
    }

    /// What ``normalised(_:)`` makes of any scalar, by its Unicode properties.
    static func append(lookingUp scalar: Unicode.Scalar, to result: inout [Unicode.Scalar]) {
        let properties = scalar.properties
        // Combining marks hide nothing from a reader either: `811218-\u{301}9876` reads as the number (red team 8:
        // pnr-in-envelope-combining-mark).
        switch properties.generalCategory {
        case .format, .nonspacingMark, .enclosingMark: return
        default: if properties.isDefaultIgnorableCodePoint { return }
        }
        if properties.isWhitespace || properties.generalCategory == .spaceSeparator || scalar.value == 0x2800 {
            if result.last != " " { result.append(" ") }
        } else if isDashLike(scalar) {
            result.append("-")
        } else if properties.numericType == .decimal, let value = properties.numericValue, !isDigit(scalar) {
            result.append(Unicode.Scalar(48 + UInt8(value)))
        } else {
            result.append(scalar)
        }
    }

    /// Dashes (Unicode Pd) and the characters that look like one: minus signs, hyphen bullet, small and
    /// full-width hyphen-minus.
    static func isDashLike(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .dashPunctuation || dashLookAlikes.contains(scalar)
    }

    static let dashLookAlikes: Set<Unicode.Scalar> = [
        "\u{2212}", "\u{2043}", "\u{FE63}", "\u{FF0D}", "\u{02D7}", "\u{2796}", "\u{207B}", "\u{208B}", "\u{10191}",
    ]

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }

    /// What joins the parts of a longer number (dates, case numbers, decimals), after normalising.
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool { scalar == "-" || scalar == "+" || scalar == "." || scalar == "/" }

    /// A mark that may stand between the date and the last four: one punctuation or symbol character
    /// (`-`, `+`, `.`, `_`, `/`, `:`, `,`, `~`, `*` …; after normalising every dash is `-`).
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default: false
        }
    }

    /// Where a number starting at `start` ends, or `nil` when none starts there. The forms, after normalising:
    /// - ten or twelve digits;
    /// - six or eight digits, then spaces, or one mark (``isMark(_:)``) with or without spaces around it (not a
    ///   mark that ends a clause followed by a space, as in prose: `20241015, 1234 ärenden` is two things), then four;
    /// - a date written with the same space or mark between year, month and day (`1912.12.12`, `19-12-12`,
    ///   `1912/12/12`), then one mark (no bare space: `2024-12-12 1212` is a date and a time), then four.
    static func matchEnd(in s: [Unicode.Scalar], from start: Int, firstRunEnd: Int) -> Int? {
        let first = digits(s, start..<firstRunEnd)
        switch first.count {
        case 10, 12:
            return endsNumber(s, firstRunEnd) && isValid(digits: first) ? firstRunEnd : nil
        case 6, 8:
            guard let (end, four) = lastFour(in: s, after: firstRunEnd, bareSpace: true, spacedDigits: false),
                isValid(digits: first + four)
            else { return nil }
            return end
        case 2, 4:
            // A date with separators: year, then month and day of two digits each behind the same separator.
            guard firstRunEnd < s.count, s[firstRunEnd] == " " || isMark(s[firstRunEnd]) else { return nil }
            let separator = s[firstRunEnd]
            let monthEnd = digitRun(s, from: firstRunEnd + 1)
            guard monthEnd - firstRunEnd == 3, monthEnd < s.count, s[monthEnd] == separator else { return nil }
            let dayEnd = digitRun(s, from: monthEnd + 1)
            guard dayEnd - monthEnd == 3,
                let (end, four) = lastFour(in: s, after: dayEnd, bareSpace: false, spacedDigits: false)
            else { return nil }
            let date = first + digits(s, firstRunEnd + 1..<monthEnd) + digits(s, monthEnd + 1..<dayEnd)
            return isValid(digits: date + four) ? end : nil
        default:
            return nil
        }
    }

    /// Single digits in a row, each after the last with one space or the same mark between (`8 1 1 2 1 8`,
    /// `8.1.1.2`): the digits and where the row ends; `nil` when `start` is not a single digit.
    static func spacedDigits(in s: [Unicode.Scalar], from start: Int) -> (digits: [UInt8], end: Int)? {
        guard start < s.count, isDigit(s[start]), digitRun(s, from: start) == start + 1 else { return nil }
        var digits = [UInt8(s[start].value - 48)]
        var j = start + 1
        let separator = j < s.count ? s[j] : " "
        guard separator == " " || isMark(separator) else { return (digits, j) }
        while j + 1 < s.count, s[j] == separator, isDigit(s[j + 1]), digitRun(s, from: j + 1) == j + 2 {
            digits.append(UInt8(s[j + 1].value - 48))
            j += 2
        }
        return (digits, j)
    }

    /// Where a number written one digit at a time ends: ten or twelve digits, or six or eight, a separator as
    /// after a date (``matchEnd(in:from:firstRunEnd:)``), and four (one by one or together).
    static func spacedMatchEnd(in s: [Unicode.Scalar], _ spaced: (digits: [UInt8], end: Int)) -> Int? {
        switch spaced.digits.count {
        case 10, 12:
            return endsNumber(s, spaced.end) && isValid(digits: spaced.digits) ? spaced.end : nil
        case 6, 8:
            guard let (end, four) = lastFour(in: s, after: spaced.end, bareSpace: true, spacedDigits: true),
                isValid(digits: spaced.digits + four)
            else { return nil }
            return end
        default:
            return nil
        }
    }

    /// The separator before the last four, then the last four: their end and the four digits. `bareSpace`: a
    /// space alone may separate; otherwise a mark must. `spacedDigits`: the four may be written one by one.
    static func lastFour(in s: [Unicode.Scalar], after p: Int, bareSpace: Bool, spacedDigits spaced: Bool)
        -> (Int, [UInt8])?
    {
        var j = p
        let spaceBefore = j < s.count && s[j] == " "
        if spaceBefore { j += 1 }
        if j < s.count, isMark(s[j]) {
            let mark = s[j]
            j += 1
            // A dash doubled (`811218--9876`) reads as one, and so does a dash after or before another mark, or two
            // full stops (`811218.-9876`, `811218_-9876`, `811218..9876`: red team 9, pnr-two-separators-in-envelope);
            // other doubled marks, `::`, are a notation of their own.
            if j < s.count, isMark(s[j]), mark == "-" || s[j] == "-" || (mark == "." && s[j] == ".") {
                j += 1
                while j < s.count, s[j] == "-" { j += 1 }
            }
            let spaceAfter = j < s.count && s[j] == " "
            if spaceAfter { j += 1 }
            // `2024-10-15, 1234 kr` and `20241015. 1234`: a clause ends, another number begins (`811218 , 9876`
            // and `811218,9876` are no sentence).
            if spaceAfter && !spaceBefore && mark.properties.isTerminalPunctuation { return nil }
        } else if !(bareSpace && spaceBefore) {
            return nil
        }
        guard j < s.count, isDigit(s[j]) else { return nil }
        let end = digitRun(s, from: j)
        if end - j == 4, endsNumber(s, end) { return (end, digits(s, j..<end)) }
        // The four as two and two behind the same mark (`811218-98-76`).
        if end - j == 2, end + 2 < s.count, s[end] == s[j - 1], isMark(s[end]), digitRun(s, from: end + 1) == end + 3,
            endsNumber(s, end + 3)
        {
            return (end + 3, digits(s, j..<end) + digits(s, (end + 1)..<(end + 3)))
        }
        if spaced, end - j == 1, let row = spacedDigits(in: s, from: j), row.digits.count == 4, endsNumber(s, row.end) {
            return (row.end, row.digits)
        }
        return nil
    }

    static func digitRun(_ s: [Unicode.Scalar], from i: Int) -> Int {
        var j = i
        while j < s.count, isDigit(s[j]) { j += 1 }
        return j
    }

    static func digits(_ s: [Unicode.Scalar], _ range: Range<Int>) -> [UInt8] { s[range].map { UInt8($0.value - 48) } }

    /// The number must end here: a joiner followed by a digit would make it part of a longer one.
    static func endsNumber(_ s: [Unicode.Scalar], _ end: Int) -> Bool {
        !(end + 1 < s.count && isJoiner(s[end]) && isDigit(s[end + 1]))
    }

    /// Ten or twelve digits with a real date of birth (or coordination day) and a valid check digit.
    static func isValid(digits: [UInt8]) -> Bool {
        guard digits.count == 10 || digits.count == 12, digits.allSatisfy({ $0 <= 9 }) else { return false }
        let ten = Array(digits.suffix(10))
        let month = Int(ten[2]) * 10 + Int(ten[3])
        var day = Int(ten[4]) * 10 + Int(ten[5])
        if day > 60 { day -= 60 }
        var year = 2000
        if digits.count == 12 {
            year = Int(digits[0]) * 1000 + Int(digits[1]) * 100 + Int(digits[2]) * 10 + Int(digits[3])
            guard (1800...2199).contains(year) else { return false }
        }
        // Without a century, 2000 is a leap year: 29 February is accepted as possible.
        guard (1...12).contains(month), day >= 1,
            day <= [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30,
                    31, 30, 31][month - 1]
        else { return false }
        return luhnValid(ten)
    }

    /// The Luhn check over the ten digits YYMMDDNNNC.
    static func luhnValid(_ ten: [UInt8]) -> Bool {
        var sum = 0
        for (i, digit) in ten.enumerated() {
            var value = Int(digit) * (i % 2 == 0 ? 2 : 1)
            if value > 9 { value -= 9 }
            sum += value
        }
        return sum % 10 == 0
    }
}
