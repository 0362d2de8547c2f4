import EventLog
import Projections

/// The projections exported for spreadsheets and programs (`ik export state|trend|deviations|actions`, and the
/// server's `export/…`): one place that decides their rows and bytes.
public enum ProjectionExport {
    public enum What: String, Sendable, CaseIterable {
        case state, trend, deviations, actions
    }

    public enum Format: String, Sendable, CaseIterable {
        case jsonl, json, csv
    }

    /// What the export holds: its bytes and its number of rows.
    public struct Output: Sendable {
        public let bytes: [UInt8]
        public let rows: Int
    }

    /// The trend's options (ignored for the others).
    public struct TrendOptions: Sendable {
        public var bucket: Bucket
        public var grouping: TrendProjection.Grouping
        public init(bucket: Bucket = .year, grouping: TrendProjection.Grouping = .control) {
            self.bucket = bucket
            self.grouping = grouping
        }
    }

    /// Builds the export of `what` from `store`, for `scope` and `plans` (nil: all).
    public static func render(_ what: What, format: Format, store: EventStore, scope: QueryScope, plans: [String]?,
                              language: Language, trend: TrendOptions = TrendOptions(),
                              rounding: Rounding = .halfUp, excel: Bool = false) throws -> Output {
        let query = LedgerQuery(store: store)
        let json: JSONValue
        let table: Tabular
        switch what {
        case .trend:
            let view = try query.trend(dates: scope.dates, bucket: trend.bucket, grouping: trend.grouping, only: nil,
                                       asOf: scope.knowledgePoint, plans: plans)
            json = ProjectionJSON.trend(view, rounding: rounding)
            table = TrendRendering.tabular(view, language: language, explain: true, rounding: rounding)
        case .state, .deviations, .actions:
            let view = try query.state(period: scope.periodOrAll, asOf: scope.knowledgePoint, plans: plans)
            json = ProjectionJSON.state(view, rounding: rounding)
            switch what {
            case .deviations: table = StateRendering.deviations(view, language: language)
            case .actions: table = StateRendering.actions(view, language: language)
            default: table = StateRendering.tabular(view, language: language, explain: true, rounding: rounding)
            }
        }
        let bytes: [UInt8]
        switch format {
        case .csv: bytes = Array(try table.csv(excel: excel))
        case .jsonl: bytes = table.jsonLines()
        case .json:
            let text = (what == .deviations || what == .actions)
                ? String(decoding: CanonicalJSON.encode(.array(table.rows.map { row in
                    .object(Dictionary(uniqueKeysWithValues: zip(table.keys, row.map(JSONValue.string))))
                })), as: UTF8.self) : json.prettyPrinted()
            bytes = Array((text + "\n").utf8)
        }
        return Output(bytes: bytes, rows: table.rows.count)
    }
}
