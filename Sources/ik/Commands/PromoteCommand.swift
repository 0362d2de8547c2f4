import ArgumentParser
import EventLog
import Foundation

struct PromoteCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Make a replica the writer when its leader is lost, recording the head it took over.",
        discussion: """
            Stop ik follow first. In one transaction the replica mark goes and a ReplicaPromoted event records the leader
            it followed and the head it took over (size and root: every event it had verified). Then serve it (ik serve
            --checkpoint-key NEWKEY) and point the other replicas at it with its key. The old leader, if it comes back with
            any other history (events the replica never saw, or without this one), is refused by every replica: its
            signed heads do not extend theirs.
            """)

    @OptionGroup var storeOptions: StoreOptions

    func execute() throws {
        let store = try storeOptions.openForWriting()
        // Like an account change, a takeover is the system user's act, never a name typed (red team 5: it said "unknown").
        let promoted = try store.promote(actor: AccountsOptions.actor, via: AccountsOptions.via)
        let seq = promoted.outcome.lastSeq.map { " (recorded as seq \($0))" } ?? ""
        let out = Output()
        try out.line("\(storeOptions.path) is the writer now: it took over from \(promoted.leader) at "
            + "\(promoted.treeSize):\(promoted.root.hex)\(seq)")
        try out.line("tree size \(promoted.outcome.treeSize), root \(promoted.outcome.root.hex)")
        try out.finish()
    }
}
