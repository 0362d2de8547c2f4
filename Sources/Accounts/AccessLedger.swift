import EventLog

/// Who had which role, as known at a seq: a pure fold of the access events.
public struct AccessLedger: Sendable, Hashable {
    /// An account as the log knows it.
    public struct Account: Sendable, Hashable {
        public let name: String
        public internal(set) var role: Role
        public internal(set) var active: Bool
        public internal(set) var displayName: String?
        /// The access events of the account, oldest first.
        public internal(set) var history: [AccessEvent]
        /// The tokens that sign in as this account now: SHA-256 (hex) → the generation it was issued under. Revoking, granting
        /// again, a new password and a role change that takes a permission away end them all.
        public internal(set) var tokens: [String: UInt64] = [:]
        /// The day each token stops signing in (00:00 UTC), by SHA-256.
        public internal(set) var tokenExpiry: [String: CalendarDate] = [:]
        /// The seq of the access event that last ended the account's credentials (its grant, a revocation, a new
        /// password, a role change that takes a permission away): the generation its API tokens and web sessions
        /// belong to. A credential of an earlier generation never comes back, not even when the role does.
        public internal(set) var generation: UInt64 = 0

        /// Whether a credential issued under `generation` still signs in as this account: THE rule for tokens and
        /// web sessions alike.
        public func admits(generation issued: UInt64) -> Bool { active && issued == generation }

        /// Ends every credential of the account: a new generation begins at `seq`.
        mutating func endCredentials(at seq: UInt64) {
            generation = seq
            tokens = [:]
            tokenExpiry = [:]
        }
    }

    public private(set) var accounts: [String: Account] = [:]
    /// The last seq folded in.
    public private(set) var seq: UInt64 = 0

    public init() {}

    /// Folds one access event in; events arrive in seq order.
    public mutating func apply(_ event: AccessEvent) {
        seq = max(seq, event.seq)
        var account = accounts[event.account]
            ?? Account(name: event.account, role: event.role ?? .reader, active: false, displayName: nil, history: [])
        switch event.type {
        case .granted:
            account.active = true
            account.role = event.role ?? account.role
            account.displayName = event.displayName ?? account.displayName
            account.endCredentials(at: event.seq)
        case .changed:
            let before = account.role
            account.role = event.role ?? account.role
            if !account.role.permissions.isSuperset(of: before.permissions) { account.endCredentials(at: event.seq) }
        case .revoked:
            account.active = false
            account.endCredentials(at: event.seq)
        case .tokenIssued:
            if account.active, let hash = event.tokenHash {
                account.tokens[hash] = account.generation
                account.tokenExpiry[hash] = event.expiresOn ?? Self.expiry(issued: event.recordedAt, days: Self.legacyTokenDays)
            }
        case .passwordChanged:
            account.endCredentials(at: event.seq)
        case .detailsRecorded:
            account.displayName = event.displayName ?? account.displayName
        }
        account.history.append(event)
        accounts[event.account] = account
    }

    /// The accounts in name order.
    public var sorted: [Account] { accounts.values.sorted { $0.name < $1.name } }

    /// The active account a token (its SHA-256, hex) signs in as on `today` (UTC), or `nil`: a token signs in
    /// until its expiry day begins.
    public func account(forTokenHash hash: String, today: CalendarDate = Clock.systemNow().utcDate) -> Account? {
        accounts.values.first { account in
            guard let generation = account.tokens[hash], account.admits(generation: generation) else { return false }
            return account.tokenExpiry[hash].map { today < $0 } ?? false
        }
    }

    /// Days a token issued before expiries were recorded (a `TokenIssued` without `expiresOn`) signs in.
    public static let legacyTokenDays = 90

    /// The day `days` after `issued` (UTC).
    public static func expiry(issued: Instant, days: Int) -> CalendarDate {
        Instant(microsecondsSinceEpoch: issued.microseconds + Int64(days) * 86_400_000_000).utcDate
    }

    /// The active accounts holding `role`.
    public func active(_ role: Role) -> [Account] { sorted.filter { $0.active && $0.role == role } }

    /// The ledger of `view` as known at `seq`: only the account streams are read, and every payload only when it
    /// matches its envelope's digest, so a byte edited in the payloads cannot give anyone a role.
    /// - Throws: ``AccountError/damagedAccessEvent(seq:)`` for a payload that is changed, or missing with no redaction
    ///   that accounts for it.
    public static func read(from view: LogView, upTo seq: UInt64 = .max) throws -> AccessLedger {
        var events: [AccessEvent] = []
        for stream in try view.streamIDs(withPrefix: AccessEventType.stream(of: ""), limit: .max) {
            for eventSeq in try view.seqs(inStream: stream, upTo: seq) {
                guard let envelope = try view.envelope(at: eventSeq) else { continue }
                switch try view.withPayload(at: eventSeq, matching: envelope.payloadDigest, { try JSONParser.parse($0) }) {
                case .matches(let payload):
                    if let event = AccessEvent(envelope, payload: payload) { events.append(event) }
                case .differs:
                    throw AccountError.damagedAccessEvent(seq: eventSeq)
                case .missing:
                    // Redacted: what the redaction kept (AccessRedaction), known as of any point, the redaction's
                    // own included; a payload gone without a redaction that accounts for it is damage.
                    guard let redaction = try view.accountingRedaction(of: envelope),
                        let remains = AccessRedaction.remains(of: envelope, redaction: redaction),
                        let event = AccessEvent(envelope, payload: remains, redacted: true)
                    else { throw AccountError.damagedAccessEvent(seq: eventSeq) }
                    events.append(event)
                }
            }
        }
        var ledger = AccessLedger()
        for event in events.sorted(by: { $0.seq < $1.seq }) { ledger.apply(event) }
        ledger.seq = min(seq, try view.size)
        return ledger
    }
}
