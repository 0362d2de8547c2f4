import EventLog

/// The rules that depend on what the log already holds: ids exist, things are not created twice, a
/// closed deviation is not closed again, a withdrawn control point takes no results, corrections keep
/// their target's type.
struct StateRules {
    let log: LogView
    let validator: PayloadValidator
    let known: BatchFacts
    /// Whether this append may hold a `PayloadRedacted` (only the redaction engine, which removes the payload).
    let allowsRedaction: Bool
    /// The rule for redacting events other modules record (``AppendRules/recordedElsewhere``).
    let recordedElsewhere: (any RecordedElsewhereRedaction)?

    func facts(_ kind: EventType.Kind, _ id: String) throws -> StreamFacts {
        try known.facts(EventType.stream(of: kind, id: id), log: log)
    }

    func problems(of event: DomainEvent, object: [String: JSONValue]) throws -> [FieldProblem] {
        let type = event.type
        var problems: [FieldProblem] = []
        if type.createsThing, let field = type.streamField, let kind = type.kind, let id = object[field]?.stringValue {
            if let existing = try facts(kind, id).creation {
                problems.append(FieldProblem("payload.\(field)", "\"\(id)\"",
                    "\(kind.rawValue) \(id) already exists (\(log.describe(seq: existing.seq)), \(existing.type.rawValue)); ids are unique"))
            } else if let lookAlike = try lookAlikeProblem(creating: kind, id: id, path: "payload.\(field)") {
                problems.append(lookAlike)
            }
        }
        switch event {
        case .planAdopted:
            break
        case .controlPointAdded(let p):
            problems += try requirePlan(p.planId, path: "payload.planId")
            problems += try requireRiskArea(p.details.riskAreaId, of: p.planId, path: "payload.riskAreaId")
        case .controlPointRevised(let p):
            problems += try requireControl(p.controlId, path: "payload.controlId")
            let plan = try facts(.control, p.controlId).first(.controlPointAdded)?.versions.last?.planId
            problems += try requireRiskArea(p.changes.riskAreaId, of: plan, path: "payload.riskAreaId")
        case .riskAreaAdded(let p):
            problems += try requirePlan(p.planId, path: "payload.planId")
        case .controlPointWithdrawn(let p):
            problems += try requireControl(p.controlId, path: "payload.controlId")
        case .controlPerformed(let p):
            problems += try requireControl(p.controlId, path: "payload.controlId")
            if try facts(.control, p.controlId).hasKey(p.performanceId) {
                problems.append(FieldProblem("payload.performanceId", "\"\(p.performanceId)\"",
                    "control \(p.controlId) already has a performance with this id"))
            }
        case .deviationRecorded(let p):
            problems += try requireControl(p.controlId, path: "payload.controlId")
        case .deviationClosed(let p):
            let deviation = try facts(.deviation, p.deviationId)
            if !deviation.has(.deviationRecorded) {
                problems.append(FieldProblem("payload.deviationId", "\"\(p.deviationId)\"",
                                             "no such deviation" + (try suggestion(.deviation, p.deviationId))))
            } else if let closed = deviation.first(.deviationClosed) {
                problems.append(FieldProblem("payload.deviationId", "\"\(p.deviationId)\"",
                    "is already closed (\(log.describe(seq: closed.seq)), "
                        + "\(closed.versions.last?.closedOn?.description ?? "")); retract that closing first if it was wrong"))
            }
        case .actionTaken(let p):
            problems += try requireReferences(controlId: p.controlId, deviationIds: p.deviationIds ?? [])
        case .actionPlanned(let p):
            problems += try requireReferences(controlId: p.controlId, deviationIds: p.deviationIds ?? [])
        case .followUpRecorded(let p):
            let action = try facts(.action, p.actionId)
            if !action.has(.actionPlanned) && !action.has(.actionTaken) {
                problems.append(FieldProblem("payload.actionId", "\"\(p.actionId)\"",
                                             "no such action" + (try suggestion(.action, p.actionId))))
            }
        case .reportSubmitted(let p):
            problems += try requirePlan(p.planId, path: "payload.planId")
            if let head = p.basedOn {
                let size = try log.size
                let matches = try head.anchor.map { $0.treeSize <= size ? try log.root(size: $0.treeSize) == $0.root : false } ?? false
                if !matches {
                    problems.append(FieldProblem("payload.basedOn", "\(head.treeSize):\(head.root)",
                        "is not a tree head of this log (it has \(size) events); leave basedOn out to record the current head"))
                }
            }
            if try facts(.plan, p.planId).hasKey(p.reportId) {
                problems.append(FieldProblem("payload.reportId", "\"\(p.reportId)\"",
                    "plan \(p.planId) already has a report with this id"))
            }
        case .eventCorrected(let p):
            problems += try correctionProblems(p)
        case .eventRetracted(let p):
            problems += try targetProblems(p.targetId, verb: "retract")
        case .payloadRedacted(let p):
            problems += try redactionProblems(p)
        }
        return problems
    }

    /// The references a corrected payload must still meet: the things it names exist (a correction may not
    /// point a fact at something that does not).
    func referenceProblems(of corrected: DomainEvent) throws -> [FieldProblem] {
        switch corrected {
        case .deviationRecorded(let p):
            try requireControl(p.controlId, path: "payload.payload.controlId")
        case .actionPlanned(let p):
            try requireReferences(controlId: p.controlId, deviationIds: p.deviationIds ?? [])
        case .actionTaken(let p):
            try requireReferences(controlId: p.controlId, deviationIds: p.deviationIds ?? [])
        case .controlPointAdded(let p):
            try requireRiskArea(p.details.riskAreaId, of: p.planId, path: "payload.payload.riskAreaId")
        case .planAdopted, .controlPointRevised, .controlPointWithdrawn, .controlPerformed, .riskAreaAdded,
            .deviationClosed, .followUpRecorded, .reportSubmitted, .eventCorrected, .eventRetracted, .payloadRedacted:
            []
        }
    }

    func requirePlan(_ id: String, path: String) throws -> [FieldProblem] {
        if try facts(.plan, id).has(.planAdopted) { return [] }
        let hint = try suggestion(.plan, id)
        return [FieldProblem(path, "\"\(id)\"", "no such plan" + (hint.isEmpty ? "; adopt it first (PlanAdopted)" : hint))]
    }

    /// A control point's risk area exists and belongs to the control point's plan (`planId`, when known).
    func requireRiskArea(_ id: String?, of planId: String?, path: String) throws -> [FieldProblem] {
        guard let id else { return [] }
        guard let area = try facts(.riskArea, id).first(.riskAreaAdded) else {
            let hint = try suggestion(.riskArea, id)
            return [FieldProblem(path, "\"\(id)\"", "no such risk area" + (hint.isEmpty ? "; add it first (RiskAreaAdded)" : hint))]
        }
        if let planId, let areaPlan = area.versions.last?.planId, areaPlan != planId {
            return [FieldProblem(path, "\"\(id)\"", "the risk area belongs to plan \(areaPlan), not \(planId)")]
        }
        return []
    }

    func requireControl(_ id: String, path: String) throws -> [FieldProblem] {
        let control = try facts(.control, id)
        guard control.has(.controlPointAdded) else {
            let hint = try suggestion(.control, id)
            return [FieldProblem(path, "\"\(id)\"",
                                 "no such control point" + (hint.isEmpty ? "; add it first (ControlPointAdded)" : hint))]
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
            problems.append(FieldProblem("payload.controlId", "\"\(controlId)\"",
                                         "no such control point" + (try suggestion(.control, controlId))))
        }
        for (i, id) in deviationIds.enumerated() where try !facts(.deviation, id).has(.deviationRecorded) {
            problems.append(FieldProblem("payload.deviationIds[\(i)]", "\"\(id)\"",
                                         "no such deviation" + (try suggestion(.deviation, id))))
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
        if try known.facts(envelope.stream, log: log).retracted.contains(id) {
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
        guard let object = p.payload.objectValue, let corrected = try? DomainEvent(type, payload: p.payload) else { return [] }
        var result = corrected.crossFieldProblems.map { FieldProblem("payload.payload." + $0.path, $0.value, $0.rule) }
        if let field = type.streamField, let kind = type.kind,
            EventType.stream(of: kind, id: object[field]?.stringValue ?? "") != envelope.stream
        {
            result.append(FieldProblem("payload.payload.\(field)", DraftDecoder.show(object[field] ?? .null),
                "a correction cannot change which \(kind.rawValue) the event belongs to; retract it and record anew"))
        }
        return result + (try referenceProblems(of: corrected))
    }

    func redactionProblems(_ p: PayloadRedacted) throws -> [FieldProblem] {
        guard let seq = try log.seq(forEventID: p.targetId) else {
            return [FieldProblem("payload.targetId", "\"\(p.targetId)\"", "no event with this id; `ik log` shows the ids")]
        }
        guard allowsRedaction else {
            return [FieldProblem("type", "\"PayloadRedacted\"",
                                 "is written only by `ik redact`, which removes the payload in the same transaction")]
        }
        guard let envelope = try log.envelope(at: seq) else { return [] }
        let target: JSONValue
        switch try log.withPayload(at: seq, matching: envelope.payloadDigest, { try JSONParser.parse($0) }) {
        case .matches(let payload) where try !known.facts(envelope.stream, log: log).redacted.contains(p.targetId):
            target = payload
        case .differs:
            return [FieldProblem("payload.targetId", "\"\(p.targetId)\"",
                                 "its payload does not match its digest (changed outside ik); run ik verify")]
        default:
            return [FieldProblem("payload.targetId", "\"\(p.targetId)\"", "its payload is already redacted")]
        }
        return try RedactionRule.problems(redacting: envelope, payload: target, kept: p.kept, log: log,
                                          recordedElsewhere: recordedElsewhere)
    }
}
