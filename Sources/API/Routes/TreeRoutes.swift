import EventLog
import Hummingbird
import Projections

/// `verify`, `checkpoint`, `proof/inclusion`, `proof/consistency`: what auditors check, as `ik verify|checkpoint|proof`
/// answer it.
struct TreeRoutes<Context: APIRequestContext> {
    let services: APIServices

    func register(on group: RouterGroup<Context>) {
        group.get("verify") { request, context in
            let principal = try context.require(.verify)
            let q = try QueryParameters(request, allowed: ["anchor"], repeatable: ["anchor"])
            let anchors = try q.all("anchor").map { text in
                guard let anchor = Anchor(text) else {
                    throw Problem.badParameter("anchor", text, "is not SIZE:ROOT (a number, a colon, 64 hex digits)")
                }
                return anchor
            }
            let report = try await services.verification(for: principal.account, anchors: anchors)
            let store = services.store
            let json = try await services.blocking.run {
                report.json(scrubPending: try store.pendingScrub(), testStore: store.isTestStore)
            }
            return Reply.json(json)
        }
        group.get("checkpoint") { request, context in
            _ = try context.require(.verify)
            let q = try QueryParameters(request, allowed: ["format", "nonce", "time"])
            let format = try q.choice("format", default: CheckpointFormat.json)
            if let nonce = q.string("nonce"), format != .note {
                throw Problem.badParameter("nonce", nonce, "goes with format=note")
            }
            // Checked for every format, so that no value the document refuses is answered 200 (Schemathesis).
            if let time = q.string("time"), time != "1" || format != .note {
                throw Problem.badParameter("time", time, format != .note ? "goes with format=note and a nonce"
                    : "is 1 (sign the leader's clock)")
            }
            switch format {
            case .json: return try await checkpointJSON()
            case .note: return try await checkpointNote(nonce: q.string("nonce"), time: q.string("time"))
            case .key:
                guard let key = services.checkpoints.verifierKey else { throw Self.problem(.noKey) }
                return Reply.text(key.vkey + "\n")
            }
        }
        group.post("checkpoint/cosignatures") { request, context in
            _ = try context.require(.verify)
            _ = try QueryParameters(request, allowed: [])
            let body = try await BodyReader.read(request, limit: 64 << 10)
            let publisher = services.checkpoints
            do {
                // The current head's note, signed now if no one asked for it yet: a witness cosigns the head it
                // verified (perhaps from a note signed for its nonce), whose plain note is this one.
                let store = services.store
                _ = try await services.blocking.run { try publisher.note(of: store) }
                let count = try publisher.addCosignatures(String(decoding: body, as: UTF8.self))
                // A quorum reached: the store keeps the note, and committee reports name it.
                if let head = publisher.witnessed() {
                    let store = services.store
                    try await services.blocking.run { try store.keepWitnessed(head) }
                }
                return Reply.json(["cosignatures": .integer(Int64(count))])
            } catch let error as CheckpointPublisherError {
                throw Self.problem(error)
            }
        }
        group.get("proof/inclusion") { request, context in
            _ = try context.require(.proofs)
            let q = try QueryParameters(request, allowed: ["seq", "size"])
            guard let seq = try q.number("seq") else { throw Problem.badParameter("seq", nil, "required: the event's seq") }
            let size = try q.number("size")
            let roots = services.checkpoints.proofRoots
            return try await proof { view in try TreeProofs.inclusion(seq: seq, size: size, in: view, roots: roots) }
        }
        group.get("proof/consistency") { request, context in
            _ = try context.require(.proofs)
            let q = try QueryParameters(request, allowed: ["from", "to"])
            guard let from = try q.number("from") else {
                throw Problem.badParameter("from", nil, "required: the earlier tree size")
            }
            let to = try q.number("to")
            let roots = services.checkpoints.proofRoots
            return try await proof { view in try TreeProofs.consistency(from: from, to: to, in: view, roots: roots) }
        }
    }

    enum CheckpointFormat: String, CaseIterable { case json, note, key }

    /// The current tree head, not stored (GET changes nothing), hashed from the envelopes appended since the last.
    func checkpointJSON() async throws -> Response {
        let (store, publisher) = (services.store, services.checkpoints)
        return Reply.json(try await services.blocking.run { try publisher.head(of: store) }.json)
    }

    /// The current tree head as a C2SP signed checkpoint note (text/plain), with the witnesses' cosignatures; with a
    /// follower's `nonce`, signed for it (``CheckpointPublisher/freshNote(of:nonce:withTime:)``) and without them;
    /// `time=1` with a nonce also signs the leader's clock.
    func checkpointNote(nonce: String? = nil, time: String? = nil) async throws -> Response {
        let (store, publisher) = (services.store, services.checkpoints)
        if let nonce, !ReplicaState.isNonce(nonce) {
            throw Problem.badParameter("nonce", nonce, "is 32 to 64 lowercase hex digits")
        }
        if let time, time != "1" || nonce == nil {
            throw Problem.badParameter("time", time, nonce == nil ? "goes with nonce" : "is 1 (sign the leader's clock)")
        }
        do {
            let note = try await services.blocking.run {
                try nonce.map { try publisher.freshNote(of: store, nonce: $0, withTime: time != nil) } ?? publisher.note(of: store)
            }
            return Reply.text(note.rendered)
        } catch let error as CheckpointPublisherError {
            throw Self.problem(error)
        }
    }

    static func problem(_ error: CheckpointPublisherError) -> Problem {
        switch error {
        case .noKey: Problem(.notFound, "no-checkpoint-key", title: "No signed checkpoints", detail: error.description)
        case .malformed: Problem(.badRequest, "bad-note", title: "Not a signed note", detail: error.description)
        case .stale: Problem(.conflict, "stale-checkpoint", title: "Not the current checkpoint", detail: error.description)
        case .unknownWitness, .invalid:
            Problem(.unprocessableContent, "bad-cosignature", title: "Cosignature not taken", detail: error.description)
        }
    }

    func proof(_ make: @escaping @Sendable (LogView) throws -> JSONValue) async throws -> Response {
        let store = services.store
        do {
            return Reply.json(try await services.blocking.run { try store.read(make) })
        } catch let range as TreeProofs.OutOfRange {
            throw Problem(.unprocessableContent, "out-of-range", title: "Not in the log", detail: range.description)
        }
    }
}
