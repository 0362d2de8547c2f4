import ArgumentParser
import EventLog

struct VerifyCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the Merkle tree and every index from the stored bytes; check anchors.",
        discussion: """
            Exit status 0 when everything proves, 1 when something does not: the first seq affected is named.
            --anchor SIZE:ROOT (repeatable) checks that the first SIZE events still have the root published then.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("anchor"), help: ArgumentHelp("A published tree head to check.", valueName: "size:root"))
    var anchors: [String] = []

    @Option(help: "Output: text or json.")
    var format: TextOrJSON = .text

    func validate() throws {
        for anchor in anchors where Anchor(anchor) == nil {
            throw ValidationError("--anchor \(anchor) is not SIZE:ROOT (a number, a colon, 64 hex digits).")
        }
    }

    func execute() throws {
        let store = try storeOptions.openForReading()
        let progress = ProgressLine("verifying")
        let report = try store.verify(anchors: anchors.compactMap(Anchor.init)) { progress.update($0, of: $1) }
        progress.finish()
        let out = Output()
        switch format {
        case .json:
            let json: JSONValue = [
                "intact": .bool(report.isIntact), "treeSize": .integer(Int64(report.treeSize)),
                "root": .string(report.root.hex),
                "checkpointsChecked": .integer(Int64(report.checkpointsChecked)),
                "anchorsChecked": .integer(Int64(report.anchorsChecked)),
                "redacted": .array(report.redactedSeqs.map { .integer(Int64($0)) }),
                "problems": .array(report.problems.map { problem in
                    var members: [String: JSONValue] = ["check": .string(problem.check), "detail": .string(problem.detail)]
                    if let seq = problem.seq { members["seq"] = .integer(Int64(seq)) }
                    return .object(members)
                }),
            ]
            try out.line(json.prettyPrinted())
        case .text:
            if report.isIntact {
                try out.line("ok: \(report.treeSize) event\(report.treeSize == 1 ? "" : "s") verified from the stored bytes")
                try out.line("root \(report.root.hex)")
                var checked = report.checkpointsChecked == 0 ? "no stored checkpoints" : "\(report.checkpointsChecked) stored checkpoint\(report.checkpointsChecked == 1 ? "" : "s")"
                if report.anchorsChecked > 0 {
                    checked += " and \(report.anchorsChecked) anchor\(report.anchorsChecked == 1 ? "" : "s")"
                }
                try out.line(checked + (report.checkpointsChecked + report.anchorsChecked == 0 ? " to compare" : " match"))
                if !report.redactedSeqs.isEmpty {
                    try out.line("redacted payloads (digests still prove): seq "
                        + report.redactedSeqs.map(String.init).joined(separator: ", "))
                }
            }
        }
        try out.finish()
        guard report.isIntact else {
            var text = "the log does not verify"
            if let first = report.firstProblem { text += first.seq.map { ": first problem at seq \($0)" } ?? ": \(first.check)" }
            for problem in report.problems.sorted(by: { ($0.seq ?? .max) < ($1.seq ?? .max) }).prefix(50) {
                text += "\n\(problem)"
            }
            text += "\nRestore from a backup (ik backup) and verify it against your last published anchor."
            throw CommandFailure(.failure, text)
        }
    }
}
