import CSV
import EventLog
import Foundation
import InternalControl

/// A plan kept in a spreadsheet, saved as CSV (`;` or `,`, with or without a byte-order mark), read into drafts: one
/// row per control point, its columns named as the catalogue names the fields — in Swedish (`Kontrollområde`,
/// `Kontrollmoment`, `Metod`, `Frekvens`, `Ansvarig`, `När kontrollen ska göras`, `Sannolikhet`, `Konsekvens`,
/// `Riskområde`) or English, or by their field names. A row naming a risk area adds it once (its risk from the
/// row's likelihood and consequence); without one the risk is the control point's. Cells are read as `ik record`
/// reads flags (``FieldKind/value(fromText:)``); every problem names its row and column.
public enum PlanImport {
    /// The plan the rows belong to; with an organisation, year and adoption date the import adopts it first.
    public struct Plan: Sendable {
        public var planId: String
        public var organisation: String?
        public var year: Int64?
        public var adoptedOn: CalendarDate?
        public var decisionRef: String?
        public var reportTo: [String]

        public init(planId: String, organisation: String? = nil, year: Int64? = nil, adoptedOn: CalendarDate? = nil,
                    decisionRef: String? = nil, reportTo: [String] = []) {
            self.planId = planId
            self.organisation = organisation
            self.year = year
            self.adoptedOn = adoptedOn
            self.decisionRef = decisionRef
            self.reportTo = reportTo
        }
    }

    /// A problem with a cell (or the header, row 1), before anything is appended.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public let row: Int
        public let column: String?
        public let value: String?
        public let rule: String

        public init(row: Int, column: String?, value: String?, rule: String) {
            self.row = row
            self.column = column
            self.value = value
            self.rule = rule
        }

        public var description: String {
            "row \(row)" + (column.map { ", column \($0)" } ?? "") + (value.map { ": \($0)" } ?? "") + ": \(rule)"
        }
    }

    /// Why nothing was imported: every problem found.
    public struct Failure: Error, Sendable {
        public let problems: [Problem]
    }

    /// The drafts, and for each the row it came from and the column behind each payload field.
    public struct Drafts: Sendable {
        public var drafts: [LocatedDraft] = []
        public var rows: [Int] = []
        public var columns: [[String: String]] = []

        /// The row and column of a problem an append found at `path` of draft `index` (`payload.frequency`).
        public func place(of index: Int, path: String) -> (row: Int, column: String?) {
            guard index < rows.count else { return (0, nil) }
            let field = path.hasPrefix("payload.") ? String(path.dropFirst(8)) : path
            let top = String(field.prefix { $0 != "." && $0 != "[" })
            let column = columns[index][field] ?? columns[index][top]
            return (rows[index], column)
        }
    }

    /// What a column holds.
    enum Target: Hashable {
        case field(String)
        case likelihood, consequence, riskAreaTitle
    }

    static let controlFields = EventType.controlPointAdded.fields.filter { $0.name != "planId" && $0.name != "risk" }

    /// Header text → what it holds, for every spelling accepted.
    static let headers: [String: Target] = {
        var map: [String: Target] = [:]
        for field in controlFields {
            for spelling in [field.name, field.sv, field.en, kebab(field.name)] { map[normalised(spelling)] = .field(field.name) }
        }
        for spelling in ["sannolikhet", "likelihood", "risk-likelihood"] { map[spelling] = .likelihood }
        for spelling in ["konsekvens", "consequence", "risk-consequence"] { map[spelling] = .consequence }
        for spelling in ["riskområde", "risk area", "riskarea", "risk-area"] { map[spelling] = .riskAreaTitle }
        for spelling in ["id", "kontrollmoment-id", "kontrollmomentid"] { map[spelling] = .field("controlId") }
        for spelling in ["när", "schema", "när ska kontrollen göras"] { map[spelling] = .field("schedule") }
        return map
    }()

    static func normalised(_ header: String) -> String {
        var text = header.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for suffix in ["(1–4)", "(1-4)"] { text = text.replacingOccurrences(of: suffix, with: "") }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func kebab(_ name: String) -> String {
        name.reduce(into: "") { out, c in out += c.isUppercase ? "-" + c.lowercased() : String(c) }
    }

    /// The drafts of `text`, a CSV file named `source`, for `plan`; recorded as effective `effectiveAt` (default the
    /// plan's adoption date).
    public static func drafts(from text: String, source: String, plan: Plan, effectiveAt: CalendarDate?)
        -> Result<Drafts, Failure>
    {
        var content = text
        if content.hasPrefix("\u{FEFF}") { content.removeFirst() }
        let firstLine = content.prefix { $0 != "\n" && $0 != "\r" }
        let delimiter: UnicodeScalar = firstLine.filter { $0 == ";" }.count >= firstLine.filter { $0 == "," }.count ? ";" : ","
        let table: [[String]]
        do {
            let reader = try CSVReader(string: content, hasHeaderRow: false, trimFields: true, delimiter: delimiter)
            table = Array(reader)
            if let error = reader.error { return .failure(Failure(problems: [Problem(row: table.count + 1, column: nil, value: nil, rule: "\(error)")])) }
        } catch {
            return .failure(Failure(problems: [Problem(row: 1, column: nil, value: nil, rule: "not CSV: \(error)")]))
        }
        guard let header = table.first else {
            return .failure(Failure(problems: [Problem(row: 1, column: nil, value: nil, rule: "the file is empty; the first row names the columns")]))
        }
        var problems: [Problem] = []
        var targets: [Target?] = []
        for title in header {
            let target = headers[normalised(title)]
            if target == nil && !title.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(Problem(row: 1, column: title, value: nil, rule: "unknown column; the columns are "
                    + "Kontrollmoment-id, Kontrollområde, Kontrollmoment, Rutin/system, Metod, Frekvens, Ansvarig, "
                    + "Rapporteras till, När kontrollen ska göras, Riskområde, Riskområde-id, Sannolikhet, Konsekvens "
                    + "(or their English titles or field names)"))
            }
            targets.append(target)
        }
        for required in ["title", "area"] where !targets.contains(.field(required)) {
            let spec = controlFields.first { $0.name == required }!
            problems.append(Problem(row: 1, column: spec.sv, value: nil, rule: "this column is required (\(spec.en))"))
        }
        let hasLikelihood = targets.contains(.likelihood)
        if hasLikelihood != targets.contains(.consequence) {
            problems.append(Problem(row: 1, column: hasLikelihood ? "Sannolikhet" : "Konsekvens", value: nil,
                                    rule: "a risk is likelihood × consequence: add the column \(hasLikelihood ? "Konsekvens" : "Sannolikhet")"))
        }
        guard problems.isEmpty else { return .failure(Failure(problems: problems)) }

        var out = Drafts()
        let effective = effectiveAt ?? plan.adoptedOn
        func add(_ type: EventType, _ payload: [String: JSONValue], row: Int, columns: [String: String]) {
            var draft: [String: JSONValue] = ["type": .string(type.rawValue), "payload": .object(payload)]
            if let effective, type != .planAdopted { draft["effectiveAt"] = .string(effective.description) }
            out.drafts.append(LocatedDraft(source: source, line: row, position: out.drafts.count + 1, value: .success(.object(draft))))
            out.rows.append(row)
            out.columns.append(columns)
        }
        if let organisation = plan.organisation, let year = plan.year, let adoptedOn = plan.adoptedOn {
            var payload: [String: JSONValue] = ["planId": .string(plan.planId), "organisation": .string(organisation),
                                                "year": .integer(year), "adoptedOn": .string(adoptedOn.description)]
            if let ref = plan.decisionRef { payload["decisionRef"] = .string(ref) }
            if !plan.reportTo.isEmpty { payload["reportTo"] = .array(plan.reportTo.map(JSONValue.string)) }
            add(.planAdopted, payload, row: 1, columns: [:])
        }
        var riskAreas: [String: String] = [:]  // title or id → id
        for (offset, cells) in table.dropFirst().enumerated() {
            let row = offset + 2
            guard cells.contains(where: { !$0.isEmpty }) else { continue }
            var payload: [String: JSONValue] = ["planId": .string(plan.planId)]
            var columns: [String: String] = [:]
            var risk: [String: JSONValue] = [:]
            var riskColumns: [String: String] = [:]
            var areaTitle: String?
            for (i, cell) in cells.enumerated() where i < targets.count && !cell.isEmpty {
                guard let target = targets[i] else { continue }
                switch target {
                case .riskAreaTitle: areaTitle = cell
                case .likelihood, .consequence:
                    let name = target == .likelihood ? "likelihood" : "consequence"
                    switch FieldKind.range(1...4).value(fromText: cell) {
                    case .success(let value): risk[name] = value
                    case .failure(let problem): problems.append(Problem(row: row, column: header[i], value: "\"\(cell)\"", rule: problem.rule))
                    }
                    riskColumns[name] = header[i]
                case .field(let name):
                    let spec = EventType.controlPointAdded.fields.first { $0.name == name }!
                    switch spec.kind.value(fromText: cell) {
                    case .success(let value): payload[name] = value
                    case .failure(let problem): problems.append(Problem(row: row, column: header[i], value: "\"\(cell)\"", rule: problem.rule))
                    }
                    columns[name] = header[i]
                }
            }
            if risk.count == 1 {
                let missing = risk["likelihood"] == nil ? "Sannolikhet" : "Konsekvens"
                problems.append(Problem(row: row, column: missing, value: nil, rule: "empty; a risk needs both likelihood and consequence"))
            }
            if payload["controlId"] == nil {
                payload["controlId"] = .string("\(plan.planId)-K" + (row - 1 < 10 ? "0" : "") + "\(row - 1)")
            }
            if areaTitle != nil || payload["riskAreaId"] != nil {
                let key = payload["riskAreaId"]?.stringValue ?? areaTitle!
                if let known = riskAreas[key] {
                    payload["riskAreaId"] = .string(known)
                } else {
                    let id = payload["riskAreaId"]?.stringValue ?? "\(plan.planId)-R\(riskAreas.count + 1)"
                    riskAreas[key] = id
                    var area: [String: JSONValue] = ["riskAreaId": .string(id), "planId": .string(plan.planId),
                                                     "title": .string(areaTitle ?? id)]
                    var areaColumns = ["riskAreaId": columns["riskAreaId"] ?? "Riskområde", "title": "Riskområde"]
                    if !risk.isEmpty {
                        area["risk"] = .object(risk)
                        areaColumns["risk"] = riskColumns.values.sorted().joined(separator: "/")
                        for (name, column) in riskColumns { areaColumns["risk.\(name)"] = column }
                    }
                    add(.riskAreaAdded, area, row: row, columns: areaColumns)
                    payload["riskAreaId"] = .string(id)
                }
            } else if !risk.isEmpty {
                payload["risk"] = .object(risk)
                columns["risk"] = riskColumns.values.sorted().joined(separator: "/")
                for (name, column) in riskColumns { columns["risk.\(name)"] = column }
            }
            add(.controlPointAdded, payload, row: row, columns: columns)
        }
        if !problems.isEmpty { return .failure(Failure(problems: problems)) }
        if out.drafts.allSatisfy({ $0.line == 1 }) {
            return .failure(Failure(problems: [Problem(row: 2, column: nil, value: nil, rule: "no control points: one row per control point")]))
        }
        return .success(out)
    }
}
