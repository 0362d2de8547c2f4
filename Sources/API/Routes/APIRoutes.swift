import Foundation
import Hummingbird

/// The JSON API under `/api/v1` (Schemas/openapi.json): every route parses its request, calls the same library as
/// the command line, and renders. Routes only: authentication, request ids and limits are the server's middleware.
public struct APIRoutes<Context: APIRequestContext>: Sendable {
    let services: APIServices

    public init(services: APIServices) { self.services = services }

    /// Adds the routes under `/api/v1` to `router`.
    public func register(on router: Router<Context>) {
        let group = router.group("api/v1")
        EventRoutes<Context>(services: services).register(on: group)
        FigureRoutes<Context>(services: services).register(on: group)
        LogRoutes<Context>(services: services).register(on: group)
        TreeRoutes<Context>(services: services).register(on: group)
        ExportRoutes<Context>(services: services).register(on: group)
        AccountRoutes<Context>(services: services).register(on: group)
        let document = Self.openAPIDocument
        group.get("openapi.json") { _, _ in Reply.bytes(document, contentType: "application/json") }
    }

    /// Schemas/openapi.json, as built into the program.
    public static var openAPIDocument: [UInt8] { OpenAPIDocument.bytes }
}

/// Schemas/openapi.json, as built into the program.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array("{}".utf8) }
        return Array(data)
    }()
}
