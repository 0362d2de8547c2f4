/// The web pages' cookies: all HttpOnly, SameSite=Strict, path `/`, and Secure when the server speaks TLS.
enum WebCookies {
    /// The session's random id.
    static let session = "ik_session"
    /// The sign-in form's CSRF token (there is no session yet): the form must send the cookie's value back.
    static let signIn = "ik_signin"
    /// The language chosen with `?lang=`.
    static let language = "ik_lang"

    static func header(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Strict"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    static func clearing(_ name: String, secure: Bool) -> String { header(name, "", secure: secure, maxAge: 0) }
}
