import EventLog
import Hummingbird
import Projections

/// `GET /verify`: the store verified as `ik verify` does (``StoreVerification``: log, tree, caches), optionally
/// against an anchor written in earlier minutes; the latest stored checkpoint; and the anchor line to write into
/// the minutes now.
struct VerifyPage<Context: WebRequestContext> {
    let routes: WebRoutes<Context>

    func register(on group: RouterGroup<Context>) {
        group.get("verify") { request, context in
            await routes.page(request, context) { web in try await verify(web) }
        }
    }

    func verify(_ web: WebRequest) async throws -> Response {
        _ = try web.require(.verify)
        let anchorText = web.parameter("anchor")
        let anchors: [Anchor] = try anchorText.map { text -> [Anchor] in
            guard let anchor = Anchor(text.trimmingCharacters(in: .whitespaces)) else {
                throw WebError.badParameter("anchor", text, "SIZE:ROOT, a number, a colon and 64 hex digits")
            }
            return [anchor]
        } ?? []
        let store = routes.services.store
        let (report, checkpoint) = try await routes.services.blocking.run { () -> (VerificationReport, Checkpoint?) in
            let report = try StoreVerification.report(of: store, anchors: anchors)
            let checkpoint = try store.read { view in try view.storedCheckpoints().checkpoints.last }
            return (report, checkpoint)
        }
        let anchor = "\(report.treeSize):\(report.root.hex)"
        let problems: [[String: Any]] = report.problems.map {
            ["check": $0.check, "detail": $0.detail, "seq": $0.seq.map(String.init) ?? "–"]
        }
        var data: [String: Any] = ["intact": report.isIntact, "treeSize": report.treeSize, "root": report.root.hex]
        data["problems"] = problems
        data["anchorLine"] = anchor
        data["command"] = "ik verify --anchor " + anchor
        data["anchorAsked"] = anchorText ?? false
        data["anchorValue"] = anchorText ?? ""
        data["testStore"] = store.isTestStore
        if let checkpoint {
            data["checkpoint"] = ["treeSize": checkpoint.treeSize, "root": checkpoint.root.hex, "time": checkpoint.time.description,
                                  "signed": checkpoint.signature != nil, "publicKey": checkpoint.publicKey ?? ""] as [String: Any]
        } else {
            data["checkpoint"] = false
        }
        return routes.pages.page("verify", title: web.t("navVerify"), data: data, web: web)
    }
}
