import EventLog

/// Who an appended event is recorded as: the one rule about actors, for the command line and the server.
public enum ActorPolicy: Sendable, Hashable {
    /// Drafts may name their actor; a draft that names none is recorded as this one (the command line:
    /// `$IK_ACTOR`, else `$USER`, of the person at the terminal).
    case defaultActor(String)
    /// Every event is recorded as this account, the one that signed in (the server); a draft that names another
    /// actor is refused with a problem on `actor`.
    case authenticated(String)

    /// The actor a draft without one is recorded as.
    public var actor: String {
        switch self {
        case .defaultActor(let name), .authenticated(let name): name
        }
    }

    /// The problem with a draft that names `given` as its actor, or `nil`.
    func problem(naming given: JSONValue?, index: Int) -> DraftProblem? {
        guard case .authenticated(let account) = self, let given, given != .string(account) else { return nil }
        return DraftProblem(draftIndex: index, path: "actor", value: DraftDecoder.show(given),
                            rule: "must be \(account), the account signed in, or left out: "
                                + "events are recorded as the account that sends them")
    }
}
