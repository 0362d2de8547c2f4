import Foundation

/// The built `ik` binary, run in a temporary directory as a user would run it.
struct IKProcess {
    /// A setup step of a test failed: the test fails with ik's message instead of trapping the whole run.
    struct SetupFailed: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        var description: String { "setup: ik exited with \(status): \(stderr)" }
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        /// Throws ``SetupFailed`` unless ik exited with 0.
        func requireSuccess() throws {
            guard status == 0 else { throw SetupFailed(status: status, stderr: stderr) }
        }
    }

    /// A copy of ``binary`` in a new directory of its own under the temporary directory, which anyone may run (to run
    /// it as another user). Copied by `cp` in a child process, not by this one: tests run in parallel and fork, and a
    /// child forked while this process held the copy open for writing kept it open, so exec failed with ETXTBSY
    /// (status 126) for as long as that child lived (a CI run: 547 of 553 runs).
    static func runnableCopy(named name: String) throws -> String {
        let directory = NSTemporaryDirectory() + name + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let copy = directory + "/ik"
        let result = try Spawn.run(["/bin/cp", binary, copy], directory: "/", environment: ["PATH": "/usr/bin:/bin"], input: nil)
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: copy]) }
        for path in [directory, copy] { chmod(path, 0o755) }
        return copy
    }

    /// `ik` next to the test bundle in the build directory, or `$IK_BIN`.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["IK_BIN"], !path.isEmpty { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("ik").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return ".build/debug/ik"
    }()

    let directory: String
    var environment: [String: String] = [:]

    /// Runs `ik arguments…` with `input` on standard input, waiting for it to end.
    @discardableResult
    func run(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "IK_STORE")
        env.removeValue(forKey: "IK_NOW")
        env["USER"] = "tester"
        env.merge(environment) { $1 }
        env.merge(extra) { $1 }
        return try Spawn.run([Self.binary] + arguments, directory: directory, environment: env, input: input)
    }

    /// Runs a shell command in the directory, with `IK` naming the binary; output is merged.
    @discardableResult
    func shell(_ script: String) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["IK"] = Self.binary
        env.removeValue(forKey: "IK_STORE")
        env.removeValue(forKey: "IK_NOW")
        return try Spawn.run(["/bin/sh", "-c", script + " 2>&1"], directory: directory, environment: env, input: nil)
    }
}

/// `posix_spawn` with a clean signal mask and default handlers: Foundation's `Process` passes on the
/// test runner's blocked signals, under which a shell's `wait` never sees its children end.
enum Spawn {
    static func run(_ argv: [String], directory: String, environment: [String: String], input: String?) throws
        -> IKProcess.Result
    {
        let outPath = NSTemporaryDirectory() + "ik-out-" + UUID().uuidString
        let errPath = NSTemporaryDirectory() + "ik-err-" + UUID().uuidString
        let inPath = NSTemporaryDirectory() + "ik-in-" + UUID().uuidString
        try Data((input ?? "").utf8).write(to: URL(fileURLWithPath: inPath))
        defer { for path in [outPath, errPath, inPath] { try? FileManager.default.removeItem(atPath: path) } }
        let pid = try start(argv, directory: directory, environment: environment) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        let status = wait(pid)
        return IKProcess.Result(status: status, stdout: Workspace.text(atPath: outPath), stderr: Workspace.text(atPath: errPath))
    }

    /// A reader that stalls: `argv` runs with its standard output going into a pipe nobody reads, so once
    /// the pipe's 64 KB are full it blocks in write(2) in the middle of its read transaction.
    /// - Returns: the child's pid and the pipe's read end (close it after killing the child).
    static func stalled(_ argv: [String], directory: String) throws -> (pid: pid_t, pipe: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let pid = try start(argv, directory: directory, environment: ProcessInfo.processInfo.environment) { actions in
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        close(fds[1])
        return (pid, fds[0])
    }

    /// `argv` started in `directory` with `environment` added, its output discarded; it runs until waited for.
    static func background(_ argv: [String], directory: String, environment extra: [String: String] = [:]) throws -> pid_t {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "IK_STORE")
        environment.merge(extra) { $1 }
        return try start(argv, directory: directory, environment: environment) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
    }

    /// Starts `argv` in `directory` with its output going to files, and returns at once.
    static func backgroundLogging(_ argv: [String], directory: String, environment: [String: String], stdout: String,
                                  stderr: String) throws -> pid_t {
        try start(argv, directory: directory, environment: environment) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
    }

    /// Whether the child `pid` is still running (not exited, not yet reaped).
    static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Waits for the child `pid`. - Returns: its exit status, or 128 + the signal that ended it.
    @discardableResult
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    private static func start(
        _ argv: [String], directory: String, environment: [String: String],
        files: (inout posix_spawn_file_actions_t) -> Void
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        files(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // The shell changes into the directory, then becomes the program.
        let command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + argv
        let cArgs = command.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, command[0], &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        return pid
    }
}

/// A temporary working directory for one test.
final class Workspace {
    /// The text of a file, "" when it cannot be read. Read with read(2): Foundation's readDataFromFile
    /// (behind `String(contentsOfFile:)` and `FileManager.contents(atPath:)`) leaks a 4 KB buffer per empty
    /// file in this toolchain, which fails the AddressSanitizer run.
    static func text(atPath path: String) -> String {
        (try? bytes(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The bytes of a file, read with read(2) (see ``text(atPath:)``).
    static func bytes(atPath path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOENT) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += chunk[..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            } else {
                return bytes
            }
        }
    }

    let path: String
    let ik: IKProcess

    init() {
        path = NSTemporaryDirectory() + "ik-e2e-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        ik = IKProcess(directory: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }

    func data(_ name: String) throws -> Data {
        Data(try Self.bytes(atPath: path + "/" + name))
    }

    /// The plan and control point that ``drafts(_:prefix:)`` records deviations against.
    static let foundation = """
        {"type":"PlanAdopted","payload":{"planId":"T-2024","organisation":"Testnämnden","year":2024,"adoptedOn":"2024-01-10"}}
        {"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"T-LAK","planId":"T-2024","area":"Läkemedel","title":"Saldokontroll"}}

        """

    /// Initialises the store and appends ``foundation`` (two events).
    func initialise() throws {
        try ik.run(["init", "--test"])
        let result = try ik.run(["append", "-"], input: Self.foundation, environment: ["IK_NOW": "2024-01-10T12:00:00Z"])
        try result.requireSuccess()
    }

    /// A JSON Lines draft file of `count` deviations with unique ids and idempotency keys.
    static func drafts(_ count: Int, prefix: String = "k") -> String {
        (0..<count).map { i in
            "{\"type\":\"DeviationRecorded\",\"idempotencyKey\":\"\(prefix)-\(i)\",\"payload\":{"
                + "\"deviationId\":\"\(prefix)-\(i)\",\"controlId\":\"T-LAK\",\"observedOn\":\"2024-05-0\(i % 9 + 1)\","
                + "\"severity\":\"minor\",\"count\":\(i % 3 + 1),\"description\":\"avvikelse \(prefix) \(i)\"}}"
        }.joined(separator: "\n") + "\n"
    }
}
