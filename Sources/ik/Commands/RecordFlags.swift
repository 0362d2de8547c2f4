import EventLog
import InternalControl

/// Turns `ik record` flags into a payload: `--observed-on 2024-10-15` sets `observedOn`, `--control X` sets
/// `controlId`, `--period-from`/`--period-to` fill `period`, `--indicator "name=121/144"` adds an indicator,
/// lists repeat (`--report-to A --report-to B`) or take commas for ids (`--deviations D-1,D-2`).
struct RecordFlags {
    let type: EventType

    /// Flag name (without dashes) → the payload path it sets.
    var flags: [(flag: String, field: FieldSpec, parent: FieldSpec?)] {
        var result: [(String, FieldSpec, FieldSpec?)] = []
        for field in type.fields {
            switch field.kind {
            case .object(let children):
                for child in children { result.append((Self.kebab(field.name) + "-" + Self.kebab(child.name), child, field)) }
            case .objectList:
                result.append(("indicator", field, nil))
            case .anyObject:
                result.append(("payload", field, nil))
            default:
                result.append((Self.kebab(field.name), field, nil))
            }
        }
        return result
    }

    /// `observedOn` → `observed-on`.
    static func kebab(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "-" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The spellings a flag also answers to: `control` for `control-id`, `deviations` for `deviation-ids`.
    static func aliases(of flag: String) -> [String] {
        if flag.hasSuffix("-ids") { return [String(flag.dropLast(4)) + "s"] }
        if flag.hasSuffix("-id") && flag != "target-id" { return [String(flag.dropLast(3))] }
        if flag == "target-id" { return ["target"] }
        if flag == "proposed-decisions" { return ["proposed-decision"] }
        return []
    }

    func lookup(_ name: String) -> (flag: String, field: FieldSpec, parent: FieldSpec?)? {
        flags.first { $0.flag == name || Self.aliases(of: $0.flag).contains(name) }
    }

    /// The payload the flags describe, or a usage error naming the flag.
    func payload(from arguments: [String]) throws -> JSONValue {
        var payload: [String: JSONValue] = [:]
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            guard argument.hasPrefix("--") else {
                throw CommandFailure(.usage, "unexpected argument \(argument)\nEvery field is given as --name value; "
                    + "see `ik record \(type.recordName) --help`.")
            }
            var name = String(argument.dropFirst(2))
            var value: String
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else {
                guard i + 1 < arguments.count else {
                    throw CommandFailure(.usage, "--\(name) needs a value\nWrite --\(name) VALUE.")
                }
                value = arguments[i + 1]
                i += 1
            }
            i += 1
            guard let (flag, field, parent) = lookup(name) else {
                throw CommandFailure(.usage, "\(type.rawValue) has no field --\(name)\n"
                    + "Its fields: " + flags.map { "--\($0.flag)" }.joined(separator: " ")
                    + "; see `ik record \(type.recordName) --help`.")
            }
            let typed = try Self.value(value, for: field, flag: flag)
            if let parent {
                var object = payload[parent.name]?.objectValue ?? [:]
                object[field.name] = typed
                payload[parent.name] = .object(object)
            } else {
                switch field.kind {
                case .idList, .textList, .objectList, .periodList:
                    let existing = payload[field.name]?.arrayValue ?? []
                    payload[field.name] = .array(existing + (typed.arrayValue ?? [typed]))
                default:
                    payload[field.name] = typed
                }
            }
        }
        return .object(payload)
    }

    /// `value` as the JSON the field's kind asks for (``FieldKind/value(fromText:)``).
    static func value(_ text: String, for field: FieldSpec, flag: String) throws -> JSONValue {
        switch field.kind.value(fromText: text) {
        case .success(let value): return value
        case .failure(let problem): throw CommandFailure(.badInput, "--\(flag) \(text): \(problem.rule)")
        }
    }

    /// The help text of `ik record TYPE --help`: every field with its flag.
    var help: String {
        var lines = ["ik record \(type.recordName): \(type.titles.en) (\(type.titles.sv)), appends \(type.rawValue).", ""]
        lines.append("Fields (* required):")
        for (flag, field, parent) in flags {
            let required = field.required && (parent?.required ?? true) ? "*" : " "
            let aliases = Self.aliases(of: flag).map { " (or --\($0))" }.joined()
            lines.append("  \(required) --\(flag)\(aliases)  \(field.en) / \(field.sv)\(Self.kindHint(field.kind))")
        }
        lines += [
            "", "Also: --effective-at DATE (types without a date of their own), --actor NAME, --idempotency-key KEY,",
            "      --dry-run, --store PATH.",
        ]
        if type == .eventCorrected {
            lines.append("Corrections: --set FIELD=VALUE (repeatable) starts from the target's current payload.")
        }
        return lines.joined(separator: "\n")
    }

    static func kindHint(_ kind: FieldKind) -> String {
        switch kind {
        case .pastDate: " — YYYY-MM-DD, not in the future"
        case .plannedDate: " — YYYY-MM-DD"
        case .count: " — a whole number"
        case .range(let r): " — \(r.lowerBound)–\(r.upperBound)"
        case .choice(let words): " — " + words.joined(separator: " | ")
        case .idList: " — ids, comma-separated"
        case .textList: " — repeat the flag for several"
        case .periodList: " — periods such as 2015-H1, 2015-T2, 2015-Q3, 2015-05, 2015; comma-separated or repeated"
        case .objectList: " — NAME=NUMERATOR/DENOMINATOR, repeatable"
        case .eventID: " — an event id from `ik log --format json`"
        case .anyObject: " — a JSON object"
        default: ""
        }
    }
}
