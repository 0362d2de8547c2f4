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
            guard isDigit(scalars[i]), i == 0 || !isDigitOrJoiner(scalars[i - 1]) else {
                i += 1
                continue
            }
            var digits: [UInt8] = []
            var separatorAt: Int?
            var j = i
            while j < scalars.count {
                if isDigit(scalars[j]) {
                    digits.append(UInt8(scalars[j].value - 48))
                } else if (scalars[j] == "-" || scalars[j] == "+"), separatorAt == nil, j + 1 < scalars.count,
                    isDigit(scalars[j + 1])
                {
                    separatorAt = digits.count
                } else {
                    break
                }
                j += 1
            }
            let followedByJoiner = j < scalars.count && (scalars[j] == "-" || scalars[j] == "+" || scalars[j] == ".")
                && j + 1 < scalars.count && isDigit(scalars[j + 1])
            if !followedByJoiner, isValid(digits: digits, separatorAt: separatorAt) {
                let shown = String(String.UnicodeScalarView(scalars[i..<j]))
                return String(shown.dropLast(4)) + "****"
            }
            i = j + 1
        }
        return nil
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }

    static func isDigitOrJoiner(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || scalar == "-" || scalar == "+" || scalar == "." || scalar == "/"
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
