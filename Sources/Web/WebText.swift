import Reports

/// The pages' words, Swedish and English (the event catalogue's own sv/en names are used for fields and types).
enum WebText {
    static func table(_ language: Language) -> [String: String] { language == .sv ? sv : en }

    /// A catalogue choice (`annual`, `minor`, `in-progress`) as people read it in `language`.
    static func choice(_ word: String, _ language: Language) -> String {
        if language == .sv, let swedish = frequencies[word] { return swedish }
        if word == "minor" || word == "serious" { return language.label("severity." + word) }
        if word == "full" || word == "partial" { return language == .sv ? (word == "full" ? "helt" : "delvis") : word }
        return language.label(word)
    }

    /// A validator's rule in Swedish where its words are known (the rule itself otherwise: it stays exact).
    static func rule(_ rule: String, _ language: Language) -> String {
        guard language == .sv else { return rule }
        for (english, swedish) in rules where rule.hasPrefix(english) {
            return swedish + rule.dropFirst(english.count)
        }
        return rule
    }

    static let rules: [(String, String)] = [
        ("required", "obligatoriskt – fyll i"), ("must not exceed examined", "får inte vara fler än granskade"),
        ("must not exceed deviating", "får inte vara fler än med avvikelse"), ("not a whole number", "inte ett heltal"),
        ("must be one of", "välj ett av"), ("is not a real date", "är inte ett riktigt datum"),
        ("is in the future", "ligger i framtiden"), ("unknown control point", "okänt kontrollmoment"),
    ]

    static let frequencies = ["once": "en gång", "monthly": "månadsvis", "quarterly": "kvartalsvis", "tertial": "tertialvis",
                              "semiannual": "halvårsvis", "annual": "årligen"]

    static let sv: [String: String] = [
        "site": "IKStore – internkontroll", "skip": "Hoppa till innehållet", "signIn": "Logga in", "signOut": "Logga ut",
        "account": "Konto", "password": "Lösenord", "signedInAs": "Inloggad som", "language": "Språk",
        "signInIntro": "Logga in med ditt konto för internkontrollen. Kontot skapas av systemets ägare.",
        "badCredentials": "Fel konto eller lösenord, eller så saknar kontot behörighet.",
        "tooMany": "För många misslyckade inloggningar. Försök igen om %d minuter.",
        "navPlans": "Kontrollplaner", "navRecord": "Registrera", "navState": "Läge", "navLog": "Händelselogg",
        "navVerify": "Verifiering", "navDownloads": "Hämta", "navReport": "Rapport",
        "errUnauthenticated": "Du är inte inloggad, eller så har sessionen upphört. Logga in igen.",
        "errForbidden": "Din roll får inte göra detta.", "errCsrf": "Formuläret saknar giltig säkerhetstoken. Ladda om sidan och försök igen.",
        "errBadForm": "Begäran var inte ett formulär.", "errTooLarge": "Formuläret var för stort.",
        "errParameter": "En uppgift i adressen kan inte läsas.", "errNotFound": "Det finns ingen sådan sida.",
        "perm.append": "Att registrera händelser kräver rollen administratör.",
        "perm.readFigures": "Sidan kräver ett konto med läsbehörighet.", "perm.readLog": "Händelseloggen kräver rollen administratör eller granskare.",
        "perm.verify": "Verifiering kräver rollen granskare.", "perm.export": "Exporter kräver rollen granskare.",
        "perm.proofs": "Bevis kräver rollen granskare.", "perm.manageAccounts": "Konton hanteras av ägaren.",
        "errTitle": "Det gick inte", "back": "Till startsidan", "nothingWritten": "Ingenting registrerades.",
        "plansIntro": "Kontrollmomenten i era planer för perioden: vad som är aktuellt nu, vad som är försenat och vad som är gjort. Registrera ett resultat direkt från raden.",
        "period": "Period", "periodHint": "Till exempel 2024, 2024-H1, 2024-T2, 2024-Q3 eller 2024-05. Tomt: planens år.",
        "show": "Visa", "noPlans": "Det finns inga planer i loggen än.", "dueInPeriod": "aktuella kontrollmoment",
        "dueNow": "Att göra", "overdue": "Försenad", "openDeviations": "Öppna avvikelser", "controlPoints": "Kontrollmoment",
        "controlPoint": "Kontrollmoment", "responsible": "Ansvarig", "status": "Status", "latestPerformed": "Senast utförd",
        "examined": "Granskade", "deviating": "Med avvikelse", "record": "Registrera", "recordResult": "Registrera resultat",
        "overdueActions": "Försenade åtgärder", "dueOn": "klar senast", "recordFollowUp": "Registrera uppföljning",
        "periodHintAll": "Till exempel 2024, 2024-H1 eller 2024-05. Tomt: hela tiden.", "knownAt": "Som känt vid",
        "knownAtHint": "Datum och klockslag (svensk tid). Tomt: nu.", "history": "Den registrerade historiken",
        "historyHint": "Dra för att välja en punkt i loggen; knappen visar läget där.", "showAtSeq": "Visa vid vald punkt",
        "knownLine": "Så som det var känt vid", "recordedAt": "registrerad", "latest": "det senaste",
        "stateIntro": "Läget för en period så som det var känt vid en vald tidpunkt. Siffrorna länkar till händelserna de bygger på.",
        "stateTable": "Kontrollmoment", "events": "händelser",
        "periodHintReport": "Till exempel 2024, 2024-H1 eller 2024-05. Tomt: perioden i planens senaste rapport.", "noRows": "Inga rader.",
        "reportIntro": "Nämndrapporten för en plan, för valfri period och så som den var känd vid valfri tidpunkt. Samma rapport som ik report skriver.",
        "plan": "Plan", "downloads": "Hämta", "download.html": "Hämta HTML", "download.md": "Hämta Markdown",
        "download.pdf": "Hämta PDF", "download.csv": "Hämta Excel-CSV", "reportFrame": "Rapporten för", "reportAlone": "Öppna rapporten på en egen sida",
        "reportPrint": "Rapporten skrivs ut från sin egen sida (länken ”Öppna rapporten på en egen sida”) eller som PDF (”Hämta PDF”), med rapportens egna sidbrytningar.",
        "recordIntro": "Välj vad du vill registrera. Allt du registrerar sparas i loggen med ditt konto och kan inte ändras i efterhand – bara rättas med en rättelse.",
        "recorded": "Registrerat som", "alreadyRecorded": "Det var redan registrerat (formuläret skickades två gånger), som",
        "recentlyRecorded": "Det du registrerat senast", "nothingYet": "Du har inte registrerat något än.",
        "formHasErrors": "Formuläret har fel – se markeringarna vid fälten.", "requiredNote": "obligatoriskt fält",
        "recordButton": "Registrera", "next": "Nästa", "cancel": "Avbryt",
        "correctionIntro": "Välj händelsen som ska rättas. Sedan visas dess uppgifter som de är nu, och du ändrar det som är fel.",
        "correctionOf": "Rättelse av", "correctionHow": "Ändra det som är fel och ange skälet; det gamla finns kvar i loggen.",
        "logIntro": "Alla händelser i loggen, i den ordning de registrerades. Filtrera på typ, ström, period eller vad som var känt vid en tidpunkt.",
        "event": "Händelse", "envelope": "Kuvert", "payload": "Innehåll", "inclusionProof": "Bevis för att händelsen finns i loggen",
        "eventType": "Händelsetyp", "all": "Alla", "stream": "Ström", "streamHint": "Till exempel control-SN-2024-LAK.",
        "effectivePeriod": "Period (gäller)", "filter": "Filtrera", "logSize": "loggen har", "recordedCol": "Registrerad",
        "effectiveCol": "Gäller", "what": "Id", "actor": "Av", "nextPage": "Nästa sida",
        "verifyIntro": "Loggen kontrolleras från början: varje händelses kontrollsumma, hashkedjan, Merkleträdet och de härledda registren.",
        "verifyOk": "Verifieringen gick igenom:", "verifyFailed": "Verifieringen misslyckades.", "anchorChecked": "Kontrollerad mot",
        "anchorHolds": "stämmer.", "testStore": "Testlager: klockan kan vara fäst.", "anchorHeading": "Kontrollpunkt till protokollet",
        "anchorIntro": "Skriv in raden nedan i nämndens protokoll när rapporten antas. Den binder loggen som den ser ut nu; varje senare ändring i det som redan fanns syns vid verifiering.",
        "anchorCommand": "Kontrollera senare med", "latestCheckpoint": "Senaste sparade kontrollpunkt", "treeSize": "Trädstorlek",
        "root": "Rot", "time": "Tid", "signed": "Signerad", "yes": "ja", "no": "nej", "noCheckpoint": "Ingen kontrollpunkt är sparad än (ik checkpoint).",
        "checkAnchor": "Kontrollera en kontrollpunkt ur ett protokoll", "anchorFromMinutes": "Kontrollpunkt", "anchorHint": "STORLEK:ROT, t.ex. 122:63e0c848…",
        "verifyButton": "Verifiera",
        "downloadsIntro": "Exporter av loggen och av sammanställningarna för en period så som de var kända vid en tidpunkt, och bevis ur Merkleträdet.",
        "exports": "Exporter", "proofs": "Bevis", "eventSeq": "Händelsens seq", "emptyNow": "Tomt: loggen nu.",
        "downloadProof": "Hämta beviset", "consistencyProof": "Bevis för att loggen bara har växt", "fromSize": "Från storlek", "toSize": "Till storlek",
        "export.log": "Loggen (JSON Lines, för verify-export.py)", "export.state": "Läge", "export.trend": "Trend",
        "export.deviations": "Avvikelser", "export.actions": "Åtgärder",
        "navTrend": "Trend", "navDiff": "Jämför", "bucket": "Indelning", "bucket.year": "år", "bucket.half": "halvår",
        "bucket.tertial": "tertial", "bucket.quarter": "kvartal", "bucket.month": "månad", "trendTable": "Trend per period",
        "trendIntro": "Granskade och avvikande per period, och andelen avvikande, så som det var känt vid en vald tidpunkt.",
        "diffIntro": "Vad som tillkom eller ändrades i siffrorna mellan två tidpunkter: till exempel mellan delårsrapporten och årsskiftet.",
        "diffFrom": "Känt vid (tidigare)", "diffFromHint": "Datum och klockslag (svensk tid).", "diffTo": "Känt vid (senare)",
        "compare": "Jämför", "diffLine": "Skillnaden mellan", "diffTable": "Ändringar",
    ]

    static let en: [String: String] = [
        "site": "IKStore – internal control", "skip": "Skip to content", "signIn": "Sign in", "signOut": "Sign out",
        "account": "Account", "password": "Password", "signedInAs": "Signed in as", "language": "Language",
        "signInIntro": "Sign in with your internal control account. Accounts are created by the system's owner.",
        "badCredentials": "Wrong account or password, or the account has no access.",
        "tooMany": "Too many failed sign-ins. Try again in %d minutes.",
        "navPlans": "Control plans", "navRecord": "Record", "navState": "State", "navLog": "Event log",
        "navVerify": "Verification", "navDownloads": "Downloads", "navReport": "Report",
        "errUnauthenticated": "You are not signed in, or your session has ended. Sign in again.",
        "errForbidden": "Your role may not do this.", "errCsrf": "The form lacks a valid security token. Reload the page and try again.",
        "errBadForm": "The request was not a form.", "errTooLarge": "The form was too large.",
        "errParameter": "A value in the address cannot be read.", "errNotFound": "There is no such page.",
        "perm.append": "Recording events takes the administrator role.",
        "perm.readFigures": "The page takes an account that may read.", "perm.readLog": "The event log takes the administrator or auditor role.",
        "perm.verify": "Verification takes the auditor role.", "perm.export": "Exports take the auditor role.",
        "perm.proofs": "Proofs take the auditor role.", "perm.manageAccounts": "Accounts are managed by the owner.",
        "errTitle": "That did not work", "back": "To the start page", "nothingWritten": "Nothing was recorded.",
        "plansIntro": "The control points of your plans for the period: what is due now, what is overdue and what is done. Record a result straight from its row.",
        "period": "Period", "periodHint": "For example 2024, 2024-H1, 2024-T2, 2024-Q3 or 2024-05. Empty: the plan's year.",
        "show": "Show", "noPlans": "There are no plans in the log yet.", "dueInPeriod": "control points due",
        "dueNow": "Due now", "overdue": "Overdue", "openDeviations": "Open deviations", "controlPoints": "Control points",
        "controlPoint": "Control point", "responsible": "Responsible", "status": "Status", "latestPerformed": "Last performed",
        "examined": "Examined", "deviating": "Deviating", "record": "Record", "recordResult": "Record result",
        "overdueActions": "Overdue actions", "dueOn": "due on", "recordFollowUp": "Record follow-up",
        "periodHintAll": "For example 2024, 2024-H1 or 2024-05. Empty: all time.", "knownAt": "As known at",
        "knownAtHint": "Date and time (Swedish time). Empty: now.", "history": "The recorded history",
        "historyHint": "Drag to choose a point in the log; the button shows the state there.", "showAtSeq": "Show at the chosen point",
        "knownLine": "As known at", "recordedAt": "recorded", "latest": "the latest",
        "stateIntro": "The state for a period as it was known at a chosen moment. The figures link to the events behind them.",
        "stateTable": "Control points", "events": "events",
        "periodHintReport": "For example 2024, 2024-H1 or 2024-05. Empty: the period of the plan's latest report.", "noRows": "No rows.",
        "reportIntro": "The committee report of a plan, for any period and as known at any moment. The same report ik report writes.",
        "plan": "Plan", "downloads": "Downloads", "download.html": "Download HTML", "download.md": "Download Markdown",
        "download.pdf": "Download PDF", "download.csv": "Download Excel CSV", "reportFrame": "The report of", "reportAlone": "Open the report on a page of its own",
        "reportPrint": "Print the report from its own page (\"Open the report on a page of its own\") or as PDF (\"Download PDF\"), with the report's own page breaks.",
        "recordIntro": "Choose what to record. Everything you record is kept in the log under your account and cannot be changed afterwards – only corrected by a correction.",
        "recorded": "Recorded as", "alreadyRecorded": "It was already recorded (the form was sent twice), as",
        "recentlyRecorded": "What you recorded lately", "nothingYet": "You have not recorded anything yet.",
        "formHasErrors": "The form has errors – see the marks beside the fields.", "requiredNote": "required field",
        "recordButton": "Record", "next": "Next", "cancel": "Cancel",
        "correctionIntro": "Choose the event to correct. Its details are then shown as they are now, and you change what is wrong.",
        "correctionOf": "Correction of", "correctionHow": "Change what is wrong and give the reason; the old stays in the log.",
        "logIntro": "Every event in the log, in the order recorded. Filter by type, stream, period, or what was known at a moment.",
        "event": "Event", "envelope": "Envelope", "payload": "Payload", "inclusionProof": "Proof that the event is in the log",
        "eventType": "Event type", "all": "All", "stream": "Stream", "streamHint": "For example control-SN-2024-LAK.",
        "effectivePeriod": "Period (effective)", "filter": "Filter", "logSize": "the log has", "recordedCol": "Recorded",
        "effectiveCol": "Effective", "what": "Id", "actor": "By", "nextPage": "Next page",
        "verifyIntro": "The log is checked from the start: each event's digest, the hash chain, the Merkle tree and the derived records.",
        "verifyOk": "Verification passed:", "verifyFailed": "Verification failed.", "anchorChecked": "Checked against",
        "anchorHolds": "holds.", "testStore": "Test store: the clock may be pinned.", "anchorHeading": "The anchor for the minutes",
        "anchorIntro": "Write the line below into the committee's minutes when the report is adopted. It binds the log as it is now; any later change to what was there shows when verified.",
        "anchorCommand": "Check it later with", "latestCheckpoint": "Latest stored checkpoint", "treeSize": "Tree size",
        "root": "Root", "time": "Time", "signed": "Signed", "yes": "yes", "no": "no", "noCheckpoint": "No checkpoint stored yet (ik checkpoint).",
        "checkAnchor": "Check an anchor from the minutes", "anchorFromMinutes": "Anchor", "anchorHint": "SIZE:ROOT, e.g. 122:63e0c848…",
        "verifyButton": "Verify",
        "downloadsIntro": "Exports of the log and the figures for a period as known at a moment, and proofs from the Merkle tree.",
        "exports": "Exports", "proofs": "Proofs", "eventSeq": "The event's seq", "emptyNow": "Empty: the log now.",
        "downloadProof": "Download the proof", "consistencyProof": "Proof that the log only grew", "fromSize": "From size", "toSize": "To size",
        "export.log": "The log (JSON Lines, for verify-export.py)", "export.state": "State", "export.trend": "Trend",
        "export.deviations": "Deviations", "export.actions": "Actions",
        "navTrend": "Trend", "navDiff": "Compare", "bucket": "Buckets", "bucket.year": "year", "bucket.half": "half year",
        "bucket.tertial": "tertial", "bucket.quarter": "quarter", "bucket.month": "month", "trendTable": "Trend by period",
        "trendIntro": "Examined and deviating by period, and the deviation rate, as known at a chosen moment.",
        "diffIntro": "What was added or changed in the figures between two moments: for example between the interim report and the year end.",
        "diffFrom": "Known at (earlier)", "diffFromHint": "Date and time (Swedish time).", "diffTo": "Known at (later)",
        "compare": "Compare", "diffLine": "The difference between", "diffTable": "Changes",
    ]
}
