import Accounts
import EventLog
import Hummingbird
import InternalControl
import NIOCore
import Projections

/// `POST /api/v1/events`: a draft, an array of drafts, or JSON Lines, appended through the same pipeline as
/// `ik append` (``Recorder``), as the account signed in, acknowledged once durable.
struct EventRoutes<Context: APIRequestContext> {
    let services: APIServices

    static var jsonLinesTypes: Set<String> {
        ["application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/json-lines"]
    }

    func register(on group: RouterGroup<Context>) {
        group.post("events") { request, context in try await append(request, context: context) }
    }

    func append(_ request: Request, context: Context) async throws -> Response {
        let principal = try context.require(.append)
        let parameters = try QueryParameters(request, allowed: ["dryRun"])
        let dryRun = try parameters.flag("dryRun")
        let mediaType = (request.headers[.contentType] ?? "").split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let lines = Self.jsonLinesTypes.contains(mediaType)
        guard lines || mediaType == "application/json" else {
            throw Problem(.unsupportedMediaType, "unsupported-media-type", title: "Send JSON or JSON Lines",
                          detail: "Content-Type must be application/json (a draft or an array of drafts) or "
                              + "application/jsonl (one draft per line).")
        }
        let body = try await BodyReader.read(request, limit: services.maxBodyBytes)
        let drafts = try Self.drafts(in: body, lines: lines)
        let store = services.store
        let account = principal.account
        let rules = AppendRules(clock: .system)
        // Decoded before the write (a correction's target is looked up), off the event loop; the body is whole.
        let result: Result<AppendOutcome, RecordingFailure>
        do {
            if dryRun {
                // A dry run writes nothing and leaves no trace, yet checks up to 10,000 drafts against the store:
                // a heavy request, limited per account as the whole-store reads are.
                result = .success(try await services.heavyRead(for: account) {
                    try Recorder(store: store, rules: rules, actor: .authenticated(account)).append(drafts, dryRun: true)
                })
            } else {
                // Checked against a read snapshot first: a batch that will be refused is refused without holding
                // the writer (red team 6: dry-runs-hold-the-writer); the group commit checks it again. A large batch
                // is checked holding one of the account's heavy places, as a dry run: batches that will be refused
                // leave nothing in the log either, and must not take every reader thread.
                let check = { @Sendable () throws -> PreparedAppend in
                    let recorder = try Recorder(store: store, rules: rules, actor: .authenticated(account))
                    let prepared = try recorder.prepare(drafts)
                    // Every problem, as the group commit lists them (the route caps what it shows).
                    try recorder.check(prepared, problemLimit: .max)
                    return prepared
                }
                let prepared = drafts.count > Self.heavyBatch || body.count > Self.heavyBody
                    ? try await services.heavyRead(for: account, check) : try await services.blocking.run(check)
                result = try await services.appender.append(prepared)
            }
        } catch StoreError.clockBehind(let pinned, let last) {
            // As the group commit answers it (a pinned clock behind the log), now found by the check before it.
            result = .failure(.store(.clockBehind(pinned: pinned, lastRecorded: last)))
        } catch let failure as RecordingFailure {
            result = .failure(failure)
        }
        switch result {
        case .success(let outcome): return Reply.json(outcome.json(dryRun: dryRun), status: dryRun ? .ok : .created)
        case .failure(let failure): throw Self.problem(failure)
        }
    }

    /// The most drafts one request may carry, and the most problems a refusal lists: a body of tiny drafts (`{}`
    /// per line) otherwise made the server hold and answer a problem per draft — gigabytes for 8 MB (red team,
    /// round 3). Bulk loads send several requests, or use `ik append`, which streams.
    static var maxDrafts: Int { 10_000 }
    /// Batches of more drafts than this are checked holding one of the account's heavy places (as dry runs are).
    static var heavyBatch: Int { 100 }
    /// Bodies larger than this are checked holding one of the account's heavy places too, whatever their drafts:
    /// a few drafts of long texts cost seconds to check (red team 7: small-refused-batches-hold-everyone).
    static var heavyBody: Int { 256 << 10 }
    static var maxListedProblems: Int { 1_000 }

    /// The drafts of a body: JSON (an object or an array of them) or JSON Lines.
    /// - Throws: ``Problem`` 400 when the body is not JSON, naming where; 413 over ``maxDrafts``.
    static func drafts(in body: [UInt8], lines: Bool) throws -> [LocatedDraft] {
        let tooMany = Problem(.contentTooLarge, "too-many-drafts", title: "The request holds too many drafts",
                              detail: "At most \(maxDrafts) drafts (lines) per request; nothing was appended. Send them "
                                  + "in smaller requests, or use ik append.", extra: ["limit": .integer(Int64(maxDrafts))])
        if lines {
            // Counted before parsing, so a body of tiny lines is refused before it is held as drafts.
            guard body.lazy.filter({ $0 == 0x0A }).count <= maxDrafts else { throw tooMany }
            let drafts = DraftReader.read(body, source: "body")
            let broken = drafts.enumerated().compactMap { index, draft -> JSONValue? in
                guard case .failure(let error) = draft.value else { return nil }
                return ["draftIndex": .integer(Int64(index)), "line": .integer(Int64(draft.line)),
                        "rule": .string("not valid JSON: \(error.description)")]
            }
            if !broken.isEmpty {
                throw Problem(.badRequest, "malformed-json", title: "The body is not valid JSON Lines",
                              detail: "\(broken.count) line\(broken.count == 1 ? " is" : "s are") not valid JSON; "
                                  + "nothing was appended.", extra: ["problems": .array(broken)])
            }
            return drafts
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw Problem(.badRequest, "malformed-json", title: "The body is not valid JSON",
                          detail: "\(error.description); nothing was appended.")
        }
        let values = value.arrayValue ?? [value]
        guard values.count <= maxDrafts else { throw tooMany }
        return values.enumerated().map { index, value in
            LocatedDraft(source: "body", line: 1, position: index + 1, value: .success(value))
        }
    }

    /// The problem document of a refused append: 409 when a stream was not at the version a draft expected,
    /// else 422; every problem with its draft index, line, JSON path, value and rule.
    static func problem(_ failure: RecordingFailure) -> Problem {
        switch failure {
        case .noDrafts:
            return Problem(.unprocessableContent, "no-drafts", title: "The body holds no drafts",
                           detail: "Send a draft, an array of drafts, or JSON Lines; nothing was appended.")
        case .store(.replica(_, let leader)):
            return Problem.replica(leader: leader)
        case .store(let error):
            return Problem(.serviceUnavailable, "clock-behind", title: "The server's clock is behind the log",
                           detail: "\(error); nothing was appended.", retryAfter: 5)
        case .refused(let problems, let locations):
            let conflict = problems.contains { if case .versionConflict = $0.kind { true } else { false } }
            let listed: [JSONValue] = problems.prefix(maxListedProblems).map { problem in
                var members: [String: JSONValue] = [
                    "draftIndex": .integer(Int64(problem.draftIndex)), "path": .string(problem.path),
                    "rule": .string(problem.rule),
                ]
                if let value = problem.value { members["value"] = .string(value) }
                if let place = locations.place(of: problem.draftIndex) { members["line"] = .integer(Int64(place.line)) }
                switch problem.kind {
                case .invalid: break
                case .versionConflict(let stream, let expected, let actual):
                    members["conflict"] = ["stream": .string(stream), "expectedVersion": .integer(Int64(expected)),
                                           "actualVersion": .integer(Int64(actual))]
                case .idempotencyKeyReused(_, let seq): members["recordedSeq"] = .integer(Int64(seq))
                }
                return .object(members)
            }
            let count = "\(problems.count) problem\(problems.count == 1 ? "" : "s")"
                + (problems.count > maxListedProblems ? " (the first \(maxListedProblems) listed)" : "")
            return conflict
                ? Problem(.conflict, "version-conflict", title: "A stream is not at the version a draft expected",
                          detail: "\(count) in the drafts; nothing was appended. Read the stream again and retry.",
                          extra: ["problems": .array(listed)])
                : Problem(.unprocessableContent, "invalid-drafts", title: "The drafts break rules",
                          detail: "\(count) in the drafts; nothing was appended. Fix them and send them again.",
                          extra: ["problems": .array(listed)])
        }
    }
}

/// Reads a request body whole, up to a limit, before anything else happens: a slow sender holds nothing but its
/// own connection.
enum BodyReader {
    static func read(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Problem.bodyTooLarge(limit: limit)
        }
        do {
            var buffer = try await request.body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw Problem.bodyTooLarge(limit: limit)
        } catch let error as CancellationError {
            throw error
        } catch {
            // The HTTP parser's (a chunk size that is not hex, a body cut short): the client's fault, never a 500.
            throw Problem.malformedBody
        }
    }
}
