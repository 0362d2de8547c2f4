import EventLog

/// The rules that depend on what the log already holds: ids exist, things are not created twice, a
/// closed deviation is not closed again, a withdrawn control point takes no results, corrections keep
/// their target's type.
struct StateRules {
    let log: LogView
    let validator: PayloadValidator

    func facts(_ kind: EventType.Kind, _ id: String) throws -> StreamFacts {
        try StreamFacts(stream: EventType.stream(of: kind, id: id), log: log)
    }

    func problems(of type: EventType, payload: any DomainPayload, object: [String: JSONValue]) throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if type.createsThing, let field = type.streamField, let kind = type.kind, let id = object[field]?.stringValue {
            let existing = try facts(kind, id).facts.first { $0.type?.createsThing == true }
            if let existing {
                problems.append(FieldProblem("payload.\(field)", "\"\(id)\"",
                    "\(kind.rawValue) \(id) already exists (\(log.describe(seq: existing.seq)), \(existing.envelope.type)); ids are unique"))
            }
        }
        switch payload {
        case let p as ControlPointAdded:
            problems += try requirePlan(p.planId, path: "payload.planId")
        case let p as ControlPointRevised:
            problems += try requireControl(p.controlId, path: "payload.controlId", acceptingResults: true)
        case let p as ControlPointWithdrawn:
            problems += try requireControl(p.controlId, path: "payload.controlId", acceptingResults: true)
        case let p as ControlPerformed:
            problems += try requireControl(p.controlId, path: "payload.controlId", acceptingResults: true)
            if try facts(.control, p.controlId).values(of: "performanceId", in: .controlPerformed).contains(p.performanceId) {
                problems.append(FieldProblem("payload.performanceId", "\"\(p.performanceId)\"",
                    "control \(p.controlId) already has a performance with this id"))
            }
        case let p as DeviationRecorded:
            problems += try requireControl(p.controlId, path: "payload.controlId", acceptingResults: true)
        case let p as DeviationClosed:
            let deviation = try facts(.deviation, p.deviationId)
            if !deviation.has(.deviationRecorded) {
                problems.append(FieldProblem("payload.deviationId", "\"\(p.deviationId)\"", "no such deviation"))
            } else if let closed = deviation.first(.deviationClosed) {
                problems.append(FieldProblem("payload.deviationId", "\"\(p.deviationId)\"",
                    "is already closed (\(log.describe(seq: closed.seq)), \(closed.payload?["closedOn"]?.stringValue ?? "")); "
                        + "retract that closing first if it was wrong"))
            }
        case let p as ActionTaken:
            problems += try requireReferences(controlId: p.controlId, deviationIds: p.deviationIds)
        case let p as ActionPlanned:
            problems += try requireReferences(controlId: p.controlId, deviationIds: p.deviationIds)
        case let p as FollowUpRecorded:
            let action = try facts(.action, p.actionId)
            if !action.has(.actionPlanned) && !action.has(.actionTaken) {
                problems.append(FieldProblem("payload.actionId", "\"\(p.actionId)\"", "no such action"))
            }
        case let p as ReportSubmitted:
            problems += try requirePlan(p.planId, path: "payload.planId")
            if let head = p.basedOn {
                let size = try log.size
                let matches = head.treeSize <= size ? try log.root(size: head.treeSize) == head.root : false
                if !matches {
                    problems.append(FieldProblem("payload.basedOn", head.description,
                        "is not a tree head of this log (it has \(size) events); leave basedOn out to record the current head"))
                }
            }
            if try facts(.plan, p.planId).values(of: "reportId", in: .reportSubmitted).contains(p.reportId) {
                problems.append(FieldProblem("payload.reportId", "\"\(p.reportId)\"",
                    "plan \(p.planId) already has a report with this id"))
            }
        case let p as EventCorrected:
            problems += try correctionProblems(p)
        case let p as EventRetracted:
            problems += try targetProblems(p.targetId, verb: "retract")
        case let p as PayloadRedacted:
            problems += try redactionProblems(p)
        default:
            break
        }
        return problems
    }

    func requirePlan(_ id: String, path: String) throws -> [FieldProblem] {
        try facts(.plan, id).has(.planAdopted) ? [] : [FieldProblem(path, "\"\(id)\"", "no such plan; adopt it first (PlanAdopted)")]
    }

    func requireControl(_ id: String, path: String, acceptingResults: Bool) throws -> [FieldProblem] {
        let control = try facts(.control, id)
        guard control.has(.controlPointAdded) else {
            return [FieldProblem(path, "\"\(id)\"", "no such control point; add it first (ControlPointAdded)")]
        }
        if let withdrawn = control.first(.controlPointWithdrawn) {
            return [FieldProblem(path, "\"\(id)\"",
                "the control point was withdrawn (\(log.describe(seq: withdrawn.seq))) and takes nothing new")]
        }
        return []
    }

    func requireReferences(controlId: String?, deviationIds: [String]) throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if let controlId, try !facts(.control, controlId).has(.controlPointAdded) {
            problems.append(FieldProblem("payload.controlId", "\"\(controlId)\"", "no such control point"))
        }
        for (i, id) in deviationIds.enumerated() where try !facts(.deviation, id).has(.deviationRecorded) {
            problems.append(FieldProblem("payload.deviationIds[\(i)]", "\"\(id)\"", "no such deviation"))
        }
        return problems
    }

    /// The target of a correction, retraction or redaction: it exists, is a domain event, is not retracted.
    func target(_ id: String) throws -> (Envelope, EventType)? {
        guard let seq = try log.seq(forEventID: id), let envelope = try log.envelope(at: seq),
            let type = EventType(rawValue: envelope.type)
        else { return nil }
        return (envelope, type)
    }

    func targetProblems(_ id: String, verb: String) throws -> [FieldProblem] {
        guard let (envelope, type) = try target(id) else {
            return [FieldProblem("payload.targetId", "\"\(id)\"", "no event with this id; `ik log` shows the ids")]
        }
        if type.isAboutAnotherEvent && !(verb == "retract" && type == .eventCorrected) {
            return [FieldProblem("payload.targetId", "\"\(id)\"", "is a \(type.rawValue); only facts can be \(verb)ed")]
        }
        if try StreamFacts(stream: envelope.stream, log: log).retracted.contains(id) {
            return [FieldProblem("payload.targetId", "\"\(id)\"", "is already retracted")]
        }
        return []
    }

    func correctionProblems(_ p: EventCorrected) throws -> [FieldProblem] {
        let problems = try targetProblems(p.targetId, verb: "correct")
        guard problems.isEmpty, let (envelope, type) = try target(p.targetId) else { return problems }
        if let declared = p.targetType, declared != type.rawValue {
            return [FieldProblem("payload.targetType", "\"\(declared)\"",
                "the target is a \(type.rawValue); a correction keeps its target's type")]
        }
        let fieldProblems = validator.problems(of: p.payload, fields: type.fields, path: "payload.payload")
        if !fieldProblems.isEmpty { return fieldProblems }
        guard let object = p.payload.objectValue else { return [] }
        let corrected = DomainPayloads.decode(type, object)
        var result = corrected.crossFieldProblems.map { FieldProblem("payload.payload." + $0.path, $0.value, $0.rule) }
        if let field = type.streamField, let kind = type.kind,
            EventType.stream(of: kind, id: object[field]?.stringValue ?? "") != envelope.stream
        {
            result.append(FieldProblem("payload.payload.\(field)", DraftDecoder.show(object[field] ?? .null),
                "a correction cannot change which \(kind.rawValue) the event belongs to; retract it and record anew"))
        }
        if let p = corrected as? DeviationRecorded {
            result += try requireControl(p.controlId, path: "payload.payload.controlId", acceptingResults: true)
        }
        if let p = corrected as? ActionPlanned { result += try requireReferences(controlId: p.controlId, deviationIds: p.deviationIds) }
        if let p = corrected as? ActionTaken { result += try requireReferences(controlId: p.controlId, deviationIds: p.deviationIds) }
        return result
    }

    func redactionProblems(_ p: PayloadRedacted) throws -> [FieldProblem] {
        guard let seq = try log.seq(forEventID: p.targetId) else {
            return [FieldProblem("payload.targetId", "\"\(p.targetId)\"", "no event with this id; `ik log` shows the ids")]
        }
        if try log.envelope(at: seq)?.type == EventType.payloadRedacted.rawValue {
            return [FieldProblem("payload.targetId", "\"\(p.targetId)\"",
                                 "is itself a redaction; it holds no personal data and proves the one it records")]
        }
        if try log.withPayloadBytes(at: seq, { _ in true }) == nil {
            return [FieldProblem("payload.targetId", "\"\(p.targetId)\"", "its payload is already redacted")]
        }
        return []
    }
}
