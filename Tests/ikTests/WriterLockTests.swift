import Foundation
import Testing

/// A writer waits a bounded time for another (DESIGN.md: exit 75, store busy), and nothing slow holds the store.
@Suite(.serialized) struct WriterLockTests {
    /// The process holding the store's writer lock (an fcntl lock on writer.lock), or nil.
    static func holder(of store: String) -> pid_t? {
        let fd = open(store + "/writer.lock", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var request = flock()
        request.l_type = Int16(F_WRLCK)
        request.l_whence = Int16(SEEK_SET)
        guard fcntl(fd, F_GETLK, &request) == 0, request.l_type != Int16(F_UNLCK) else { return nil }
        return request.l_pid
    }

    @Test func aWriterBehindAStoppedWriterGivesUpAfterWaitNamingIt() throws {
        let w = Workspace()
        try w.initialise()
        try w.write("big.jsonl", Workspace.drafts(4000, prefix: "big"))
        try w.write("small.jsonl", Workspace.drafts(1, prefix: "small"))
        let before = try w.ik.run(["log", "--format", "jsonl"]).stdout
        let big = try Spawn.background([IKProcess.binary, "append", "big.jsonl"], directory: w.path)
        defer {
            kill(big, SIGKILL)
            Spawn.wait(big)
        }
        // Stop the big append while it holds the writer lock.
        let deadline = Date().addingTimeInterval(60)
        var held = false
        while Date() < deadline, Spawn.isRunning(big) {
            if Self.holder(of: w.path + "/ik-store") == big {
                kill(big, SIGSTOP)
                held = Self.holder(of: w.path + "/ik-store") == big
                if held { break }
                kill(big, SIGCONT)
            }
            usleep(2_000)
        }
        try #require(held, "the big append was never seen holding writer.lock")
        let started = Date()
        let second = try w.ik.run(["append", "--wait", "2", "small.jsonl"])
        let waited = Date().timeIntervalSince(started)
        #expect(second.status == 75, "\(second.status): \(second.stderr)")
        #expect(second.stderr.contains("process \(big)"), "\(second.stderr)")
        #expect(second.stderr.contains("append big.jsonl"), "\(second.stderr)")
        #expect(waited >= 1.9 && waited < 10, "waited \(waited) s")
        kill(big, SIGCONT)
        #expect(Spawn.wait(big) == 0)
        #expect(try w.ik.run(["log", "--format", "jsonl"]).stdout.hasPrefix(before))
        #expect(try w.ik.run(["verify"]).status == 0)
    }

    /// The writer lock is the owner's alone: a group member who may read a `--group` store cannot open writer.lock,
    /// so cannot hold a shared lock on it and stop every writer (red team, round 3). Older stores get the mode at the
    /// next write.
    @Test func aReaderOfAGroupStoreCannotHoldTheWriterLock() throws {
        guard let auditor = try OtherUser() else { return }
        defer { auditor.remove() }
        let w = Workspace()
        try w.ik.run(["init", "--group"]).requireSuccess()
        let store = w.path + "/ik-store"
        chmod(w.path, 0o755)
        var info = stat()
        #expect(stat(store + "/writer.lock", &info) == 0 && info.st_mode & 0o777 == 0o600, "writer.lock mode \(String(info.st_mode & 0o777, radix: 8))")
        // A store made before: its writer.lock readable by the group until the next write.
        chmod(store + "/writer.lock", 0o640)
        try w.ik.run(["append", "-"], input: Workspace.foundation).requireSuccess()
        #expect(stat(store + "/writer.lock", &info) == 0 && info.st_mode & 0o777 == 0o600)
        // Group 65534 (nogroup) gets the store, as `chgrp -R GROUP STORE` in the README; nobody is in it.
        for path in [store, store + "/data.mdb", store + "/lock.mdb", store + "/writer.lock"] { chown(path, 0, 65534) }
        let hold = try auditor.run(["--store", store, "verify"], in: w.path, groups: "65534")
        #expect(hold.status == 0, "the group member still reads: \(hold.stderr)")
        let held = try Spawn.run(auditor.prefix(groups: "65534").split(separator: " ").map(String.init)
                                 + ["/usr/bin/python3", "-c", "import fcntl; fcntl.lockf(open('\(store)/writer.lock', 'rb'), fcntl.LOCK_SH)"],
                                 directory: w.path, environment: ["PATH": "/usr/bin:/bin"], input: nil)
        #expect(held.status != 0 && held.stderr.contains("Permission denied"), "\(held.status) \(held.stderr)")
    }

    @Test func aSlowProducerOnStandardInputDoesNotHoldTheStore() throws {
        let w = Workspace()
        try w.initialise()
        // Over a megabyte: more than the first read, so an append that streams it reads on while it writes.
        try w.write("slow.jsonl", Workspace.drafts(8000, prefix: "slow"))
        try w.write("quick.jsonl", Workspace.drafts(1, prefix: "quick"))
        // The slow input is JSON Lines over the streaming threshold, and its producer pauses before it ends.
        let slow = try Spawn.background(["/bin/sh", "-c", "(cat slow.jsonl; sleep 8) | \"$0\" append -", IKProcess.binary],
                                        directory: w.path, environment: ["IK_STREAM_THRESHOLD": "1000"])
        defer {
            kill(slow, SIGKILL)
            Spawn.wait(slow)
        }
        usleep(1_500_000)
        let started = Date()
        let quick = try w.ik.run(["append", "quick.jsonl"])
        let waited = Date().timeIntervalSince(started)
        #expect(quick.status == 0, "\(quick.stderr)")
        #expect(waited < 5, "the quick append waited \(waited) s behind a slow producer")
        #expect(Spawn.wait(slow) == 0)
        let log = try w.ik.run(["log", "--format", "jsonl"]).stdout
        #expect(log.contains("quick-0") && log.contains("slow-7999"))
        #expect(try w.ik.run(["verify"]).status == 0)
    }
}
