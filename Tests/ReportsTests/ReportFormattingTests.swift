import Foundation
import EventLog
import Testing

@testable import Reports

/// The words and numbers of reports, as the seed reports write them.
struct ReportFormattingTests {
    @Test func ratiosAreWrittenAsTheSeedsWriteThemWithPercentagesCutNotRounded() {
        let sv = ReportBuilder(language: .sv)
        #expect(sv.ratio(121, 144) == "121 av 144 (84\u{00A0}%)")
        // 119 of 199 is 59.79 %: the seed writes 59 %, so the percentage is cut.
        #expect(sv.ratio(119, 199) == "119 av 199 (59\u{00A0}%)")
        #expect(ReportBuilder(language: .sv, decimals: 1).ratio(43, 73) == "43 av 73 (58,9\u{00A0}%)")
        #expect(ReportBuilder(language: .en, decimals: 1).ratio(43, 73) == "43 of 73 (58.9\u{00A0}%)")
    }

    @Test func numbersGroupThousandsAsEachLanguageDoes() {
        #expect(Language.sv.number(1_234_567) == "1\u{00A0}234\u{00A0}567")
        #expect(Language.en.number(1_234_567) == "1,234,567")
        #expect(Language.sv.number(999) == "999")
        #expect(Language.sv.number(-1000) == "−1\u{00A0}000")
        #expect(Language.sv.percent(nil) == "–")
    }

    @Test func aFullYearIsNamedAndOtherPeriodsShowTheirDates() throws {
        let sv = ReportBuilder(language: .sv)
        let year = try #require(Period("2024"))
        let tertial = try #require(Period("2024-T2"))
        #expect(sv.periodText(year.dates).hasSuffix("2024"))
        #expect(sv.periodText(year.dates) != "2024-01-01 – 2024-12-31")
        #expect(sv.periodText(tertial.dates) == "2024-05-01 – 2024-08-31")
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

    @Test func everyLabelHasBothLanguagesAndEnglishHasNoSwedishLetters() {
        for (key, words) in Labels.table {
            #expect(!words.sv.isEmpty && !words.en.isEmpty, "\(key)")
            #expect(!words.en.contains { "åäöÅÄÖ".contains($0) }, "\(key): \(words.en)")
        }
    }
}
