import ArgumentParser
import EventLog
import Projections
import Reports

struct SnapshotCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Bring the projection records up to the head of the log (every append writes its own).",
        discussion: "--rebuild drops them and builds them again from the first event. ik verify checks every one.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Drop the projection records (and snapshots of earlier releases) and rebuild them from the first event.")
    var rebuild = false

    func execute() throws {
        let store = try storeOptions.openForWriting()
        if rebuild {
            let removed = try store.removeSnapshots(withPrefix: FoldUpkeep.legacySnapshotPrefix)
            if removed > 0 { print("removed \(removed) snapshot entries of an earlier release") }
        }
        let seq = try FoldUpkeep.update(store, rebuild: rebuild)
        print("projection records \(rebuild ? "rebuilt " : "")up to seq \(seq)")
    }
}
