import EventLog

/// Who an appended event is recorded as: the one rule about actors, for the command line and the server.
public enum ActorPolicy: Sendable, Hashable {
    /// The command line: drafts may name their actor; a draft that names none is recorded as `claimed` (`$IK_ACTOR`,
    /// else `$USER`). Either is only a name given; the envelope records `via: cli:SYSTEM-USER`, who ran it.
    case commandLine(claimed: String, systemUser: String)
    /// Every event is recorded as this account, the one that signed in (the server); a draft that names another
    /// actor is refused with a problem on `actor`.
    case authenticated(String)

    /// The actor a draft without one is recorded as.
    public var actor: String {
        switch self {
        case .commandLine(let name, _), .authenticated(let name): name
        }
    }

    /// The envelope's `via` (``EventVia``) of every event appended under this policy.
    public var via: String {
        switch self {
        case .commandLine(_, let user): EventVia.commandLine(user: user)
        case .authenticated: EventVia.server
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
