import Foundation

/// A stand-in leader on 127.0.0.1 at a free port: it accepts every connection and either never answers (a link that
/// went dead under a request) or reads the request and answers `answer` whole, then closes. It stops when released.
final class LoopbackResponder {
    let port: Int
    private let fd: Int32
    private let control = Control()

    /// Tells the accepting thread to stop, and says when it has.
    final class Control: @unchecked Sendable {
        // @unchecked: `stopped` is only touched under `lock`.
        private let lock = NSLock()
        private var stopped = false
        let finished = DispatchSemaphore(value: 0)
        var isStopped: Bool { lock.withLock { stopped } }
        func stop() { lock.withLock { stopped = true } }
    }

    init(answer: [UInt8]?) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let listener = fd
        let control = control
        Thread.detachNewThread {
            var held: [Int32] = []
            while !control.isStopped {
                var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, 100) == 1 else { continue }
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { continue }
                guard let answer else {
                    held.append(connection)
                    continue
                }
                Self.readRequest(connection)
                answer.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let sent = send(connection, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                        if sent <= 0 { break }
                        offset += sent
                    }
                }
                close(connection)
            }
            held.forEach { close($0) }
            control.finished.signal()
        }
    }

    /// Reads up to the end of the request's head (requests to a leader carry no body worth reading here).
    private static func readRequest(_ connection: Int32) {
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: head, as: UTF8.self).contains("\r\n\r\n") {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return }
            head += buffer[..<count]
        }
    }

    deinit {
        control.stop()
        control.finished.wait()
        close(fd)
    }
}
