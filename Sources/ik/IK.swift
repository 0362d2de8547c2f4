import ArgumentParser
import EventLog
import Foundation

/// `ik`: the command line of IKStore.
struct IK: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ik",
        abstract: "IKStore: an append-only, tamper-evident record of internal control.",
        discussion: """
            The store defaults to $IK_STORE, else ./ik-store; --store PATH, --read-only and --wait SECONDS go before or after the command.
            Exit status: 0 ok, 1 failed (verify: the log does not prove), 64 usage, 65 bad input (nothing \
            appended), 66 input or store missing, 69 LMDB unusable, 73 cannot create, 74 I/O error, 75 busy, \
            77 no permission to write.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, AppendCommand.self, RecordCommand.self, ImportCommand.self, LogCommand.self, PlansCommand.self, StateCommand.self,
            TrendCommand.self, DiffCommand.self, ReportCommand.self, DemoCommand.self, SnapshotCommand.self, ExportCommand.self, CheckpointCommand.self,
            VerifyCommand.self, ProofCommand.self, KeygenCommand.self, RedactCommand.self, BackupCommand.self, SeedCommand.self,
            SchemasCommand.self, UserCommand.self, ServeCommand.self, FollowCommand.self, PromoteCommand.self,
        ]
    )

    /// The store options may come before the command: `ik --store X state`.
    @OptionGroup var storeOptions: StoreOptions
}

/// A subcommand that reports its own failures with the statuses and style of DESIGN.md.
protocol ReportingCommand: ParsableCommand {
    func execute() throws
}

extension ReportingCommand {
    mutating func run() throws {
        do {
            try execute()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw Failure.report(error)
        }
    }
}
