import EventLog
import InternalControl

/// What building a record needs to know beyond its own event: the log's streams index and ids, and the
/// records built before it. Implemented over the append's transaction (``DerivedRecords``) and over a plain
/// read of the log (``LogRecordContext``); both give the same records for the same log.
protocol RecordContext {
    /// The first seq of `stream` (the thing's number), or `nil` when it has no events.
    func firstSeq(ofStream stream: String) throws -> UInt64?
    /// The seq of the event with id `id`.
    func seq(forEventID id: String) throws -> UInt64?
    /// The plan of the earlier event at `seq` (0 when none or unknown).
    func plan(at seq: UInt64) throws -> UInt64
    /// The type of the earlier event at `seq`.
    func type(at seq: UInt64) throws -> EventType?
    /// For an event whose payload is gone: the redaction that accounts for it (what it kept, the plan it names).
    func redaction(of seq: UInt64) throws -> PayloadRedacted?
    /// The plan's latest record so far (0 for none), which then becomes `seq`.
    mutating func chain(_ plan: UInt64, at seq: UInt64) throws -> UInt64
}

/// Builds the ``FoldRecord`` of one event. Routing follows the streams: a thing belongs to the plan its first
/// event names (a plan, a control point's plan, a deviation's control point's plan, an action's control point's
/// or first placed deviation's plan); every later event of the stream belongs where the first one does.
enum RecordBuilder {
    static func record(seq: UInt64, type typeName: String, stream: String, effective: CalendarDate,
                       payload: DomainEvent?, context: inout some RecordContext) throws -> FoldRecord {
        // Only what the log held before this event counts: a rebuild sees later events too, the append did not.
        var earlier = EarlierContext(base: context, seq: seq)
        defer { context = earlier.base }
        return try build(seq: seq, type: typeName, stream: stream, effective: effective, payload: payload, context: &earlier)
    }

    private static func build(seq: UInt64, type typeName: String, stream: String, effective: CalendarDate,
                              payload: DomainEvent?, context: inout some RecordContext) throws -> FoldRecord {
        let thing = try context.firstSeq(ofStream: stream) ?? seq
        guard let type = EventType(rawValue: typeName) else {
            return FoldRecord(type: nil, thing: thing, plan: 0, previousInPlan: 0, effective: effective)
        }
        // A redacted event counts by what its redaction kept (a redaction of an older release kept nothing of a fact).
        var payload = payload
        let redaction = payload == nil ? try context.redaction(of: seq) : nil
        if let redaction { payload = try remains(of: type, redactedBy: redaction, context: context) }
        let plan: UInt64
        if thing == seq {
            if let payload {
                plan = try self.plan(namedBy: payload, context: context)
            } else if let id = redaction?.planId {
                plan = try context.firstSeq(ofStream: EventType.stream(of: .plan, id: id)) ?? 0
            } else {
                plan = 0
            }
        } else {
            plan = try context.plan(at: thing)
        }
        let previous = plan == 0 ? 0 : try context.chain(plan, at: seq)
        var record = FoldRecord(type: type, thing: thing, plan: plan, previousInPlan: previous, effective: effective,
                                redacted: redaction != nil)
        guard let payload else { return record }
        try fill(&record, from: payload, context: context)
        return record
    }

    /// The record of the event at `seq` once `redaction` removed its payload: what the redaction kept, read as the
    /// event was (only what the log held before it counts), or for a redaction that kept nothing only what the
    /// envelope says. Its place (thing, plan, chain) stays.
    static func redacted(_ stored: FoldRecord, at seq: UInt64, by redaction: PayloadRedacted,
                         context: some RecordContext) throws -> FoldRecord {
        // An event outside the catalogue (an access event) has no figures here; its record says only where it is.
        guard stored.type != nil else { return stored }
        var record = FoldRecord(type: stored.type, thing: stored.thing, plan: stored.plan, previousInPlan: stored.previousInPlan,
                                effective: stored.effective, redacted: true)
        let earlier = EarlierContext(base: context, seq: seq)
        guard let type = stored.type, let payload = try remains(of: type, redactedBy: redaction, context: earlier) else { return record }
        try fill(&record, from: payload, context: earlier)
        return record
    }

    /// The event a fold reads for a `type` event whose payload `redaction` removed: what it kept (``RedactionRule``).
    private static func remains(of type: EventType, redactedBy redaction: PayloadRedacted,
                                context: some RecordContext) throws -> DomainEvent? {
        guard let kept = redaction.kept else { return nil }
        var corrected: EventType?
        if type == .eventCorrected, let id = kept["targetId"]?.stringValue, let target = try context.seq(forEventID: id) {
            corrected = try context.type(at: target)
        }
        return RedactionRule.remains(of: type, kept: kept, correcting: corrected)
    }

    /// The target and figures of `payload`.
    private static func fill(_ record: inout FoldRecord, from payload: DomainEvent, context: some RecordContext) throws {
        switch payload {
        case .eventCorrected(let correction):
            guard let target = try context.seq(forEventID: correction.targetId) else { return }
            record.target = target
            guard let targetType = try context.type(at: target), !targetType.isAboutAnotherEvent,
                let replacement = try? DomainEvent(targetType, payload: correction.payload)
            else { return }
            record.values = try values(of: replacement, context: context)
        case .eventRetracted(let retraction):
            record.target = try context.seq(forEventID: retraction.targetId) ?? 0
        case .payloadRedacted(let redaction):
            record.target = try context.seq(forEventID: redaction.targetId) ?? 0
        default:
            record.values = try values(of: payload, context: context)
        }
    }

    /// The plan a stream's first event names.
    static func plan(namedBy event: DomainEvent, context: some RecordContext) throws -> UInt64 {
        func planOf(_ kind: EventType.Kind, _ id: String) throws -> UInt64 {
            guard let first = try context.firstSeq(ofStream: EventType.stream(of: kind, id: id)) else { return 0 }
            return kind == .plan ? first : try context.plan(at: first)
        }
        switch event {
        case .planAdopted(let p): return try planOf(.plan, p.planId)
        case .controlPointAdded(let p): return try planOf(.plan, p.planId)
        case .riskAreaAdded(let p): return try planOf(.plan, p.planId)
        case .deviationRecorded(let p): return try planOf(.control, p.controlId)
        case .actionTaken(let p): return try planOf(action: p.controlId, p.deviationIds)
        case .actionPlanned(let p): return try planOf(action: p.controlId, p.deviationIds)
        case .controlPointRevised, .controlPointWithdrawn, .controlPerformed, .deviationClosed, .followUpRecorded,
            .reportSubmitted, .eventCorrected, .eventRetracted, .payloadRedacted:
            return 0
        }
        func planOf(action control: String?, _ deviations: [String]?) throws -> UInt64 {
            if let control { return try planOf(.control, control) }
            for id in deviations ?? [] {
                let plan = try planOf(.deviation, id)
                if plan != 0 { return plan }
            }
            return 0
        }
    }

    /// The figures of a fact.
    static func values(of event: DomainEvent, context: some RecordContext) throws -> FactValues? {
        func thing(_ kind: EventType.Kind, _ id: String) throws -> UInt64 {
            try context.firstSeq(ofStream: EventType.stream(of: kind, id: id)) ?? 0
        }
        switch event {
        case .planAdopted(let p):
            return .plan(year: p.year, adoptedOn: p.adoptedOn)
        case .controlPointAdded, .controlPointRevised, .controlPointWithdrawn:
            return .controlPoint
        case .controlPerformed(let p):
            return .performance(PerformanceValues(
                performedOn: p.performedOn, covers: p.covers, planned: p.planned, examined: p.examined, deviating: p.deviating,
                serious: p.serious, assessment: code(p.assessment, in: EventCatalogue.assessments),
                hasIndicators: !(p.indicators ?? []).isEmpty, hasResult: p.result != nil, partial: p.isPartial))
        case .deviationRecorded(let p):
            return .deviation(DeviationValues(
                control: try thing(.control, p.controlId), observedOn: p.observedOn,
                severity: code(p.severity, in: EventCatalogue.severities), count: p.occurrences, unit: p.unit.map(UnitKey.init)))
        case .deviationClosed(let p):
            return .closing(closedOn: p.closedOn)
        case .actionTaken(let p):
            return .action(ActionValues(date: p.takenOn, control: try p.controlId.map { try thing(.control, $0) },
                                        deviations: try known(p.deviationIds), dueOn: nil))
        case .actionPlanned(let p):
            return .action(ActionValues(date: p.plannedOn, control: try p.controlId.map { try thing(.control, $0) },
                                        deviations: try known(p.deviationIds), dueOn: p.dueOn))
        case .followUpRecorded(let p):
            return .followUp(FollowUpValues(followedUpOn: p.followedUpOn, status: code(p.status, in: EventCatalogue.followUpStatuses),
                                            nextFollowUpOn: p.nextFollowUpOn))
        case .reportSubmitted(let p):
            return .report(ReportValues(submittedOn: p.submittedOn, covers: p.period?.dates))
        case .riskAreaAdded:
            return .riskArea
        case .eventCorrected, .eventRetracted, .payloadRedacted:
            return nil
        }
        func known(_ ids: [String]?) throws -> [UInt64] {
            try (ids ?? []).compactMap { try context.firstSeq(ofStream: EventType.stream(of: .deviation, id: $0)) }
        }
    }

    /// The index of `word` in a catalogue list; one past the end for a word the list does not have (a store written
    /// before a word was dropped), which every view treats as unknown.
    static func code(_ word: String, in words: [String]) -> UInt8 {
        UInt8(words.firstIndex(of: word) ?? words.count)
    }
}

/// A context that answers only with events before `seq`.
private struct EarlierContext<Base: RecordContext>: RecordContext {
    var base: Base
    let seq: UInt64

    func firstSeq(ofStream stream: String) throws -> UInt64? { try base.firstSeq(ofStream: stream).flatMap { $0 <= seq ? $0 : nil } }
    func seq(forEventID id: String) throws -> UInt64? { try base.seq(forEventID: id).flatMap { $0 < seq ? $0 : nil } }
    func plan(at seq: UInt64) throws -> UInt64 { try base.plan(at: seq) }
    func type(at seq: UInt64) throws -> EventType? { try base.type(at: seq) }
    func redaction(of seq: UInt64) throws -> PayloadRedacted? { try base.redaction(of: seq) }
    mutating func chain(_ plan: UInt64, at seq: UInt64) throws -> UInt64 { try base.chain(plan, at: seq) }
}
