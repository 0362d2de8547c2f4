import API
import EventLog
import InternalControl
import Reports

/// The lists a recording form offers: known ids (suggestions), events a correction may target, and what the account
/// recorded lately.
struct RecordLists {
    let services: APIServices
    /// How far back the lists look, in events.
    static let window: UInt64 = 2000

    /// Payload field → the ids the log knows for it (control points, actions, deviations).
    func ids() async throws -> [String: [String]] {
        let store = services.store
        return try await services.blocking.run {
            try store.read { view in
                var lists: [String: [String]] = [:]
                for (field, prefix) in [("controlId", "control-"), ("actionId", "action-"), ("deviationId", "deviation-")] {
                    lists[field] = try view.streamIDs(withPrefix: prefix, limit: 5000).map { String($0.dropFirst(prefix.count)) }
                }
                return lists
            }
        }
    }

    /// The latest events a correction may target, newest first: value (event id) and a label a person can choose by.
    func correctable(language: Language) async throws -> [[String: Any]] {
        try await latest(limit: 300) { event in
            EventType(rawValue: event.envelope.type).map { EventType.correctable.contains($0) } ?? false
        }.map { event in ["value": event.envelope.id, "label": Self.label(event, language)] }
    }

    /// What `account` recorded lately, newest first.
    func recent(by account: String, language: Language) async throws -> [[String: Any]] {
        try await latest(limit: 15) { $0.envelope.actor == account }.map { event in
            ["seq": event.envelope.seq, "before": event.envelope.seq - 1, "label": Self.label(event, language),
             "recorded": KnowledgeChoice.pickerValue(event.envelope.recordedAt)]
        }
    }

    func latest(limit: Int, where keep: @escaping @Sendable (StoredEvent) -> Bool) async throws -> [StoredEvent] {
        let store = services.store
        return try await services.blocking.run {
            try store.read { view in
                let size = try view.size
                var found: [StoredEvent] = []
                var seq = size
                while seq >= 1, seq + Self.window > size, found.count < limit {
                    if let event = try view.event(at: seq), keep(event) { found.append(event) }
                    seq -= 1
                }
                return found
            }
        }
    }

    /// `seq 118 · Kontroll utförd · SN-2024-LAK-P2 · 2024-12-31`.
    static func label(_ event: StoredEvent, _ language: Language) -> String {
        let type = EventType(rawValue: event.envelope.type)
        let title = type.map { language == .sv ? $0.titles.sv : $0.titles.en } ?? event.envelope.type
        let business = type?.keyField.flatMap { event.payload?[$0]?.stringValue } ?? event.envelope.stream
        return "seq \(event.envelope.seq) · \(title) · \(business) · \(event.envelope.effectiveAt)"
    }
}
