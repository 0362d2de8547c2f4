import EventLog

/// The rules that decide whether a draft may be appended, given what the log holds at that moment. They
/// run inside the append's write transaction, so two processes cannot both, say, close one deviation.
public struct AppendRules: Sendable {
    public let clock: Clock
    public let validator: PayloadValidator
    /// Whether drafts may redact (`PayloadRedacted`): only for ``EventStore/redact(_:clock:check:snapshotPrefix:)``,
    /// which removes the payload in the same transaction; an appended redaction would remove nothing.
    public var allowsRedaction = false
    /// How events of other modules (``JSONSchemaWriter/otherRecordedTypes``) may be redacted; `nil`: never.
    public var recordedElsewhere: (any RecordedElsewhereRedaction)?

    public init(clock: Clock) {
        self.clock = clock
        validator = PayloadValidator(today: Stockholm.today(clock))
    }

    /// A draft decoder that derives each event's stream and effective date from its payload; for
    /// corrections and retractions it looks the target up in `store`.
    public func decoder(defaultActor: String, store: EventStore?) -> DraftDecoder {
        let today = validator.today
        return DraftDecoder(defaultActor: defaultActor) { typeName, payload in
            // Where the payload cannot tell, today stands in: the append's checks then name the real problem
            // (an unknown type, a missing date, a missing target) instead of a missing effectiveAt.
            guard let type = EventType(rawValue: typeName) else { return .init(stream: nil, effectiveAt: today) }
            if let field = type.streamField, let kind = type.kind {
                let date = type.dateField.flatMap { payload[$0]?.stringValue }.flatMap(CalendarDate.init) ?? today
                let version = Self.version(needed: type, payload: payload, targetType: nil).version
                guard let id = payload[field]?.stringValue, IDRules.problem(id) == nil else {
                    return .init(stream: nil, effectiveAt: date, schemaVersion: version)
                }
                return .init(stream: EventType.stream(of: kind, id: id), effectiveAt: date, schemaVersion: version)
            }
            guard let store, let target = payload["targetId"]?.stringValue,
                let envelope = try? store.read({ view in try view.seq(forEventID: target).flatMap { try view.envelope(at: $0) } })
            else { return .init(stream: nil, effectiveAt: today) }
            let targetType = EventType(rawValue: envelope.type)
            let corrected = payload["payload"].flatMap { replacement in
                targetType?.dateField.flatMap { replacement[$0]?.stringValue }
            }.flatMap(CalendarDate.init)
            return .init(stream: envelope.stream, effectiveAt: corrected ?? envelope.effectiveAt,
                         schemaVersion: Self.version(needed: type, payload: payload, targetType: targetType).version)
        }
    }

    /// The least schema version a draft of `type` with `payload` needs (``EventCatalogue/version(needed:payload:)``);
    /// for a correction, also that of its replacement payload read as `targetType`.
    static func version(needed type: EventType, payload: [String: JSONValue], targetType: EventType?)
        -> (version: Int64, reason: String?)
    {
        let own = EventCatalogue.version(needed: type, payload: payload)
        guard type == .eventCorrected, let targetType, let replacement = payload["payload"]?.objectValue else { return own }
        let inner = EventCatalogue.version(needed: targetType, payload: replacement)
        return inner.version > own.version ? (inner.version, inner.reason.map { "payload." + $0 }) : own
    }

    /// Checks one draft: payload fields, rules across fields, effective date, and the log's state as `known`
    /// holds it (a fresh ``BatchFacts`` each time when not given).
    public func check(_ draft: EventDraft, index: Int, log: LogView) throws -> [DraftProblem] {
        try check(draft, index: index, log: log, known: BatchFacts())
    }

    func check(_ draft: EventDraft, index: Int, log: LogView, known: BatchFacts) throws -> [DraftProblem] {
        func problem(_ path: String, _ value: String?, _ rule: String) -> DraftProblem {
            DraftProblem(draftIndex: index, path: path, value: value, rule: rule)
        }
        guard let type = EventType(rawValue: draft.type) else {
            let names = EventType.allCases.map(\.rawValue).joined(separator: ", ")
            return [problem("type", "\"\(draft.type)\"", "unknown event type; the types are \(names)")]
        }
        var envelopeProblems = envelopeProblems(of: draft).map { problem($0.path, $0.value, $0.rule) }
        if !EventCatalogue.schemaVersions.contains(draft.schemaVersion) {
            let versions = EventCatalogue.schemaVersions.map(String.init).joined(separator: ", ")
            envelopeProblems.append(problem("schemaVersion", String(draft.schemaVersion),
                                            "unknown schema version; this ik knows \(versions) (leave it out for 1)"))
        }
        let fieldProblems = validator.problems(of: draft.payload, fields: type.fields, path: "payload")
        if !fieldProblems.isEmpty || !envelopeProblems.isEmpty {
            return envelopeProblems + fieldProblems.map { problem($0.path, $0.value, $0.rule) }
        }
        guard let object = draft.payload.objectValue else { return [] }
        let event: DomainEvent
        do {
            event = try DomainEvent(type, payload: draft.payload)
        } catch {
            return [problem("payload", nil, "does not match the fields of \(type.rawValue): \(error)")]
        }
        var problems = event.crossFieldProblems.map { problem("payload." + $0.path, $0.value, $0.rule) }
        let targetType: EventType? = if case .eventCorrected(let c) = event {
            try log.seq(forEventID: c.targetId).flatMap { try log.envelope(at: $0) }.flatMap { EventType(rawValue: $0.type) }
        } else { nil }
        let needed = Self.version(needed: type, payload: object, targetType: targetType)
        if draft.schemaVersion < needed.version {
            problems.append(problem("schemaVersion", String(draft.schemaVersion), "\(needed.reason ?? "the payload") needs "
                + "schema version \(needed.version); write \(needed.version), or leave schemaVersion out"))
        }
        if draft.effectiveAt > validator.today {
            problems.append(problem("effectiveAt", "\"\(draft.effectiveAt)\"",
                                    "is in the future (today is \(validator.today)); record things that happened"))
        }
        if let field = type.dateField, let date = object[field]?.stringValue.flatMap(CalendarDate.init), date != draft.effectiveAt {
            problems.append(problem("effectiveAt", "\"\(draft.effectiveAt)\"",
                                    "must equal payload.\(field) (\(date)); leave effectiveAt out"))
        }
        try known.sync(log)
        let state = StateRules(log: log, validator: validator, known: known, allowsRedaction: allowsRedaction,
                               recordedElsewhere: recordedElsewhere)
        problems += try state.problems(of: event, object: object).map { problem($0.path, $0.value, $0.rule) }
        if problems.isEmpty { known.passed(event, type: type, stream: draft.stream) }
        return problems
    }

    /// Personal identity numbers in the envelope's text. The actor and the key are hashed into the tree and can
    /// never be redacted. The stream is `{kind}-{id}`, checked through its id (a correction's is its target's).
    func envelopeProblems(of draft: EventDraft) -> [FieldProblem] {
        [("actor", draft.actor), ("idempotencyKey", draft.idempotencyKey ?? "")].compactMap { field, text in
            PersonalIdentityNumber.firstMatch(in: text).map { masked in
                FieldProblem(field, masked, "holds a personal identity number; the envelope can never be redacted, "
                    + "so use a role or user name (\(field == "actor" ? "--actor, $IK_ACTOR" : "another key"))")
            }
        }
    }

    /// ``check(_:index:log:)`` in the form ``EventStore/append(_:clock:dryRun:check:)`` takes. Each use is one
    /// batch: what the rules learn about a stream is kept for the later drafts of the batch, so an append of N
    /// drafts reads each stream it touches once.
    public var draftCheck: DraftCheck {
        let known = BatchFacts()
        return { draft, index, log in try self.check(draft, index: index, log: log, known: known) }
    }

    /// A report records the tree head it was built from: a `ReportSubmitted` without `basedOn` gets the
    /// log's head as it is now (the append's checks then confirm it is a real head of this log).
    public static func recordingTreeHead(_ drafts: [EventDraft], store: EventStore) throws -> [EventDraft] {
        guard drafts.contains(where: needsTreeHead) else { return drafts }
        let (size, root) = try store.read { view in (try view.size, try view.root) }
        return drafts.map { recordingTreeHead($0, size: size, root: root) }
    }

    /// Whether `draft` is a `ReportSubmitted` that names no tree head.
    public static func needsTreeHead(_ draft: EventDraft) -> Bool {
        draft.type == EventType.reportSubmitted.rawValue && draft.payload["basedOn"] == nil
    }

    /// `draft` with `basedOn` set to the head `size`:`root` when it is a report that names none.
    public static func recordingTreeHead(_ draft: EventDraft, size: UInt64, root: MerkleHash) -> EventDraft {
        guard needsTreeHead(draft), var payload = draft.payload.objectValue else { return draft }
        payload["basedOn"] = ["treeSize": .integer(Int64(size)), "root": .string(root.hex)]
        var filled = draft
        filled.payload = .object(payload)
        return filled
    }
}
