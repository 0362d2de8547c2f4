import EventLog
import InternalControl

/// The events that record who may use the store: granting, changing and revoking access. They are in the log
/// like every other event (so "who could write on 2025-02-11" is an as-of question and verifies like any other
/// event) and never hold a password or a token: those live in the ``SecretStore``. What they record of a person
/// (a name, the reason given) goes into an ``detailsRecorded`` event beside them, which `ik redact` can remove
/// while the record of who could do what stays (``AccessRedaction``).
public enum AccessEventType: String, Sendable, CaseIterable {
    /// An account is given a role (a new account, or one whose access was revoked before).
    case granted = "AccessGranted"
    /// An active account's role changes.
    case changed = "AccessChanged"
    /// An account may no longer sign in; its password and tokens are deleted.
    case revoked = "AccessRevoked"
    /// An API token was issued to an active account (`ik user token`, `POST login`): its SHA-256, so that the server
    /// accepts only tokens the log knows (an entry written into `STORE/secrets/` alone mints nothing).
    case tokenIssued = "TokenIssued"
    /// An account's password was changed: every token issued before ends.
    case passwordChanged = "PasswordChanged"
    /// What is said about an account's person, in the same batch as the access event it goes with: a display name
    /// (`ik user add --display-name`), the reason for a change or a revocation (`--reason`). Personal data, so
    /// redacted whole like a domain fact; the ledger then knows no name or reason.
    case detailsRecorded = "AccountDetailsRecorded"

    /// The stream of an account's access events.
    public static func stream(of account: String) -> String { "account-\(account)" }

    /// The payload fields, checked by the same validator as the domain's payloads. `reason` of a role event is
    /// optional: events written before details were recorded apart carry it, newer ones do not.
    var fields: [FieldSpec] {
        let account = FieldSpec("account", .id, required: true, sv: "Konto", en: "Account")
        let role = FieldSpec("role", .choice(Role.allCases.map(\.rawValue)), required: true, sv: "Roll", en: "Role")
        let reason = FieldSpec("reason", .text(maxLength: FieldSpec.longText), sv: "Skäl", en: "Reason")
        let displayName = FieldSpec("displayName", .text(maxLength: FieldSpec.shortText), sv: "Namn", en: "Name")
        switch self {
        case .granted: return [account, role, displayName]
        case .changed: return [account, role, reason]
        case .revoked: return [account, reason]
        case .tokenIssued:
            return [account, FieldSpec("tokenHash", .id, required: true, sv: "Nyckelns SHA-256", en: "Token SHA-256"),
                    FieldSpec("label", .text(maxLength: FieldSpec.shortText), sv: "Etikett", en: "Label"),
                    FieldSpec("expiresOn", .plannedDate, sv: "Gäller till", en: "Expires on")]
        case .passwordChanged: return [account]
        case .detailsRecorded: return [account, displayName, reason]
        }
    }

    /// The fields that may say something about a person: the free texts (a name, a reason, a token's label). The
    /// others (the account, its role, a token's hash and expiry) are the record of who could do what.
    var personalFields: [String] {
        fields.compactMap { field in field.keptOnRedaction ? nil : field.name }
    }
}

/// One access event as the fold reads it.
public struct AccessEvent: Sendable, Hashable {
    public let seq: UInt64
    public let type: AccessEventType
    public let account: String
    public let role: Role?
    public let displayName: String?
    public let reason: String?
    /// The SHA-256 (hex) of the token a ``AccessEventType/tokenIssued`` event issued.
    public let tokenHash: String?
    /// The day a token stops signing in (at 00:00 UTC); a token issued before expiries were recorded stops
    /// ``AccessLedger/legacyTokenDays`` after it was issued.
    public let expiresOn: CalendarDate?
    public let actor: String
    /// How the actor was established (``EventVia``: `server`, `cli:USER`); `nil` for events written before it was
    /// recorded.
    public let via: String?
    public let recordedAt: Instant
    /// Whether the event's payload was redacted: only what the redaction kept is known (``AccessRedaction``).
    public let redacted: Bool

    /// Reads an access event from its envelope and its payload (checked against the envelope's digest by the caller),
    /// or from what its redaction kept (`redacted`); `nil` for other events or a malformed payload.
    init?(_ envelope: Envelope, payload: JSONValue, redacted: Bool = false) {
        guard let type = AccessEventType(rawValue: envelope.type), let account = payload["account"]?.stringValue
        else { return nil }
        seq = envelope.seq
        self.type = type
        self.account = account
        role = payload["role"]?.stringValue.flatMap(Role.init(rawValue:))
        displayName = payload["displayName"]?.stringValue
        reason = payload["reason"]?.stringValue
        tokenHash = payload["tokenHash"]?.stringValue
        expiresOn = payload["expiresOn"]?.stringValue.flatMap { CalendarDate($0) }
        actor = envelope.actor
        via = envelope.via
        recordedAt = envelope.recordedAt
        self.redacted = redacted
    }
}
