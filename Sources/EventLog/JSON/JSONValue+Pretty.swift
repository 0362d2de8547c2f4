extension JSONValue {
    /// Indented JSON for people, members in canonical order; `indent` spaces per level. Besides the escapes
    /// canonical JSON makes, whatever a terminal would obey (DEL, C1 and bidirectional controls) is escaped too.
    public func prettyPrinted(indent: Int = 2) -> String {
        var output: [UInt8] = []
        writePretty(to: &output, level: 0, indent: indent)
        return VisibleText.escaped(String(decoding: output, as: UTF8.self), keepingLineBreaks: true, notation: .json)
    }

    private func writePretty(to output: inout [UInt8], level: Int, indent: Int) {
        func pad(_ n: Int) { output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: n * indent)) }
        switch self {
        case .array(let elements) where !elements.isEmpty:
            output.append(contentsOf: "[\n".utf8)
            for (i, element) in elements.enumerated() {
                pad(level + 1)
                element.writePretty(to: &output, level: level + 1, indent: indent)
                output.append(contentsOf: (i + 1 < elements.count ? ",\n" : "\n").utf8)
            }
            pad(level)
            output.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            output.append(contentsOf: "{\n".utf8)
            let keys = CanonicalJSON.sortedKeys(members.keys)
            for (i, key) in keys.enumerated() {
                pad(level + 1)
                CanonicalJSON.writeString(key, to: &output)
                output.append(contentsOf: ": ".utf8)
                members[key].unsafelyUnwrapped.writePretty(to: &output, level: level + 1, indent: indent)
                output.append(contentsOf: (i + 1 < keys.count ? ",\n" : "\n").utf8)
            }
            pad(level)
            output.append(UInt8(ascii: "}"))
        default:
            CanonicalJSON.write(self, to: &output)
        }
    }
}
