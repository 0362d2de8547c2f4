import Foundation
import EventLog
import Projections

/// The period and knowledge point a page is asked for, from the address: `period`, and either `at` (`2025-02-11 09:30`,
/// Stockholm time, or a date) or `seq` (the history slider). The same types as the CLI's `--period`/`--as-of`/
/// `--as-of-seq` parse them, and ``QueryScope`` combines them. THE resolver of the as-of pages (state, trend, diff,
/// report, log, downloads): a second point (the diff's `against`) is read by ``point(named:in:)`` too.
struct KnowledgeChoice {
    let period: Period?
    let at: String?
    let seq: UInt64?
    let scope: QueryScope

    init(_ web: WebRequest) throws {
        period = try web.parameter("period").map { text in
            guard let period = Period(text) else {
                throw WebError.badParameter("period", text, "2024, 2024-H1, 2024-T2, 2024-Q3, 2024-05 or a date")
            }
            return period
        }
        at = web.parameter("at")
        seq = try web.parameter("seq").map { text in
            guard let seq = UInt64(text) else { throw WebError.badParameter("seq", text, "a whole number") }
            return seq
        }
        let point = try Self.point(named: "at", in: web)
        // The picker wins over the slider: a form that sends both was the picker's.
        scope = try QueryScope(period: period, asOf: point, asOfSeq: point == nil ? seq : nil)
    }

    /// The knowledge point in the address's parameter `name`, `nil` when it is absent or empty.
    /// - Throws: ``WebError/badParameter(_:_:_:)`` naming the parameter and the forms it takes.
    static func point(named name: String, in web: WebRequest) throws -> KnowledgePoint? {
        try web.parameter(name).map { text in
            guard let point = point(text) else {
                throw WebError.badParameter(name, text, "a date (2025-02-11) or a date and time (2025-02-11 09:30)")
            }
            return point
        }
    }

    /// `2025-02-11 09:30` or `2025-02-11T09:30` (Stockholm) as an instant; a date as its end; anything
    /// ``KnowledgePoint`` reads.
    static func point(_ text: String) -> KnowledgePoint? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(whereSeparator: { $0 == "T" || $0 == " " })
        let text = trimmed
        if parts.count == 2, let date = CalendarDate(String(parts[0])), !text.hasSuffix("Z"), !text.contains("+") {
            let clock = parts[1].split(separator: ":").compactMap { Int($0) }
            guard (2...3).contains(clock.count), (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { return nil }
            let seconds = clock[0] * 3600 + clock[1] * 60 + (clock.count == 3 ? clock[2] : 0)
            let midnight = Stockholm.startOfDay(date).microseconds
            // The offset at that moment (summer time) is taken from the instant near it.
            let guess = Instant(microsecondsSinceEpoch: midnight + Int64(seconds) * 1_000_000)
            let shift = Stockholm.utcOffsetSeconds(at: guess) - Stockholm.utcOffsetSeconds(at: Stockholm.startOfDay(date))
            return .instant(Instant(microsecondsSinceEpoch: guess.microseconds - Int64(shift) * 1_000_000))
        }
        return KnowledgePoint(asOf: text)
    }

    /// The instant as the pages show it and the `at` input takes it: `2025-02-11 16:00` in Stockholm.
    static func pickerValue(_ instant: Instant) -> String {
        let local = Instant(microsecondsSinceEpoch: instant.microseconds + Int64(Stockholm.utcOffsetSeconds(at: instant)) * 1_000_000)
        let seconds = Int((local.microseconds / 1_000_000) % 86400 + 86400) % 86400
        return "\(local.utcDate) " + String(format: "%02d:%02d", seconds / 3600, (seconds / 60) % 60)
    }
}
