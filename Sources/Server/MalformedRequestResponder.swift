import API
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP parser refuses before any route sees it (two or a negative `Content-Length`, an
/// oversized header, a bad request line) with a 400 `malformed-request` problem document naming what was wrong and
/// `Connection: close`, instead of Hummingbird's bare 400 (HTTPChannelHandler.swift, written with no body).
///
/// It answers only between requests: when the error comes after a request was read whole but before its response
/// ended (a bad request pipelined behind a good one), the answer waits for that response. An error in the body of a
/// request the application is reading goes on to it (its own 400, ``Problem/malformedBody``).
final class MalformedRequestResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a refused client has to read the answer before the connection is closed whole (its output is closed
    /// at once; reading on until then keeps the rest of its request from resetting the connection before it is read).
    let linger: TimeAmount
    /// A request head reached the application and its response has not ended.
    private var answering = false
    /// A request's head arrived and its end has not.
    private var reading = false
    /// A parser error that came while a response was being written: answered once it has ended.
    private var held: HTTPParserError?
    private var refused = false

    init(linger: TimeAmount = .seconds(2)) {
        self.linger = linger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head:
            answering = true
            reading = true
        case .body: break
        case .end: reading = false
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        answering = false
        context.write(data, promise: promise)
        if let held {
            self.held = nil
            refuse(held, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, !reading, !refused else {
            context.fireErrorCaught(error)
            return
        }
        if answering {
            held = parserError
        } else {
            refuse(parserError, context: context)
        }
    }

    /// Writes the problem document for `parserError`, closes the output, and the connection `linger` later.
    private func refuse(_ parserError: HTTPParserError, context: ChannelHandlerContext) {
        refused = true
        let requestID = ServerContext.newRequestID()
        let body = Self.document(for: parserError, requestID: requestID)
        // The request's log line, as RequestMiddleware writes for the others (no account: nothing was read).
        Logger(label: "ikstore").info("request", metadata: [
            "hb.request.id": "\(requestID)", "status": "400", "parserError": "\(parserError)",
            "client": "\(context.channel.remoteAddress?.ipAddress ?? "unknown")", "account": "-",
        ])
        let head = HTTPResponse(status: .badRequest, headerFields: [
            .contentType: "application/problem+json", .cacheControl: "no-store", .connection: "close",
            .contentLength: String(body.readableBytes), HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = context.channel
        let linger = linger
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: linger) { channel.close(promise: nil) }
        }
    }

    /// The problem document for `error`: what was wrong in words, never a byte of the request.
    static func document(for error: HTTPParserError, requestID: String) -> ByteBuffer {
        let problem = Problem(.badRequest, "malformed-request", title: "The request is malformed",
                              detail: "It could not be read as HTTP/1.1: \(reason(error)). Nothing was done; the "
                                  + "connection is closed. Send the request again, well-formed.",
                              extra: ["parserError": .string("\(error)")])
        return ByteBuffer(string: problem.json(requestID: requestID).prettyPrinted() + "\n")
    }

    /// What was wrong, in words.
    static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .unexpectedContentLength:
            "its Content-Length is given more than once, or together with Transfer-Encoding"
        case .invalidContentLength: "its Content-Length is not a non-negative decimal number"
        case .headerOverflow:
            "its head is too large (at most 80 KiB for one header line, 80 KiB for all headers, 1,000 header lines)"
        case .invalidMethod: "its request line's method is not valid"
        case .invalidURL: "its request line's target is not valid"
        case .invalidVersion: "its request line's HTTP version is not valid"
        case .invalidHeaderToken: "a header name or value has a character not allowed there"
        case .invalidCharactersUsed: "a character not allowed in the request line or headers"
        case .lfExpected: "a line does not end in CR LF"
        case .invalidChunkSize: "a chunk size is not hexadecimal"
        case .invalidEOFState: "the request ended before it was complete"
        default: "the parser refused it (\(error.debugDescription))"
        }
    }
}
