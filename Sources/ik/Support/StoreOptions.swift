import ArgumentParser
import EventLog
import Foundation
import Projections

/// Where the store is, and whether to open it read-only. Shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory.", discussion: "Default: $IK_STORE, else ./ik-store."))
    var store: String?

    @Flag(name: .long, help: "Open the store read-only; commands that write refuse with exit status 77.")
    var readOnly = false

    var path: String {
        store ?? ProcessInfo.processInfo.environment["IK_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "ik-store"
    }

    /// How every command opens a store: the library's one place (``StoreOpening``), shared with the server.
    static func options(readOnly: Bool) -> EventStore.Options {
        StoreOpening.options(readOnly: readOnly)
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
        return try StoreOpening.openForWriting(at: path, finishingScrub: finishingScrub)
    }
}

/// `ik [--store PATH] [--read-only] COMMAND …`: moves global options given before the command to after it,
/// where the command's own parser reads them.
enum GlobalArguments {
    static func normalise(_ arguments: [String]) -> [String] {
        let arguments = describingRecordHelp(arguments)
        var global: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--store", rest.count >= 2 {
                global += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--store=") || first == "--read-only" {
                global.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !global.isEmpty, let command = rest.first else { return arguments }
        var result = [command]
        var tail = Array(rest.dropFirst())
        // `export log` and similar take a positional first; global options go after the whole command path.
        if let next = tail.first, !next.hasPrefix("-"), IK.subcommandsWithNestedNames.contains(command) {
            result.append(next)
            tail.removeFirst()
        }
        return result + global + tail
    }

    /// `ik record TYPE --help` lists the fields of TYPE rather than the generic help of `record`.
    static func describingRecordHelp(_ arguments: [String]) -> [String] {
        guard let record = arguments.firstIndex(of: "record"), record + 1 < arguments.count,
            !arguments[record + 1].hasPrefix("-"), arguments.contains("--help") || arguments.contains("-h")
        else { return arguments }
        return arguments.map { $0 == "--help" || $0 == "-h" ? "--describe" : $0 }
    }
}
