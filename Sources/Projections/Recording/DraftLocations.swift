/// Where each draft of an append came from, kept compactly: a mark only where a draft does not sit on the line
/// after the one before (another file, a blank line, an array), so millions of drafts take a few marks.
public struct DraftLocations: Sendable {
    private var marks: [(index: Int, source: String, line: Int)] = []

    public init() {}

    /// Notes that draft `index` starts at `line` of `source`.
    public mutating func note(_ index: Int, source: String, line: Int) {
        if let last = marks.last, last.source == source, last.line + (index - last.index) == line { return }
        marks.append((index, source, line))
    }

    /// `file:line` of draft `index`.
    public func location(of index: Int) -> String {
        guard let (source, line) = place(of: index) else { return "draft" }
        return "\(source):\(line)"
    }

    /// The source and 1-based line of draft `index`, when noted.
    public func place(of index: Int) -> (source: String, line: Int)? {
        var low = 0
        var high = marks.count
        while low < high {
            let middle = (low + high) / 2
            if marks[middle].index <= index { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let mark = marks[low - 1]
        return (mark.source, mark.line + index - mark.index)
    }
}
