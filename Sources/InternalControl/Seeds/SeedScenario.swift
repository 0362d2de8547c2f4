import EventLog
import Foundation

/// A follow-up report written as events: batches of drafts, each appended at the recorded time it carries, so
/// that as-of queries show knowledge growing. A draft `{"$correct": ID, "reason": …, "set": {…}}` stands for a
/// correction of the event whose payload id (performanceId, deviationId, …) is ID, with the fields in `set`
/// replaced; the loader turns it into an `EventCorrected` once the target's event id is known.
public struct SeedScenario: Sendable, Hashable {
    public struct Batch: Sendable, Hashable {
        public let recordedAt: Instant
        public let note: String
        public let drafts: [JSONValue]
    }

    /// The file name without extension: `001-socialforvaltningen-2024`.
    public let name: String
    public let title: String
    /// The seed report it reproduces.
    public let source: String
    public let planId: String
    /// What was modelled where the report is silent.
    public let notes: String
    public let batches: [Batch]

    /// Reads a scenario file.
    /// - Throws: ``SeedError`` naming the file and what is wrong.
    public static func load(contentsOf path: String) throws -> SeedScenario {
        guard let data = FileManager.default.contents(atPath: path) else { throw SeedError.unreadable(path) }
        let json: JSONValue
        do { json = try JSONParser.parse(Array(data)) } catch { throw SeedError.malformed(path, error.description) }
        guard let batches = json["batches"]?.arrayValue, let planId = json["planId"]?.stringValue else {
            throw SeedError.malformed(path, "needs planId and batches")
        }
        let parsed = try batches.map { batch -> Batch in
            guard let at = batch["recordedAt"]?.stringValue.flatMap(Instant.init(rfc3339:)),
                let drafts = batch["drafts"]?.arrayValue
            else { throw SeedError.malformed(path, "every batch needs recordedAt (RFC 3339) and drafts") }
            return Batch(recordedAt: at, note: batch["note"]?.stringValue ?? "", drafts: drafts)
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return SeedScenario(
            name: name, title: json["title"]?.stringValue ?? name, source: json["source"]?.stringValue ?? "",
            planId: planId, notes: json["notes"]?.stringValue ?? "", batches: parsed)
    }

    /// Every scenario file (`*.json`) in `directory`, by name.
    public static func loadAll(in directory: String) throws -> [SeedScenario] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        guard !names.isEmpty else { throw SeedError.unreadable(directory) }
        return try names.filter { $0.hasSuffix(".json") }.sorted().map {
            try load(contentsOf: (directory as NSString).appendingPathComponent($0))
        }
    }

    /// Appends the batches of `scenarios` into `store`, all of them in recorded-time order (so scenarios
    /// from different years interleave correctly), each batch with the clock pinned at its time.
    /// - Returns: the number of events written.
    @discardableResult
    public static func replay(_ scenarios: [SeedScenario], into store: EventStore, actor: String = "seed") throws -> Int {
        let batches = scenarios.flatMap { scenario in scenario.batches.map { (scenario, $0) } }
            .sorted { $0.1.recordedAt < $1.1.recordedAt }
        var written = 0
        for (scenario, batch) in batches {
            let clock = Clock.pinned(at: batch.recordedAt)
            let rules = AppendRules(clock: clock)
            let decoder = rules.decoder(defaultActor: actor, store: store)
            var drafts: [EventDraft] = []
            for (index, value) in batch.drafts.enumerated() {
                let resolved = try resolveCorrection(value, in: store)
                switch decoder.decode(resolved, index: index) {
                case .success(let draft): drafts.append(draft)
                case .failure(let failure):
                    throw SeedError.refused(scenario.name, batch.note, failure.problems.map(\.description))
                }
            }
            drafts = try AppendRules.recordingTreeHead(drafts, store: store)
            do {
                written += try store.append(drafts, clock: clock, check: rules.draftCheck).writtenCount
            } catch StoreError.rejected(let problems) {
                throw SeedError.refused(scenario.name, batch.note,
                                        problems.map { "draft \($0.draftIndex + 1): \($0)" })
            }
        }
        return written
    }

    static func resolveCorrection(_ value: JSONValue, in store: EventStore) throws -> JSONValue {
        guard let key = value["$correct"]?.stringValue else { return value }
        let found = try store.read { view -> (Envelope, [String: JSONValue])? in
            let size = try view.size
            guard size > 0 else { return nil }
            var match: (Envelope, [String: JSONValue])?
            try view.forEachEvent(in: 1...size) { event in
                if let payload = event.payload?.objectValue, EventType(rawValue: event.envelope.type)?.isAboutAnotherEvent == false,
                    payload.contains(where: { $0.key.hasSuffix("Id") && $0.key != "controlId" && $0.key != "planId"
                        && $0.value.stringValue == key })
                {
                    match = (event.envelope, payload)
                }
                return true
            }
            return match
        }
        guard let (envelope, payload) = found else { throw SeedError.noTarget(key) }
        var replacement = payload
        for (field, newValue) in value["set"]?.objectValue ?? [:] { replacement[field] = newValue }
        var draft: [String: JSONValue] = [
            "type": .string(EventType.eventCorrected.rawValue),
            "payload": ["targetId": .string(envelope.id), "targetType": .string(envelope.type),
                        "reason": value["reason"] ?? "Rättelse", "payload": .object(replacement)],
        ]
        if let actor = value["actor"] { draft["actor"] = actor }
        return .object(draft)
    }
}

/// Why a seed scenario could not be loaded or replayed.
public enum SeedError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case malformed(String, String)
    case noTarget(String)
    case refused(String, String, [String])

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read the seed data at \(path)\nSet IK_SEEDS to the Seeds directory of the source tree."
        case .malformed(let path, let reason): "\(path) is not a seed scenario: \(reason)"
        case .noTarget(let key): "a seed correction names \(key), which no event has"
        case .refused(let name, let note, let problems):
            "the seed \(name) was refused at “\(note)”:\n" + problems.joined(separator: "\n")
        }
    }
}
