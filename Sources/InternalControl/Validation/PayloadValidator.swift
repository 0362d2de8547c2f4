import EventLog

/// Checks a payload object against the fields of its type: required fields, kinds, enums, ranges, real
/// dates not in the future, text lengths, unknown fields, and personal identity numbers in any text.
public struct PayloadValidator: Sendable {
    /// Today in Stockholm: the latest date a thing can have happened.
    public let today: CalendarDate

    public init(today: CalendarDate) { self.today = today }

    /// Every problem of `payload` against `fields`; empty when it is valid.
    public func problems(of payload: JSONValue, fields: [FieldSpec], path: String = "") -> [FieldProblem] {
        guard let object = payload.objectValue else {
            return [FieldProblem(path.isEmpty ? "payload" : path, payload.kindDescription, "must be an object")]
        }
        var problems: [FieldProblem] = []
        let known = Set(fields.map(\.name))
        for key in CanonicalJSON.sortedKeys(object.keys) where !known.contains(key) {
            let names = fields.map(\.name).joined(separator: ", ")
            problems.append(FieldProblem(join(path, key), nil, "unknown field; this object has \(names)"))
        }
        for field in fields {
            let fieldPath = join(path, field.name)
            guard let value = object[field.name] else {
                if field.required { problems.append(FieldProblem(fieldPath, nil, "required (\(field.en))")) }
                continue
            }
            problems += check(value, kind: field.kind, path: fieldPath)
        }
        return problems
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func check(_ value: JSONValue, kind: FieldKind, path: String) -> [FieldProblem] {
        // A message never repeats a personal identity number, whatever else is wrong with the value.
        let written = DraftDecoder.show(value)
        let shown = PersonalIdentityNumber.firstMatch(in: written).map { "…\($0)…" } ?? written
        func wrongType(_ expected: String) -> [FieldProblem] {
            [FieldProblem(path, shown, "must be \(expected), not \(value.kindDescription)")]
        }
        switch kind {
        case .id:
            guard let text = value.stringValue else { return wrongType("a string") }
            return IDRules.problem(text).map { [FieldProblem(path, shown, $0)] } ?? []
        case .eventID:
            guard let text = value.stringValue else { return wrongType("a string") }
            let ok = text.utf8.count == 36 && text.unicodeScalars.allSatisfy { $0 == "-" || $0.properties.isASCIIHexDigit }
            return ok ? [] : [FieldProblem(path, shown, "must be an event id (a UUID, as `ik log` shows)")]
        case .text(let maxLength):
            guard let text = value.stringValue else { return wrongType("a string") }
            return textProblems(text, maxLength: maxLength, path: path)
        case .pastDate, .plannedDate:
            guard let text = value.stringValue else { return wrongType("a date string YYYY-MM-DD") }
            guard let date = CalendarDate(text) else {
                return [FieldProblem(path, shown, "must be a real date written YYYY-MM-DD")]
            }
            if case .pastDate = kind, date > today {
                return [FieldProblem(path, shown, "is in the future (today is \(today)); record things that happened")]
            }
            return []
        case .count(let minimum, let maximum):
            guard let number = value.integerValue else { return wrongType("a whole number") }
            if let problem = personalNumberProblem(in: number, path: path) { return [problem] }
            if number < minimum { return [FieldProblem(path, shown, "must be at least \(minimum)")] }
            if number > maximum {
                return [FieldProblem(path, shown, "must be at most \(maximum); a larger figure is a typing error")]
            }
            return []
        case .range(let range):
            guard let number = value.integerValue else { return wrongType("a whole number") }
            if let problem = personalNumberProblem(in: number, path: path) { return [problem] }
            return range.contains(number)
                ? [] : [FieldProblem(path, shown, "must be between \(range.lowerBound) and \(range.upperBound)")]
        case .choice(let words):
            guard let text = value.stringValue else { return wrongType("a string") }
            return words.contains(text) ? [] : [FieldProblem(path, shown, "must be one of \(words.joined(separator: ", "))")]
        case .idList, .textList:
            guard let elements = value.arrayValue else { return wrongType("an array") }
            if elements.count > 500 { return [FieldProblem(path, "\(elements.count) items", "at most 500 items")] }
            let element: FieldKind = if case .textList(let maxLength) = kind { .text(maxLength: maxLength) } else { .id }
            return elements.enumerated().flatMap { i, item in check(item, kind: element, path: "\(path)[\(i)]") }
        case .periodList:
            guard let elements = value.arrayValue else { return wrongType("an array of period names") }
            if elements.isEmpty { return [FieldProblem(path, "[]", "name at least one period, or leave the field out")] }
            if elements.count > 500 { return [FieldProblem(path, "\(elements.count) items", "at most 500 items")] }
            return elements.enumerated().flatMap { i, item -> [FieldProblem] in
                guard let name = item.stringValue else {
                    return [FieldProblem("\(path)[\(i)]", DraftDecoder.show(item), "must be a string, not \(item.kindDescription)")]
                }
                return ScheduleRules.problem(name).map { [FieldProblem("\(path)[\(i)]", DraftDecoder.show(item), $0)] } ?? []
            }
        case .object(let fields):
            return problems(of: value, fields: fields, path: path)
        case .objectList(let fields):
            guard let elements = value.arrayValue else { return wrongType("an array") }
            if elements.count > 500 { return [FieldProblem(path, "\(elements.count) items", "at most 500 items")] }
            return elements.enumerated().flatMap { i, item in problems(of: item, fields: fields, path: "\(path)[\(i)]") }
        case .hex64:
            guard let text = value.stringValue else { return wrongType("a string") }
            return MerkleHash(hex: text) != nil && text == text.lowercased()
                ? [] : [FieldProblem(path, shown, "must be 64 lowercase hex digits")]
        case .anyObject:
            return value.objectValue == nil ? wrongType("an object") : []
        }
    }

    func textProblems(_ text: String, maxLength: Int, path: String) -> [FieldProblem] {
        // Count cheaply first: a 5 MB text must be refused without walking its characters.
        let scalarCount = text.utf8.count > maxLength * 4 ? Int.max : text.unicodeScalars.count
        if scalarCount > maxLength {
            let size = text.utf8.count
            return [FieldProblem(path, "\(size) bytes", "at most \(maxLength) characters; keep documents outside the log")]
        }
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            return [FieldProblem(path, "\"\(text)\"", "must not be empty")]
        }
        if let found = VisibleText.describeFirst(in: text, where: VisibleText.isForbiddenInText) {
            return [FieldProblem(path, found, "holds a control character; only line breaks and tabs are allowed "
                + "(no other controls, no bidirectional overrides)")]
        }
        if let found = VisibleText.describeInvisibleLetter(in: text) {
            return [FieldProblem(path, found, "holds a letter that is drawn as nothing; it can only hide a difference "
                + "between texts that print alike: remove it")]
        }
        if let number = PersonalIdentityNumber.firstMatch(in: text) {
            return [FieldProblem(path, number, "holds a personal identity number (personnummer or samordningsnummer); "
                + "never record one here: describe the case without it")]
        }
        return []
    }

    func personalNumberProblem(in number: Int64, path: String) -> FieldProblem? {
        PersonalIdentityNumber.match(integer: number).map {
            FieldProblem(path, $0, "is a personal identity number (personnummer or samordningsnummer); never record one")
        }
    }
}

/// What an id may look like: 1–64 letters, digits and `-_.:/`, starting with a letter or digit, letters of one
/// writing system (Latin may go with Chinese, Japanese or Korean), nothing invisible
/// (``VisibleText/isForbiddenInIdentifier(_:)``: Hangul fillers, variation selectors …) and no phonetic or
/// modifier letter (``PhoneticLetters``). Ids are compared as a person reads them: see
/// ``LookAlike``.
public enum IDRules {
    public static func problem(_ id: String) -> String? {
        guard !id.isEmpty else { return "must not be empty" }
        guard id.count <= 64 else { return "an id has at most 64 characters" }
        for (offset, scalar) in id.unicodeScalars.enumerated() where scalar.value >= 0x80 {
            if VisibleText.isForbiddenInIdentifier(scalar) {
                return "holds an invisible character (\(VisibleText.describe(scalar, at: offset))); an id holds only "
                    + "visible letters, digits and - _ . : /, so that two ids never print alike"
            }
            if PhoneticLetters.contains(scalar) {
                return "holds \(VisibleText.describe(scalar, at: offset)), a phonetic or modifier letter drawn like an "
                    + "ordinary one; write the id with ordinary letters"
            }
        }
        guard let first = id.unicodeScalars.first, first.properties.isAlphabetic || PersonalIdentityNumber.isDigit(first),
            id.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || PersonalIdentityNumber.isDigit($0) || "-_.:/".unicodeScalars.contains($0) })
        else { return "an id is letters, digits and - _ . : / (like SN-2024-LAK), starting with a letter or digit" }
        let mix = WritingSystem.forbiddenMix(in: id)
        if !mix.isEmpty {
            return "mixes \(mix.map(\.name).joined(separator: " and ")) letters; write an id in one alphabet "
                + "(a letter of another that looks the same makes an id that only looks like the one meant)"
        }
        if PersonalIdentityNumber.firstMatch(in: id) != nil { return "an id must not be a personal identity number" }
        return nil
    }
}
