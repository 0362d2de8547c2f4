import EventLog
import InternalControl

/// The rules an access draft must pass: its fields (by the same validator as every payload), its stream, and
/// the state of the account as of the append (granted only when not active, changed or revoked only when
/// active, never leaving the store without an active owner, details only of a known account).
public struct AccessRules: Sendable {
    let validator: PayloadValidator

    public init(clock: Clock) { validator = PayloadValidator(today: Stockholm.today(clock)) }

    /// ``check(_:index:log:)`` in the form ``EventStore/append(_:clock:dryRun:check:)`` takes.
    public var draftCheck: DraftCheck { { draft, index, log in try self.check(draft, index: index, log: log) } }

    public func check(_ draft: EventDraft, index: Int, log: LogView) throws -> [DraftProblem] {
        func problem(_ path: String, _ value: String?, _ rule: String) -> DraftProblem {
            DraftProblem(draftIndex: index, path: path, value: value, rule: rule)
        }
        guard let type = AccessEventType(rawValue: draft.type) else {
            return [problem("type", draft.type, "not an access event; accounts are changed with `ik user`")]
        }
        let fieldProblems = validator.problems(of: draft.payload, fields: type.fields, path: "payload")
        if !fieldProblems.isEmpty { return fieldProblems.map { problem($0.path, $0.value, $0.rule) } }
        // Older role events hold a name or a reason; new ones may not: they can never go whole (AccessRedaction).
        if [.granted, .changed, .revoked].contains(type) {
            let personal = type.personalFields.filter { draft.payload[$0] != nil }
            if !personal.isEmpty {
                return personal.map { problem("payload.\($0)", nil, "is recorded apart, in an "
                    + "\(AccessEventType.detailsRecorded.rawValue) of the same append, so that it can be redacted") }
            }
        }
        guard let account = draft.payload["account"]?.stringValue else { return [] }
        guard draft.stream == AccessEventType.stream(of: account) else {
            return [problem("stream", draft.stream, "an access event of \(account) belongs in \(AccessEventType.stream(of: account))")]
        }
        let ledger = try AccessLedger.read(from: log)
        let current = ledger.accounts[account]
        let role = draft.payload["role"]?.stringValue.flatMap(Role.init(rawValue:))
        switch type {
        case .granted:
            if current?.active == true {
                return [problem("payload.account", account, "already has access (as \(current!.role.rawValue)); change its role instead")]
            }
            // Names a person cannot tell apart are one name (the store's look-alike key for ids): `Own` or a
            // full-width `ｏwn` beside `own` would be two accounts that sign and read as one.
            let key = LookAlike.key(account)
            if current == nil, let existing = ledger.sorted.first(where: { LookAlike.key($0.name) == key }) {
                return [problem("payload.account", account,
                                "looks like the account \(existing.name) (the same letters, case or width aside); "
                                    + "choose a name that does not, or use \(existing.name)")]
            }
        case .detailsRecorded:
            guard current != nil else {
                return [problem("payload.account", account, "is not an account; details go with its AccessGranted")]
            }
            if draft.payload["displayName"] == nil && draft.payload["reason"] == nil {
                return [problem("payload", nil, "holds neither displayName nor reason; leave the event out")]
            }
        case .tokenIssued, .passwordChanged:
            guard let current, current.active else {
                return [problem("payload.account", account, "has no access; grant it first")]
            }
        case .changed, .revoked:
            guard let current, current.active else {
                return [problem("payload.account", account, "has no access to change; grant it first")]
            }
            if type == .changed, role == current.role {
                return [problem("payload.role", role?.rawValue, "is already the role of \(account)")]
            }
            if current.role == .owner, ledger.active(.owner).count == 1 {
                return [problem("payload.account", account,
                                "is the only active owner; grant another owner first so the store keeps one")]
            }
        }
        return []
    }
}
