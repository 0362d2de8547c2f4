/// Encodes `Encodable` values into a ``JSONValue``: the JSON every command prints is built this way, never by
/// reflection. Whole numbers only (a `Double` is refused); `nil` optionals are left out, as synthesized
/// `Encodable` conformances do.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// `value` as a JSON value.
    /// - Throws: `EncodingError` for a floating-point number or a type that encodes nothing.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        if let raw = value as? JSONValue { return raw }
        let root = Node()
        try value.encode(to: ValueEncoder(node: root, codingPath: []))
        guard let result = root.value else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "encoded nothing"))
        }
        return result
    }
}

/// A value under construction; objects and arrays fill in as their members are encoded.
private final class Node {
    enum Content {
        case empty, leaf(JSONValue), object([String: Node]), array([Node])
    }

    var content = Content.empty

    var value: JSONValue? {
        switch content {
        case .empty: nil
        case .leaf(let value): value
        case .object(let members): .object(members.compactMapValues(\.value))
        case .array(let elements): .array(elements.map { $0.value ?? .null })
        }
    }

    func member(_ key: String) -> Node {
        var members: [String: Node] = [:]
        if case .object(let existing) = content { members = existing }
        let node = members[key] ?? Node()
        members[key] = node
        content = .object(members)
        return node
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func append() -> Node {
        var elements: [Node] = []
        if case .array(let existing) = content { elements = existing }
        let node = Node()
        elements.append(node)
        content = .array(elements)
        return node
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }
}

private struct ValueEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(node: node, codingPath: codingPath) }
}

/// Encodes a primitive directly, anything else through its own `encode(to:)`.
private func write(_ value: some Encodable, into node: Node, path: [any CodingKey]) throws {
    switch value {
    case let text as String: node.content = .leaf(.string(text))
    case let number as Int64: node.content = .leaf(.integer(number))
    case let number as Int: node.content = .leaf(.integer(Int64(number)))
    case let flag as Bool: node.content = .leaf(.bool(flag))
    case let raw as JSONValue: node.content = .leaf(raw)
    case is Double, is Float:
        throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "no floating-point numbers"))
    default: try value.encode(to: ValueEncoder(node: node, codingPath: path))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).content = .leaf(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try write(value, into: node.member(key.stringValue), path: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        ValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() throws { node.append().content = .leaf(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try write(value, into: node.append(), path: codingPath) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(node: node.append(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        ValueEncoder(node: node.append(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { ValueEncoder(node: node.append(), codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .leaf(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try write(value, into: node, path: codingPath) }
}
