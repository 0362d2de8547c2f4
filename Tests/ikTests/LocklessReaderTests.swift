import Foundation
import Testing

/// A copy of `ik` that any user may run, and a way to run it as another user (tests run as root).
struct OtherUser {
    let binary: String

    /// Nil when the tests cannot switch users here (not root, no setpriv).
    init?() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), getuid() == 0 else { return nil }
        binary = try IKProcess.runnableCopy(named: "ik-other")
    }

    /// The setpriv prefix that runs a command as `nobody`, with `groups` as its supplementary groups.
    func prefix(groups: String? = nil) -> String {
        "/usr/bin/setpriv --reuid=65534 --regid=65534 " + (groups.map { "--groups=\($0)" } ?? "--clear-groups") + " --"
    }

    func run(_ arguments: [String], in directory: String, groups: String? = nil) throws -> IKProcess.Result {
        let argv = prefix(groups: groups).split(separator: " ").map(String.init) + [binary] + arguments
        return try Spawn.run(argv, directory: directory, environment: ["PATH": "/usr/bin:/bin"], input: nil)
    }

    func remove() { try? FileManager.default.removeItem(atPath: (binary as NSString).deletingLastPathComponent) }
}

@Suite(.serialized) struct LocklessReaderTests {
    /// An auditor who may read the store but not write its lock file reads without LMDB's lock: a writer may then
    /// reuse the pages under the read. That must never look like tampering: the read retries, or says "busy".
    @Test func anAuditorWithoutTheLockNeverReportsTamperingWhileTheOwnerAppends() throws {
        guard let auditor = try OtherUser() else { return }
        defer { auditor.remove() }
        let w = Workspace()
        try w.initialise()
        try w.ik.run(["append", "-"], input: Workspace.drafts(2000, prefix: "base")).requireSuccess()
        for r in 0..<60 { try w.write("a\(r).jsonl", Workspace.drafts(40, prefix: "a\(r)")) }
        // The owner lets others read, not write: the lock file is the owner's alone.
        let store = w.path + "/ik-store"
        for (path, mode) in [(w.path, 0o755), (store, 0o755), (store + "/data.mdb", 0o644), (store + "/lock.mdb", 0o644)] {
            chmod(path, mode_t(mode))
        }
        let result = try w.ik.shell("""
            ( for r in $(seq 0 59); do "$IK" append a$r.jsonl > /dev/null || echo "append $r failed"; done; touch writer.done ) &
            runs=0
            while [ ! -f writer.done ] || [ $runs -lt 5 ]; do
              \(auditor.prefix()) \(auditor.binary) --store \(store) verify > /dev/null 2> verify.err
              status=$?
              echo "status $status"
              [ $status = 75 ] && [ ! -f busy.err ] && cp verify.err busy.err
              [ $status = 0 ] || [ $status = 75 ] || { echo "stderr:"; cat verify.err; }
              runs=$((runs+1))
            done
            wait
            """)
        let statuses = result.stdout.split(separator: "\n").filter { $0.hasPrefix("status ") }
        var counts: [String: Int] = [:]
        for status in statuses { counts[String(status.dropFirst(7)), default: 0] += 1 }
        print("lockless verify while the owner appends: \(counts.sorted { $0.key < $1.key })")
        #expect(!result.stdout.contains("failed"), "\(result.stdout.prefix(500))")
        #expect(Set(counts.keys).isSubset(of: ["0", "75"]), "\(result.stdout.prefix(2000))")
        #expect(!result.stdout.contains("Restore"), "a tamper report: \(result.stdout.prefix(2000))")
        if counts["75"] != nil {
            // A busy read says what to do instead of waiting.
            let busy = Workspace.text(atPath: w.path + "/busy.err")
            #expect(busy.contains("busy") && busy.contains("replica") && busy.contains("backup") && busy.contains("lock.mdb"), "\(busy)")
        }
        #expect(try auditor.run(["--store", store, "verify"], in: w.path).status == 0)
    }
}
