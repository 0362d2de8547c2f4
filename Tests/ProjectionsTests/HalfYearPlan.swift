import EventLog
import Foundation
import InternalControl

@testable import Projections

/// The half-year plan of issue 12, as drafts: a social committee's plan for 2015 with 19 risk areas, one control
/// point each. C01–C07 are due in the first half, C08–C09 in both halves, C10–C19 in the second half. First half:
/// C01–C05 med anmärkning, C06–C08 utan anmärkning, C09 performed in part (ej bedömd). Second half: C08, C09,
/// C10–C18 performed, C19 not.
enum HalfYearPlan {
    static let planId = "SCN15"

    static func id(_ n: Int) -> String { "\(planId)-C" + (n < 10 ? "0" : "") + "\(n)" }

    static func schedule(_ n: Int) -> [String] {
        switch n {
        case 1...7: ["2015-H1"]
        case 8...9: ["2015-H1", "2015-H2"]
        default: ["2015-H2"]
        }
    }

    static func draft(_ type: String, _ payload: String, effective: String? = nil) -> String {
        #"{"type":"\#(type)""# + (effective.map { #","effectiveAt":"\#($0)""# } ?? "") + #","payload":{\#(payload)}}"#
    }

    /// The plan, its risk areas and control points.
    static var plan: [String] {
        var lines = [draft("PlanAdopted", #""planId":"\#(planId)","organisation":"Socialnämnden","year":2015,"adoptedOn":"2015-01-21","decisionRef":"SN 2015/12","reportTo":["Socialnämnden","Kommunstyrelsen"]"#)]
        for n in 1...19 {
            let risk = #"{"likelihood":\#(1 + n % 4),"consequence":\#(1 + (n / 4) % 4)}"#
            lines.append(draft("RiskAreaAdded", #""riskAreaId":"\#(planId)-R\#(n)","planId":"\#(planId)","title":"Riskområde \#(n)","risk":\#(risk)"#,
                               effective: "2015-01-21"))
            let schedule = schedule(n).map { "\"\($0)\"" }.joined(separator: ",")
            lines.append(draft("ControlPointAdded", #""controlId":"\#(id(n))","planId":"\#(planId)","riskAreaId":"\#(planId)-R\#(n)","area":"Område \#(n)","title":"Kontroll \#(n)","frequency":"semiannual","schedule":[\#(schedule)],"risk":\#(risk)"#,
                               effective: "2015-01-21"))
        }
        return lines
    }

    static func result(_ n: Int, half: Int, assessment: String, partial: Bool = false) -> String {
        let on = half == 1 ? "2015-06-20" : "2015-12-10"
        let period = half == 1 ? #"{"from":"2015-01-01","to":"2015-06-30"}"# : #"{"from":"2015-07-01","to":"2015-12-31"}"#
        let deviating = assessment == "unsatisfactory" ? 3 : 0
        return draft("ControlPerformed", #""performanceId":"\#(id(n))-H\#(half)","controlId":"\#(id(n))","performedOn":"\#(on)","period":\#(period),"examined":10,"deviating":\#(deviating),"assessment":"\#(assessment)""#
            + (partial ? #","coverage":"partial""# : ""))
    }

    static var firstHalf: [String] {
        (1...5).map { result($0, half: 1, assessment: "unsatisfactory") }
            + (6...8).map { result($0, half: 1, assessment: "satisfactory") }
            + [result(9, half: 1, assessment: "undetermined", partial: true)]
    }

    static var secondHalf: [String] {
        (8...18).map { result($0, half: 2, assessment: $0 % 3 == 0 ? "partly-satisfactory" : "satisfactory") }
    }
}
