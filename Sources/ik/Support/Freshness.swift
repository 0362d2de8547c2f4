import EventLog
import Foundation

/// How a follower knows the leader's head as of now, not as of some earlier answer: each poll sends a random nonce
/// (`GET /checkpoint?nonce=`) and the leader signs its head with the nonce as an extension line
/// (``ReplicaState/freshLine(nonce:)``). A note signed for this nonce cannot be a replayed, cached or recorded answer;
/// once the replica holds that head, the time the nonce was sent is when the leader last vouched for the replica's
/// copy (`leader.fresh`'s modification time, which the replica's server checks against `--replica-lag`).
struct Freshness {
    let nonce: String
    /// When the nonce was sent (before the request): the most the leader's signature can vouch for.
    let asked: timespec

    init() {
        var generator = SystemRandomNumberGenerator()
        nonce = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        asked = now
    }

    /// The leader's note for this nonce with its clock signed (``ReplicaState/timeLine(at:)``); from a leader that
    /// signs no time (400 for `time`), the note for the nonce alone; from one that signs no nonce either (an older
    /// `ik serve`: 400 for the parameter), its plain note and why the poll cannot count as fresh.
    func ask(_ client: LeaderClient) throws -> (text: String, unfresh: String?) {
        do {
            return (String(decoding: try client.get("/checkpoint?nonce=\(nonce)&time=1"), as: UTF8.self), nil)
        } catch let error as LeaderClient.Unreachable where error.status == 400 {}
        do {
            return (String(decoding: try client.get("/checkpoint?nonce=\(nonce)"), as: UTF8.self), nil)
        } catch let error as LeaderClient.Unreachable where error.status == 400 {
            let text = String(decoding: try client.get("/checkpoint"), as: UTF8.self)
            return (text, "the leader signs no head for a follower's nonce (\(error)): an ik serve older than this ik "
                + "follow; the replica's server refuses tokens as stale until the leader is upgraded")
        }
    }

    /// Why the verified `note` does not show the leader's head now; `nil` when it was signed for this nonce.
    func check(_ note: CheckpointNote) -> String? {
        let signedFor = note.extensions.first == ReplicaState.freshLine(nonce: nonce)
        let rest = note.extensions.dropFirst()
        return signedFor && (rest.isEmpty || (rest.count == 1 && Self.leaderTime(of: note) != nil)) ? nil
            : "the leader's note does not carry this poll's nonce: a replayed or cached answer, not the leader now"
    }

    /// The time the leader signed in a note for a follower's nonce (``ReplicaState/timeLine(at:)``), if any.
    static func leaderTime(of note: CheckpointNote) -> Instant? {
        guard note.extensions.count == 2, note.extensions[0].hasPrefix(ReplicaState.freshLine(nonce: "")) else { return nil }
        return ReplicaState.time(inLine: note.extensions[1])
    }

    /// Records that the leader vouched for the replica's head when the nonce was sent (`signed`, its note for it).
    func record(_ signed: SignedNote, in directory: String) throws {
        let path = directory + "/" + ReplicaState.freshFile
        try Follower.replace(path, with: signed.rendered)
        var times = [asked, asked]
        guard utimensat(AT_FDCWD, path, &times, 0) == 0 else {
            throw StoreError.io(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
