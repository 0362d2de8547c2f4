import ArgumentParser
import EventLog

struct LogCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List the events of a period as known at a point.",
        discussion: """
            Examples:
              ik log --period 2024 --as-of 2025-02-11      what was known on 11 February 2025 about 2024
              ik log --stream control-SN-2024-LAK --format json
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var query: QueryOptions

    @Option(help: "Only the events of this stream.")
    var stream: String?

    @Option(help: "Only events of this type.")
    var type: String?

    @Option(help: "Output: table, json or jsonl (the export line format).")
    var format: LogFormat = .table

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, jsonl
    }

    func execute() throws {
        let store = try storeOptions.openForReading()
        let out = Output()
        try store.readOnce { view in
            let selection = try LogSelection(query: query, stream: stream, type: type, view: view)
            switch format {
            case .jsonl:
                try selection.forEach { event in try out.write(bytes: event.exportLine + [0x0A]) }
            case .json:
                var values: [JSONValue] = []
                try selection.forEach { event in
                    values.append(["envelope": event.envelope.json, "payload": event.payload ?? .null])
                }
                try out.line(JSONValue.array(values).prettyPrinted())
            case .table:
                var table = TextTable(
                    headers: ["seq", "recorded (UTC)", "effective", "type", "stream", "v", "actor"],
                    rightAligned: [0, 5])
                try selection.forEach { event in
                    let e = event.envelope
                    table.rows.append([
                        String(e.seq), e.recordedAt.description, e.effectiveAt.description,
                        e.type + (event.payload == nil ? " (redacted)" : ""), e.stream, String(e.streamVersion), e.actor,
                    ])
                }
                if !table.rows.isEmpty { try out.line(table.render()) }
                try out.line("\(table.rows.count) event\(table.rows.count == 1 ? "" : "s")"
                    + selection.summary)
            }
        }
        try out.finish()
    }
}

/// The events a read command selects: a period on effective time, a knowledge point on recorded time,
/// optionally one stream, type or range of seqs.
struct LogSelection {
    let view: LogView
    let knownSeq: UInt64
    let dates: ClosedRange<CalendarDate>?
    let stream: String?
    let type: String?
    let afterSeq: UInt64

    init(query: QueryOptions, stream: String?, type: String?, afterSeq: UInt64 = 0, view: LogView) throws {
        self.view = view
        knownSeq = try query.knowledgePoint.resolve(in: view)
        dates = query.dates
        self.stream = stream
        self.type = type
        self.afterSeq = afterSeq
    }

    var summary: String {
        var text = " as known at seq \(knownSeq)"
        if let dates { text += ", effective \(dates.lowerBound) to \(dates.upperBound)" }
        if let stream { text += ", stream \(stream)" }
        return text
    }

    func forEach(_ body: (StoredEvent) throws -> Void) throws {
        func emit(_ seq: UInt64) throws {
            guard seq > afterSeq, let event = try view.event(at: seq) else { return }
            if let type, event.envelope.type != type { return }
            if let dates, !dates.contains(event.envelope.effectiveAt) { return }
            try body(event)
        }
        if let stream {
            for seq in try view.seqs(inStream: stream, upTo: knownSeq) { try emit(seq) }
        } else if let dates {
            for seq in try view.seqs(effectiveIn: dates, upTo: knownSeq) { try emit(seq) }
        } else if knownSeq > afterSeq {
            try view.forEachEvent(in: (afterSeq + 1)...knownSeq) { event in
                if let type, event.envelope.type != type { return true }
                try body(event)
                return true
            }
        }
    }
}
