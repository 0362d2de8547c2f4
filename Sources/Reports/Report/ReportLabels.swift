/// The words of the committee report, in Swedish as the seed reports write them, and in English.
enum ReportLabels {
    static func all(_ language: Language) -> [String: String] {
        var result: [String: String] = [:]
        for (key, pair) in words { result[key] = language == .sv ? pair.0 : pair.1 }
        return result
    }

    static func text(_ key: String, _ language: Language) -> String {
        words[key].map { language == .sv ? $0.0 : $0.1 } ?? key
    }

    static let words: [String: (String, String)] = [
        "title": ("Internkontroll – uppföljning", "Internal control – follow-up report"),
        "organisation": ("Nämnd/förvaltning/enhet", "Committee/administration/unit"),
        "controlArea": ("Kontrollområde", "Control area"), "reportedTo": ("Rapportering till", "Reported to"),
        "period": ("Kontroll avser tidsperiod", "Period covered"), "reportDate": ("Datum", "Date"),
        "summary": ("Resultat", "Results"), "controls": ("Redovisning av resultat från genomförda granskningar",
                                                         "Results of the controls performed"),
        "method": ("Metod", "Method"), "responsible": ("Ansvarig", "Responsible"), "assessment": ("Bedömning", "Assessment"),
        "figures": ("Resultat", "Results"), "performances": ("Kontroller under perioden", "Controls in the period"),
        "deviations": ("Avvikelser per enhet och allvarlighet", "Deviations by unit and severity"),
        "unit": ("Enhet", "Unit"), "severity": ("Allvarlighet", "Severity"), "recorded": ("Antal", "Count"),
        "open": ("Varav öppna", "Of which open"), "actionsTaken": ("Vidtagna åtgärder", "Actions taken"),
        "actionsProposed": ("Förslag till åtgärder och handlingsplaner", "Proposed actions and action plans"),
        "owner": ("Ansvarig", "Owner"), "dueOn": ("Klar senast", "Due"), "followUp": ("Uppföljning", "Follow-up"),
        "trend": ("Utveckling över tid", "Trend over time"), "bucket": ("Period", "Period"),
        "performed": ("Kontroller", "Controls"), "examined": ("Granskade", "Examined"),
        "deviating": ("Med avvikelse", "Deviating"), "rate": ("Andel", "Rate"), "otherActions": ("Övriga åtgärder", "Other actions"),
        "footer": ("Underlag och kontroll", "Basis and verification"), "overdue": ("försenad", "overdue"),
        "withdrawn": ("Kontrollmomentet utgår", "The control point is withdrawn"), "noData": ("Inga uppgifter", "No data"),
        "satisfactory": ("Utan anmärkning", "Satisfactory"), "partly-satisfactory": ("Mindre anmärkning", "Partly satisfactory"),
        "unsatisfactory": ("Med anmärkning", "Unsatisfactory"), "undetermined": ("Ej bedömd", "Undetermined"),
        "not-performed": ("Ej genomförd", "Not performed"), "not-due": ("Ej aktuell", "Not due"),
        "partlyPerformed": ("delvis genomförd", "performed in part"),
        "dueControlPoints": ("Aktuella under perioden", "Due in the period"),
        "partlyPerformedControls": ("Varav delvis genomförda", "Of which performed in part"),
        "not-started": ("ej påbörjad", "not started"), "in-progress": ("pågår", "in progress"),
        "completed": ("genomförd", "completed"), "not-done": ("ej genomförd", "not done"), "cancelled": ("avbruten", "cancelled"),
        "minor": ("mindre", "minor"), "serious": ("allvarlig", "serious"),
        "of": ("av", "of"), "fullYear": ("Helår", "Full year"), "period.half": ("halvåret", "half"), "period.tertial": ("tertialet", "tertial"),
        "period.quarter": ("kvartalet", "quarter"), "controlPoints": ("Kontrollmoment", "Control points"),
        "controlsPerformed": ("Genomförda kontroller", "Controls performed"),
        "examinedOfPlanned": ("Genomförda av planerade", "Performed of planned"),
        "deviatingOfExamined": ("Med avvikelse", "With deviation"), "compliantOfExamined": ("Utan avvikelse", "Without deviation"),
        "ofWhichSerious": ("varav allvarliga", "of which serious"), "total": ("Totalt", "Total"),
        "redacted": ("Gallrade uppgifter (seq)", "Redacted facts (seq)"),
        "assessmentPerControl": ("Kontrollmoment och bedömningar", "Control points and assessments"),
        "plan": ("Plan", "Plan"), "preparedBy": ("Beredd av", "Prepared by"), "approvedBy": ("Godkänd av", "Approved by"),
        "paperSummary": ("Sammanfattning", "Summary"), "proposedDecisions": ("Förslag till beslut", "Proposed decisions"),
        "overview": ("Översikt", "Overview"), "riskArea": ("Riskområde", "Risk area"), "status": ("Status", "Status"),
        "number": ("Nr", "No."), "likelihoodByConsequence": ("Sannolikhet ↓, konsekvens →", "Likelihood ↓, consequence →"), "changedAfterReport": ("Ändrad efter rapporten", "Changed after the report of"),
        "retractedAfterReport": ("Makulerade efter rapporten", "Taken back after the report of"),
        "seriousCount": ("Allvarliga", "Serious"), "deviationCount": ("Avvikelser", "Deviations"),
        "changedNote": ("Uppgifter har ändrats efter att rapporten lämnades; ändrade uppgifter är markerade och visar före → efter.",
                        "Figures changed after the report was submitted; they are marked, before → after."), "cumulative": ("ackumulerat", "cumulative"),
        "by.year": ("per år", "by year"), "by.half": ("per halvår", "by half-year"), "by.tertial": ("per tertial", "by tertial"),
        "by.quarter": ("per kvartal", "by quarter"), "by.month": ("per månad", "by month"), "control": ("Kontrollmoment", "Control point"), "riskMatrix": ("Riskmatris", "Risk matrix"),
        "riskMatrixCaption": ("Sannolikhet × konsekvens, 1–4", "Likelihood × consequence, 1–4"),
        "lights": ("Grön: utan anmärkning. Gul: mindre anmärkning. Röd: med anmärkning. Grå: ej bedömd, ej aktuell "
            + "eller ej genomförd (röd ring: kontrollen skulle ha gjorts).",
                   "Green: satisfactory. Amber: partly satisfactory. Red: unsatisfactory. Grey: undetermined, not due "
            + "or not performed (red ring: the control was due)."),
    ]
}
