import LMDB

/// Why a store could not be opened, created or written. Each case says what to do about it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No store at the path.
    case notFound(path: String)
    /// The path exists but is not an IKStore store.
    case notAStore(path: String, reason: String)
    /// The store was written by a newer format version.
    case unsupportedFormat(path: String, version: String)
    /// The store could not be created at the path.
    case cannotCreate(path: String, reason: String)
    /// A write was attempted on a store opened read-only.
    case readOnly(path: String)
    /// The operating system refused access.
    case permissionDenied(path: String, reason: String)
    /// The clock pinned with `IK_NOW` is earlier than the last recorded event.
    case clockBehind(pinned: Instant, lastRecorded: Instant)
    /// A pinned clock (`IK_NOW`) on a store that is not a test store: recorded time is never chosen.
    case pinnedClockRefused(pinned: Instant, path: String)
    /// The last recorded time is ahead of the system clock by more than ``Clock/aheadTolerance``.
    case recordedTimeAhead(lastRecorded: Instant, now: Instant)
    /// Some drafts of an append were refused; nothing was written.
    case rejected([DraftProblem])
    /// The backup destination is not usable.
    case backupDestination(path: String, reason: String)
    /// The data file is shorter than the log it describes (cut off by a failing copy or disk).
    case truncated(path: String, bytes: Int, needed: Int)
    /// A stored record is not what ik writes (LMDB keeps no page checksums, so a damaged page reads back as
    /// other bytes).
    case damaged(String)
    /// The file system holding the store is full.
    case diskFull(path: String, available: Int)
    /// A streamed append needed a larger map half-way; nothing was written and it can simply run again.
    case streamRestarted
    /// Another writer held the store for longer than this one would wait.
    case busy(path: String, holder: String?, waited: Double)
    /// LMDB failed.
    case storage(LMDBError)
    /// A read or write of a file failed.
    case io(path: String, reason: String)
    /// An append to a replica, which only its leader's events enter.
    case replica(path: String, leader: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "no store at \(path)\nCreate it with `ik init`, or point to it with --store PATH or IK_STORE."
        case .notAStore(let path, let reason):
            "\(path) is not an IKStore store: \(reason)\nPass the directory `ik init` created."
        case .unsupportedFormat(let path, let version):
            "\(path) has format version \(version), which this ik does not read\nUse a newer ik."
        case .cannotCreate(let path, let reason):
            "cannot create a store at \(path): \(reason)\nChoose a directory you can write, or remove what is there."
        case .readOnly(let path):
            "the store \(path) is open read-only: nothing can be written\n"
                + "Writing needs write access to the store directory; drop --read-only if you have it."
        case .permissionDenied(let path, let reason):
            "no permission to use the store \(path): \(reason)\n"
                + "Ask its owner for access; reading works with --read-only."
        case .clockBehind(let pinned, let last):
            "IK_NOW is \(pinned), earlier than the last recorded time (\(last), of an event or a stored checkpoint); recorded time never goes back\n"
                + "Set IK_NOW to \(last) or later, or unset it."
        case .pinnedClockRefused(let pinned, let path):
            "IK_NOW pins the clock at \(pinned), but \(path) is not a test store: its recorded time is this machine's, "
                + "never chosen; nothing was written\nUnset IK_NOW. Only a store created with `ik init --test` takes a pinned "
                + "clock, and verify and every report say it is one."
        case .recordedTimeAhead(let last, let now):
            "the last recorded time (of an event or a stored checkpoint) is \(last), but this machine's clock says "
                + "\(now): recorded time would run ahead of the clock; nothing was written\nSet the system clock right, or "
                + "find out who wrote that event or checkpoint (ik log --as-of-seq N, ik verify)."
        case .rejected(let problems):
            "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the drafts; nothing was appended"
        case .backupDestination(let path, let reason):
            "cannot back up to \(path): \(reason)\nName a new or empty directory."
        case .truncated(let path, let bytes, let needed):
            "the data file of \(path) is truncated: \(bytes) bytes, but the log needs \(needed)\n"
                + "Nothing past the cut can be read or proved; restore the store from a backup (ik backup) and verify it."
        case .damaged(let what):
            "the store's data file is damaged: \(what)\n"
                + "Restore the store from a backup (ik backup) and check it with ik verify --anchor against your last published tree head."
        case .diskFull(let path, let available):
            "the disk holding \(path) is full (\(available) bytes free); nothing of this append was written\n"
                + "Free space or move the store (ik backup DEST), then retry; the store stays as it was and verifies."
        case .busy(let path, let holder, let waited):
            "the store \(path) is busy: \(holder ?? "another process") is writing to it; gave up after "
                + "\(Int(waited.rounded())) s\nRetry later, wait longer with --wait SECONDS, or stop that process if it hangs."
        case .streamRestarted:
            "the store had to grow in the middle of a streamed append; nothing was written\nRun the same command again."
        case .storage(let error):
            "storage error: \(error)"
        case .io(let path, let reason):
            "I/O error on \(path): \(reason)"
        case .replica(let path, let leader):
            "\(path) is a replica of \(leader): only the leader's events enter it; nothing was written\n"
                + "Append to the leader; make this store the writer only when the leader is lost (ik promote)."
        }
    }
}
