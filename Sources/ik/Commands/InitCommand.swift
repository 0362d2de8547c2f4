import ArgumentParser
import EventLog

struct InitCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create an empty store (a directory holding one LMDB environment).")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: ArgumentHelp(
        "Let the directory's group read the store (0750/0640) but not write it; without it only you may (0700/0600).",
        discussion: "Then give the store to the auditors' group: chgrp -R GROUP STORE."))
    var group = false

    @Flag(help: ArgumentHelp(
        "Create a test store: it accepts a pinned clock (IK_NOW), for tests, demos and seed data.",
        discussion: "Marked for good: verify and every report say that its recorded times may have been chosen. "
            + "A normal store records this machine's time and refuses IK_NOW."))
    var test = false

    func execute() throws {
        let path = storeOptions.path
        if storeOptions.readOnly { throw StoreError.readOnly(path: path) }
        if EventStore.exists(at: path) {
            let store = try EventStore(openingAt: path, readOnly: true)
            let meta = try store.metadata()
            print("\(path) is already a store (id \(meta.storeId), \(meta.formatDescription), \(meta.size) events); "
                + "nothing changed")
            return
        }
        let store = try EventStore.create(at: path, clock: try Clock.fromEnvironment(), access: group ? .group : .owner,
                                          forTests: test, options: storeOptions.options(readOnly: false))
        let meta = try store.metadata()
        print("created store \(path) (id \(meta.storeId), \(meta.formatDescription))")
        if test { print("a test store: it accepts IK_NOW, and verify and every report say so") }
        if group { print("its group may read it: chgrp -R GROUP \(path) gives it to the auditors' group") }
    }
}
