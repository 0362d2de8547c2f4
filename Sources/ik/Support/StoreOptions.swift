import ArgumentParser
import EventLog
import Foundation
import Projections

/// Where the store is, whether to open it read-only, and how long a writer waits for another. Declared by the root
/// command and by each command (for its help); the parser decodes them once, so they may come before or after
/// the command name: `ik --store X state` and `ik state --store X` are the same.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory.", discussion: "Default: $IK_STORE, else ./ik-store."))
    var store: String?

    @Flag(name: .long, help: "Open the store read-only; commands that write refuse with exit status 77.")
    var readOnly = false

    @Option(help: ArgumentHelp("Seconds a command that writes waits for another writer before it gives up with exit "
                               + "status 75.", valueName: "seconds"))
    var wait: Double = 30

    func validate() throws {
        guard wait >= 0, wait <= 86_400 else { throw ValidationError("--wait is 0 to 86400 seconds.") }
    }

    var path: String {
        store ?? ProcessInfo.processInfo.environment["IK_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "ik-store"
    }

    /// How every command opens a store: the library's one place (``StoreOpening``), shared with the server.
    func options(readOnly: Bool) -> EventStore.Options {
        StoreOpening.options(readOnly: readOnly, writerWait: wait)
    }

    /// Opens the store for a command that only reads: always read-only, so auditors without write
    /// access can use it.
    func openForReading() throws -> EventStore {
        try StoreOpening.openForReading(at: path)
    }

    /// Opens the store for a command that writes, unless `--read-only` asks otherwise; completes a scrub a
    /// redaction left pending, unless `finishingScrub` is false.
    func openForWriting(finishingScrub: Bool = true) throws -> EventStore {
        if readOnly { throw StoreError.readOnly(path: path) }
        return try StoreOpening.openForWriting(at: path, writerWait: wait, finishingScrub: finishingScrub)
    }
}
