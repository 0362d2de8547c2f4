import EventLog
import Foundation
import Hummingbird

/// The JSON API under `/api/v1` (Schemas/openapi.json): every route parses its request, calls the same library as
/// the command line, and renders. Routes only: authentication, request ids and limits are the server's middleware.
public struct APIRoutes<Context: APIRequestContext>: Sendable {
    let services: APIServices

    public init(services: APIServices) { self.services = services }

    /// Adds the routes under `/api/v1` to `router`.
    public func register(on router: Router<Context>) {
        // The C2SP place of a log's checkpoint note: at the root, beside /api/v1/checkpoint?format=note.
        router.get("checkpoint") { request, context in
            _ = try context.require(.verify)
            let q = try QueryParameters(request, allowed: ["nonce", "time"])
            return try await TreeRoutes<Context>(services: services).checkpointNote(nonce: q.string("nonce"),
                                                                                     time: q.string("time"))
        }
        let group = router.group("api/v1")
        EventRoutes<Context>(services: services).register(on: group)
        FigureRoutes<Context>(services: services).register(on: group)
        LogRoutes<Context>(services: services).register(on: group)
        TreeRoutes<Context>(services: services).register(on: group)
        ExportRoutes<Context>(services: services).register(on: group)
        AccountRoutes<Context>(services: services).register(on: group)
        let document = OpenAPIDocument.bytes ?? []
        group.get("openapi.json") { _, _ in Reply.bytes(document, contentType: "application/json") }
    }

}

/// Schemas/openapi.json, as built into the program.
public enum OpenAPIDocument {
    /// The methods the document gives for `path` (a full path, `/api/v1/…`); empty for a path it does not describe.
    public static func methods(of path: String) -> [String] {
        guard path.hasPrefix(prefix) else { return [] }
        return methods[String(path.dropFirst(prefix.count))] ?? []
    }

    static let prefix = "/api/v1"

    /// The document, or `nil` when the program was installed without its resource bundle (`IKStore_API.resources`
    /// beside the binary): the server then refuses to start rather than serve an empty document.
    public static let bytes: [UInt8]? = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url), let document = try? JSONParser.parse(Array(data)),
            document["openapi"] != nil, document["paths"]?.objectValue?.isEmpty == false
        else { return nil }
        return Array(data)
    }()

    /// Path → methods (upper case), from the document's `paths`.
    static let methods: [String: [String]] = {
        guard let bytes, let document = try? JSONParser.parse(bytes), let paths = document["paths"]?.objectValue else { return [:] }
        return paths.mapValues { item in (item.objectValue?.keys.map { $0.uppercased() } ?? []).sorted() }
    }()
}
