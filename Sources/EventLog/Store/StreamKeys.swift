import LMDB

/// The index that finds a stream by look-alike: the stream id's ``LookAlike/key(_:)`` (``Layout``) → the stream
/// id as first written. The writer fills it when a stream gets its first event, in the append's transaction,
/// so one lookup answers "is there already a stream a person would take for this one?" at any log size.
///
/// `meta` holds the seq the index is complete through, and how many entries it has. An append first brings the
/// index up to the log when it is behind (a store written before the index existed, or by an older ik): one walk
/// over `streams`. When the index does not hold the entries it should (one deleted or added with LMDB behind
/// ik's back), it is built again from `streams` before anything is written: a missing entry is not taken to mean
/// "no look-alike". `verify` recomputes the whole index (``StreamKeys/problems(in:limit:)``).
enum StreamKeys {
    static let databaseName = "streamkeys"
    static let throughKey = Array("streamKeysThrough".utf8)
    static let countKey = Array("streamKeysCount".utf8)
    /// `meta`: the ``Layout`` of the index's keys (absent: ``Layout/hashed``).
    static let layoutKey = Array("streamKeysLayout".utf8)

    /// How the index keys a stream.
    enum Layout: UInt64 {
        /// SHA-256 of the look-alike key (the index's first release). It scattered new streams over every page
        /// of the index: an append of 1,000 new streams rewrote most of its pages (2/3 of the bytes it wrote).
        case hashed = 1
        /// The look-alike key itself, so streams named in sequence sit on the same pages; a key too long for
        /// LMDB is its first ``prefixBytes`` bytes and the SHA-256 of the whole (exactly ``longKeyBytes``, which no
        /// key of the first kind reaches).
        case ordered = 2
        /// ``ordered``, its keys made with the wider look-alike table (``LookAlike/Table/wider``).
        case orderedWider = 3
        /// ``ordered``, its keys made with ``LookAlike/Table/widerBothCases``.
        case orderedBothCases = 4

        /// What this code writes.
        static let current = Layout.orderedBothCases

        static let longKeyBytes = 480
        static let prefixBytes = longKeyBytes - 32

        func key(of stream: String) -> [UInt8] {
            let table: LookAlike.Table = switch self {
            case .hashed, .ordered: .first
            case .orderedWider: .wider
            case .orderedBothCases: .widerBothCases
            }
            let lookAlike = LookAlike.keyBytes(stream, table: table)
            switch self {
            case .hashed: return MerkleHash.sha256(lookAlike).bytes
            case .ordered, .orderedWider, .orderedBothCases:
                guard lookAlike.count >= Layout.longKeyBytes else { return lookAlike }
                return Array(lookAlike.prefix(Layout.prefixBytes)) + MerkleHash.sha256(lookAlike).bytes
            }
        }

        /// Whether `key` can be a key of this layout.
        func isWellFormed(_ key: UnsafeRawBufferPointer) -> Bool {
            switch self {
            case .hashed: key.count == 32
            case .ordered, .orderedWider, .orderedBothCases: (1...Layout.longKeyBytes).contains(key.count)
            }
        }
    }

    /// The key of `stream` in a store whose index is laid out as today's writer lays it out.
    static func key(of stream: String) -> [UInt8] { Layout.current.key(of: stream) }

    /// The layout of the store's index (an index written before the layout was recorded is ``Layout/hashed``).
    static func layout(in txn: any Transaction, databases: StoreDatabases) throws -> Layout {
        let number = try number(forKey: layoutKey, txn: txn, databases: databases)
        return number.flatMap(Layout.init(rawValue:)) ?? .hashed
    }

    /// Records that event `seq` is version `version` of `stream` (the writer marks the index complete through the
    /// last seq once, when it finishes: ``markComplete(through:added:txn:databases:)``).
    /// - Returns: whether a key was added (not counted yet).
    static func record(stream: String, version: UInt64, seq: UInt64, txn: WriteTransaction, databases: StoreDatabases)
        throws -> Bool
    {
        guard version == 1, let index = databases.streamKeys else { return false }
        return try insert(stream, seq: seq, txn: txn, databases: databases, index: index)
    }

    /// Records that the index is complete through `seq`, and counts the `added` keys (once per append, not per
    /// key: two more LMDB operations per new stream were a tenth of an append's index work).
    static func markComplete(through seq: UInt64, added: UInt64, txn: WriteTransaction, databases: StoreDatabases)
        throws
    {
        guard databases.streamKeys != nil else { return }
        try txn.put(StorageKeys.seq(seq), forKey: throughKey, in: databases.meta)
        try count(added, txn: txn, databases: databases)
    }

    private static func count(_ added: UInt64, txn: WriteTransaction, databases: StoreDatabases) throws {
        guard added > 0 else { return }
        let count = try number(forKey: countKey, txn: txn, databases: databases) ?? 0
        try txn.put(StorageKeys.bigEndian(count + added), forKey: countKey, in: databases.meta)
    }

    /// Brings the index up to the log when events were written without it, and builds it again from `streams`
    /// when its number of entries is not the one recorded or its keys are of an earlier ``Layout``.
    static func catchUp(txn: WriteTransaction, databases: StoreDatabases) throws {
        guard let index = databases.streamKeys else { return }
        let view = LogView(transaction: txn, databases: databases)
        let size = try view.size
        var through = try number(forKey: throughKey, txn: txn, databases: databases) ?? 0
        let entries = try txn.statistics(of: index).entries
        let current = try layout(in: txn, databases: databases) == .current
        if try !current || number(forKey: countKey, txn: txn, databases: databases) != UInt64(entries) || through > size {
            try txn.withCursor(on: index) { cursor in
                while try cursor.next() != nil { try cursor.deleteCurrent() }
            }
            try txn.put(StorageKeys.bigEndian(0), forKey: countKey, in: databases.meta)
            try txn.put(StorageKeys.bigEndian(Layout.current.rawValue), forKey: layoutKey, in: databases.meta)
            through = 0
        }
        guard through < size else { return }
        var firsts: [(String, UInt64)] = []
        try forEachFirstVersion(in: view) { stream, seq in
            if seq > through { firsts.append((String(decoding: stream, as: UTF8.self), seq)) }
        }
        // Inserted after the walk: a put may move the pages the cursor's entries point into.
        var added: UInt64 = 0
        for (stream, seq) in firsts where try insert(stream, seq: seq, txn: txn, databases: databases, index: index) {
            added += 1
        }
        try count(added, txn: txn, databases: databases)
        try txn.put(StorageKeys.seq(size), forKey: throughKey, in: databases.meta)
    }

    /// Calls `body` with the id bytes and seq of every stream's first event, in the order of `streams` (by id).
    static func forEachFirstVersion(in view: LogView, _ body: (UnsafeRawBufferPointer, UInt64) throws -> Void) throws {
        try view.transaction.withCursor(on: view.databases.streams) { cursor in
            while let entry = try cursor.next() {
                let key = entry.key
                guard key.count > 9, try StorageKeys.readBigEndian(key, at: key.count - 8) == 1 else { continue }
                let stream = UnsafeRawBufferPointer(rebasing: key[..<(key.count - 9)])
                try body(stream, try StorageKeys.readBigEndian(entry.value))
            }
        }
    }

    /// Adds `stream` (first written at `seq`) unless a look-alike written earlier holds its key.
    /// - Returns: whether the key is new to the index (the caller counts it).
    static func insert(_ stream: String, seq: UInt64, txn: WriteTransaction, databases: StoreDatabases, index: Database)
        throws -> Bool
    {
        let key = key(of: stream)
        let existing = try txn.copyValue(forKey: key, in: index)
        if let existing {
            let other = String(decoding: existing, as: UTF8.self)
            // An entry naming a stream the log does not have is replaced.
            let otherSeq = try firstSeq(of: other, in: txn, databases: databases)
            if let otherSeq, otherSeq <= seq { return false }
        }
        var stream = stream
        try stream.withUTF8 { try txn.put(UnsafeRawBufferPointer($0), forKey: key, in: index) }
        return existing == nil
    }

    /// The seq of the first event of `stream`, or `nil` when the log has no such stream.
    static func firstSeq(of stream: String, in txn: any Transaction, databases: StoreDatabases) throws -> UInt64? {
        try txn.withValue(forKey: StorageKeys.stream(stream, version: 1), in: databases.streams) {
            try StorageKeys.readBigEndian($0)
        }
    }

    static func number(forKey key: [UInt8], txn: any Transaction, databases: StoreDatabases) throws -> UInt64? {
        try txn.withValue(forKey: key, in: databases.meta) { try StorageKeys.readBigEndian($0) }
    }
}

extension LogView {
    /// The stream a person would take for `stream` (the same id up to case, width, compatibility forms and
    /// look-alike letters), as first written; it may be `stream` itself. `nil` when there is none, or when the
    /// store has no index yet (opened read-only before any write made one).
    public func streamWritten(lookingLike stream: String) throws -> String? {
        guard let index = databases.streamKeys else { return nil }
        let key = try StreamKeys.layout(in: transaction, databases: databases).key(of: stream)
        return try transaction.withValue(forKey: key, in: index) {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
