import EventLog

/// The payload fields of every event type, with Swedish and English titles (DESIGN.md, events versions 1 and 2).
public enum EventCatalogue {
    /// The payload schema versions this catalogue describes: a draft's `schemaVersion` must be one of them.
    /// Version 2 only adds (a type and optional fields; ``FieldSpec/since``), so every version-1 payload is also a
    /// valid version-2 payload.
    public static let schemaVersions: [Int64] = [1, 2]

    static let short = FieldKind.text(maxLength: FieldSpec.shortText)
    static let long = FieldKind.text(maxLength: FieldSpec.longText)
    /// The words of the choice fields, in an order the projections' records rely on: add new words at the end.
    public static let frequencies = ["once", "monthly", "quarterly", "tertial", "semiannual", "annual"]
    public static let assessments = ["satisfactory", "partly-satisfactory", "unsatisfactory", "undetermined", "not-performed"]
    public static let followUpStatuses = ["not-started", "in-progress", "completed", "not-done", "cancelled"]
    public static let severities = ["minor", "serious"]
    /// How much of a control was carried out (version 2): `full` unless given.
    public static let coverages = ["full", "partial"]

    static let period = FieldSpec("period", .object([
        FieldSpec("from", .plannedDate, required: true, sv: "Från", en: "From"),
        FieldSpec("to", .plannedDate, required: true, sv: "Till", en: "To"),
    ]), sv: "Avser period", en: "Period covered")

    static let risk = FieldSpec("risk", .object([
        FieldSpec("likelihood", .range(1...4), required: true, sv: "Sannolikhet (1–4)", en: "Likelihood (1–4)"),
        FieldSpec("consequence", .range(1...4), required: true, sv: "Konsekvens (1–4)", en: "Consequence (1–4)"),
    ]), sv: "Riskbedömning", en: "Risk assessment")

    /// The control point fields that `ControlPointAdded` sets and `ControlPointRevised` may change.
    static func controlPointFields(required: Bool) -> [FieldSpec] {
        [
            FieldSpec("area", short, required: required, sv: "Kontrollområde", en: "Control area"),
            FieldSpec("title", short, required: required, sv: "Kontrollmoment", en: "Control point"),
            FieldSpec("routine", long, sv: "Rutin/system", en: "Routine or system"),
            risk,
            FieldSpec("method", long, sv: "Metod", en: "Method"),
            FieldSpec("frequency", .choice(frequencies), sv: "Frekvens", en: "Frequency"),
            FieldSpec("responsible", short, sv: "Ansvarig", en: "Responsible"),
            FieldSpec("reportTo", short, sv: "Rapporteras till", en: "Reported to"),
            FieldSpec("riskAreaId", .id, sv: "Riskområde-id", en: "Risk area id", since: 2),
            FieldSpec("schedule", .periodList, sv: "När kontrollen ska göras", en: "When the control is due", since: 2),
        ]
    }

    static func fields(of type: EventType) -> [FieldSpec] {
        switch type {
        case .planAdopted:
            return [
                FieldSpec("planId", .id, required: true, sv: "Plan-id", en: "Plan id"),
                FieldSpec("organisation", short, required: true, sv: "Nämnd/förvaltning/enhet", en: "Organisation"),
                FieldSpec("year", .range(1900...2200), required: true, sv: "År", en: "Year"),
                FieldSpec("adoptedOn", .pastDate, required: true, sv: "Fastställd", en: "Adopted on"),
                FieldSpec("decisionRef", short, sv: "Beslut (dnr, paragraf)", en: "Decision reference"),
                FieldSpec("reportTo", .textList(), sv: "Rapporteras till", en: "Report to"),
            ]
        case .controlPointAdded:
            return [
                FieldSpec("controlId", .id, required: true, sv: "Kontrollmoment-id", en: "Control point id"),
                FieldSpec("planId", .id, required: true, sv: "Plan-id", en: "Plan id"),
            ] + controlPointFields(required: true)
        case .controlPointRevised:
            return [
                FieldSpec("controlId", .id, required: true, sv: "Kontrollmoment-id", en: "Control point id"),
                FieldSpec("reason", long, required: true, sv: "Skäl", en: "Reason"),
            ] + controlPointFields(required: false)
        case .controlPointWithdrawn:
            return [
                FieldSpec("controlId", .id, required: true, sv: "Kontrollmoment-id", en: "Control point id"),
                FieldSpec("reason", long, required: true, sv: "Skäl", en: "Reason"),
            ]
        case .controlPerformed:
            return [
                FieldSpec("performanceId", .id, required: true, sv: "Kontroll-id", en: "Performance id"),
                FieldSpec("controlId", .id, required: true, sv: "Kontrollmoment-id", en: "Control point id"),
                FieldSpec("performedOn", .pastDate, required: true, sv: "Kontroll utförd", en: "Performed on"),
                period,
                FieldSpec("performedBy", short, sv: "Utförd av", en: "Performed by"),
                FieldSpec("planned", .count(minimum: 0), sv: "Planerade kontroller", en: "Controls planned"),
                FieldSpec("examined", .count(minimum: 0), required: true, sv: "Granskade", en: "Examined"),
                FieldSpec("deviating", .count(minimum: 0), required: true, sv: "Med avvikelse", en: "Deviating"),
                FieldSpec("serious", .count(minimum: 0), sv: "Allvarliga", en: "Serious"),
                FieldSpec("indicators", .objectList([
                    FieldSpec("name", short, required: true, sv: "Mått", en: "Indicator"),
                    FieldSpec("numerator", .count(minimum: 0), required: true, sv: "Täljare", en: "Numerator"),
                    FieldSpec("denominator", .count(minimum: 1), required: true, sv: "Nämnare", en: "Denominator"),
                ]), sv: "Mått", en: "Indicators"),
                FieldSpec("result", long, sv: "Resultat", en: "Result"),
                FieldSpec("assessment", .choice(assessments), required: true, sv: "Bedömning", en: "Assessment"),
                FieldSpec("coverage", .choice(coverages), sv: "Genomförd helt eller delvis", en: "Performed in full or in part",
                          since: 2),
                FieldSpec("unit", short, sv: "Enhet", en: "Unit", since: 2, keptOnRedaction: true),
            ]
        case .deviationRecorded:
            return [
                FieldSpec("deviationId", .id, required: true, sv: "Avvikelse-id", en: "Deviation id"),
                FieldSpec("controlId", .id, required: true, sv: "Kontrollmoment-id", en: "Control point id"),
                FieldSpec("observedOn", .pastDate, required: true, sv: "Upptäckt", en: "Observed on"),
                // An organisational unit, not a person: the trend counts deviations by it, so a redaction keeps it.
                FieldSpec("unit", short, sv: "Enhet", en: "Unit", keptOnRedaction: true),
                FieldSpec("category", short, sv: "Kategori", en: "Category"),
                FieldSpec("severity", .choice(severities), required: true, sv: "Allvarlighet", en: "Severity"),
                FieldSpec("count", .count(minimum: 1), sv: "Antal", en: "Count"),
                FieldSpec("description", long, required: true, sv: "Beskrivning", en: "Description"),
            ]
        case .deviationClosed:
            return [
                FieldSpec("deviationId", .id, required: true, sv: "Avvikelse-id", en: "Deviation id"),
                FieldSpec("closedOn", .pastDate, required: true, sv: "Åtgärdad", en: "Closed on"),
                FieldSpec("resolution", long, sv: "Åtgärd", en: "Resolution"),
            ]
        case .actionTaken:
            return [
                FieldSpec("actionId", .id, required: true, sv: "Åtgärds-id", en: "Action id"),
                FieldSpec("takenOn", .pastDate, required: true, sv: "Vidtagen", en: "Taken on"),
                FieldSpec("description", long, required: true, sv: "Beskrivning", en: "Description"),
                FieldSpec("controlId", .id, sv: "Kontrollmoment-id", en: "Control point id"),
                FieldSpec("deviationIds", .idList, sv: "Avvikelser", en: "Deviations"),
            ]
        case .actionPlanned:
            return [
                FieldSpec("actionId", .id, required: true, sv: "Åtgärds-id", en: "Action id"),
                FieldSpec("plannedOn", .pastDate, required: true, sv: "Föreslagen", en: "Planned on"),
                FieldSpec("description", long, required: true, sv: "Beskrivning", en: "Description"),
                FieldSpec("controlId", .id, sv: "Kontrollmoment-id", en: "Control point id"),
                FieldSpec("deviationIds", .idList, sv: "Avvikelser", en: "Deviations"),
                FieldSpec("owner", short, sv: "Ansvarig", en: "Owner"),
                FieldSpec("dueOn", .plannedDate, sv: "Klar senast", en: "Due on"),
            ]
        case .followUpRecorded:
            return [
                FieldSpec("actionId", .id, required: true, sv: "Åtgärds-id", en: "Action id"),
                FieldSpec("followedUpOn", .pastDate, required: true, sv: "Uppföljd", en: "Followed up on"),
                FieldSpec("status", .choice(followUpStatuses), required: true, sv: "Status", en: "Status"),
                FieldSpec("finding", long, sv: "Iakttagelse", en: "Finding"),
                FieldSpec("nextFollowUpOn", .plannedDate, sv: "Nästa uppföljning", en: "Next follow-up on"),
            ]
        case .reportSubmitted:
            return [
                FieldSpec("reportId", .id, required: true, sv: "Rapport-id", en: "Report id"),
                FieldSpec("planId", .id, required: true, sv: "Plan-id", en: "Plan id"),
                FieldSpec("submittedOn", .pastDate, required: true, sv: "Inlämnad", en: "Submitted on"),
                FieldSpec("to", short, required: true, sv: "Till", en: "To"),
                period,
                FieldSpec("decisionRef", short, sv: "Beslut (dnr, paragraf)", en: "Decision reference"),
                FieldSpec("basedOn", .object([
                    FieldSpec("treeSize", .count(minimum: 0, maximum: JSONValue.maxSafeInteger), required: true, sv: "Trädstorlek", en: "Tree size"),
                    FieldSpec("root", .hex64, required: true, sv: "Merkle-rot", en: "Merkle root"),
                ]), sv: "Bygger på loggen", en: "Based on the log"),
                FieldSpec("summary", long, sv: "Sammanfattning", en: "Summary", since: 2),
                FieldSpec("proposedDecisions", .textList(maxLength: FieldSpec.longText), sv: "Förslag till beslut",
                          en: "Proposed decisions", since: 2),
                FieldSpec("preparedBy", short, sv: "Handläggare (befattning)", en: "Prepared by (title)", since: 2),
                FieldSpec("approvedBy", short, sv: "Beslutad av (befattning)", en: "Approved by (title)", since: 2),
            ]
        case .eventCorrected:
            return [
                FieldSpec("targetId", .eventID, required: true, sv: "Rättad händelse", en: "Corrected event"),
                FieldSpec("reason", long, required: true, sv: "Skäl", en: "Reason"),
                FieldSpec("targetType", .choice(EventType.correctable.map(\.rawValue)),
                          sv: "Den rättade händelsens typ", en: "Type of the corrected event"),
                FieldSpec("payload", .anyObject, required: true, sv: "Rättat innehåll", en: "Corrected payload"),
            ]
        case .eventRetracted:
            return [
                FieldSpec("targetId", .eventID, required: true, sv: "Makulerad händelse", en: "Retracted event"),
                FieldSpec("reason", long, required: true, sv: "Skäl", en: "Reason"),
            ]
        case .payloadRedacted:
            return [
                FieldSpec("targetId", .eventID, required: true, sv: "Gallrad händelse", en: "Redacted event"),
                FieldSpec("reason", long, required: true, sv: "Skäl", en: "Reason"),
                FieldSpec("legalBasis", short, sv: "Rättslig grund", en: "Legal basis"),
                FieldSpec("planId", .id, sv: "Plan-id (för att hitta den gallrade händelsens plan)",
                          en: "Plan id (so the redacted event can still be placed)"),
                FieldSpec("kept", .anyObject, sv: "Behållna uppgifter (id, datum, tal, val: inga fritexter)",
                          en: "The target's fields that are not free text (ids, dates, numbers, choices), verbatim"),
            ]
        case .riskAreaAdded:
            return [
                FieldSpec("riskAreaId", .id, required: true, sv: "Riskområde-id", en: "Risk area id"),
                FieldSpec("planId", .id, required: true, sv: "Plan-id", en: "Plan id"),
                FieldSpec("title", short, required: true, sv: "Riskområde", en: "Risk area"),
                FieldSpec("description", long, sv: "Beskrivning", en: "Description"),
                risk,
            ]
        }
    }
}

extension EventCatalogue {
    /// The least schema version a payload of `type` needs, and why: the type's own version, or the first field of a
    /// later version it uses. A draft that names no `schemaVersion` is recorded with this one; a draft that names
    /// a lower one is refused.
    public static func version(needed type: EventType, payload: [String: JSONValue]) -> (version: Int64, reason: String?) {
        if type.since > 1 { return (type.since, "\(type.rawValue) is a type of version \(type.since)") }
        let field = type.fields.filter { $0.since > 1 && payload[$0.name] != nil }.max { $0.since < $1.since }
        return field.map { ($0.since, "payload.\($0.name) is a field of version \($0.since)") } ?? (1, nil)
    }
}

extension EventType {
    /// Types whose events can be corrected or retracted: the domain's own facts.
    public static let correctable: [EventType] = allCases.filter { !$0.isAboutAnotherEvent }

    /// Swedish and English name of the type, for schemas and reports.
    public var titles: (sv: String, en: String) {
        switch self {
        case .planAdopted: ("Internkontrollplan fastställd", "Internal control plan adopted")
        case .controlPointAdded: ("Kontrollmoment", "Control point added")
        case .controlPointRevised: ("Ändrat kontrollmoment", "Control point revised")
        case .controlPointWithdrawn: ("Kontrollmoment utgår", "Control point withdrawn")
        case .controlPerformed: ("Kontroll utförd", "Control performed")
        case .deviationRecorded: ("Avvikelse", "Deviation recorded")
        case .deviationClosed: ("Avvikelse åtgärdad", "Deviation closed")
        case .actionTaken: ("Vidtagen åtgärd", "Action taken")
        case .actionPlanned: ("Förslag till åtgärd, handlingsplan", "Action planned")
        case .followUpRecorded: ("Uppföljning", "Follow-up recorded")
        case .reportSubmitted: ("Rapport till nämnd", "Report submitted")
        case .eventCorrected: ("Rättelse", "Event corrected")
        case .eventRetracted: ("Makulering", "Event retracted")
        case .payloadRedacted: ("Gallring, sekretess", "Payload redacted")
        case .riskAreaAdded: ("Riskområde", "Risk area added")
        }
    }
}
