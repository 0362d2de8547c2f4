import Accounts
import Foundation
import NIOCore

/// Connections open at once, in total and per client address (IPv6: per /64, ``ClientAddress``): one beyond either is
/// closed as soon as it is accepted,
/// so that one client (say, an outsider dripping sign-in bodies over a thousand connections) cannot take every
/// connection and file descriptor the server has. A trusted reverse proxy's address has no cap of its own (all its
/// clients share it; limit them in the proxy: README, `limit_conn`).
final class ConnectionLimit: @unchecked Sendable {
    // @unchecked: the counts are only touched under `lock`.
    let total: Int
    let perAddress: Int
    let exempt: String?
    private let lock = NSLock()
    private var open = 0
    private var byAddress: [String: Int] = [:]

    init(total: Int, perAddress: Int, exempt: String?) {
        self.total = total
        self.perAddress = perAddress
        self.exempt = exempt
    }

    /// Counts a new connection from `address`, or answers false (and counts nothing) when it is one too many.
    func admit(_ address: String) -> Bool {
        lock.withLock {
            let mine = byAddress[address, default: 0]
            guard open < total, address == exempt || mine < perAddress else { return false }
            open += 1
            byAddress[address] = mine + 1
            return true
        }
    }

    func release(_ address: String) {
        lock.withLock {
            open -= 1
            let mine = byAddress[address, default: 1] - 1
            byAddress[address] = mine > 0 ? mine : nil
        }
    }

    /// The handler for one connection (the first in its pipeline after TLS).
    func handler() -> Handler { Handler(limit: self) }

    final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let limit: ConnectionLimit
        private var counted: String?

        init(limit: ConnectionLimit) { self.limit = limit }

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive { admit(context) }
        }

        func channelActive(context: ChannelHandlerContext) {
            admit(context)
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            if let counted { limit.release(counted) }
            counted = nil
            context.fireChannelInactive()
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            if let counted { limit.release(counted) }
            counted = nil
        }

        private func admit(_ context: ChannelHandlerContext) {
            guard counted == nil else { return }
            // Counted as the sign-in limits count it: IPv6 by its /64 (a proxy's own address is exempt as it is).
            let peer = context.channel.remoteAddress?.ipAddress ?? "unknown"
            let address: String
            if let exempt = limit.exempt, ClientAddress.same(peer, exempt) {
                address = exempt
            } else {
                address = ClientAddress.limitKey(peer)
            }
            if limit.admit(address) {
                counted = address
            } else {
                context.close(promise: nil)
            }
        }
    }
}
