#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The writer lock of an environment: an fcntl write lock on `writer.lock` in its directory, taken before
/// `mdb_txn_begin`. LMDB's own writer mutex waits without end and says nothing about who holds it; this lock is
/// waited for at most a given time, and `F_GETLK` names the process holding it. fcntl locks belong to a process,
/// so a mutex keeps the threads of this process taking it one at a time.
final class WriterLock: @unchecked Sendable {
    // @unchecked: `fd` never changes; the mutex is the synchronisation of the threads of this process.
    private let fd: Int32
    let path: String
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Opens (creating it 0600) the lock file in `directory`. The lock file is the writer's alone whatever the
    /// store's access: anyone who can open it can hold a shared fcntl lock on it and so stop every writer, and a read
    /// needs no lock. A file made wider before (a `--group` store of an older ik) is narrowed here; `EPERM` (the
    /// writer does not own the file) leaves it as its owner made it.
    init(directory: String) throws(LMDBError) {
        path = directory + "/writer.lock"
        let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode_t(0o600))
        guard opened >= 0 else { throw LMDBError(errno, in: "open(writer.lock)") }
        if fchmod(opened, 0o600) != 0 && errno != EPERM {
            let failure = errno
            close(opened)
            throw LMDBError(failure, in: "fchmod(writer.lock)")
        }
        fd = opened
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let rc = pthread_mutex_init(mutex, nil)
        if rc != 0 {
            close(fd)
            mutex.deallocate()
            throw LMDBError(rc, in: "pthread_mutex_init")
        }
    }

    deinit {
        close(fd)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Takes the lock, waiting at most `timeout` seconds (`.infinity`: as long as it takes).
    /// - Throws: ``WriterBusy`` naming the holder when the time ran out; ``LMDBError`` when a call failed.
    func acquire(timeout: Double) throws {
        let started = Self.monotonicSeconds()
        let deadline = timeout.isFinite ? started + max(0, timeout) : nil
        try lockMutex(until: deadline, started: started)
        do {
            var pause: UInt32 = 1_000
            var lastTries = 3
            while true {
                var request = Self.request(F_WRLCK)
                if fcntl(fd, F_SETLK, &request) == 0 { return }
                let failure = errno
                guard failure == EAGAIN || failure == EACCES else { throw LMDBError(failure, in: "fcntl(F_SETLK)") }
                if let deadline, Self.monotonicSeconds() >= deadline {
                    let holder = try holder()
                    // The holder may have let go between the two calls: then try once more before giving up.
                    lastTries -= 1
                    if holder == nil, lastTries > 0 { continue }
                    throw WriterBusy(path: path, waited: Self.monotonicSeconds() - started, holderPID: holder,
                                     holderCommand: holder.flatMap(Self.command(of:)))
                }
                usleep(pause)
                pause = min(pause * 2, 25_000)
            }
        } catch {
            pthread_mutex_unlock(mutex)
            throw error
        }
    }

    /// Releases the lock taken by ``acquire(timeout:)``.
    func release() throws(LMDBError) {
        var request = Self.request(F_UNLCK)
        let rc = fcntl(fd, F_SETLK, &request)
        let failure = errno
        pthread_mutex_unlock(mutex)
        if rc != 0 { throw LMDBError(failure, in: "fcntl(F_UNLCK)") }
    }

    /// The process holding the lock now, or `nil` when none does.
    func holder() throws(LMDBError) -> Int32? {
        var request = Self.request(F_WRLCK)
        guard fcntl(fd, F_GETLK, &request) == 0 else { throw LMDBError(errno, in: "fcntl(F_GETLK)") }
        return request.l_type == Int16(F_UNLCK) ? nil : request.l_pid
    }

    private func lockMutex(until deadline: Double?, started: Double) throws {
        guard let deadline else {
            let rc = pthread_mutex_lock(mutex)
            if rc != 0 { throw LMDBError(rc, in: "pthread_mutex_lock") }
            return
        }
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        let remaining = max(0, deadline - Self.monotonicSeconds())
        let nanoseconds = Int(wall.tv_nsec) + Int((remaining - remaining.rounded(.down)) * 1e9)
        var until = timespec(tv_sec: wall.tv_sec + Int(remaining) + nanoseconds / 1_000_000_000,
                             tv_nsec: nanoseconds % 1_000_000_000)
        let rc = pthread_mutex_timedlock(mutex, &until)
        if rc == ETIMEDOUT {
            // Another thread of this process is writing.
            throw WriterBusy(path: path, waited: Self.monotonicSeconds() - started, holderPID: getpid(),
                             holderCommand: Self.command(of: getpid()))
        }
        if rc != 0 { throw LMDBError(rc, in: "pthread_mutex_timedlock") }
    }

    private static func request(_ type: Int32) -> flock {
        var request = flock()
        request.l_type = Int16(type)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0
        return request
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// The command line of process `pid` as `/proc` shows it, or `nil` where it cannot be read.
    static func command(of pid: Int32) -> String? {
        let fd = open("/proc/\(pid)/cmdline", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 512)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let words = bytes[..<count].split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let text = words.joined(separator: " ")
        return text.isEmpty ? nil : text
    }
}

/// Another writer held the environment's writer lock for longer than the caller would wait.
public struct WriterBusy: Error, Sendable, Equatable, CustomStringConvertible {
    /// The lock file.
    public let path: String
    /// Seconds waited.
    public let waited: Double
    /// The process holding the lock, when the system names it.
    public let holderPID: Int32?
    /// Its command line, when it can be read.
    public let holderCommand: String?

    public var description: String {
        let holder = holderPID.map { pid in "process \(pid)" + (holderCommand.map { " (\($0))" } ?? "") }
            ?? "another process"
        return "\(holder) is writing; waited \(Int(waited.rounded())) s for the writer lock \(path)"
    }
}
