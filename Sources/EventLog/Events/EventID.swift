#if canImport(Glibc)
import Glibc
#endif

/// Random (version 4) UUIDs for event ids, lowercase. Random bytes are fetched from the kernel a page at a
/// time: one system call per id (or Foundation's `UUID()`, which opens /dev/urandom) costs more than the
/// rest of an append's bookkeeping.
struct EventIDGenerator {
    private var pool: [UInt8] = []
    private var next = 0

    /// `count` random bytes from the same kernel pool (payload salts).
    mutating func randomBytes(_ count: Int) -> [UInt8] {
        if next + count > pool.count { refill() }
        defer { next += count }
        return Array(pool[next..<(next + count)])
    }

    mutating func random() -> String {
        if next + 16 > pool.count { refill() }
        var bytes = Array(pool[next..<(next + 16)])
        next += 16
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
            text.append(CanonicalJSON.hexDigits[Int(byte >> 4)])
            text.append(CanonicalJSON.hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func refill() {
        var generator = SystemRandomNumberGenerator()
        pool = [UInt8](repeating: 0, count: 4096)
        var filled = 0
        #if canImport(Glibc)
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            filled = pool.withUnsafeMutableBytes { max(0, read(fd, $0.baseAddress, $0.count)) }
            close(fd)
        }
        #endif
        // Where /dev/urandom is missing or short, the standard library's generator fills the rest.
        while filled < pool.count {
            let word = generator.next() as UInt64
            withUnsafeBytes(of: word) { raw in
                for byte in raw where filled < pool.count {
                    pool[filled] = byte
                    filled += 1
                }
            }
        }
        next = 0
    }
}
