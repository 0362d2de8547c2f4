import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request's answer as it arrives, handed from URLSession's queue to the thread waiting in ``LeaderClient``.
final class Exchange: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var data: [UInt8] = []
    private var status: Int?
    private var error: (any Error)?
    private var overLimit = false
    private var progress = DispatchTime.now().uptimeNanoseconds
    let limit: Int
    /// Signalled once, when the request ended.
    let done = DispatchSemaphore(value: 0)

    init(limit: Int) { self.limit = limit }

    /// When a byte last arrived (or the request started), in `DispatchTime` nanoseconds.
    var lastProgress: UInt64 { lock.withLock { progress } }

    var outcome: (data: [UInt8], status: Int?, error: (any Error)?, tooLarge: Bool) {
        lock.withLock { (data, status, error, overLimit) }
    }

    func started(status: Int, expectedLength: Int64) -> Bool {
        lock.withLock {
            self.status = status
            progress = DispatchTime.now().uptimeNanoseconds
            if expectedLength > Int64(limit) { overLimit = true }
            return !overLimit
        }
    }

    /// Keeps `bytes`, or refuses them (and everything after) once the answer would pass the limit.
    func received(_ bytes: Data) -> Bool {
        lock.withLock {
            progress = DispatchTime.now().uptimeNanoseconds
            guard !overLimit, data.count + bytes.count <= limit else {
                overLimit = true
                data = []
                return false
            }
            data.append(contentsOf: bytes)
            return true
        }
    }

    func finished(error: (any Error)?) {
        lock.withLock { self.error = error }
        done.signal()
    }
}

/// The delegate of a ``LeaderClient``'s session: routes each task's events to its ``Exchange``.
final class ExchangeTable: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // @unchecked: `open` is only touched under `lock`.
    private let lock = NSLock()
    private var open: [Int: Exchange] = [:]

    func add(_ exchange: Exchange, for task: Int) { lock.withLock { open[task] = exchange } }

    private func exchange(_ task: URLSessionTask) -> Exchange? { lock.withLock { open[task.taskIdentifier] } }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let keep = exchange(dataTask)?.started(status: status, expectedLength: response.expectedContentLength) ?? false
        completionHandler(keep ? .allow : .cancel)
    }

    /// A leader's answers are never redirects: following one would send the token to wherever it points (another
    /// host, plain http). The redirect itself is the answer (a refusal: the leader is unreachable).
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        if exchange(dataTask)?.received(data) == false { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let done = lock.withLock { open.removeValue(forKey: task.taskIdentifier) }
        done?.finished(error: error)
    }
}
