import HTTPTypes
import Hummingbird
import NIOCore

/// Downloads for auditors (exports, proofs); and the one way every download is answered.
struct DownloadRoutes<Context: WebRequestContext> {
    let routes: WebRoutes<Context>

    func register(on group: RouterGroup<Context>) {}

    /// `bytes` as a file to save, never shown inline.
    static func attachment(_ bytes: [UInt8], type: String, name: String) -> Response {
        var headers = Pages.securityHeaders
        headers[.contentType] = type
        let safe = String(name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || "0123456789-._".unicodeScalars.contains($0)) ? Character($0) : "_" })
        headers[.contentDisposition] = "attachment; filename=\"\(safe)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
