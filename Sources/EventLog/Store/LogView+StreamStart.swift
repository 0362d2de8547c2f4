extension LogView {
    /// The seq of the first event of `stream`, or `nil` when it has none: one lookup in the streams index. The
    /// projections use it as the thing's number (a stream's first event never changes).
    public func firstSeq(ofStream stream: String) throws -> UInt64? {
        guard !stream.isEmpty, stream.utf8.count <= 256 else { return nil }
        return try transaction.withValue(forKey: StorageKeys.stream(stream, version: 1), in: databases.streams) {
            try StorageKeys.readBigEndian($0)
        }
    }
}
