import Foundation

@testable import EventLog

/// A fresh store in a temporary directory, removed when released.
final class TemporaryStore {
    let path: String
    let store: EventStore

    /// A test store by default: the tests pin the clock.
    init(mapSize: Int = 64 << 20, forTests: Bool = true, options: EventStore.Options = EventStore.Options()) throws {
        path = NSTemporaryDirectory() + "ikstore-tests-" + UUID().uuidString
        store = try EventStore.create(at: path, mapSize: mapSize, forTests: forTests, options: options)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var dataFile: String { path + "/data.mdb" }
}

func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

func instant(_ text: String) -> Instant { Instant(rfc3339: text)! }

func draft(
    _ type: String = "Noted", stream: String = "s-1", effectiveAt: String = "2024-05-01", key: String? = nil,
    expectedVersion: UInt64? = nil, payload: JSONValue = ["note": "hello"]
) -> EventDraft {
    EventDraft(type: type, stream: stream, effectiveAt: date(effectiveAt), actor: "tester", idempotencyKey: key,
               expectedVersion: expectedVersion, payload: payload)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
