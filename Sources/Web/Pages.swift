import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The page templates (bundled resources, `Templates/*.mustache`) and the layout around every page.
struct Pages: Sendable {
    let library: MustacheLibrary

    /// - Throws: ``PagesError`` when the bundle lacks the templates or one does not parse.
    init() throws {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw PagesError.missing("Templates")
        }
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }
        for name in names.sorted() {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw PagesError.unparsable(name, "\(error)")
            }
        }
        self.library = library
    }

    /// `template` filled with `data`, inside the layout, as an HTML response.
    func page(_ template: String, title: String, data: [String: Any], web: WebRequest,
              status: HTTPResponse.Status = .ok) -> Response {
        var values = data
        values["t"] = web.text
        values["lang"] = web.language.rawValue
        let body = library.render(values, withTemplate: template) ?? ""
        var layout = web.layoutData
        layout["title"] = title
        layout["body"] = body
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Self.html(html, status: status, web: web)
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok, web: WebRequest?) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        if let cookie = web?.languageCookie { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// 303 to `location` (after a POST, so that reloading the page does not send the form again).
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// No script but our own file, no framing, no form posting elsewhere, nothing cached.
    static var securityHeaders: HTTPFields {
        [
            .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
                + "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
        ]
    }
}

/// The templates could not be loaded: the program was installed without its resource bundle.
enum PagesError: Error, CustomStringConvertible {
    case missing(String)
    case unparsable(String, String)

    var description: String {
        switch self {
        case .missing(let name):
            "the web pages' \(name) are missing: install IKStore_Web.resources beside the ik binary"
        case .unparsable(let name, let error): "the template \(name) does not parse: \(error)"
        }
    }
}
