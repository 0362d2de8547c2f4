#if canImport(Glibc)
import Glibc
#endif

/// Event ids: time-ordered (version 7) UUIDs of RFC 9562, lowercase, and payload salts. Random bytes are fetched
/// from the kernel a page at a time: one system call per id (or Foundation's `UUID()`, which opens /dev/urandom)
/// costs more than the rest of an append's bookkeeping.
struct EventIDGenerator {
    private var pool: [UInt8] = []
    private var next = 0
    /// The 122 free bits of the last id issued or stored: the next one is above it.
    private var last: (high: UInt64, low: UInt64)?

    /// - Parameter after: the store's last time-ordered id; ids are generated under the writer lock, so they rise
    ///   across processes too.
    init(after last: [UInt8]? = nil) {
        self.last = last.map(Self.unpack)
    }

    /// Fills `buffer[offset..<offset + count]` with random bytes from the same pool (a payload record's salt).
    mutating func fillRandom(_ buffer: inout [UInt8], from offset: Int, count: Int) {
        if next + count > pool.count { refill() }
        let start = next
        pool.withUnsafeBufferPointer { pool in
            buffer.withUnsafeMutableBufferPointer { buffer in
                for i in 0..<count { buffer[offset + i] = pool[start + i] }
            }
        }
        next += count
    }

    /// A version 7 UUID for an event recorded at `instant`: its milliseconds, then 74 random bits, never below the
    /// last id (RFC 9562 §6.2, method 2: when the clock gives no higher value, the last id plus a random step).
    /// So the `ids` index only grows at its end.
    mutating func timeOrdered(at instant: Instant) -> String {
        if next + 10 > pool.count { refill() }
        let start = next
        next += 10
        // Ten random bytes: r0, r1 complete rand_a; r2…r9 are the low word (and, when the clock gives no higher
        // value, r2…r5 the step).
        let (r0, r1, randomLow) = pool.withUnsafeBufferPointer { pool in
            var low: UInt64 = 0
            for i in 2..<10 { low = low << 8 | UInt64(pool[start + i]) }
            return (pool[start], pool[start + 1], low)
        }
        let milliseconds = UInt64(max(0, instant.microseconds / 1000)) & 0xFFFF_FFFF_FFFF
        // The 122 bits that are not version or variant, as (high 58, low 64): 48 of time, 12 + 62 random.
        var high = milliseconds << 10 | UInt64(r0) << 2 | UInt64(r1 >> 6)
        var low = randomLow
        if let last, (high, low) <= last {
            // Above the last id by a random step below 2^32, so ids stay hard to guess.
            let step = (randomLow >> 32) + 1
            let (sum, carry) = last.low.addingReportingOverflow(step)
            (high, low) = (last.high + (carry ? 1 : 0), sum)
        }
        last = (high, low)
        return EventID.text(high: high, low: low)
    }

    /// A version 7 UUID's 16 bytes from its 122 free bits, as two big-endian words.
    static func fields(high: UInt64, low: UInt64) -> (UInt64, UInt64) {
        // high: 48 bits of time, 10 of the 12 "rand_a" bits; low's top 2 bits complete rand_a, its other 62 are rand_b.
        let time = high >> 10
        let randA = (high & 0x3FF) << 2 | low >> 62
        let randB = low & 0x3FFF_FFFF_FFFF_FFFF
        return ((time << 16 | 0x7000 | randA).bigEndian, (0x8000_0000_0000_0000 | randB).bigEndian)
    }

    static func unpack(_ bytes: [UInt8]) -> (high: UInt64, low: UInt64) {
        let time = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let randA = UInt64(bytes[6] & 0x0F) << 8 | UInt64(bytes[7])
        let randB = bytes[9..<16].reduce(UInt64(bytes[8] & 0x3F)) { $0 << 8 | UInt64($1) }
        return (time << 10 | randA >> 2, (randA & 0x3) << 62 | randB)
    }

    private mutating func refill() {
        var generator = SystemRandomNumberGenerator()
        // A one-event commit needs 26 bytes: the first fill of a writer is small, later ones a page.
        pool = [UInt8](repeating: 0, count: pool.isEmpty ? 256 : 4096)
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

/// Reading and writing event ids.
enum EventID {
    /// `8-4-4-4-12` lowercase hex of 16 bytes.
    static func text(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            bytes.withUnsafeBufferPointer { write($0, into: text) }
            return 36
        }
    }

    /// The text of the version 7 UUID whose 122 free bits are `high` and `low`.
    static func text(high: UInt64, low: UInt64) -> String {
        let words = EventIDGenerator.fields(high: high, low: low)
        return String(unsafeUninitializedCapacity: 36) { text in
            withUnsafeBytes(of: words) { write($0.assumingMemoryBound(to: UInt8.self), into: text) }
            return 36
        }
    }

    /// Writes the `8-4-4-4-12` lowercase hex of 16 bytes.
    private static func write(_ bytes: UnsafeBufferPointer<UInt8>, into text: UnsafeMutableBufferPointer<UInt8>) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { digits in
            var at = 0
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    text[at] = UInt8(ascii: "-")
                    at += 1
                }
                text[at] = digits[Int(bytes[i] >> 4)]
                text[at + 1] = digits[Int(bytes[i] & 0x0F)]
                at += 2
            }
        }
    }

    /// The 16 bytes of `id` when it is a version 7 UUID (lowercase), else `nil` (ids of earlier releases are
    /// random, version 4).
    static func timeOrdered(_ id: String) -> [UInt8]? {
        let utf8 = Array(id.utf8)
        guard utf8.count == 36 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var i = 0
        while i < 36 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard utf8[i] == UInt8(ascii: "-") else { return nil }
                i += 1
                continue
            }
            guard let high = hexValue(utf8[i]), let low = hexValue(utf8[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        guard bytes[6] >> 4 == 7, bytes[8] >> 6 == 2 else { return nil }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
