import EventLog

/// The ledger as JSON, for `ik user list --format json` and the server: every account with its access history (an
/// `AccountDetailsRecorded` entry holds a display name or a reason; a redacted entry says `"redacted": true` and
/// holds only what its redaction kept).
public enum AccessLedgerJSON {
    public static func json(_ ledger: AccessLedger) -> JSONValue {
        let accounts: [JSONValue] = ledger.sorted.map { account in
            var members: [String: JSONValue] = [
                "account": .string(account.name), "role": .string(account.role.rawValue), "active": .bool(account.active),
                "history": .array(account.history.map { event in
                    var entry: [String: JSONValue] = [
                        "seq": .integer(Int64(event.seq)), "type": .string(event.type.rawValue),
                        "recordedAt": .string(event.recordedAt.description), "actor": .string(event.actor),
                    ]
                    if let role = event.role { entry["role"] = .string(role.rawValue) }
                    if let via = event.via { entry["via"] = .string(via) }
                    if let reason = event.reason { entry["reason"] = .string(reason) }
                    if let name = event.displayName { entry["displayName"] = .string(name) }
                    if event.redacted { entry["redacted"] = .bool(true) }
                    return .object(entry)
                }),
            ]
            if let name = account.displayName { members["displayName"] = .string(name) }
            return .object(members)
        }
        return ["knownAtSeq": .integer(Int64(ledger.seq)), "accounts": .array(accounts)]
    }
}
