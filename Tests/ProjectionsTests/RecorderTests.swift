import Foundation
import Testing

@testable import EventLog
@testable import InternalControl
@testable import Projections

/// The one append pipeline, for the command line and the server: the actor policy decides who an event is
/// recorded as.
@Suite struct RecorderTests {
    let path = NSTemporaryDirectory() + "ik-recorder-" + UUID().uuidString
    let rules = AppendRules(clock: .pinned(at: Instant(rfc3339: "2024-03-01T10:00:00Z")!))

    func located(_ json: String, line: Int = 1) -> LocatedDraft {
        LocatedDraft(source: "test", line: line, position: line, value: Result { try JSONParser.parse(Array(json.utf8)) }
            .mapError { $0 as! JSONSyntaxError })
    }

    let plan = #"{"type":"PlanAdopted","payload":{"planId":"T-2024","organisation":"Testnämnden","year":2024,"adoptedOn":"2024-01-10"}}"#

    func store() throws -> EventStore {
        try EventStore.create(at: path, clock: rules.clock, forTests: true, options: StoreOpening.options(readOnly: false))
    }

    @Test func theServerRecordsTheSignedInAccountAndRefusesADraftNamingAnother() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try store()
        let named = #"{"type":"PlanAdopted","actor":"someone-else","payload":{"planId":"T-2025","organisation":"X","year":2025,"adoptedOn":"2024-01-10"}}"#
        let recorder = try Recorder(store: store, rules: rules, actor: .authenticated("mas"))
        #expect {
            try recorder.append([located(plan), located(named, line: 2)], dryRun: false)
        } throws: { error in
            guard case .refused(let problems, let locations) = error as? RecordingFailure else { return false }
            return problems.map(\.path) == ["actor"] && problems[0].draftIndex == 1
                && problems[0].value == "\"someone-else\"" && locations.location(of: 1) == "test:2"
        }
        #expect(try store.read { try $0.size } == 0)
        let outcome = try Recorder(store: store, rules: rules, actor: .authenticated("mas")).append([
            located(plan), located(named.replacingOccurrences(of: "someone-else", with: "mas"), line: 2),
        ], dryRun: false)
        #expect(outcome.writtenCount == 2)
        #expect(try store.read { view in try [1, 2].map { try view.envelope(at: $0)?.actor } } == ["mas", "mas"])
        #expect(try store.read { view in try [1, 2].map { try view.envelope(at: $0)?.via } } == ["server", "server"])
    }

    @Test func theCommandLineRecordsTheNamedActorOrTheDefault() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try store()
        let named = #"{"type":"PlanAdopted","actor":"mas","payload":{"planId":"T-2025","organisation":"X","year":2025,"adoptedOn":"2024-01-10"}}"#
        try Recorder(store: store, rules: rules, actor: .commandLine(claimed: "anna", systemUser: "ikstore"))
            .append([located(plan), located(named)], dryRun: false)
        #expect(try store.read { view in try [1, 2].map { try view.envelope(at: $0)?.actor } } == ["anna", "mas"])
        // The names are claims; the envelope says the command line wrote them, run by the system user ikstore.
        #expect(try store.read { view in try [1, 2].map { try view.envelope(at: $0)?.via } } == ["cli:ikstore", "cli:ikstore"])
    }

    @Test func appendsTogetherAreEachAllOrNothing() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try store()
        let first = try Recorder(store: store, rules: rules, actor: .authenticated("mas")).prepare([located(plan)])
        let second = try Recorder(store: store, rules: rules, actor: .authenticated("eva")).prepare([located(plan)])
        let results = try Recorder.appendTogether([first, second], to: store, rules: rules)
        #expect((try? results[0].get())?.writtenCount == 1)
        // The second adopts the same plan again: refused by the rules, which see the first.
        #expect(results[1].failureProblems.isEmpty == false)
        #expect(try store.read { try $0.size } == 1)
    }
}

extension Result where Failure == RecordingFailure {
    var failureProblems: [DraftProblem] {
        if case .failure(let failure) = self { return failure.problems }
        return []
    }
}
