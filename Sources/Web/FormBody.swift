import Foundation
import Hummingbird
import NIOCore

/// A form's fields (`application/x-www-form-urlencoded`), read whole up to a limit before anything else happens.
struct FormBody: Sendable {
    private(set) var fields: [(name: String, value: String)] = []

    init(fields: [(name: String, value: String)]) { self.fields = fields }

    /// - Throws: ``WebError/badForm`` for another media type or a malformed body, ``WebError/tooLarge`` beyond `limit` bytes.
    static func read(_ request: Request, limit: Int = 256 * 1024) async throws -> FormBody {
        let type = (request.headers[.contentType] ?? "").split(separator: ";").first?.lowercased() ?? ""
        guard type == "application/x-www-form-urlencoded" else { throw WebError.badForm }
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw WebError.tooLarge
        } catch let error as CancellationError {
            throw error
        } catch {
            // A body that is not well-formed HTTP (a chunk size that is not hex, a body cut short): 400, not 500.
            throw WebError.badForm
        }
        return FormBody(encoded: buffer.readString(length: buffer.readableBytes) ?? "")
    }

    init(encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields.append((name, value))
        }
    }

    /// The first value of `name`.
    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
