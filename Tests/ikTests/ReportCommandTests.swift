import Foundation
import Testing

/// The committee reports of the three seeds, through the built binary.
@Suite(.serialized) struct ReportCommandTests {
    static let nbsp = "\u{00A0}"

    static func seeded() throws -> Workspace {
        let w = Workspace()
        let result = try w.ik.run(["seed"])
        try result.requireSuccess()
        return w
    }

    static let figures: [(plan: String, extra: [String], figures: [String])] = [
        ("SN-2024", ["--as-of", "2025-02-11"], [
            "121 av 144 (84\(nbsp)%)", "17 av 34 (50\(nbsp)%)", "23 av 50 (46\(nbsp)%)", "40 av 84", "varav allvarliga 7",
            "varav allvarliga 6", "varav allvarliga 1", "119 av 199 (60\(nbsp)%)", "53 av 98", "16 av 41",
            "72 av 72 (100\(nbsp)%)", "49 av 72 (68\(nbsp)%)", "Totalt: 41", "Totalt: 3", "Funktionsstöd",
            "totalt 6 kontrollmoment", "Socialchef", "Helår 2024", "2025-02-11",
        ]),
        ("SOC-2022", [], ["80 av 163 (49\(nbsp)%)", "47 av 58", "33 av 58", "totalt 14 kontrollmoment", "Socialnämnden"]),
        ("SDF-2013", ["--decimals", "1"], [
            "43 av 73 (58,9\(nbsp)%)", "21 av 73", "38 av 100", "ej genomförd (2014-10-31)", "pågår (2014-10-31)",
            "totalt 7 kontrollmoment", "Stadsdelsnämnden",
        ]),
    ]

    @Test func everySeedReportHoldsItsFiguresInMarkdownAndHTML() throws {
        let w = try Self.seeded()
        for (plan, extra, figures) in Self.figures {
            for format in ["md", "html"] {
                let result = try w.ik.run(["report", "--plan", plan, "--format", format] + extra)
                #expect(result.status == 0, "\(plan) \(format): \(result.stderr)")
                for figure in figures {
                    #expect(result.stdout.contains(figure), "\(plan) \(format) lacks «\(figure)»")
                }
            }
        }
    }

    @Test func theSeedsCutPercentagesAndRoundingTruncateWritesThemSo() throws {
        let w = try Self.seeded()
        // The seed report SN-2024 writes 119 of 199 as 59 % (cut); rounded half up it is 60 %.
        let cut = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11", "--rounding", "truncate"])
        #expect(cut.status == 0 && cut.stdout.contains("119 av 199 (59\(Self.nbsp)%)"), "\(cut.stderr)")
        let bad = try w.ik.run(["report", "--plan", "SN-2024", "--rounding", "bankers"])
        #expect(bad.status == 64 && bad.stdout.isEmpty, "\(bad.stderr)")
    }

    @Test func theTrendFollowsTheReportingRhythmAndShowsCumulativeResultsAsWhatTheyAre() throws {
        let w = try Self.seeded()
        let report = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11"]).stdout
        #expect(report.contains("| jan–aug 2024, ackumulerat | 1 | 79 | 19 | 24\(Self.nbsp)% |"), "\(report)")
        #expect(report.contains("| Helår 2024 | 1 | 121 | 29 | 24\(Self.nbsp)% |"))
        #expect(report.contains("Utveckling över tid (per halvår)") && !report.contains("| 2024-T2 |"))
        let quarters = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11", "--bucket", "quarter"]).stdout
        #expect(quarters.contains("Utveckling över tid (per kvartal)") && !quarters.contains("per halvår"))
    }

    @Test func theSeedsAreNamedForWhatTheyAreNotForAFolderNoUserHas() throws {
        let w = Workspace()
        let list = try w.ik.run(["seed", "--list"]).stdout
        let demo = try w.ik.run(["demo", "--store", "demo"]).stdout
        let help = try w.ik.run(["seed", "--help"]).stdout
        for text in [list, demo, help] {
            #expect(!text.contains("shared/seeds") && !text.contains(".txt"), "\(text.prefix(300))")
        }
        #expect(demo.contains("en socialförvaltnings rapport för helåret 2024, en socialnämnds uppföljning 2022 och en stadsdels uppföljning 2014"))
        #expect(help.contains("a committee's 2022 follow-up"))
    }

    @Test func aPDFIsPrintedByChromiumOrAClearMessageSaysWhy() throws {
        let w = try Self.seeded()
        let missing = try w.ik.run(["report", "--plan", "SN-2024", "--format", "pdf", "--out", "r.pdf"],
                                   environment: ["IK_CHROMIUM": "/nonexistent/chromium"])
        #expect(missing.status == 69 && missing.stderr.contains("needs headless Chromium"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: w.path + "/r.pdf"))
        #expect(try w.ik.run(["report", "--plan", "SN-2024", "--format", "pdf"]).status == 64, "a PDF needs --out")
        guard ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].contains(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { return }
        let printed = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11", "--format", "pdf", "--out", "r.pdf"])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(try w.data("r.pdf").starts(with: Array("%PDF".utf8)))
    }

    @Test func beforeTheCorrectionTheOldFigureAfterItTheNew() throws {
        let w = try Self.seeded()
        let before = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-06"]).stdout
        let after = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-07"]).stdout
        #expect(before.contains("16 av 34 (47\(Self.nbsp)%)") && !before.contains("17 av 34"))
        #expect(after.contains("17 av 34 (50\(Self.nbsp)%)") && !after.contains("16 av 34"))
        let soc = try w.ik.run(["report", "--plan", "SOC-2022", "--as-of", "2022-05-10"]).stdout
        #expect(soc.contains("79 av 163 (48\(Self.nbsp)%)"))
    }

    @Test func theFooterRootEqualsTheCheckpointAtTheSameSize() throws {
        let w = try Self.seeded()
        let report = try w.ik.run(["report", "--plan", "SN-2024", "--format", "html"]).stdout
        let checkpoint = try w.ik.run(["checkpoint", "--no-store", "--format", "json"]).stdout
        let json = try JSONSerialization.jsonObject(with: Data(checkpoint.utf8)) as? [String: Any]
        let root = try #require(json?["root"] as? String)
        #expect(report.contains("ik verify --anchor 122:\(root)"))
        let earlier = try w.ik.run(["report", "--plan", "SN-2024", "--as-of-seq", "100"]).stdout
        #expect(earlier.contains("vid seq 100") && earlier.contains("--anchor 100:"))
    }

    @Test func twoRunsAreByteIdenticalAndJSONIsAvailable() throws {
        let w = try Self.seeded()
        for format in ["md", "html", "json"] {
            let a = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11", "--format", format]).stdout
            let b = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11", "--format", format]).stdout
            #expect(a == b && !a.isEmpty, "\(format)")
        }
        let json = try w.ik.run(["report", "--plan", "SN-2024", "--format", "json"]).stdout
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
    }

    @Test func englishHasNoSwedishLabelsLeft() throws {
        let w = try Self.seeded()
        for format in ["md", "html"] {
            let english = try w.ik.run(["report", "--plan", "SN-2024", "--lang", "en", "--format", format]).stdout
            for swedish in ["Kontrollmoment", "Bedömning", "Vidtagna åtgärder", "Förslag till åtgärder", " av 144 ", "Helår",
                            "varav allvarliga", "Nämnd/förvaltning", "Utveckling över tid", "Rapportering till", "Totalt", "mindre anmärkning",
                            "Med avvikelse", "Granskade", "Underlag och kontroll", "lang=\"sv\""] {
                #expect(!english.contains(swedish), "\(format): «\(swedish)» left in the English report")
            }
            #expect(english.contains("121 of 144 (84\(Self.nbsp)%)"))
        }
    }

    @Test func anUnknownPlanIsAClearErrorWithStatus65() throws {
        let w = try Self.seeded()
        let result = try w.ik.run(["report", "--plan", "SN-2099"])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("ik: no plan SN-2099"))
        #expect(result.stderr.contains("The plans: SDF-2013, SN-2024, SOC-2022."))
    }

    @Test func theDemoToursTheSeedsAndWritesTheReport() throws {
        let w = Workspace()
        let demo = try w.ik.run(["demo", "--store", "demo-store"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("122 händelser"))
        #expect(demo.stdout.contains("ik verify --anchor 122:"))
        #expect(FileManager.default.fileExists(atPath: w.path + "/rapport-SN-2024.html"))
        #expect(try w.ik.run(["--store", "demo-store", "verify"]).status == 0)
    }
}

/// Recorded text stays text in the Markdown report (red team 5: a title with `|` and a line break forged an overview
/// row and turned a red control point green; `<img onerror>` and remote images went through).
@Suite struct MarkdownReportTextTests {
    @Test func aTitleWithPipesAndLineBreaksForgesNoRowAndHTMLStaysText() throws {
        let w = Workspace()
        try w.initialise()
        let title = "Attest | grön: Utan anmärkning |\n| 2 | Leverantörsbetalningar | grön: Utan anmärkning"
        let result = "Nio av tio fel.\n\n## Injicerad rubrik\n<img src=x onerror=alert(1)> [mer](javascript:alert(1)) ![](http://evil.example/t.png)"
        func json(_ value: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed]), as: UTF8.self)
                .dropFirst().dropLast().description
        }
        try w.write("drafts.jsonl", """
            {"type":"PlanAdopted","payload":{"planId":"MD-2024","organisation":"Kultur","year":2024,"adoptedOn":"2024-01-10"}}
            {"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"MD-2024-A","planId":"MD-2024","area":"Ekonomi","title":\(json(title)),"frequency":"annual"}}
            {"type":"ControlPerformed","payload":{"performanceId":"MD-P1","controlId":"MD-2024-A","performedOn":"2024-05-10","examined":10,"deviating":9,"assessment":"unsatisfactory","result":\(json(result))}}

            """)
        try w.ik.run(["append", "drafts.jsonl"]).requireSuccess()
        let md = try w.ik.run(["report", "--plan", "MD-2024", "--period", "2024", "--format", "md"])
        try md.requireSuccess()
        let lines = md.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| Nr |") })
        let rows = lines[(header + 2)...].prefix { $0.hasPrefix("|") }
        #expect(rows.count == 1, "one control point, one overview row: \(Array(rows))")
        // Cells split on unescaped pipes, as GFM does: the status is the last of the header's three columns.
        let cells = rows.first.map { $0.split(separator: "|", omittingEmptySubsequences: false).reduce(into: [String]()) { cells, part in
            if let last = cells.last, last.hasSuffix("\\") { cells[cells.count - 1] = last + "|" + part } else { cells.append(String(part)) }
        } } ?? []
        #expect(cells.count == 5 && cells[3].contains("röd"), "the status cell says red: \(cells)")
        let unescaped = try Regex(#"(^|[^\\])(<img|\]\(|\[mer)"#)
        #expect(!md.stdout.contains(unescaped) && md.stdout.contains("&lt;img src=x"), "no HTML or link from recorded text")
        #expect(!md.stdout.contains("\n## Injicerad"), "no heading from recorded text")
        #expect(md.stdout.contains("Nio av tio fel."))
    }
}
