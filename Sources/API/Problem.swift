import Accounts
import EventLog
import Hummingbird
import NIOCore

/// An RFC 9457 problem document (`application/problem+json`): what went wrong, for people (`title`, `detail`) and
/// programs (`type`, `status`, and for refused drafts every problem with its draft index, line, JSON path, value
/// and rule). Nothing a client sent ever goes into a header, and values in the body are JSON-escaped.
public struct Problem: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// A short slug: the problem's type is `https://schemas.ikstore.se/v1/problems/SLUG`.
    public let slug: String
    public let title: String
    public let detail: String
    /// More members (`problems`, `retryAfter`, …).
    public var extra: [String: JSONValue] = [:]
    /// Seconds to wait, for 429 and 503 (also sent as `Retry-After`).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ slug: String, title: String, detail: String,
                extra: [String: JSONValue] = [:], retryAfter: Int? = nil) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.extra = extra
        self.retryAfter = retryAfter
    }

    public static let typeBase = "https://schemas.ikstore.se/v1/problems/"

    /// The document.
    public func json(requestID: String?) -> JSONValue {
        var members = extra
        members["type"] = .string(Self.typeBase + slug)
        members["title"] = .string(title)
        members["status"] = .integer(Int64(status.code))
        members["detail"] = .string(detail)
        if let requestID { members["requestId"] = .string(requestID) }
        if let retryAfter { members["retryAfter"] = .integer(Int64(retryAfter)) }
        return .object(members)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response(requestID: context.id)
    }

    /// The response carrying the document.
    public func response(requestID: String?) -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json", .cacheControl: "no-store"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"IKStore\"" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let bytes = Array((json(requestID: requestID).prettyPrinted() + "\n").utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension Problem {
    public static let unauthenticated = Problem(
        .unauthorized, "unauthenticated", title: "Sign in first",
        detail: "Send an API token as Authorization: Bearer TOKEN (ik user token NAME prints one), "
            + "or get one from POST /api/v1/login.")

    public static let badToken = Problem(
        .unauthorized, "bad-token", title: "The token is not valid",
        detail: "No active account has this token: it was mistyped, or the account was disabled. Ask an owner for a new one.")

    public static func forbidden(_ principal: Principal, _ permission: Permission) -> Problem {
        Problem(.forbidden, "forbidden", title: "Your role does not allow this",
                detail: "\(principal.account) is \(principal.role.rawValue), which may not \(permission.phrase).",
                extra: ["role": .string(principal.role.rawValue), "permission": .string(permission.rawValue)])
    }

    public static func badParameter(_ name: String, _ value: String?, _ rule: String) -> Problem {
        var extra: [String: JSONValue] = ["parameter": .string(name)]
        if let value { extra["value"] = .string(VisibleText.escaped(value.count > 80 ? String(value.prefix(77)) + "…" : value)) }
        return Problem(.badRequest, "bad-parameter", title: "A query parameter is not valid",
                       detail: "\(name): \(rule)", extra: extra)
    }

    /// An account had its `perWindow` tokens by signing in within the hour (``LoginTokenLimit``).
    public static func tooManyTokens(retryAfter: Int, perWindow: Int) -> Problem {
        Problem(.tooManyRequests, "too-many-tokens", title: "Too many tokens for this account",
                detail: "This account was given \(perWindow) tokens by signing in within the last hour; "
                    + "use one of them, or sign in again after Retry-After seconds.", retryAfter: retryAfter)
    }

    public static func tooManyAttempts(_ refusal: SignInThrottle.Refusal) -> Problem {
        let wait = refusal.retryAfter
        switch refusal.reason {
        case .failures:
            return Problem(.tooManyRequests, "too-many-attempts", title: "Too many failed sign-ins",
                           detail: "Wait \(wait) seconds before trying again.", retryAfter: wait)
        case .checks:
            return Problem(.tooManyRequests, "too-many-attempts", title: "Too many sign-ins",
                           detail: "This account signed in too often from this address within a minute. Wait \(wait) seconds before trying again.",
                           retryAfter: wait)
        }
    }

    /// Another process (an `ik append`, `ik redact` or a stopped writer) held the store's writer lock for as long as
    /// the server waits (`ik serve --wait`): nothing was appended, and trying again later will do.
    public static func storeBusy(waited: Double) -> Problem {
        Problem(.serviceUnavailable, "store-busy", title: "The store is busy",
                detail: "Another writer held the store for \(Int(waited.rounded())) s, as long as this server waits; "
                    + "nothing was appended. Send the same request again shortly.", retryAfter: 5)
    }

    /// A write (an append, a dry run, a token) to a replica, which only its leader's events enter.
    public static func replica(leader: String) -> Problem {
        Problem(.forbidden, "replica", title: "This server serves a replica",
                detail: "Only its leader's events enter it: append to \(leader). Nothing was appended.")
    }

    public static func notFound(_ path: String) -> Problem {
        Problem(.notFound, "not-found", title: "No such resource",
                detail: "Nothing is served at this path; the API is described at /api/v1/openapi.json.")
    }

    /// A body that is not well-formed HTTP (a chunk size that is not hex, a body cut short).
    public static let malformedBody = Problem(
        .badRequest, "malformed-request", title: "The request is malformed",
        detail: "Its body could not be read as HTTP (a chunk size that is not hexadecimal, or a body cut short); "
            + "nothing was appended. Send the request again, whole.")

    public static func bodyTooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, "body-too-large", title: "The request body is too large",
                detail: "At most \(limit) bytes are read; nothing was appended. Send the drafts in smaller requests.",
                extra: ["limit": .integer(Int64(limit))])
    }
}

extension Permission {
    /// What the permission allows, in words.
    var phrase: String {
        switch self {
        case .append: "append events"
        case .readFigures: "read state, trend and reports"
        case .readLog: "read the log"
        case .verify: "verify the store"
        case .export: "export"
        case .proofs: "take proofs"
        case .manageAccounts: "manage accounts"
        }
    }
}
