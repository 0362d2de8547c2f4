import Accounts
import ArgumentParser
import EventLog
import Foundation
import Projections
import Reports

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Accounts of the server (ik serve): add, list, change role, disable, password, tokens.",
        discussion: """
            Granting, changing and revoking access are events in the log (AccessGranted, AccessChanged,
            AccessRevoked, stream account-NAME): who could write when is an as-of question like any other
            (ik user list --as-of 2025-02-11). They hold no personal data: a display name or a reason goes into an
            AccountDetailsRecorded beside them, which ik redact removes (gallring) while the roles stay. Passwords (bcrypt) and tokens (SHA-256) are kept apart, in
            STORE/secrets/, readable by the store's owner only, and never in the log.
            Roles: owner (everything, accounts), administrator (append and read), auditor (read, verify, export,
            proofs), reader (state, trend, report).
            """,
        subcommands: [UserAdd.self, UserList.self, UserRole.self, UserDisable.self, UserPassword.self, UserToken.self])
}

extension Role: ExpressibleByArgument {}

/// The store and its secrets, opened for a `user` subcommand.
struct AccountsOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

    /// Runs an account change; a refusal by the access rules lists its problems.
    static func changing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch StoreError.rejected(let problems) {
            throw CommandFailure(.badInput, problems.map(\.description).joined(separator: "\n")
                + "\nNothing was changed.")
        }
    }

    /// Who changes accounts at the command line: the system user running ik, never a name typed (`IK_ACTOR`).
    static var actor: String { EventVia.systemUser }
    static var via: String { EventVia.commandLine(user: EventVia.systemUser) }

    /// The account book for writing (creating the secrets when `create`).
    func bookForWriting(create: Bool) throws -> AccountBook {
        let store = try storeOptions.openForWriting()
        return AccountBook(store: store, secrets: try SecretStore(storePath: storeOptions.path, create: create))
    }
}

struct UserAdd: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Give an account a role and a password (asked for on the terminal, or one line of standard input).",
        discussion: "ik user add anna --role owner    printf '%s\\n' \"$PASSWORD\" | ik user add mas --role administrator")

    @OptionGroup var options: AccountsOptions

    @Argument(help: ArgumentHelp("The account name (letters, digits, - _ .).", valueName: "name"))
    var name: String

    @Option(help: "owner, administrator, auditor or reader.")
    var role: Role

    @Option(name: .customLong("display-name"),
            help: ArgumentHelp("The person's name, for pages (recorded apart, so ik redact can remove it).", valueName: "text"))
    var displayName: String?

    func execute() throws {
        let book = try options.bookForWriting(create: true)
        let password = try PasswordInput.read(for: name, confirming: true)
        let clock = try Clock.fromEnvironment()
        let outcome = try AccountsOptions.changing {
            try book.add(name, role: role, password: password, displayName: displayName, actor: AccountsOptions.actor, via: AccountsOptions.via, clock: clock)
        }
        print("\(name) may now sign in as \(role.rawValue) (recorded as seq \(outcome.firstSeq ?? 0))")
    }
}

struct UserList: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The accounts and their roles, now or as known at a point.",
        discussion: "ik user list --as-of 2025-02-11    who could sign in, and as what, at the end of that day")

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Knowledge point: a date or an RFC 3339 instant.",
                                                          valueName: "date|instant"))
    var asOf: String?

    @Option(name: .customLong("as-of-seq"), help: ArgumentHelp("Knowledge point: the first N events.", valueName: "N"))
    var asOfSeq: UInt64?

    @Option(help: "Output: text or json.")
    var format: TextOrJSON = .text

    func validate() throws {
        if asOf != nil && asOfSeq != nil { throw ValidationError("Give --as-of or --as-of-seq, not both.") }
        if let asOf, KnowledgePoint(asOf: asOf) == nil {
            throw ValidationError("--as-of \(asOf) is neither a date (2025-02-11) nor an instant (2025-02-11T09:30:00Z).")
        }
    }

    func execute() throws {
        let store = try storeOptions.openForReading()
        let point: KnowledgePoint = asOfSeq.map { .seq($0) } ?? asOf.flatMap { KnowledgePoint(asOf: $0) } ?? .now
        let ledger = try store.read { view in try AccessLedger.read(from: view, upTo: try point.resolve(in: view)) }
        let out = Output()
        switch format {
        case .json: try out.line(AccessLedgerJSON.json(ledger).prettyPrinted())
        case .text:
            var table = TextTable(headers: ["account", "role", "access", "since", "by", "seq"], rightAligned: [5])
            for account in ledger.sorted {
                guard let last = account.history.last(where: { [.granted, .changed, .revoked].contains($0.type) })
                else { continue }
                table.rows.append([account.name, account.role.rawValue, account.active ? "active" : "revoked",
                                   last.recordedAt.description, last.actor, String(last.seq)])
            }
            if !table.rows.isEmpty { try out.line(table.render()) }
            let active = ledger.sorted.filter(\.active).count
            try out.line("\(active) active account\(active == 1 ? "" : "s") as known at seq \(ledger.seq)")
        }
        try out.finish()
    }
}

struct UserRole: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Change an active account's role.",
        discussion: "ik user role mas --role auditor --reason \"byter uppgift\"")

    @OptionGroup var options: AccountsOptions
    @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String
    @Option(help: "The new role.") var role: Role
    @Option(help: "Why (recorded apart in the log, so ik redact can remove it).") var reason: String?

    func execute() throws {
        let book = try options.bookForWriting(create: false)
        let clock = try Clock.fromEnvironment()
        let outcome = try AccountsOptions.changing {
            try book.changeRole(of: name, to: role, reason: reason, actor: AccountsOptions.actor, via: AccountsOptions.via, clock: clock)
        }
        print("\(name) is now \(role.rawValue) (recorded as seq \(outcome.firstSeq ?? 0))")
    }
}

struct UserDisable: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Revoke an account's access; its password and tokens are deleted.",
        discussion: "ik user disable mas --reason \"slutat\"    (the store always keeps one active owner)")

    @OptionGroup var options: AccountsOptions
    @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String
    @Option(help: "Why (recorded apart in the log, so ik redact can remove it).") var reason: String?

    func execute() throws {
        let book = try options.bookForWriting(create: false)
        let clock = try Clock.fromEnvironment()
        let outcome = try AccountsOptions.changing {
            try book.revoke(name, reason: reason, actor: AccountsOptions.actor, via: AccountsOptions.via, clock: clock)
        }
        print("\(name) can no longer sign in; its password and tokens are deleted (recorded as seq \(outcome.firstSeq ?? 0))")
    }
}

struct UserPassword: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "password", abstract: "Set a new password for an active account; its tokens (logins too) stop working.")

    @OptionGroup var options: AccountsOptions
    @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String

    func execute() throws {
        let book = try options.bookForWriting(create: false)
        try book.setPassword(of: name, to: try PasswordInput.read(for: name, confirming: true),
                             actor: AccountsOptions.actor, via: AccountsOptions.via, clock: try Clock.fromEnvironment())
        print("the password of \(name) is changed; its tokens no longer sign in")
    }
}

struct UserToken: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a new API token for an account, once (send it as Authorization: Bearer TOKEN).",
        discussion: """
            TOKEN=$(ik user token mas --label laptop --expires 30d)    only its SHA-256 is kept; ik user disable deletes it
            It signs in until 00:00 UTC of the day --expires (default 90d) from now, recorded in its TokenIssued event.
            """)

    @OptionGroup var options: AccountsOptions
    @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String
    @Option(help: ArgumentHelp("What the token is for.", valueName: "text")) var label: String?
    @Option(help: ArgumentHelp("How long it signs in: 1d to 3650d.", valueName: "Nd")) var expires = "\(AccountBook.defaultTokenDays)d"

    var days: Int? {
        guard expires.hasSuffix("d"), let days = Int(expires.dropLast()), (1...3650).contains(days) else { return nil }
        return days
    }

    func validate() throws {
        if days == nil { throw ValidationError("--expires \(expires) is not a number of days from 1d to 3650d (90d, 365d).") }
    }

    func execute() throws {
        let book = try options.bookForWriting(create: false)
        let token = try book.issueToken(for: name, label: label, actor: AccountsOptions.actor, via: AccountsOptions.via,
                                        days: days ?? AccountBook.defaultTokenDays, clock: try Clock.fromEnvironment())
        print(token)
    }
}
