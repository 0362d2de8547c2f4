/// What an account may do. DESIGN.md: administrators append and read; auditors read, verify, export and take
/// proofs; readers see state, trend and reports; owners manage accounts (and may do everything else).
public enum Role: String, Sendable, CaseIterable, Hashable, Codable {
    case owner, administrator, auditor, reader

    /// Whether this role may do `permission`.
    public func allows(_ permission: Permission) -> Bool {
        switch self {
        case .owner: true
        case .administrator: [.append, .readFigures, .readLog].contains(permission)
        case .auditor: [.readFigures, .readLog, .verify, .export, .proofs].contains(permission)
        case .reader: permission == .readFigures
        }
    }

    /// Everything this role may do.
    public var permissions: Set<Permission> { Set(Permission.allCases.filter(allows)) }

    /// The role's name in Swedish, for pages and messages.
    public var swedish: String {
        switch self {
        case .owner: "ägare"
        case .administrator: "administratör"
        case .auditor: "granskare"
        case .reader: "läsare"
        }
    }
}

/// One kind of thing a request may do.
public enum Permission: String, Sendable, CaseIterable, Hashable {
    /// Append events (record results, deviations, actions, corrections).
    case append
    /// State, trend, report, plans: the figures.
    case readFigures
    /// The event log and the diff between knowledge points.
    case readLog
    /// Verify the store, checkpoints.
    case verify
    /// Exports of the log and the projections.
    case export
    /// Inclusion and consistency proofs.
    case proofs
    /// Grant, change and revoke access; issue tokens.
    case manageAccounts
}
