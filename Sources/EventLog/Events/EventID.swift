#if canImport(Glibc)
import Glibc
#endif

/// Event ids: time-ordered (version 7) UUIDs of RFC 9562, lowercase, and payload salts. Random bytes are fetched
/// from the kernel a page at a time: one system call per id (or Foundation's `UUID()`, which opens /dev/urandom)
/// costs more than the rest of an append's bookkeeping.
struct EventIDGenerator {
    private var pool: [UInt8] = []
    private var next = 0
    /// The last id issued or stored: the next one is above it.
    private(set) var last: [UInt8]?

    /// - Parameter after: the store's last time-ordered id; ids are generated under the writer lock, so they rise
    ///   across processes too.
    init(after last: [UInt8]? = nil) {
        self.last = last
    }

    /// `count` random bytes from the same kernel pool (payload salts).
    mutating func randomBytes(_ count: Int) -> [UInt8] {
        if next + count > pool.count { refill() }
        defer { next += count }
        return Array(pool[next..<(next + count)])
    }

    /// Fills `buffer[offset..<offset + count]` with random bytes from the same pool (a payload record's salt).
    mutating func fillRandom(_ buffer: inout [UInt8], from offset: Int, count: Int) {
        if next + count > pool.count { refill() }
        for i in 0..<count { buffer[offset + i] = pool[next + i] }
        next += count
    }

    /// A version 7 UUID for an event recorded at `instant`: its milliseconds, then 74 random bits, never below the
    /// last id (RFC 9562 §6.2, method 2: when the clock gives no higher value, the last id plus a random step).
    /// So the `ids` index only grows at its end.
    mutating func timeOrdered(at instant: Instant) -> String {
        let random = randomBytes(10)
        let milliseconds = UInt64(max(0, instant.microseconds / 1000)) & 0xFFFF_FFFF_FFFF
        // The 122 bits that are not version or variant, as (high 58, low 64): 48 of time, 12 + 62 random.
        var high = milliseconds << 10 | UInt64(random[0]) << 2 | UInt64(random[1] >> 6)
        var low = random[2..<10].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        if let last {
            let (lastHigh, lastLow) = Self.unpack(last)
            if (high, low) <= (lastHigh, lastLow) {
                // Above the last id by a random step below 2^32, so ids stay hard to guess.
                let step = (UInt64(random[2]) << 24 | UInt64(random[3]) << 16 | UInt64(random[4]) << 8 | UInt64(random[5])) + 1
                let (sum, carry) = lastLow.addingReportingOverflow(step)
                (high, low) = (lastHigh + (carry ? 1 : 0), sum)
            }
        }
        let bytes = Self.pack(high: high, low: low)
        last = bytes
        return EventID.text(bytes)
    }

    /// The 16 bytes of a version 7 UUID from its 122 free bits.
    static func pack(high: UInt64, low: UInt64) -> [UInt8] {
        // high: 48 bits of time, 10 of the 12 "rand_a" bits; low's top 2 bits complete rand_a, its other 62 are rand_b.
        let time = high >> 10
        let randA = (high & 0x3FF) << 2 | low >> 62
        let randB = low & 0x3FFF_FFFF_FFFF_FFFF
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for shift in stride(from: 40, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: time >> UInt64(shift))) }
        bytes.append(0x70 | UInt8(randA >> 8))
        bytes.append(UInt8(truncatingIfNeeded: randA))
        bytes.append(0x80 | UInt8(randB >> 56))
        for shift in stride(from: 48, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: randB >> UInt64(shift))) }
        return bytes
    }

    static func unpack(_ bytes: [UInt8]) -> (high: UInt64, low: UInt64) {
        let time = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let randA = UInt64(bytes[6] & 0x0F) << 8 | UInt64(bytes[7])
        let randB = bytes[9..<16].reduce(UInt64(bytes[8] & 0x3F)) { $0 << 8 | UInt64($1) }
        return (time << 10 | randA >> 2, (randA & 0x3) << 62 | randB)
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

/// Reading and writing event ids.
enum EventID {
    /// `8-4-4-4-12` lowercase hex of 16 bytes.
    static func text(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
            text.append(CanonicalJSON.hexDigits[Int(byte >> 4)])
            text.append(CanonicalJSON.hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
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
