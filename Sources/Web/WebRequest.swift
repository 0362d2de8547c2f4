import Accounts
import Foundation
import Hummingbird
import Reports

/// What a page needs to know about its request: the language, who is signed in, the session (its CSRF token), and
/// where it is (for the navigation and the language link).
struct WebRequest {
    let language: Language
    let principal: Principal?
    let session: WebSession?
    let path: String
    let query: [(name: String, value: String)]
    /// Set when `?lang=` chose a language: it is remembered in a cookie.
    let languageCookie: String?

    init(_ request: Request, principal: Principal?, session: WebSession?, secure: Bool) {
        self.principal = principal
        self.session = session
        path = request.uri.path
        // A GET form sends its fields form-encoded (a space as `+`): read as a POST's body is.
        query = FormBody(encoded: request.uri.query ?? "").fields
        if let asked = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) {
            language = asked
            languageCookie = WebCookies.header(WebCookies.language, asked.rawValue, secure: secure, maxAge: 365 * 86400)
        } else {
            language = request.cookies[WebCookies.language].flatMap { Language(rawValue: $0.value) } ?? Language.standard
            languageCookie = nil
        }
    }

    var text: [String: String] { WebText.table(language) }

    func t(_ key: String) -> String { text[key] ?? key }

    /// The account signed in, when its role may do `permission`.
    func require(_ permission: Permission) throws -> Principal {
        guard let principal else { throw WebError.unauthenticated }
        guard principal.may(permission) else { throw WebError.forbidden(permission) }
        return principal
    }

    func may(_ permission: Permission) -> Bool { principal?.may(permission) ?? false }

    /// A query parameter (the last `lang` aside, parameters are read by name).
    func parameter(_ name: String) -> String? {
        query.first { $0.name == name }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// This page's address with `lang` set to `other`.
    func languageLink(_ other: Language) -> String {
        let kept = query.filter { $0.name != "lang" } + [("lang", other.rawValue)]
        return path + "?" + kept.map { Self.escape($0.name) + "=" + Self.escape($0.value) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// `path?name=value&…` with empty values left out.
    static func link(_ path: String, _ parameters: [(String, String?)]) -> String {
        let kept = parameters.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : escape(name) + "=" + escape($0) } }
        return kept.isEmpty ? path : path + "?" + kept.joined(separator: "&")
    }

    /// The pages of the navigation, by what the role may do.
    static let navigation: [(path: String, key: String, permission: Permission)] = [
        ("/plans", "navPlans", .append),
        ("/record", "navRecord", .append),
        ("/state", "navState", .readFigures),
        ("/trend", "navTrend", .readFigures),
        ("/diff", "navDiff", .readLog),
        ("/log", "navLog", .readLog),
        ("/verify", "navVerify", .verify),
        ("/downloads", "navDownloads", .export),
        ("/report", "navReport", .readFigures),
    ]

    var layoutData: [String: Any] {
        var data: [String: Any] = ["t": text, "lang": language.rawValue]
        let other: Language = language == .sv ? .en : .sv
        data["otherLanguageLink"] = languageLink(other)
        data["otherLanguageName"] = other == .sv ? "Svenska" : "English"
        data["otherLanguageCode"] = other.rawValue
        if let principal, let session {
            data["user"] = ["account": principal.account, "role": language == .sv ? principal.role.swedish : principal.role.rawValue]
            data["csrf"] = session.csrf
            data["nav"] = Self.navigation.filter { principal.may($0.permission) }.map { item -> [String: Any] in
                ["href": item.path, "label": t(item.key), "current": path == item.path]
            }
        }
        return data
    }
}
