/// Finds Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer) in
/// free text: 10 or 12 digits, optionally with `-` or `+` before the last four, a real date of birth (day
/// plus 60 for a coordination number) and a valid Luhn check digit. Dates, case numbers and phone numbers
/// that only look similar do not match.
public enum PersonalIdentityNumber {
    /// The first number found in `text`, masked for messages (`19121212-****`), or `nil`.
    public static func firstMatch(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            // A candidate starts a number: not after a digit, nor after a joiner that follows a digit (the tail of
            // 2024-121212…, 1.19121212…). After a letter and a joiner (D-19121212-1212, pnr.19121212-1212) it does.
            let partOfLongerNumber = i > 0 && (isDigit(scalars[i - 1])
                || (isJoiner(scalars[i - 1]) && i > 1 && isDigit(scalars[i - 2])))
            guard isDigit(scalars[i]), !partOfLongerNumber else {
                i += 1
                continue
            }
            var digits: [UInt8] = []
            var separator: (digitsBefore: Int, at: Int)?
            var j = i
            while j < scalars.count {
                if isDigit(scalars[j]) {
                    digits.append(UInt8(scalars[j].value - 48))
                } else if isSeparator(scalars[j]), separator == nil, j + 1 < scalars.count, isDigit(scalars[j + 1]) {
                    separator = (digits.count, j)
                } else {
                    break
                }
                j += 1
            }
            let followedByJoiner = j < scalars.count && isJoiner(scalars[j]) && j + 1 < scalars.count
                && isDigit(scalars[j + 1])
            if !followedByJoiner, isValid(digits: digits, separatorAt: separator?.digitsBefore) {
                let shown = String(String.UnicodeScalarView(scalars[i..<j]))
                return String(shown.dropLast(4)) + "****"
            }
            // "070 121212 1212": the group after a space may start a number of its own.
            if let separator, scalars[separator.at].properties.isWhitespace { i = separator.at + 1 } else { i = j + 1 }
        }
        return nil
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }

    /// Hyphens and dashes a word processor may put in place of `-`.
    static let dashes: Set<Unicode.Scalar> = ["-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2212}"]

    /// What may stand between the date and the last four digits: a dash, `+` (over 100 years old), or a space.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        dashes.contains(scalar) || scalar == "+" || scalar == " " || scalar == "\u{00A0}"
    }

    /// What joins the parts of a longer number (dates, case numbers, decimals).
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        dashes.contains(scalar) || scalar == "+" || scalar == "." || scalar == "/"
    }

    static func isValid(digits: [UInt8], separatorAt: Int?) -> Bool {
        guard digits.count == 10 || digits.count == 12 else { return false }
        if let separatorAt, separatorAt != digits.count - 4 { return false }
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
