import Foundation

/// A progress line on standard error for work that takes longer than about two seconds, drawn only
/// when standard error is a terminal and at most a few times a second.
final class ProgressLine {
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let enabled = Output.standardErrorIsTerminal

    init(_ label: String) { self.label = label }

    func update(_ done: UInt64, of total: UInt64) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(start) > 2, now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        drawn = true
        let percent = total == 0 ? 100 : done * 100 / total
        Output.standardError("\r\(label): \(done) of \(total) events (\(percent) %)\u{1B}[K", escaping: false)
    }

    func finish() {
        if drawn { Output.standardError("\r\u{1B}[K", escaping: false) }
    }
}
