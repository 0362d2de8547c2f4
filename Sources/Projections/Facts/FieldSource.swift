import EventLog

/// Where fact fields are read from: stored payload bytes (scanned without a JSONValue) or a parsed object
/// (a correction's replacement payload, a snapshot). One decoder serves both.
protocol FieldSource {
    func string(_ key: StaticString) -> String?
    func integer(_ key: StaticString) -> Int64?
    func date(_ key: StaticString) -> CalendarDate?
    func strings(_ key: StaticString) -> [String]
    func child(_ key: StaticString) -> Self?
    func children(_ key: StaticString) -> [Self]
}

extension JSONObjectScanner: FieldSource {
    func child(_ key: StaticString) -> JSONObjectScanner? { object(key) }

    func children(_ key: StaticString) -> [JSONObjectScanner] {
        (arrayElements(key) ?? []).compactMap { JSONObjectScanner(UnsafeRawBufferPointer(rebasing: bytes[$0])) }
    }
}

/// A parsed JSON object as a ``FieldSource``.
struct ObjectSource: FieldSource {
    let members: [String: JSONValue]

    init(_ members: [String: JSONValue]) { self.members = members }

    init?(_ value: JSONValue?) {
        guard let members = value?.objectValue else { return nil }
        self.members = members
    }

    func string(_ key: StaticString) -> String? { members[key.description]?.stringValue }
    func integer(_ key: StaticString) -> Int64? { members[key.description]?.integerValue }
    func date(_ key: StaticString) -> CalendarDate? { string(key).flatMap(CalendarDate.init) }
    func strings(_ key: StaticString) -> [String] {
        members[key.description]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
    func child(_ key: StaticString) -> ObjectSource? { ObjectSource(members[key.description]) }
    func children(_ key: StaticString) -> [ObjectSource] {
        members[key.description]?.arrayValue?.compactMap { ObjectSource($0) } ?? []
    }
}
