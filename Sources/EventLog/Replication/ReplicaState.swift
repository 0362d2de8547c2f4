import Foundation

/// How current a replica's copy is, from the files its follower (`ik follow`) keeps beside the store: `leader.fresh`,
/// rewritten at every poll whose head the leader signed for that poll's nonce (its time: when the nonce was sent),
/// and `alarm-TIME.json`, the evidence of each alarm. The follower writes them, the replica's server reads them: this
/// type names them for both. `leader.note` (the last verified note) alone proves nothing about now: a replayed
/// answer verifies as well as a fresh one.
public struct ReplicaState: Sendable, Hashable {
    /// The leader's last verified signed note.
    public static let noteFile = "leader.note"
    /// The leader's last note signed for a poll's nonce; its modification time is when that nonce was sent.
    public static let freshFile = "leader.fresh"

    /// The extension line a leader adds to a checkpoint note signed for a follower's `nonce` (`GET /checkpoint?nonce=`).
    public static func freshLine(nonce: String) -> String { "ikstore-fresh " + nonce }

    /// The extension line a leader adds after ``freshLine(nonce:)`` when the follower asks for it
    /// (`GET /checkpoint?nonce=HEX&time=1`): the leader's clock when it read the head it signs. With it the leader
    /// itself says when its log held only that head, so a follower needs no agreement between the two machines'
    /// clocks to see an event recorded later but dated before it (red team 6: replica-accepts-backdated-events).
    public static func timeLine(at instant: Instant) -> String { timePrefix + instant.description }

    /// The time a ``timeLine(at:)`` line names; `nil` for any other line.
    public static func time(inLine line: String) -> Instant? {
        guard line.hasPrefix(timePrefix) else { return nil }
        return Instant(rfc3339: String(line.dropFirst(timePrefix.count)))
    }

    static let timePrefix = "ikstore-time "

    /// Whether `nonce` is one a leader signs: 32 to 64 lowercase hex digits.
    public static func isNonce(_ nonce: String) -> Bool {
        (32...64).contains(nonce.utf8.count) && nonce.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
    /// The leader's checkpoint key the follower pinned (a verifier key line): every note must verify with it.
    public static let leaderKeyFile = "leader-key.vkey"
    /// Every head verified (see `ik follow`), one JSON line each.
    public static let headsFile = "leader-heads.jsonl"
    static let alarmPrefix = "alarm-"

    /// The evidence file of an alarm raised at `microseconds` (since 1970).
    public static func alarmFile(at microseconds: Int64) -> String { alarmPrefix + "\(microseconds).json" }

    /// When the follower last sent a nonce the leader then signed its head for (and the replica holds that head), in
    /// seconds since 1970; `nil` when it never did.
    public let lastVerified: Double?
    /// The newest alarm raised after that (its file name), `nil` when none.
    public let alarm: String?
    /// Whether the follower verified the leader's heads but never one signed for its nonce (an older leader).
    let unsignedNow: Bool

    /// The state of the replica in `directory` (the store's).
    public init(directory: String) {
        let verified = Self.modified(directory + "/" + Self.freshFile)
        lastVerified = verified
        unsignedNow = verified == nil && Self.modified(directory + "/" + Self.noteFile) != nil
        let alarms = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix(Self.alarmPrefix) && $0.hasSuffix(".json") }
            .compactMap { name in Self.modified(directory + "/" + name).map { (name, $0) } }
            .filter { name, time in verified.map { time >= $0 } ?? true }
        alarm = alarms.max { $0.1 < $1.1 }?.0
    }

    /// Why this replica cannot tell whether its leader still honours what its copy of the log says (a token, an
    /// account): an alarm since its last verified poll, or no verified poll for more than `maxLag` seconds. `nil`
    /// when it can. The reason reads after "this replica": "raised an alarm …".
    public func staleness(now: Double, maxLag: Double) -> String? {
        if let alarm { return "raised an alarm against its leader (\(alarm))" }
        guard let lastVerified else {
            return unsignedNow ? "has no head its leader signed for its follower's nonce (an ik serve older than its "
                + "ik follow, or answers replayed): it cannot tell how current its copy is"
                : "has not verified its leader's head yet"
        }
        let age = now - lastVerified
        guard age > maxLag else { return nil }
        return "last verified its leader's head \(Int(age)) s ago (more than \(Int(maxLag)) s)"
    }

    static func modified(_ path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}
