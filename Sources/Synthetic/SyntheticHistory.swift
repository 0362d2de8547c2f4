import EventLog
import InternalControl

/// A realistic synthetic internal-control history: municipalities with committees, a plan a year, control
/// points that live for years and are performed monthly or quarterly, deviations by unit and severity closed
/// weeks later, actions with follow-ups, corrections and retractions months afterwards, a report a year.
/// Every event is recorded early the following month, so recorded time trails effective time. The same seed
/// gives the same events.
public struct SyntheticHistory: Sendable {
    public var seed: UInt64
    public var committees: Int
    public var firstYear: Int
    public var years: Int
    public var controlsPerCommittee: Int

    public init(seed: UInt64 = 1, committees: Int = 4, firstYear: Int = 2015, years: Int = 10, controlsPerCommittee: Int = 8) {
        self.seed = seed
        self.committees = committees
        self.firstYear = firstYear
        self.years = years
        self.controlsPerCommittee = controlsPerCommittee
    }

    /// About how many events a history of this shape holds, to size it for a target count.
    public static func committees(forEvents events: Int, years: Int = 10, controls: Int = 8) -> Int {
        max(1, events / max(1, years * controls * 48))
    }

    static let municipalities = ["Askersund", "Hallsberg", "Kumla", "Laxå", "Lekeberg", "Nora", "Örebro", "Karlskoga",
                                 "Degerfors", "Lindesberg", "Ljusnarsberg", "Hällefors"]
    static let committeeNames = ["Socialnämnden", "Vård- och omsorgsnämnden", "Barn- och utbildningsnämnden",
                                 "Kommunstyrelsen", "Tekniska nämnden"]
    static let areas = [("Läkemedelshantering", "Saldokontroll narkotikaklassade läkemedel"),
                        ("Informationssäkerhet", "Loggkontroll i verksamhetssystem"),
                        ("Sekretess", "Kontroll av bild och meddelande i mobiltelefoner"),
                        ("Dokumentation", "Genomförandeplan i ärenden"), ("Ekonomi", "Attest och representation"),
                        ("Myndighetsutövning", "Utredningar inom lagstadgad tid"), ("Personal", "Rehabiliteringsärenden"),
                        ("Avvikelser", "Avvikelserapportering SoL/LSS/HSL"), ("Upphandling", "Köp utanför avtal"),
                        ("Dataskydd", "Behörigheter i verksamhetssystem")]
    static let units = ["Hemtjänst", "Hemsjukvård", "SÄBO", "Funktionsstöd", "IFO", "Korttidsenhet", "Daglig verksamhet"]

    /// A batch of drafts recorded together, and the knowledge it adds.
    public struct Batch: Sendable {
        public let recordedAt: Instant
        public var drafts: [EventDraft]
    }

    struct Committee {
        let code: String
        let organisation: String
        var controls: [(id: String, monthly: Bool, rate: Double)] = []
        var openDeviations: [(id: String, closeOn: CalendarDate)] = []
        var actions: [(id: String, followUps: [(CalendarDate, String)])] = []
    }

    /// The months of the history in order, each as one batch of drafts (corrections and retractions need
    /// event ids, so they are asked of `ids`, which knows what was appended before).
    public func generate(into sink: (Batch) throws -> [String: String], corrections: Bool = true) rethrows {
        var rng = SplitMix64(seed: seed)
        var committeesState: [Committee] = (0..<committees).map { i in
            let town = Self.municipalities[i % Self.municipalities.count]
            let name = Self.committeeNames[(i / Self.municipalities.count) % Self.committeeNames.count]
            return Committee(code: "K\(i + 1)", organisation: "\(name), \(town) kommun" + (i >= 60 ? " \(i / 60 + 1)" : ""))
        }
        var knownIds: [String: String] = [:]
        var pendingCorrections: [(due: CalendarDate, performanceId: String, draft: EventDraft)] = []
        for year in firstYear..<(firstYear + years) {
            for month in 1...12 {
                let monthEnd = CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
                var drafts: [EventDraft] = []
                for c in committeesState.indices {
                    drafts += monthDrafts(c: &committeesState[c], year: year, month: month, monthEnd: monthEnd, rng: &rng,
                                    pendingCorrections: &pendingCorrections)
                }
                // Corrections and retractions of earlier results that fall due this month.
                for due in pendingCorrections where due.due <= monthEnd {
                    guard let target = knownIds[due.performanceId] else { continue }
                    var draft = due.draft
                    if var payload = draft.payload.objectValue {
                        payload["targetId"] = .string(target)
                        draft.payload = .object(payload)
                    }
                    drafts.append(draft)
                }
                pendingCorrections.removeAll { $0.due <= monthEnd }
                let recorded = Instant(date: monthEnd.adding(days: 5), secondsIntoDay: 8 * 3600)
                knownIds.merge(try sink(Batch(recordedAt: recorded, drafts: drafts))) { _, new in new }
            }
        }
    }

    func draft(_ type: EventType, _ stream: String, _ date: CalendarDate, _ payload: [String: JSONValue], key: String? = nil) -> EventDraft {
        EventDraft(type: type.rawValue, stream: stream, effectiveAt: date, actor: "generator", idempotencyKey: key,
                   payload: .object(payload))
    }

    func monthDrafts(c: inout Committee, year: Int, month: Int, monthEnd: CalendarDate, rng: inout SplitMix64,
               pendingCorrections: inout [(due: CalendarDate, performanceId: String, draft: EventDraft)]) -> [EventDraft] {
        var out: [EventDraft] = []
        let planId = "\(c.code)-\(year)"
        let planStream = EventType.stream(of: .plan, id: planId)
        if month == 1 {
            let adopted = CalendarDate(year: year, month: 1, day: 15)!
            out.append(draft(.planAdopted, planStream, adopted, [
                "planId": .string(planId), "organisation": .string(c.organisation), "year": .integer(Int64(year)),
                "adoptedOn": .string(adopted.description), "reportTo": [.string(c.organisation.components(separatedBy: ",")[0])],
            ]))
            if c.controls.isEmpty {
                for k in 0..<controlsPerCommittee {
                    let (area, title) = Self.areas[k % Self.areas.count]
                    let id = "\(c.code)-\(String(area.prefix(3)).uppercased())-\(k + 1)"
                    c.controls.append((id, rng.chance(0.6), Double(rng.int(2...30)) / 100))
                    out.append(draft(.controlPointAdded, EventType.stream(of: .control, id: id), adopted, [
                        "controlId": .string(id), "planId": .string(planId), "area": .string(area), "title": .string(title),
                        "frequency": .string(c.controls.last!.monthly ? "monthly" : "quarterly"),
                        "risk": ["likelihood": .integer(Int64(rng.int(1...4))), "consequence": .integer(Int64(rng.int(1...4)))],
                    ]))
                }
            }
            if year > firstYear {
                let report = CalendarDate(year: year, month: 1, day: 20)!
                out.append(draft(.reportSubmitted, EventType.stream(of: .plan, id: "\(c.code)-\(year - 1)"), report, [
                    "reportId": .string("\(c.code)-\(year - 1)-R"), "planId": .string("\(c.code)-\(year - 1)"),
                    "submittedOn": .string(report.description), "to": "Nämnden",
                    "period": ["from": .string("\(year - 1)-01-01"), "to": .string("\(year - 1)-12-31")],
                ]))
            }
        }
        for (id, monthly, rate) in c.controls where monthly || month % 3 == 0 {
            let performed = CalendarDate(year: year, month: month, day: rng.int(20...28))!
            let examined = rng.int(5...60)
            var deviating = 0
            for _ in 0..<examined where rng.chance(rate) { deviating += 1 }
            let serious = deviating > 0 && rng.chance(0.2) ? rng.int(1...max(1, deviating / 3)) : 0
            let performanceId = "\(id)-\(year)-\(month < 10 ? "0" : "")\(month)"
            let assessment = deviating == 0 ? "satisfactory" : Double(deviating) / Double(examined) < 0.15
                ? "partly-satisfactory" : "unsatisfactory"
            let first = CalendarDate(year: year, month: monthly ? month : month - 2, day: 1)!
            let payload: [String: JSONValue] = [
                "performanceId": .string(performanceId), "controlId": .string(id), "performedOn": .string(performed.description),
                "period": ["from": .string(first.description), "to": .string(monthEnd.description)],
                "examined": .integer(Int64(examined)), "deviating": .integer(Int64(deviating)), "serious": .integer(Int64(serious)),
                "assessment": .string(assessment),
            ]
            let stream = EventType.stream(of: .control, id: id)
            out.append(draft(.controlPerformed, stream, performed, payload, key: performanceId))
            if rng.chance(0.02), examined > deviating {
                var corrected = payload
                corrected["deviating"] = .integer(Int64(deviating + 1))
                let due = performed.adding(days: rng.int(30...120))
                pendingCorrections.append((due, performanceId, draft(.eventCorrected, stream, performed, [
                    "targetId": "", "targetType": "ControlPerformed", "reason": "Sen rapport", "payload": .object(corrected),
                ])))
            }
            var remaining = deviating
            var n = 0
            while remaining > 0 && n < 3 {
                n += 1
                let count = n == 3 ? remaining : rng.int(1...remaining)
                remaining -= count
                let deviationId = "\(performanceId)-D\(n)"
                let closeOn = performed.adding(days: rng.int(3...150))
                out.append(draft(.deviationRecorded, EventType.stream(of: .deviation, id: deviationId), performed, [
                    "deviationId": .string(deviationId), "controlId": .string(id), "observedOn": .string(performed.description),
                    "unit": .string(rng.pick(Self.units)), "severity": .string(n == 1 && serious > 0 ? "serious" : "minor"),
                    "count": .integer(Int64(count)), "description": "Avvikelse upptäckt vid kontroll.",
                ]))
                if rng.chance(0.85) { c.openDeviations.append((deviationId, closeOn)) }
                if rng.chance(0.3) {
                    let actionId = "\(deviationId)-A"
                    let planned = performed.adding(days: rng.int(1...10))
                    if planned <= monthEnd {
                        out.append(draft(.actionPlanned, EventType.stream(of: .action, id: actionId), planned, [
                            "actionId": .string(actionId), "plannedOn": .string(planned.description), "controlId": .string(id),
                            "deviationIds": [.string(deviationId)], "description": "Rutinen gås igenom på APT.",
                            "owner": "Enhetschef", "dueOn": .string(planned.adding(days: 60).description),
                        ]))
                        c.actions.append((actionId, [(planned.adding(days: rng.int(20...40)), "in-progress"),
                                                     (planned.adding(days: rng.int(45...140)), rng.chance(0.8) ? "completed" : "not-done")]))
                    }
                }
            }
        }
        let monthStart = CalendarDate(year: year, month: month, day: 1)!
        for (id, closeOn) in c.openDeviations where closeOn <= monthEnd && closeOn >= monthStart {
            out.append(draft(.deviationClosed, EventType.stream(of: .deviation, id: id), closeOn, [
                "deviationId": .string(id), "closedOn": .string(closeOn.description), "resolution": "Åtgärdat och återkopplat.",
            ]))
        }
        c.openDeviations.removeAll { $0.closeOn <= monthEnd }
        for index in c.actions.indices {
            for (date, status) in c.actions[index].followUps where date >= monthStart && date <= monthEnd {
                out.append(draft(.followUpRecorded, EventType.stream(of: .action, id: c.actions[index].id), date, [
                    "actionId": .string(c.actions[index].id), "followedUpOn": .string(date.description), "status": .string(status),
                ]))
            }
            c.actions[index].followUps.removeAll { $0.0 <= monthEnd }
        }
        c.actions.removeAll { $0.followUps.isEmpty }
        return out
    }
}
