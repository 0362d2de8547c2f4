import ArgumentParser
import EventLog

struct BackupCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a compacted, consistent copy of the store to a new directory, even while others append.")

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("A new or empty directory.", valueName: "dest"))
    var destination: String

    func execute() throws {
        let store = try storeOptions.openForReading()
        let result = try store.backup(to: destination)
        print("backed up \(result.treeSize) events to \(result.path) (\(result.bytes) bytes)")
        print("root \(result.root.hex)")
    }
}
