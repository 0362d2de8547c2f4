/// The rules for the text a draft puts into the envelope (type, stream, actor, idempotency key). The envelope
/// is hashed into the tree and can never be redacted or corrected, and `ik log` prints it: these fields hold no
/// control or invisible characters, and are 1 to 256 bytes.
public enum EnvelopeText {
    /// The largest type, stream id, actor or idempotency key, in UTF-8 bytes.
    public static let maxBytes = 256

    /// Whether `text` is printable ASCII only (what nearly every envelope field is), read as contiguous bytes:
    /// a byte-by-byte walk of `String.UTF8View` was a twentieth of an append's CPU.
    static func isPrintableASCII(_ text: String) -> Bool {
        asciiShape(of: text) != .other
    }

    /// What a field's bytes are, read once: printable ASCII with a visible character (nearly every field, which
    /// then needs no Unicode property lookups: those were a tenth of an append's CPU), printable ASCII spaces only,
    /// or anything else.
    enum ASCIIShape { case visible, spaces, other }

    static func asciiShape(of text: String) -> ASCIIShape {
        var text = text
        return text.withUTF8 { bytes in
            var printable = true
            var visible = false
            for byte in bytes {
                printable = printable && byte >= 0x20 && byte < 0x7F
                visible = visible || byte > 0x20
            }
            return printable ? (visible ? .visible : .spaces) : .other
        }
    }

    /// Every problem with the envelope text of `draft` (draft number `index` of a batch).
    public static func problems(of draft: EventDraft, index: Int) -> [DraftProblem] {
        var problems: [DraftProblem] = []
        // Checked field by field, no list of fields built per draft (it runs for every event appended).
        func check(_ path: String, _ text: String, _ noun: String) {
            let shape = asciiShape(of: text)
            if shape == .visible, text.utf8.count <= maxBytes { return }
            if text.isEmpty || text.utf8.count > maxBytes {
                problems.append(DraftProblem(
                    draftIndex: index, path: path, value: text.isEmpty ? "\"\"" : "\(text.utf8.count) bytes",
                    rule: "\(noun) is 1 to \(maxBytes) bytes"))
            } else if shape == .other,
                let found = VisibleText.describeFirst(in: text, where: VisibleText.isForbiddenInIdentifier)
            {
                let shown = VisibleText.escaped(text.utf8.count > 80 ? String(text.prefix(77)) + "…" : text,
                                                also: VisibleText.isForbiddenInIdentifier)
                problems.append(DraftProblem(
                    draftIndex: index, path: path, value: shown,
                    rule: "holds an invisible or control character (\(found)); \(noun) is printed and can never be "
                        + "changed, so it holds only visible characters and spaces"))
            } else if let blank = VisibleText.blankness(of: text) {
                problems.append(DraftProblem(
                    draftIndex: index, path: path, value: VisibleText.escaped(text, also: { $0.properties.isWhitespace }),
                    rule: "shows nothing a reader can tell by: \(blank); \(noun) is printed and can never be changed, "
                        + "so it needs a visible character"))
            }
        }
        check("type", draft.type, "an event type")
        check("stream", draft.stream, "a stream id")
        check("actor", draft.actor, "an actor")
        if let key = draft.idempotencyKey { check("idempotencyKey", key, "an idempotency key") }
        return problems
    }
}
