import EventLog
import Foundation

/// The leader's word, signed for this replica's nonces, that its log held only `treeSize` events at a time: an event
/// after that head recorded before that time was backdated — the leader's clock set back to make a fact "known" earlier
/// than it was (red team 6: replica-accepts-backdated-events). The time is the one the leader signed in its note
/// (``ReplicaState/timeLine(at:)``), so the two machines' clocks need not agree; from a leader that signs none (an
/// `ik serve` older than this), the time this replica sent the nonce (`leader.fresh`'s modification time).
struct FreshHeads {
    struct Head {
        let treeSize: UInt64
        let time: Instant
        /// Whether `time` is the leader's signed clock (else this replica's, when it sent the nonce).
        let signedByLeader: Bool
        let note: String
        let file: String

        /// How much earlier than `time` an event after this head may be recorded: a write in progress when the leader
        /// read its head took its time before (``Checkpoint/publicationSlack``, a minute, as for a stored checkpoint);
        /// against this replica's clock, also the two clocks' difference (``Clock/aheadTolerance``, five minutes).
        var allowance: Int64 { signedByLeader ? Checkpoint.publicationSlack : Clock.aheadTolerance }
    }

    /// The heads by size, each paired with the one of its size or smaller that binds the events after it most.
    let heads: [(head: Head, binding: Head)]

    /// The heads of the log `origin` the leader signed for this replica's nonces: the last (`leader.fresh`) and those
    /// kept in `leader-heads.jsonl` whose note carries the leader's time.
    init(directory: String, origin: String) throws {
        var found: [Head] = []
        func read(_ text: String, file: String, replicaTime: Instant?) {
            guard let signed = try? SignedNote(parsing: text), let note = try? CheckpointNote(text: signed.text),
                note.origin == origin, note.extensions.first?.hasPrefix(ReplicaState.freshLine(nonce: "")) == true
            else { return }
            if let time = Freshness.leaderTime(of: note) {
                found.append(Head(treeSize: note.treeSize, time: time, signedByLeader: true, note: text, file: file))
            } else if let replicaTime {
                found.append(Head(treeSize: note.treeSize, time: replicaTime, signedByLeader: false, note: text, file: file))
            }
        }
        let fresh = directory + "/" + ReplicaState.freshFile
        if let data = FileManager.default.contents(atPath: fresh) {
            var info = stat()
            let sent = stat(fresh, &info) == 0
                ? Instant(microsecondsSinceEpoch: Int64(info.st_mtim.tv_sec) * 1_000_000 + Int64(info.st_mtim.tv_nsec) / 1000)
                : nil
            read(String(decoding: data, as: UTF8.self), file: fresh, replicaTime: sent)
        }
        let kept = LeaderHeads(directory: directory)
        for head in try kept.all() { read(head.note, file: kept.path, replicaTime: nil) }
        var binding: Head?
        heads = found.sorted { $0.treeSize < $1.treeSize }.map { head in
            let bound = head.time.microseconds - head.allowance
            if binding.map({ bound > $0.time.microseconds - $0.allowance }) ?? true { binding = head }
            return (head, binding ?? head)
        }
    }

    /// An event back-dated before a head that did not hold it, and that head (thrown out of a chunk's copy).
    struct Backdated: Error {
        let event: ReplicatedEvent
        let head: Head
    }

    /// The first of `events` (in seq order) back-dated before a head that did not hold it
    /// (``Checkpoint/backdates(_:after:allowance:)``), with that head.
    func backdated(_ events: [ReplicatedEvent]) -> Backdated? {
        var index = -1
        for event in events {
            while index + 1 < heads.count, heads[index + 1].head.treeSize < event.envelope.seq { index += 1 }
            guard index >= 0 else { continue }
            let head = heads[index].binding
            if Checkpoint.backdates(event.envelope.recordedAt, after: head.time, allowance: head.allowance) {
                return Backdated(event: event, head: head)
            }
        }
        return nil
    }
}
