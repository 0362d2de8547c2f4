/// Key layouts of the storage databases. Numbers are big-endian so that cursor order is numeric order.
enum StorageKeys {
    static func seq(_ value: UInt64) -> [UInt8] { bigEndian(value) }

    static func bigEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// A key of `count` bytes made by `parts` in one allocation (keys are made for every event an append writes:
    /// joining arrays with `+` allocated each part and each join).
    static func key(_ count: Int, _ parts: (inout KeyBytes) -> Void) -> [UInt8] {
        var key = KeyBytes(bytes: [])
        key.bytes.reserveCapacity(count)
        parts(&key)
        return key.bytes
    }

    /// The bytes of a key being made.
    struct KeyBytes {
        var bytes: [UInt8]
        mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
        mutating func append(_ byte: UInt8) { bytes.append(byte) }
        mutating func append(bigEndian value: UInt64) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
    }

    /// The big-endian number at `offset`. - Throws: ``StoreError/damaged(_:)`` when the bytes are too short: a
    /// damaged page must not become a read past the buffer.
    static func readBigEndian(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) throws(StoreError) -> UInt64 {
        guard offset >= 0, bytes.count >= offset + 8 else {
            throw StoreError.damaged("a key or index entry of \(bytes.count) bytes where a number needs \(offset + 8)")
        }
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[offset + i]) }
        return value
    }

    /// `streams`: stream id, a 0x00 separator (stream ids hold no NUL), version.
    static func stream(_ stream: String, version: UInt64) -> [UInt8] {
        key(stream.utf8.count + 9) { $0.append(stream); $0.append(0); $0.append(bigEndian: version) }
    }

    /// `effective`: `YYYY-MM-DD` then seq, so a date range is one cursor walk.
    static func effective(_ date: CalendarDate, seq: UInt64) -> [UInt8] {
        Array(date.description.utf8) + bigEndian(seq)
    }

    /// `merkle`: the index of the last leaf a subtree covers, then its level. Subtrees are completed in
    /// exactly this order, so the cache is written with `MDB_APPEND` and verified in one cursor walk.
    static func merkle(level: Int, index: UInt64) -> [UInt8] {
        let lastLeaf = ((index + 1) << UInt64(level)) - 1
        return key(9) { $0.append(bigEndian: lastLeaf); $0.append(UInt8(level)) }
    }

    /// `snapshots`: projection name, 0x00, seq.
    static func snapshot(_ name: String, seq: UInt64) -> [UInt8] {
        Array(name.utf8) + [0] + bigEndian(seq)
    }
}
