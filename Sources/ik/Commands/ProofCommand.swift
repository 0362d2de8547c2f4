import ArgumentParser
import EventLog
import Foundation

struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Merkle proofs anyone can check (RFC 9162 §2.1.3–2.1.4).",
        subcommands: [InclusionProof.self, ConsistencyProof.self])
}

struct InclusionProof: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "inclusion",
        abstract: "Prove that event SEQ is in the tree of the first N events.",
        discussion: "JSON: {\"leafIndex\": S-1, \"treeSize\": N, \"leafHash\": hex, \"root\": hex, \"proof\": [hex…]}")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The event.")
    var seq: UInt64

    @Option(help: "The tree size (default: the whole log).")
    var size: UInt64?

    @Option(help: "Output: text or json.")
    var format: TextOrJSON = .json

    func execute() throws {
        try ProofOutput.print(format: format, from: storeOptions) { view in
            try TreeProofs.inclusion(seq: seq, size: size, in: view)
        }
    }
}

struct ConsistencyProof: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Prove that the tree of the first M events is a prefix of the tree of the first N.",
        discussion: "JSON: {\"fromSize\": M, \"toSize\": N, \"fromRoot\": hex, \"toRoot\": hex, \"proof\": [hex…]}")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The earlier tree size M.")
    var from: UInt64

    @Option(help: "The later tree size N (default: the whole log).")
    var to: UInt64?

    @Option(help: "Output: text or json.")
    var format: TextOrJSON = .json

    func execute() throws {
        try ProofOutput.print(format: format, from: storeOptions) { view in
            try TreeProofs.consistency(from: from, to: to, in: view)
        }
    }
}

enum ProofOutput {
    /// Builds a proof in one read of the store and prints it; a size beyond the log is bad input (exit 65).
    static func print(format: TextOrJSON, from storeOptions: StoreOptions,
                      _ proof: (LogView) throws -> JSONValue) throws {
        let store = try storeOptions.openForReading()
        let json: JSONValue
        do {
            json = try store.read(proof)
        } catch let range as TreeProofs.OutOfRange {
            throw CommandFailure(.badInput, "\(range)\n\(range.advice)")
        }
        try print(json, format: format)
    }

    private static func print(_ json: JSONValue, format: TextOrJSON) throws {
        let out = Output()
        switch format {
        case .json: try out.line(json.prettyPrinted())
        case .text:
            for key in CanonicalJSON.sortedKeys(json.objectValue?.keys ?? [:].keys) where key != "proof" {
                try out.line("\(key): \(DraftDecoder.show(json[key] ?? .null).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))")
            }
            for (i, hash) in (json["proof"]?.arrayValue ?? []).enumerated() { try out.line("proof[\(i)]: \(hash.stringValue ?? "")") }
        }
        try out.finish()
    }
}

struct KeygenCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 key pair for signing checkpoints: FILE (private, mode 600) and FILE.pub.")

    @Option(help: ArgumentHelp("Where to write the private key; the public key goes to FILE.pub.", valueName: "file"))
    var out: String

    @Option(help: ArgumentHelp(
        "A witness's cosigning key (c2sp.org/tlog-cosignature) named NAME: FILE.pub holds its verifier key NAME+ID+KEY.",
        valueName: "name"))
    var witness: String?

    func execute() throws {
        // Both files are created before either is written, so a refusal leaves neither behind.
        let (privateKey, bareKey) = CheckpointSigning.newKeyPair()
        var publicKey = bareKey
        if let witness {
            // A witness's public key names itself (its cosignatures carry the name and a key id hashed from it).
            let key = try NoteSigningKey(name: witness, type: .cosignatureV1, privateKey: privateKey)
            publicKey = key.verifier.vkey
        }
        let privateFile: OutputFile
        let publicFile: OutputFile
        do {
            privateFile = try OutputFile(path: out, mode: 0o600)
            publicFile = try OutputFile(path: out + ".pub", mode: 0o644)
        } catch .exists {
            throw CommandFailure(.cannotCreate, "\(out) or \(out).pub exists already\nChoose another name; a key is never overwritten.")
        }
        for (file, text) in [(privateFile, privateKey), (publicFile, publicKey)] {
            try file.write(Array((text + "\n").utf8))
            try file.commit()
        }
        print("private key: \(out) (keep it; only its owner can read it)")
        print("public key:  \(out).pub  \(publicKey)")
    }
}
