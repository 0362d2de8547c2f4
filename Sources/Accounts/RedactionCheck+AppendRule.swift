import EventLog
import InternalControl

extension RedactionCheck {
    /// The leader's append rule for a redaction (``RedactionRule``; access events by ``AccessRedaction``), for a
    /// replica that still holds the target's payload: one implementation, so what the append refuses a replica refuses.
    public static let appendRule = RedactionCheck { target, payload, redaction, log in
        try RedactionRule.problems(redacting: target, payload: payload, kept: redaction["kept"], log: log,
                                   recordedElsewhere: AccessRedaction()).map(\.description)
    }
}
