import ArgumentParser
import EventLog
import Foundation

struct CheckpointCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print (and store) the tree head: the log's size and Merkle root.",
        discussion: """
            Print it into the minutes when a report is adopted; later anyone can check that the log still holds
            exactly that history with `ik verify --anchor SIZE:ROOT`.
            --format note prints it as a C2SP checkpoint (c2sp.org/tlog-checkpoint) in a signed note
            (c2sp.org/signed-note): the origin, the tree size and the base64 root, signed with --sign under the
            origin's name, which other transparency-log tools verify.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Output: text, json or note (a C2SP signed checkpoint note; needs --sign).")
    var format: CheckpointFormat = .text

    @Option(help: ArgumentHelp("The log's name in a checkpoint note (default: ikstore/ and the store directory's name).",
                               valueName: "name"))
    var origin: String?

    @Flag(name: .customLong("no-store"), help: "Print only; do not record the checkpoint in the store.")
    var noStore = false

    @Option(help: ArgumentHelp("Sign the tree head with this Ed25519 private key (ik keygen).", valueName: "keyfile"))
    var sign: String?

    func validate() throws {
        if format == .note && sign == nil {
            throw ValidationError("--format note needs --sign KEYFILE: a checkpoint note is a signed note.")
        }
        if origin != nil && format != .note { throw ValidationError("--origin names the log in a checkpoint note: add --format note.") }
    }

    func execute() throws {
        if storeOptions.readOnly && !noStore {
            throw CommandFailure(.noPermission, "the store is open read-only, so the checkpoint cannot be stored\n"
                + "Add --no-store to print the tree head without storing it.")
        }
        let writing = !noStore
        let store = writing ? try storeOptions.openForWriting() : try storeOptions.openForReading()
        var signer: (([UInt8]) throws -> (String, String))?
        if let sign, format != .note {
            let key = try String(decoding: InputFile.read(sign), as: UTF8.self)
            signer = { try CheckpointSigning.sign($0, privateKey: key) }
        }
        let checkpoint = try store.checkpoint(clock: try Clock.fromEnvironment(), store: writing, sign: signer)
        let out = Output()
        switch format {
        case .json: try out.line(checkpoint.json.prettyPrinted())
        case .note:
            let key = try String(decoding: InputFile.read(sign ?? ""), as: UTF8.self)
            let name = origin ?? "ikstore/" + (storeOptions.path as NSString).lastPathComponent
            try out.write(try CheckpointNote.signed(origin: name, treeSize: checkpoint.treeSize, root: checkpoint.root,
                                                   privateKey: key).rendered)
        case .text:
            try out.line("tree size \(checkpoint.treeSize)")
            try out.line("root      \(checkpoint.root.hex)")
            try out.line("time      \(checkpoint.time)")
            try out.line("anchor    \(checkpoint.treeSize):\(checkpoint.root.hex)")
            if let signature = checkpoint.signature, let key = checkpoint.publicKey {
                try out.line("signature \(signature)")
                try out.line("key       \(key)")
            }
        }
        try out.finish()
    }
}

/// How `ik checkpoint` prints the tree head.
enum CheckpointFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, note
}
