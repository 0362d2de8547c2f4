import Foundation
import EventLog
import InternalControl
import Reports

/// A form for one event type, made from the event catalogue's fields (the same ``FieldSpec``s `ik record`'s flags
/// come from), read with the same ``FieldKind/value(fromText:)``: inputs are named by their path in the payload
/// (`deviating`, `period.from`; a correction's replacement under `payload.`), so a validator's problem at
/// `payload.deviating` lands beside the input `deviating`.
struct RecordForm {
    let type: EventType
    /// Input name → what was typed (kept when the form is shown again with its errors).
    var values: [String: String] = [:]
    /// Input name → the rule it broke; "" for problems of the draft as a whole.
    var errors: [String: [String]] = [:]

    /// The inputs of `fields`, named under `prefix`.
    static func inputs(_ fields: [FieldSpec], prefix: String = "") -> [(name: String, field: FieldSpec, parent: FieldSpec?)] {
        fields.flatMap { field -> [(String, FieldSpec, FieldSpec?)] in
            if case .object(let children) = field.kind {
                return children.map { (prefix + field.name + "." + $0.name, $0, field) }
            }
            return [(prefix + field.name, field, nil)]
        }
    }

    /// The inputs of this form: a correction's own fields (its replacement payload as the target type's inputs).
    func inputs(target: EventType?) -> [(name: String, field: FieldSpec, parent: FieldSpec?)] {
        guard type == .eventCorrected else { return Self.inputs(type.fields) }
        let own = Self.inputs(type.fields.filter { $0.name == "targetId" || $0.name == "reason" })
        return own + (target.map { Self.inputs($0.fields, prefix: "payload.") } ?? [])
    }

    /// The payload the inputs describe; a value that cannot be read is noted in ``errors`` and left out, as is an
    /// empty input (a required one is then named by the validator, as on the command line).
    mutating func payload(from form: FormBody, target: EventType?) -> JSONValue {
        var payload: [String: JSONValue] = [:]
        for (name, field, _) in inputs(target: target) {
            let text = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            values[name] = form[name] ?? ""
            guard !text.isEmpty else { continue }
            let parsed: Result<JSONValue, FieldTextProblem>
            switch field.kind {
            case .objectList, .textList:
                // One item per line.
                var items: [JSONValue] = []
                var failure: FieldTextProblem?
                for line in text.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    switch field.kind.value(fromText: String(line)) {
                    case .success(let value): items += value.arrayValue ?? [value]
                    case .failure(let problem): failure = failure ?? problem
                    }
                }
                parsed = failure.map { .failure($0) } ?? .success(.array(items))
            default:
                parsed = field.kind.value(fromText: text)
            }
            switch parsed {
            case .success(let value): Self.set(value, at: name.split(separator: ".").map(String.init), in: &payload)
            case .failure(let problem): errors[name, default: []].append(problem.rule)
            }
        }
        if type == .eventCorrected, let target { payload["targetType"] = .string(target.rawValue) }
        return .object(payload)
    }

    static func set(_ value: JSONValue, at path: [String], in object: inout [String: JSONValue]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var inner = object[first]?.objectValue ?? [:]
        set(value, at: Array(path.dropFirst()), in: &inner)
        object[first] = .object(inner)
    }

    /// Notes a validator's problem beside its input: the longest input name its path starts with, else the form's.
    mutating func note(_ problem: DraftProblem, target: EventType?) {
        let names = inputs(target: target).map(\.name)
        var path = problem.path
        if path.hasPrefix("payload.") { path.removeFirst("payload.".count) }
        let owner = names.filter { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }.max { $0.count < $1.count }
            ?? names.first { $0.hasPrefix(path + ".") }
        // The value is in the input beside the message already.
        let text = problem.rule
        if errors[owner ?? "", default: []].contains(text) { return }
        errors[owner ?? "", default: []].append(text)
    }

    /// The template's data for every input.
    func fieldData(target: EventType?, language: Language, lists: [String: [String]], events: [[String: Any]]) -> [[String: Any]] {
        inputs(target: target).map { name, field, parent in
            let id = "f-" + name.replacingOccurrences(of: ".", with: "-")
            var label = language == .sv ? field.sv : field.en
            if let parent { label = (language == .sv ? parent.sv : parent.en) + ": " + label.lowercased() }
            let value = values[name] ?? ""
            var data: [String: Any] = [
                "name": name, "id": id, "label": label, "value": value,
                "required": field.required && (parent?.required ?? true) && !name.hasPrefix("payload."),
                "error": errors[name].map { $0.map { WebText.rule($0, language) }.joined(separator: "; ") } ?? false,
                "hint": Self.hint(field.kind, language).isEmpty ? false : Self.hint(field.kind, language),
            ]
            switch field.kind {
            case .choice(let words):
                data["select"] = true
                data["options"] = [["value": "", "label": "–", "selected": value.isEmpty]] + words.map {
                    ["value": $0, "label": WebText.choice($0, language), "selected": $0 == value]
                }
            case .eventID:
                data["select"] = true
                data["options"] = events.map { event -> [String: Any] in
                    var option = event
                    option["selected"] = (event["value"] as? String) == value
                    return option
                }
            case .pastDate, .plannedDate:
                // Text, not `type=date`: a browser shows its date input in its own locale's order (mm/dd/yyyy in
                // many), whatever the page's language; the store's dates are written 2025-02-11 everywhere.
                data["input"] = "text"
                data["date"] = true
                data["compact"] = true
            case .count, .range:
                data["input"] = "number"
                data["compact"] = true
            case .text(let max) where max > FieldSpec.shortText: data["textarea"] = true
            case .objectList, .textList: data["textarea"] = true
            default:
                data["input"] = "text"
                if let list = lists[field.name] { data["list"] = id + "-list"; data["suggestions"] = list }
            }
            return data
        }
    }

    static func hint(_ kind: FieldKind, _ language: Language) -> String {
        let sv = language == .sv
        switch kind {
        case .pastDate: return sv ? "Datum (ÅÅÅÅ-MM-DD), inte senare än i dag." : "A date (YYYY-MM-DD), not after today."
        case .plannedDate: return sv ? "Datum (ÅÅÅÅ-MM-DD)." : "A date (YYYY-MM-DD)."
        case .idList: return sv ? "Id:n, åtskilda med komma." : "Ids, separated by commas."
        case .objectList: return sv ? "Ett mått per rad: NAMN=TÄLJARE/NÄMNARE, t.ex. Inlämnade rapporter=121/144." : "One per line: NAME=NUMERATOR/DENOMINATOR."
        case .textList: return sv ? "En per rad." : "One per line."
        case .periodList: return sv ? "Perioder som 2024-H1, 2024-Q3; åtskilda med komma." : "Periods such as 2024-H1, 2024-Q3; comma-separated."
        default: return ""
        }
    }
}
