import ArgumentParser
import EventLog

struct InitCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create an empty store (a directory holding one LMDB environment).")

    @OptionGroup var storeOptions: StoreOptions

    func execute() throws {
        let path = storeOptions.path
        if storeOptions.readOnly { throw StoreError.readOnly(path: path) }
        if EventStore.exists(at: path) {
            let store = try EventStore(openingAt: path, readOnly: true)
            let meta = try store.metadata()
            print("\(path) is already a store (id \(meta.storeId), \(meta.size) events); nothing changed")
            return
        }
        let store = try EventStore.create(at: path, clock: try Clock.fromEnvironment())
        let meta = try store.metadata()
        print("created store \(path) (id \(meta.storeId), format \(meta.formatVersion))")
    }
}
