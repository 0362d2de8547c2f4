import EventLog
import InternalControl

/// Snapshots store a plan ledger as canonical JSON: each fact version as the payload it came from, so the
/// one decoder that reads payloads reads snapshots too.
extension PlanLedger {
    /// The version of this encoding and of the fold; a snapshot of another version is ignored and rebuilt.
    public static let codeVersion: Int64 = 2

    /// The whole ledger as JSON (for comparisons; snapshots store it by effective year, ``json(of:)``).
    public var json: JSONValue { json(of: order.compactMap { records[$0] }) }

    /// `records` of this plan as a snapshot document.
    public func json(of records: [Record]) -> JSONValue {
        let encoded: [JSONValue] = records.map { record in
            var object: [String: JSONValue] = [
                "seq": .integer(Int64(record.seq)), "id": .string(record.eventId), "type": .string(record.type.rawValue),
                "stream": .string(record.stream), "effectiveAt": .string(record.effectiveAt.description),
                "versions": .array(record.versions.map { version in
                    ["seq": .integer(Int64(version.seq)), "id": .string(version.eventId),
                     "values": version.values.map { $0.json } ?? .null]
                }),
            ]
            if let retracted = record.retractedAt { object["retractedAt"] = .integer(Int64(retracted)) }
            return .object(object)
        }
        return ["codeVersion": .integer(Self.codeVersion), "planId": .string(planId), "records": .array(encoded)]
    }

    /// Reads the records of a snapshot document; `nil` when it is of another code version or malformed, so
    /// it is rebuilt instead of trusted.
    public static func records(fromSnapshot json: JSONValue) -> [Record]? {
        guard json["codeVersion"]?.integerValue == codeVersion, let items = json["records"]?.arrayValue else { return nil }
        var result: [Record] = []
        for item in items {
            guard let id = item["id"]?.stringValue, let type = item["type"]?.stringValue.flatMap(EventType.init(rawValue:)),
                let recordSeq = item["seq"]?.integerValue, let stream = item["stream"]?.stringValue,
                let effective = item["effectiveAt"]?.stringValue.flatMap(CalendarDate.init)
            else { return nil }
            let versions = (item["versions"]?.arrayValue ?? []).map { v in
                Record.Version(seq: UInt64(v["seq"]?.integerValue ?? 0), eventId: v["id"]?.stringValue ?? "",
                               values: ObjectSource(v["values"]).flatMap { FactValues.decode(type, from: $0) })
            }
            result.append(Record(seq: UInt64(recordSeq), eventId: id, type: type, stream: stream, effectiveAt: effective,
                                 versions: versions, retractedAt: item["retractedAt"]?.integerValue.map(UInt64.init)))
        }
        return result
    }
}

extension FactValues {
    /// The fact as a payload object of its type.
    var json: JSONValue {
        var o: [String: JSONValue] = [:]
        func set(_ key: String, _ value: String?) { if let value { o[key] = .string(value) } }
        func set(_ key: String, _ value: Int64?) { if let value { o[key] = .integer(value) } }
        func set(_ key: String, _ value: CalendarDate?) { if let value { o[key] = .string(value.description) } }
        func period(_ range: ClosedRange<CalendarDate>?) -> JSONValue? {
            range.map { ["from": .string($0.lowerBound.description), "to": .string($0.upperBound.description)] }
        }
        switch self {
        case .plan(let p):
            set("planId", p.planId); set("organisation", p.organisation); set("year", p.year)
            set("adoptedOn", p.adoptedOn); set("decisionRef", p.decisionRef)
            o["reportTo"] = .array(p.reportTo.map { .string($0) })
        case .controlPoint(let c), .revision(let c):
            set("controlId", c.controlId); set("planId", c.planId); set("area", c.area); set("title", c.title)
            set("routine", c.routine); set("method", c.method); set("frequency", c.frequency)
            set("responsible", c.responsible); set("reportTo", c.reportTo)
            if let l = c.likelihood, let k = c.consequence { o["risk"] = ["likelihood": .integer(l), "consequence": .integer(k)] }
        case .withdrawal(let controlId, let reason):
            set("controlId", controlId); set("reason", reason)
        case .performance(let p):
            set("performanceId", p.performanceId); set("controlId", p.controlId); set("performedOn", p.performedOn)
            if p.covers.lowerBound != p.performedOn || p.covers.upperBound != p.performedOn { o["period"] = period(p.covers) }
            set("performedBy", p.performedBy); set("planned", p.planned); set("examined", p.examined)
            set("deviating", p.deviating); set("serious", p.serious); set("result", p.result); set("assessment", p.assessment)
            if !p.indicators.isEmpty {
                o["indicators"] = .array(p.indicators.map {
                    ["name": .string($0.name), "numerator": .integer($0.numerator), "denominator": .integer($0.denominator)]
                })
            }
        case .deviation(let d):
            set("deviationId", d.deviationId); set("controlId", d.controlId); set("observedOn", d.observedOn)
            set("unit", d.unit); set("category", d.category); set("severity", d.severity); set("count", d.count)
            set("description", d.description)
        case .closing(let deviationId, let closedOn, let resolution):
            set("deviationId", deviationId); set("closedOn", closedOn); set("resolution", resolution)
        case .action(let a):
            set("actionId", a.actionId); set(a.planned ? "plannedOn" : "takenOn", a.date); set("description", a.description)
            set("controlId", a.controlId); set("owner", a.owner); set("dueOn", a.dueOn)
            if !a.deviationIds.isEmpty { o["deviationIds"] = .array(a.deviationIds.map { .string($0) }) }
        case .followUp(let f):
            set("actionId", f.actionId); set("followedUpOn", f.followedUpOn); set("status", f.status)
            set("finding", f.finding); set("nextFollowUpOn", f.nextFollowUpOn)
        case .report(let r):
            set("reportId", r.reportId); set("planId", r.planId); set("submittedOn", r.submittedOn); set("to", r.to)
            if let covers = r.covers { o["period"] = period(covers) }
            set("decisionRef", r.decisionRef)
            if let size = r.basedOnSize, let root = r.basedOnRoot { o["basedOn"] = ["treeSize": .integer(size), "root": .string(root)] }
        }
        return .object(o)
    }
}
