import EventLog
import InternalControl

/// Everything the log knows about one plan at a seq: every fact of the plan, its control points,
/// deviations and actions, with corrections and retractions applied. Effective dates stay data, so one
/// ledger answers every period. Built by ``apply(_:)``, a pure fold.
public struct PlanLedger: Sendable, Hashable {
    /// The plan's id; "" holds actions that name no control point or deviation.
    public let planId: String
    /// The last seq folded in.
    public internal(set) var seq: UInt64 = 0
    /// Facts by the id of the event that recorded them.
    public internal(set) var records: [String: Record] = [:]
    /// Event ids of ``records`` in seq order.
    public internal(set) var order: [String] = []
    /// The streams of the plan's things: plan-…, control-…, deviation-…, action-….
    public internal(set) var streams: Set<String> = []
    /// Correction event id → the event id it corrects.
    var correctionTargets: [String: String] = [:]

    public init(planId: String) { self.planId = planId }

    /// A ledger holding `records` (for instance the year buckets of a snapshot), with the streams and
    /// correction targets they imply.
    public init(planId: String, seq: UInt64, records: [Record]) {
        self.planId = planId
        self.seq = seq
        for record in records.sorted(by: { $0.seq < $1.seq }) {
            self.records[record.eventId] = record
            order.append(record.eventId)
            streams.insert(record.stream)
            for version in record.versions.dropFirst() { correctionTargets[version.eventId] = record.eventId }
        }
    }

    /// Whether an event is about this plan, decided from its envelope and, for events that create a thing,
    /// the reference fields of its payload; everything else is skipped without decoding its payload.
    public func accepts(_ envelope: LedgerEnvelope, payload: JSONObjectScanner?) -> Bool {
        if streams.contains(envelope.stream) || envelope.routePlan == planId { return true }
        guard let payload else { return false }
        switch envelope.type {
        case .planAdopted, .controlPointAdded: return payload.string("planId") == planId
        case .deviationRecorded:
            return payload.string("controlId").map { streams.contains(EventType.stream(of: .control, id: $0)) } ?? false
        case .actionTaken, .actionPlanned:
            if let control = payload.string("controlId"), streams.contains(EventType.stream(of: .control, id: control)) {
                return true
            }
            return payload.strings("deviationIds").contains { streams.contains(EventType.stream(of: .deviation, id: $0)) }
        default: return false
        }
    }

    /// Whether `event` is about this plan, judged only from what the ledger already holds: creating events
    /// name their plan, control point or deviations; every other event lies in one of the plan's streams.
    public func accepts(_ event: LedgerEvent) -> Bool {
        if event.routePlan == planId { return true }
        switch event.values {
        case .plan(let p)?: return p.planId == planId
        case .controlPoint(let c)? where event.type == .controlPointAdded: return c.planId == planId
        case .deviation(let d)?: return streams.contains(EventType.stream(of: .control, id: d.controlId))
        case .action(let a)? where !streams.contains(event.stream):
            if let control = a.controlId, streams.contains(EventType.stream(of: .control, id: control)) { return true }
            return a.deviationIds.contains { streams.contains(EventType.stream(of: .deviation, id: $0)) }
        default: return streams.contains(event.stream)
        }
    }

    /// Folds one event in. Events are applied in seq order; the fold reads nothing but its arguments.
    public mutating func apply(_ event: LedgerEvent) {
        seq = max(seq, event.seq)
        switch event.type {
        case .eventCorrected:
            guard let target = event.targetId, var record = records[target] else { return }
            let values = ObjectSource(event.replacement).flatMap { FactValues.decode(record.type, from: $0) }
            record.versions.append(Record.Version(seq: event.seq, eventId: event.id, values: values))
            records[target] = record
            correctionTargets[event.id] = target
        case .eventRetracted:
            guard let target = event.targetId else { return }
            if records[target] != nil {
                records[target]?.retractedAt = event.seq
            } else if let owner = correctionTargets[target] {
                records[owner]?.versions.removeAll { $0.eventId == target }
            }
        case .payloadRedacted:
            guard let target = event.targetId else { return }
            let owner = records[target] != nil ? target : correctionTargets[target]
            guard let owner, var record = records[owner] else { return }
            record.versions = record.versions.map { version in
                version.eventId == target ? Record.Version(seq: version.seq, eventId: version.eventId, values: nil) : version
            }
            records[owner] = record
        default:
            streams.insert(event.stream)
            records[event.id] = Record(
                seq: event.seq, eventId: event.id, type: event.type, stream: event.stream, effectiveAt: event.effectiveAt,
                versions: [Record.Version(seq: event.seq, eventId: event.id, values: event.values)], retractedAt: nil)
            order.append(event.id)
        }
    }

    /// The standing records, in seq order.
    public var standing: [Record] {
        order.compactMap { records[$0] }.filter { $0.retractedAt == nil }
    }
}
