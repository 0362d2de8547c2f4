import API
import EventLog
import Hummingbird
import Projections

/// `GET /verify`: the store verified as `ik verify` does (``StoreVerification``: log, tree, caches), optionally
/// against a log checksum (anchor) written in earlier minutes; the checksum line to write into the minutes now; the
/// signed checkpoint note the server serves at `GET /checkpoint` (with `--checkpoint-key`) and its witnesses'
/// cosignatures; and the latest checkpoint stored by `ik checkpoint`.
struct VerifyPage<Context: WebRequestContext> {
    let routes: WebRoutes<Context>

    func register(on group: RouterGroup<Context>) {
        group.get("verify") { request, context in
            await routes.page(request, context) { web in try await verify(web) }
        }
        // The note as a file, under the page's session (GET /checkpoint is the API's: it takes a token).
        group.get("verify/note") { request, context in
            await routes.page(request, context) { web in
                _ = try web.require(.verify)
                let store = routes.services.store
                let publisher = routes.services.checkpoints
                let note = try await routes.services.blocking.run { () -> SignedNote? in
                    do { return try publisher.note(of: store) } catch CheckpointPublisherError.noKey { return nil }
                }
                guard let note else { throw WebError.notFound }
                return DownloadRoutes<Context>.attachment(Array(note.rendered.utf8), type: "text/plain; charset=utf-8",
                                                          name: "checkpoint.txt")
            }
        }
    }

    func verify(_ web: WebRequest) async throws -> Response {
        let principal = try web.require(.verify)
        let anchorText = web.parameter("anchor")
        let anchors: [Anchor] = try anchorText.map { text -> [Anchor] in
            guard let anchor = Anchor(text.trimmingCharacters(in: .whitespaces)) else {
                throw WebError.badParameter("anchor", text, "SIZE:ROOT, a number, a colon and 64 hex digits")
            }
            return [anchor]
        } ?? []
        let store = routes.services.store
        let publisher = routes.services.checkpoints
        // One verification at a time for the API and the pages, shared and kept per head (VerificationCache).
        let report = try await routes.services.verification(for: principal.account, anchors: anchors)
        let (checkpoint, note) = try await routes.services.blocking.run {
            () -> (Checkpoint?, SignedNote?) in
            let checkpoint = try store.read { view in try view.storedCheckpoints().checkpoints.last }
            // The note GET /checkpoint serves now; none when the server was started without a key.
            let note: SignedNote?
            do { note = try publisher.note(of: store) } catch CheckpointPublisherError.noKey { note = nil }
            return (checkpoint, note)
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
        if let note {
            let cosigned = note.signatures.filter { signature in publisher.witnesses.contains { $0.matches(signature) } }
            data["signedNote"] = [
                "text": note.rendered,
                "cosignatures": web.t("cosignaturesOf").replacingOccurrences(of: "{cosigned}", with: String(cosigned.count))
                    .replacingOccurrences(of: "{witnesses}", with: String(publisher.witnesses.count)),
            ] as [String: Any]
        } else {
            data["signedNote"] = false
        }
        if let checkpoint {
            data["checkpoint"] = ["treeSize": checkpoint.treeSize, "root": checkpoint.root.hex, "time": checkpoint.time.description,
                                  "signed": checkpoint.signature != nil, "publicKey": checkpoint.publicKey ?? ""] as [String: Any]
        } else {
            data["checkpoint"] = false
        }
        return routes.pages.page("verify", title: web.t("navVerify"), data: data, web: web)
    }
}
