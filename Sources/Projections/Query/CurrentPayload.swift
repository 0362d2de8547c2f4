import EventLog
import InternalControl

/// What an event says now: its type and its payload, or the payload of its latest correction. A correction starts
/// from it (`ik record correction --set`, the web pages' correction form), so both read it here.
public enum CurrentPayload {
    /// `nil` when no event has `eventId`; the payload is `nil` when it was redacted.
    public static func of(_ eventId: String, in view: LogView) throws -> (type: String, payload: JSONValue?)? {
        guard let seq = try view.seq(forEventID: eventId), let event = try view.event(at: seq) else { return nil }
        let corrections = try view.seqs(inStream: event.envelope.stream).compactMap { try view.event(at: $0) }
            .filter { $0.envelope.type == EventType.eventCorrected.rawValue && $0.payload?["targetId"]?.stringValue == eventId }
        return (event.envelope.type, corrections.last?.payload?["payload"] ?? event.payload)
    }
}
