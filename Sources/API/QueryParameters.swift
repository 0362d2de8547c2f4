import EventLog
import Hummingbird
import Projections

/// A request's query parameters, checked like the command line's options: an unknown or repeated one is refused
/// (a typo never vanishes), and values parse with the same types, so there is one grammar.
struct QueryParameters {
    private var values: [String: [String]] = [:]

    /// The knowledge and period parameters every read takes.
    static let scope: Set<String> = ["period", "from", "to", "asOf", "asOfSeq"]

    /// - Parameter allowed: the parameters the route takes; `repeatable` may come more than once.
    init(_ request: Request, allowed: Set<String>, repeatable: Set<String> = []) throws {
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard allowed.contains(name) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw Problem.badParameter(name, nil, "unknown parameter; this route takes " + (known.isEmpty ? "none" : known))
            }
            values[name, default: []].append(String(value))
            if values[name]!.count > 1 && !repeatable.contains(name) {
                throw Problem.badParameter(name, nil, "given more than once")
            }
        }
    }

    func string(_ name: String) -> String? { values[name]?.first }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The plans asked for (`plan`, repeatable), none empty.
    func plans() throws -> [String] {
        let plans = all("plan")
        if plans.contains(where: \.isEmpty) { throw Problem.badParameter("plan", "", "must name a plan") }
        return plans
    }

    /// A value parsed by `parse`, or the problem naming `rule`.
    func value<T>(_ name: String, _ rule: String, _ parse: (String) -> T?) throws -> T? {
        guard let text = string(name) else { return nil }
        guard let value = parse(text) else { throw Problem.badParameter(name, text, rule) }
        return value
    }

    func number(_ name: String) throws -> UInt64? {
        // At most 2^53 - 1, the largest integer every JSON reader holds exactly (as the API document says).
        try value(name, "must be a whole number from 0 to 9007199254740991") { UInt64($0).flatMap { $0 <= 9_007_199_254_740_991 ? $0 : nil } }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) throws -> T where T.RawValue == String {
        try value(name, "must be one of " + T.allCases.map(\.rawValue).joined(separator: ", ")) { T(rawValue: $0) } ?? fallback
    }

    func flag(_ name: String) throws -> Bool {
        try value(name, "must be true or false") { ["true": true, "false": false][$0] } ?? false
    }

    /// The period and knowledge point asked for.
    func scope() throws -> QueryScope {
        let period = try value("period", "is not a period; write 2024, 2024-H1, 2024-T2, 2024-Q3, 2024-05 or a date") {
            Period($0)
        }
        let from = try value("from", "is not a real date written YYYY-MM-DD") { CalendarDate($0) }
        let to = try value("to", "is not a real date written YYYY-MM-DD") { CalendarDate($0) }
        let asOf = try value("asOf", "is neither a date (2025-02-11), an instant (2025-02-11T09:30:00Z) nor seq:N") {
            KnowledgePoint(asOf: $0)
        }
        let asOfSeq = try number("asOfSeq")
        do {
            return try QueryScope(period: period, from: from, to: to, asOf: asOf, asOfSeq: asOfSeq)
        } catch {
            throw Problem.badParameter(error.parameter, nil, error.description)
        }
    }
}
