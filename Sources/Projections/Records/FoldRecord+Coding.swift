import EventLog
import InternalControl

/// The stored form of a ``FoldRecord``: a type byte (its high bit set when there are no values, the next one when
/// the payload is redacted), then varints —
/// thing, plan, the plan's previous record, effective date (zigzag ordinal) — then the target for events
/// about events, then the values of the (corrected) type. Some 10–30 bytes an event.
extension FoldRecord {
    /// The version of this encoding and of what the builder puts in it; records of another version are rebuilt.
    public static let version = "fold.3"

    public var bytes: [UInt8] {
        var w = ByteWriter()
        w.byte((type?.recordCode ?? 0) | (values == nil ? 0x80 : 0) | (redacted ? 0x40 : 0))
        w.varint(thing)
        w.varint(plan)
        w.varint(previousInPlan)
        w.day(effective)
        if type?.isAboutAnotherEvent == true { w.varint(target) }
        if let values {
            if type == .eventCorrected { w.byte(values.typeCode) }
            values.write(to: &w)
        }
        return w.bytes
    }

    /// The plan and the plan's previous record of a stored record, read without its values (a chain walked past
    /// records after the knowledge point); `nil` when the bytes do not start as a record does.
    static func chainLink(bytes: UnsafeRawBufferPointer) -> (plan: UInt64, previousInPlan: UInt64)? {
        var r = ByteReader(bytes)
        guard r.byte() != nil, r.varint() != nil, let plan = r.varint(), let previous = r.varint() else { return nil }
        return (plan, previous)
    }

    /// Reads a stored record; `nil` when the bytes are not one (a damaged or edited cache: the caller folds from
    /// the payloads instead, and `ik verify` names it).
    public init?(bytes: UnsafeRawBufferPointer) {
        var r = ByteReader(bytes)
        guard let head = r.byte(), let thing = r.varint(), let plan = r.varint(), let previous = r.varint(),
            let effective = r.day()
        else { return nil }
        let code = head & 0x3F
        let type = EventType(recordCode: code)
        guard type != nil || code == 0 else { return nil }
        self.init(type: type, thing: thing, plan: plan, previousInPlan: previous, effective: effective, redacted: head & 0x40 != 0)
        if type?.isAboutAnotherEvent == true {
            guard let target = r.varint() else { return nil }
            self.target = target
        }
        if head & 0x80 == 0 {
            var valuesType = type
            if type == .eventCorrected {
                guard let code = r.byte(), let corrected = EventType(recordCode: code) else { return nil }
                valuesType = corrected
            }
            guard let valuesType, let values = FactValues.read(valuesType, from: &r) else { return nil }
            self.values = values
        }
        guard r.isAtEnd else { return nil }
    }
}

extension FactValues {
    /// The type whose values these are (for a correction's record: the corrected type).
    var typeCode: UInt8 {
        switch self {
        case .plan: EventType.planAdopted.recordCode
        case .controlPoint: EventType.controlPointAdded.recordCode
        case .performance: EventType.controlPerformed.recordCode
        case .deviation: EventType.deviationRecorded.recordCode
        case .closing: EventType.deviationClosed.recordCode
        case .action: EventType.actionPlanned.recordCode
        case .followUp: EventType.followUpRecorded.recordCode
        case .report: EventType.reportSubmitted.recordCode
        case .riskArea: EventType.riskAreaAdded.recordCode
        }
    }

    func write(to w: inout ByteWriter) {
        switch self {
        case .plan(let year, let adoptedOn):
            w.signed(year)
            w.day(adoptedOn)
        case .controlPoint, .riskArea:
            break
        case .performance(let p):
            w.day(p.performedOn)
            w.day(p.covers.lowerBound)
            w.day(p.covers.upperBound)
            w.signed(p.examined)
            w.signed(p.deviating)
            w.byte((p.planned != nil ? 1 : 0) | (p.serious != nil ? 2 : 0) | (p.hasIndicators ? 4 : 0) | (p.hasResult ? 8 : 0)
                | (p.partial ? 16 : 0))
            if let planned = p.planned { w.signed(planned) }
            if let serious = p.serious { w.signed(serious) }
            w.byte(p.assessment)
        case .deviation(let d):
            w.varint(d.control)
            w.day(d.observedOn)
            w.byte(d.severity)
            w.signed(d.count)
            if let unit = d.unit {
                w.byte(1)
                w.fixed(unit.high)
                w.fixed(unit.low)
            } else {
                w.byte(0)
            }
        case .closing(let closedOn):
            w.day(closedOn)
        case .action(let a):
            w.day(a.date)
            w.byte((a.control != nil ? 1 : 0) | (a.dueOn != nil ? 2 : 0))
            if let control = a.control { w.varint(control) }
            if let dueOn = a.dueOn { w.day(dueOn) }
            w.varint(UInt64(a.deviations.count))
            for deviation in a.deviations { w.varint(deviation) }
        case .followUp(let f):
            w.day(f.followedUpOn)
            w.byte(f.status)
            if let next = f.nextFollowUpOn {
                w.byte(1)
                w.day(next)
            } else {
                w.byte(0)
            }
        case .report(let r):
            w.day(r.submittedOn)
            if let covers = r.covers {
                w.byte(1)
                w.day(covers.lowerBound)
                w.day(covers.upperBound)
            } else {
                w.byte(0)
            }
        }
    }

    static func read(_ type: EventType, from r: inout ByteReader) -> FactValues? {
        switch type {
        case .planAdopted:
            guard let year = r.signed(), let adopted = r.day() else { return nil }
            return .plan(year: year, adoptedOn: adopted)
        case .controlPointAdded, .controlPointRevised, .controlPointWithdrawn:
            return .controlPoint
        case .controlPerformed:
            guard let on = r.day(), let from = r.day(), let to = r.day(), from <= to, let examined = r.signed(),
                let deviating = r.signed(), let flags = r.byte()
            else { return nil }
            var planned: Int64?
            var serious: Int64?
            if flags & 1 != 0 { guard let value = r.signed() else { return nil }; planned = value }
            if flags & 2 != 0 { guard let value = r.signed() else { return nil }; serious = value }
            guard let assessment = r.byte() else { return nil }
            return .performance(PerformanceValues(
                performedOn: on, covers: from...to, planned: planned, examined: examined, deviating: deviating,
                serious: serious, assessment: assessment, hasIndicators: flags & 4 != 0, hasResult: flags & 8 != 0,
                partial: flags & 16 != 0))
        case .deviationRecorded:
            guard let control = r.varint(), let observed = r.day(), let severity = r.byte(), let count = r.signed(),
                let hasUnit = r.byte()
            else { return nil }
            var unit: UnitKey?
            if hasUnit == 1 {
                guard let high = r.fixed(), let low = r.fixed() else { return nil }
                unit = UnitKey(high: high, low: low)
            }
            return .deviation(DeviationValues(control: control, observedOn: observed, severity: severity, count: count, unit: unit))
        case .deviationClosed:
            return r.day().map { .closing(closedOn: $0) }
        case .actionTaken, .actionPlanned:
            guard let date = r.day(), let flags = r.byte() else { return nil }
            var control: UInt64?
            var due: CalendarDate?
            if flags & 1 != 0 { guard let value = r.varint() else { return nil }; control = value }
            if flags & 2 != 0 { guard let value = r.day() else { return nil }; due = value }
            guard let count = r.varint(), count <= 500 else { return nil }
            var deviations: [UInt64] = []
            for _ in 0..<count {
                guard let deviation = r.varint() else { return nil }
                deviations.append(deviation)
            }
            return .action(ActionValues(date: date, control: control, deviations: deviations, dueOn: due))
        case .followUpRecorded:
            guard let on = r.day(), let status = r.byte(), let hasNext = r.byte() else { return nil }
            var next: CalendarDate?
            if hasNext == 1 { guard let value = r.day() else { return nil }; next = value }
            return .followUp(FollowUpValues(followedUpOn: on, status: status, nextFollowUpOn: next))
        case .reportSubmitted:
            guard let on = r.day(), let hasCovers = r.byte() else { return nil }
            var covers: ClosedRange<CalendarDate>?
            if hasCovers == 1 {
                guard let from = r.day(), let to = r.day(), from <= to else { return nil }
                covers = from...to
            }
            return .report(ReportValues(submittedOn: on, covers: covers))
        case .riskAreaAdded:
            return .riskArea
        case .eventCorrected, .eventRetracted, .payloadRedacted:
            return nil
        }
    }
}

/// Builds a record's bytes.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    mutating func day(_ date: CalendarDate) { signed(Int64(date.ordinal)) }

    mutating func fixed(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

/// Reads a record's bytes; every read returns `nil` past the end or on a malformed number.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let b = byte() {
            guard shift < 64, shift < 63 || b <= 1 else { return nil }
            value |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    mutating func signed() -> Int64? {
        varint().map { Int64(bitPattern: ($0 >> 1) ^ (0 &- ($0 & 1))) }
    }

    mutating func day() -> CalendarDate? {
        guard let ordinal = signed(), let exact = Int32(exactly: ordinal) else { return nil }
        return CalendarDate(ordinal: exact)
    }

    mutating func fixed() -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(bytes[offset]); offset += 1 }
        return value
    }
}
