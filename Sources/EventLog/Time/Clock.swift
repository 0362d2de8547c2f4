import Foundation

/// Where the store reads the time: the system clock, or a time pinned with `IK_NOW` for tests and demos. Only a
/// test store accepts a pinned clock; a normal store records the machine's time (``EventStore/isTestStore``).
public struct Clock: Sendable {
    /// How far the last recorded time may be ahead of the system clock before a normal store refuses to append
    /// (clocks of two machines that took turns writing, a clock set back a little): five minutes.
    public static let aheadTolerance: Int64 = 5 * 60 * 1_000_000

    /// The pinned instant, when there is one.
    public let pinned: Instant?

    /// The system clock.
    public static let system = Clock(pinned: nil)

    /// A clock that always answers `instant`.
    public static func pinned(at instant: Instant) -> Clock { Clock(pinned: instant) }

    /// The clock the environment asks for: `IK_NOW` (RFC 3339) when set, the system clock otherwise.
    /// - Throws: ``ClockError/invalidPinnedTime(_:)`` when `IK_NOW` is not RFC 3339.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ClockError) -> Clock
    {
        guard let text = environment["IK_NOW"], !text.isEmpty else { return .system }
        guard let instant = Instant(rfc3339: text) else { throw .invalidPinnedTime(text) }
        return .pinned(at: instant)
    }

    /// The current instant.
    public func now() -> Instant {
        if let pinned { return pinned }
        return Self.systemNow()
    }

    /// The system clock's instant, whatever is pinned.
    public static func systemNow() -> Instant {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Instant(microsecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }
}

/// A clock that cannot be used.
public enum ClockError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidPinnedTime(String)

    public var description: String {
        switch self {
        case .invalidPinnedTime(let text):
            "IK_NOW is \"\(text)\", not an RFC 3339 time; write it like 2025-02-11T09:30:00Z or unset it"
        }
    }
}
