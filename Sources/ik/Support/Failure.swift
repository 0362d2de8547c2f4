import Accounts
import ArgumentParser
import EventLog
import Foundation
import InternalControl
import LMDB
import Projections

/// The exit statuses of DESIGN.md.
enum ExitStatus: Int32 {
    case ok = 0
    case failure = 1
    case usage = 64
    case badInput = 65
    case inputMissing = 66
    case storageUnusable = 69
    case cannotCreate = 73
    case ioError = 74
    case busy = 75
    case noPermission = 77
}

/// An error of the command line itself, with the status and the advice it prints.
struct CommandFailure: Error, CustomStringConvertible {
    let status: ExitStatus
    let message: String

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { message }
}

enum Failure {
    /// Prints `error` to standard error ("ik: what and where", then how to fix it) and returns its status.
    static func report(_ error: any Error) -> ExitCode {
        let (status, text) = classify(error)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var output = "ik: \(lines.first ?? "")\n"
        for line in lines.dropFirst() { output += "  \(line)\n" }
        Output.standardError(output)
        return ExitCode(status.rawValue)
    }

    static func classify(_ error: any Error) -> (ExitStatus, String) {
        switch error {
        case let failure as CommandFailure: return (failure.status, failure.message)
        case let error as StoreError: return (status(of: error), error.description)
        case let error as ClockError: return (.badInput, error.description)
        case let error as LMDBError: return (status(of: error), "storage error: \(error)")
        case let error as LogReadError: return (.storageUnusable, error.description)
        case let error as OutputFileError: return (status(of: error), error.description)
        case let error as LocklessReadConflict: return (.busy, error.description)
        case let error as SeedError: return (.badInput, error.description)
        case let error as UnknownIDs: return (.badInput, error.description)
        case let error as AccountError: return (status(of: error), error.description)
        case let error as ReplicaError:
            if case .notAReplica = error { return (.badInput, error.description) }
            return (.failure, error.description)
        case let error as HeadTrackerError: return (.storageUnusable, error.description)
        case let error as NoteError:
            if case .unverified = error { return (.failure, error.description) }
            return (.badInput, error.description)
        default: return (.failure, "\(error)")
        }
    }

    static func status(of error: StoreError) -> ExitStatus {
        switch error {
        case .notFound: .inputMissing
        case .notAStore, .unsupportedFormat, .truncated, .damaged: .storageUnusable
        case .cannotCreate, .backupDestination: .cannotCreate
        case .readOnly, .permissionDenied, .replica: .noPermission
        case .clockBehind, .rejected, .pinnedClockRefused: .badInput
        case .recordedTimeAhead: .storageUnusable
        case .streamRestarted, .busy: .busy
        case .io, .diskFull: .ioError
        case .storage(let error): status(of: error)
        }
    }

    static func status(of error: AccountError) -> ExitStatus {
        switch error {
        case .secretsUnavailable, .damagedAccessEvent, .replicaStale: .storageUnusable
        case .unknownAccount: .inputMissing
        case .weakPassword, .notActive, .refused: .badInput
        }
    }

    static func status(of error: OutputFileError) -> ExitStatus {
        if case .io = error { return .ioError }
        return .cannotCreate
    }

    static func status(of error: LMDBError) -> ExitStatus {
        switch error.code {
        case .system(13), .system(1), .system(30): .noPermission
        case .system(28), .system(5), .mapFull: .ioError
        case .readersFull, .system(11), .system(16): .busy
        default: .storageUnusable
        }
    }
}
