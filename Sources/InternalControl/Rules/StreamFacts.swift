import EventLog

/// What the append rules need to know about one thing (a plan, control point, deviation or action): its
/// standing facts by type, with corrections applied and retractions taken out, kept up to date event by event
/// so that a rule asks in constant time however long the stream is.
struct StreamFacts {
    struct Version {
        let eventId: String
        /// The id a fact carries besides its stream's (a performance's or a report's), unique in the stream.
        let key: String?
        /// When a closing happened.
        let closedOn: CalendarDate?
        /// The plan a control point or risk area was added to.
        var planId: String? = nil
    }

    struct Fact {
        let seq: UInt64
        let type: EventType
        var versions: [Version]
        var retracted = false
    }

    private(set) var facts: [Fact] = []
    /// Event id (of a fact or of one of its corrections) → index in ``facts``.
    private var indexById: [String: Int] = [:]
    /// Ids of the stream's events that were retracted.
    private(set) var retracted: Set<String> = []
    /// Ids of the stream's events that a redaction names.
    private(set) var redacted: Set<String> = []
    /// How many standing facts carry each key.
    private var keyCounts: [String: Int] = [:]
    /// Per type, the indices of its facts in order, and how many at the front are retracted.
    private var byType: [EventType: (indices: [Int], retractedPrefix: Int)] = [:]

    /// Folds in the event at `seq` of `type`, whose payload is `payload` (`nil` once redacted).
    mutating func apply(seq: UInt64, eventId: String, type: EventType, payload: DomainEvent?) {
        switch payload {
        case .eventCorrected(let correction)?:
            guard let i = indexById[correction.targetId], !facts[i].retracted else { return }
            let replacement = try? DomainEvent(facts[i].type, payload: correction.payload)
            setCurrent(i) { $0.versions.append(Self.version(eventId, replacement)) }
            indexById[eventId] = i
        case .eventRetracted(let retraction)?:
            retracted.insert(retraction.targetId)
            guard let i = indexById[retraction.targetId], !facts[i].retracted else { return }
            if facts[i].versions.first?.eventId == retraction.targetId {
                setCurrent(i) { $0.retracted = true }
                advance(facts[i].type)
            } else {
                setCurrent(i) { fact in fact.versions.removeAll { $0.eventId == retraction.targetId } }
            }
        case .payloadRedacted(let redaction)?:
            redacted.insert(redaction.targetId)
        default:
            guard !type.isAboutAnotherEvent else { return }
            indexById[eventId] = facts.count
            byType[type, default: ([], 0)].indices.append(facts.count)
            facts.append(Fact(seq: seq, type: type, versions: [Self.version(eventId, payload)]))
            if let key = facts[facts.count - 1].versions[0].key { keyCounts[key, default: 0] += 1 }
        }
    }

    /// Changes fact `i`, keeping the key counts of standing facts right.
    private mutating func setCurrent(_ i: Int, _ change: (inout Fact) -> Void) {
        let before = facts[i].retracted ? nil : facts[i].versions.last?.key
        change(&facts[i])
        let after = facts[i].retracted ? nil : facts[i].versions.last?.key
        if let before { keyCounts[before, default: 0] -= 1 }
        if let after { keyCounts[after, default: 0] += 1 }
    }

    private mutating func advance(_ type: EventType) {
        guard var entry = byType[type] else { return }
        while entry.retractedPrefix < entry.indices.count, facts[entry.indices[entry.retractedPrefix]].retracted {
            entry.retractedPrefix += 1
        }
        byType[type] = entry
    }

    static func version(_ eventId: String, _ payload: DomainEvent?) -> Version {
        switch payload {
        case .controlPerformed(let p)?: Version(eventId: eventId, key: p.performanceId, closedOn: nil)
        case .reportSubmitted(let p)?: Version(eventId: eventId, key: p.reportId, closedOn: nil)
        case .deviationClosed(let p)?: Version(eventId: eventId, key: nil, closedOn: p.closedOn)
        case .controlPointAdded(let p)?: Version(eventId: eventId, key: nil, closedOn: nil, planId: p.planId)
        case .riskAreaAdded(let p)?: Version(eventId: eventId, key: nil, closedOn: nil, planId: p.planId)
        default: Version(eventId: eventId, key: nil, closedOn: nil)
        }
    }

    /// The first standing fact of `type`. Retracted facts at the front are skipped as they are retracted; one
    /// retracted later in the list is skipped here.
    func first(_ type: EventType) -> Fact? {
        guard let entry = byType[type] else { return nil }
        return entry.indices[entry.retractedPrefix...].lazy.map { facts[$0] }.first { !$0.retracted }
    }

    /// Whether a fact of `type` still stands.
    func has(_ type: EventType) -> Bool { first(type) != nil }

    /// The first standing fact that created the thing.
    var creation: Fact? {
        EventType.allCases.filter(\.createsThing).compactMap(first).min { $0.seq < $1.seq }
    }

    /// Whether a standing fact carries `key` (a performance id, a report id).
    func hasKey(_ key: String) -> Bool { keyCounts[key, default: 0] > 0 }

    /// How many facts this holds, to bound the memory of a long append.
    var count: Int { facts.count }
}
