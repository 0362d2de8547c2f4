import EventLog

/// Two ids a person cannot tell apart are one id (``LookAlike``): a thing is not created under a look-alike of an
/// existing id of its kind, and a reference that only looks like an existing id is answered with the id meant.
/// One index lookup each (``LogView/streamWritten(lookingLike:)``), whatever the size of the log.
extension StateRules {
    /// The existing id of `kind` that looks like `id` but is not it, or `nil`.
    func lookAlike(of kind: EventType.Kind, _ id: String) throws -> String? {
        let stream = EventType.stream(of: kind, id: id)
        // Compared by bytes: Swift's == takes canonically equivalent text as equal, so `K-2024` written with
        // U+212A KELVIN SIGN was "the same id" as `K-2024` and passed as new (red team 9: lookalike-nfkc-singletons).
        guard let existing = try log.streamWritten(lookingLike: stream), !existing.utf8.elementsEqual(stream.utf8)
        else { return nil }
        let prefix = EventType.stream(of: kind, id: "")
        return existing.hasPrefix(prefix) ? String(existing.dropFirst(prefix.count)) : existing
    }

    /// For an event that creates the thing `id` of `kind`: the problem when an existing one looks the same.
    func lookAlikeProblem(creating kind: EventType.Kind, id: String, path: String) throws -> FieldProblem? {
        guard let existing = try lookAlike(of: kind, id) else { return nil }
        return FieldProblem(path, "\"\(id)\"",
            "looks the same as the existing \(kind.rawValue) \(existing): ids that differ only in case, width or "
                + "look-alike letters are one id; use \(existing), or an id that reads differently")
    }

    /// `; did you mean X?` when an existing id of `kind` looks like `id`, else empty.
    func suggestion(_ kind: EventType.Kind, _ id: String) throws -> String {
        try lookAlike(of: kind, id).map { "; did you mean \($0)?" } ?? ""
    }
}
