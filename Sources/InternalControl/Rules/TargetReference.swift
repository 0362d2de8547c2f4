import EventLog

/// How a person names the event a correction or retraction is about (DESIGN.md, version 2): its event id, `seq:N`
/// (the seq `ik log` shows; a bare number too, when no id reads so), or the business id of the target — a
/// performance's or report's id, or the id of the plan, control point, risk area, deviation or action the event
/// created — when exactly one fact carries it. Drafts are always recorded with the event id.
public enum TargetReference {
    /// Why a reference names no event.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let reference: String
        public let rule: String
        public var description: String { "\(reference): \(rule)" }
    }

    /// The seq and event id of the event `reference` names in `view`.
    public static func resolve(_ reference: String, in view: LogView) throws -> Result<(seq: UInt64, id: String), Problem> {
        func found(_ seq: UInt64) throws -> Result<(seq: UInt64, id: String), Problem> {
            guard let envelope = try view.envelope(at: seq) else {
                return .failure(Problem(reference: reference, rule: "no event at seq \(seq); the log has \(try view.size)"))
            }
            return .success((seq, envelope.id))
        }
        if let seq = try view.seq(forEventID: reference) { return try found(seq) }
        if reference.hasPrefix("seq:") {
            guard let seq = UInt64(reference.dropFirst(4)), seq > 0 else {
                return .failure(Problem(reference: reference, rule: "write seq:N with N a seq from `ik log`"))
            }
            return try found(seq)
        }
        let carriers = try facts(carrying: reference, in: view)
        if carriers.count == 1 { return try found(carriers[0]) }
        if carriers.count > 1 {
            let described = try carriers.prefix(5).map { seq in "seq \(seq) (\(try view.envelope(at: seq)?.type ?? "?"))" }
            return .failure(Problem(reference: reference, rule: "\(carriers.count) facts carry this id: "
                + described.joined(separator: ", ") + "; name one by seq:N"))
        }
        if let seq = UInt64(reference), seq > 0 { return try found(seq) }
        return .failure(Problem(reference: reference, rule: "no event has this id, seq or business id; "
            + "`ik log` shows seqs and ids (business ids: performanceId, reportId, or a plan's, control point's, risk area's, "
            + "deviation's or action's id)"))
    }

    /// The seqs of the facts (not corrections) whose business id (``EventType/keyField``) is `id`: the first event
    /// of each stream named by `id`, and performances and reports with that id, which are read from the log.
    static func facts(carrying id: String, in view: LogView) throws -> [UInt64] {
        var seqs: [UInt64] = []
        for kind in EventType.Kind.allCases {
            if let first = try view.firstSeq(ofStream: EventType.stream(of: kind, id: id)),
                let envelope = try view.envelope(at: first), let type = EventType(rawValue: envelope.type),
                type.createsThing, type.keyField == type.streamField
            {
                seqs.append(first)
            }
        }
        let keyed: [String: String] = [EventType.controlPerformed.rawValue: "performanceId",
                                       EventType.reportSubmitted.rawValue: "reportId"]
        let size = try view.size
        guard size > 0 else { return seqs }
        try view.forEachEnvelope(in: 1...size) { envelope in
            if let field = keyed[envelope.type], let payload = try view.payload(at: envelope.seq),
                payload[field]?.stringValue == id
            {
                seqs.append(envelope.seq)
            }
            return true
        }
        return seqs.sorted()
    }
}
