import EventLog
import InternalControl

/// Which plan a stream belongs to. Creating events name their plan, control point or deviations; other
/// events lie in a stream whose creating event does. Routes never change once made (a correction cannot move
/// a fact to another thing), so they are remembered. Streams not yet seen are looked up with `lookup`, which
/// returns a stream's first event (I/O stays with the caller; the ledger fold reads nothing).
public struct StreamRouter {
    var routes: [String: String] = [:]
    let lookup: ((String) throws -> LedgerEvent?)?

    public init(lookup: ((String) throws -> LedgerEvent?)? = nil) { self.lookup = lookup }

    /// The plan of `event`; "" when it names nothing that belongs to a plan.
    public mutating func route(_ event: LedgerEvent) throws -> String {
        if let known = routes[event.stream] { return known }
        if let plan = event.routePlan {
            routes[event.stream] = plan
            return plan
        }
        if !event.type.isAboutAnotherEvent, let plan = try planNamed(by: event) {
            routes[event.stream] = plan
            return plan
        }
        return try route(stream: event.stream)
    }

    /// The plan of `stream`, looked up from its first event when not yet known.
    public mutating func route(stream: String) throws -> String {
        if let known = routes[stream] { return known }
        var plan = ""
        if let first = try lookup?(stream), !first.type.isAboutAnotherEvent, first.stream == stream {
            plan = try planNamed(by: first) ?? ""
        }
        routes[stream] = plan
        return plan
    }

    mutating func planNamed(by event: LedgerEvent) throws -> String? {
        switch event.values {
        case .plan(let p)?: return p.planId
        case .controlPoint(let c)? where event.type == .controlPointAdded: return c.planId ?? ""
        case .deviation(let d)?: return try route(stream: EventType.stream(of: .control, id: d.controlId))
        case .action(let a)?:
            if let control = a.controlId { return try route(stream: EventType.stream(of: .control, id: control)) }
            for id in a.deviationIds {
                let plan = try route(stream: EventType.stream(of: .deviation, id: id))
                if !plan.isEmpty { return plan }
            }
            return ""
        default: return nil
        }
    }

    /// Remembers the streams of an already-built plan ledger.
    public mutating func learn(_ ledger: PlanLedger) {
        for stream in ledger.streams { routes[stream] = ledger.planId }
    }
}

extension LogView {
    /// The first event of `stream`, decoded for projections: what a ``StreamRouter`` looks up.
    public func firstLedgerEvent(ofStream stream: String) throws -> LedgerEvent? {
        guard let seq = try seqs(inStream: stream).first else { return nil }
        var found: LedgerEvent?
        try forEachLedgerEvent(in: seq...seq) { found = $0 }
        return found
    }
}
