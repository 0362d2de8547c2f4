import InternalControl

/// The language of labels: Swedish (committee papers) or English.
public enum Language: String, Sendable, CaseIterable {
    case sv, en

    /// The language when none is asked for, on the command line and in the API: Swedish, as the committee papers.
    public static let standard = Language.sv

    /// `key` in this language; the key itself when there is no label.
    public func label(_ key: String) -> String {
        Labels.table[key].map { self == .sv ? $0.sv : $0.en } ?? key
    }

    /// A number with a thousands separator as the language writes it: `1 234` or `1,234`.
    public func number(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped += self == .sv ? "\u{00A0}" : "," }
            grouped.append(digit)
        }
        return (value < 0 ? "−" : "") + grouped
    }

    /// A period's name: `all` (no period given) in words, others as written (`2024-H1`).
    public func periodName(_ name: String) -> String {
        name == "all" ? (self == .sv ? "hela tiden" : "all") : name
    }

    /// An event type's name: its Swedish title in Swedish (`Rättelse`), its type name in English.
    public func typeName(_ type: EventType) -> String { self == .sv ? type.titles.sv : type.rawValue }

    /// A payload field's name: its Swedish title in Swedish, its name in English.
    public func fieldName(_ field: String, of type: EventType?) -> String {
        guard self == .sv, let spec = type?.fields.first(where: { $0.name == field }) else { return field }
        return spec.sv
    }

    /// A count with its noun in the number the count asks for: "1 kontroll", "2 kontroller", "1 control".
    public func count(_ n: Int, _ noun: String) -> String {
        guard let forms = Labels.nouns[noun] else { return "\(n) \(noun)" }
        let pair = self == .sv ? forms.sv : forms.en
        return "\(number(Int64(n))) \(n == 1 ? pair.one : pair.many)"
    }

    /// A percent text with the language's decimal sign: `58,9 %` or `58.9 %`.
    public func percent(_ text: String?) -> String {
        guard let text else { return "–" }
        return (self == .sv ? text.replacingOccurrences(of: ".", with: ",") : text) + "\u{00A0}%"
    }
}

/// The words of tables and reports in both languages.
enum Labels {
    /// Nouns (and the adjectives agreeing with them) in the singular and the plural.
    static let nouns: [String: (sv: (one: String, many: String), en: (one: String, many: String))] = [
        "control": (("kontroll", "kontroller"), ("control", "controls")),
        "controlPoint": (("kontrollmoment", "kontrollmoment"), ("control point", "control points")),
        "dueControlPoint": (("aktuellt", "aktuella"), ("due", "due")),
        "deviation": (("avvikelse", "avvikelser"), ("deviation", "deviations")),
        "event": (("händelse", "händelser"), ("event", "events")),
        "row": (("rad", "rader"), ("row", "rows")),
    ]

    static let table: [String: (sv: String, en: String)] = [
        "plan": ("Plan", "Plan"), "organisation": ("Nämnd/förvaltning", "Organisation"), "year": ("År", "Year"),
        "control": ("Kontrollmoment", "Control point"), "area": ("Kontrollområde", "Control area"),
        "title": ("Benämning", "Title"), "performed": ("Utförda", "Performed"), "planned": ("Planerade", "Planned"),
        "examined": ("Granskade", "Examined"), "deviating": ("Med avvikelse", "Deviating"),
        "compliant": ("Utan avvikelse", "Compliant"), "rate": ("Andel avvikande", "Deviation rate"),
        "serious": ("Allvarliga", "Serious"), "assessment": ("Bedömning", "Assessment"),
        "deviations": ("Avvikelser", "Deviations"), "open": ("Öppna", "Open"), "actions": ("Åtgärder", "Actions"),
        "overdue": ("Försenade", "Overdue"), "sources": ("Källor (seq)", "Sources (seq)"), "unit": ("Enhet", "Unit"),
        "severity": ("Allvarlighet", "Severity"), "bucket": ("Period", "Period"), "group": ("Grupp", "Group"),
        "recorded": ("Registrerade", "Recorded"), "actionsPlanned": ("Föreslagna åtgärder", "Actions planned"),
        "actionsCompleted": ("Genomförda åtgärder", "Actions completed"),
        "medianDays": ("Mediandagar till åtgärdad", "Median days to close"),
        "seq": ("Seq", "Seq"), "type": ("Typ", "Type"), "effective": ("Gäller", "Effective"), "kind": ("Slag", "Kind"),
        "field": ("Fält", "Field"), "old": ("Före", "Before"), "new": ("Efter", "After"), "figure": ("Mått", "Figure"),
        "target": ("Avser", "Target"), "deviationId": ("Avvikelse", "Deviation"), "observedOn": ("Upptäckt", "Observed"),
        "category": ("Kategori", "Category"), "count": ("Antal", "Count"), "closedOn": ("Åtgärdad", "Closed"),
        "description": ("Beskrivning", "Description"), "actionId": ("Åtgärd", "Action"), "date": ("Datum", "Date"),
        "owner": ("Ansvarig", "Owner"), "dueOn": ("Klar senast", "Due"), "status": ("Status", "Status"),
        "followedUpOn": ("Uppföljd", "Followed up"), "kindPlanned": ("förslag", "planned"), "kindTaken": ("vidtagen", "taken"),
        "knownAt": ("känt vid", "as known at"), "period": ("period", "period"), "noData": ("Inga uppgifter", "No data"),
        "satisfactory": ("utan anmärkning", "satisfactory"),
        "partly-satisfactory": ("mindre anmärkning", "partly satisfactory"),
        "unsatisfactory": ("med anmärkning", "unsatisfactory"), "undetermined": ("ej bedömd", "undetermined"),
        "not-performed": ("ej genomförd", "not performed"),
        "not-due": ("ej aktuell", "not due"), "partly": ("Varav delvis", "Of which in part"), "due": ("Aktuell", "Due"),
        "yes": ("ja", "yes"), "cumulative": ("ackumulerat", "cumulative"),
        "controlPoints": ("Kontrollmoment", "Control points"), "latestReport": ("Senaste rapport", "Latest report"),
        "figure.performed": ("Utförda", "performed"), "figure.examined": ("Granskade", "examined"),
        "figure.deviating": ("Med avvikelse", "deviating"), "figure.serious": ("Allvarliga", "serious"),
        "figure.ratePercent": ("Andel avvikande", "ratePercent"), "figure.deviationsRecorded": ("Avvikelser", "deviationsRecorded"),
        "figure.deviationsOpen": ("Öppna avvikelser", "deviationsOpen"), "figure.latestAssessment": ("Bedömning", "latestAssessment"),
        "figure.actions": ("Åtgärder", "actions"), "no": ("nej", "no"),
        "not-started": ("ej påbörjad", "not started"), "in-progress": ("pågår", "in progress"),
        "completed": ("genomförd", "completed"), "not-done": ("ej genomförd", "not done"), "cancelled": ("avbruten", "cancelled"),
        "severity.minor": ("mindre", "minor"), "severity.serious": ("allvarlig", "serious"),
        "withdrawn": ("utgår", "withdrawn"), "change.new": ("ny", "new"), "change.correction": ("rättelse", "correction"),
        "change.retraction": ("makulering", "retraction"), "change.redaction": ("gallring", "redaction"),
        "redacted": ("gallrad", "redacted"),
    ]
}
