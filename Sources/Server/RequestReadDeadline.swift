import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// A request must arrive whole (head and body) within `limit` of the connection's start or of the previous response:
/// a client that trickles its request a byte at a time (never idle, so the idle timeout never fires) is closed, so it
/// can hold neither a connection nor a server that was told to stop. No deadline runs while a request is answered.
/// A request without credentials (no `Authorization`, and outside /api no session cookie) has `anonymousLimit` from
/// its head for its body: anyone can send a sign-in, so no one may keep one open for long.
final class RequestReadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limit: TimeAmount
    let anonymousLimit: TimeAmount
    private var timer: Scheduled<Void>?

    init(limit: TimeAmount, anonymousLimit: TimeAmount) {
        self.limit = limit
        self.anonymousLimit = min(limit, anonymousLimit)
    }

    /// Whether a request carries credentials the server checks before it reads the body (a wrong token is refused
    /// at once, so the long deadline is no gift to a guesser).
    static func hasCredentials(_ head: HTTPRequest) -> Bool {
        if head.headerFields[.authorization] != nil { return true }
        guard !(head.path ?? "").hasPrefix("/api/"), let cookies = head.headerFields[.cookie] else { return false }
        return cookies.contains("ik_session=")
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): if !Self.hasCredentials(head) { arm(context, in: anonymousLimit) }
        case .body: break
        case .end: disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(context) }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, in limit: TimeAmount? = nil) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: limit ?? self.limit) { context.close(promise: nil) }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
