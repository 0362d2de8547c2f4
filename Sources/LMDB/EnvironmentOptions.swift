/// How an ``Environment`` is opened.
public struct EnvironmentOptions: Sendable, Equatable {
    /// Initial size of the memory map in bytes; it grows by itself when full.
    public var mapSize: Int
    /// The largest the map may grow to before appends fail with `mapFull`.
    public var maxMapSize: Int
    /// Number of named databases that can be opened.
    public var maxDatabases: UInt32
    /// Number of simultaneous read transactions across all processes.
    public var maxReaders: UInt32
    /// Open with `MDB_RDONLY`: no write transactions; works on files the user cannot write.
    public var readOnly: Bool
    /// File mode for newly created files (the umask still applies; 0600 by default: stores hold personal data).
    public var fileMode: UInt32
    /// Seconds a write waits for another process's write to end before it gives up with ``WriterBusy``;
    /// `.infinity` waits as long as it takes.
    public var writerWait: Double

    public init(
        mapSize: Int = 64 << 20,
        maxMapSize: Int = 1 << 40,
        maxDatabases: UInt32 = 16,
        maxReaders: UInt32 = 256,
        readOnly: Bool = false,
        fileMode: UInt32 = 0o600,
        writerWait: Double = 30
    ) {
        self.mapSize = mapSize
        self.maxMapSize = maxMapSize
        self.maxDatabases = maxDatabases
        self.maxReaders = maxReaders
        self.readOnly = readOnly
        self.fileMode = fileMode
        self.writerWait = writerWait
    }
}
