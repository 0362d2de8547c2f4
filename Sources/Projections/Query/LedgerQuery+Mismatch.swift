import EventLog
import InternalControl

extension LedgerQuery {
    /// A result's deviating count against the deviations recorded for the same control point and dates: a warning,
    /// not a rule (many plans record no single deviations), shown when a result is recorded or corrected.
    public struct DeviationMismatch: Sendable, CustomStringConvertible {
        public let controlId: String
        public let dates: ClosedRange<CalendarDate>
        /// Deviating, summed over the results counted for the dates.
        public let deviating: Int64
        /// The deviations recorded in the dates, by their counts.
        public let recorded: Int64

        public var description: String {
            "\(controlId), \(dates.lowerBound)..\(dates.upperBound): the results count \(deviating) deviating, the deviations "
                + "recorded there \(recorded); a report shows both figures"
        }
    }

    /// The mismatch for `controlId` over `dates` as known now, or `nil` when the figures agree or no deviation is
    /// recorded there.
    public func deviationMismatch(controlId: String, dates: ClosedRange<CalendarDate>) throws -> DeviationMismatch? {
        let view = try state(period: Period(first: dates.lowerBound, last: dates.upperBound), asOf: .now)
        guard let control = view.plans.flatMap(\.controls).first(where: { $0.controlId == controlId }),
            control.deviationsRecorded > 0, control.deviationsRecorded != control.deviating
        else { return nil }
        return DeviationMismatch(controlId: controlId, dates: dates, deviating: control.deviating,
                                 recorded: control.deviationsRecorded)
    }
}
