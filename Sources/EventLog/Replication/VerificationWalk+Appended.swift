extension VerificationWalk {
    /// Runs `verify`'s checks of each event (envelope, seq, recorded-time order, clock, payload digest or recorded
    /// redaction, stream version, index entries) over the events from `start` on, continuing a log whose head was
    /// `frontier` and whose streams stood at `streamVersions`: a replica checks what it copies as `verify` would.
    mutating func checkAppended(from start: UInt64, frontier: MerkleFrontier, streamVersions: [String: UInt64]) throws {
        self.frontier = frontier
        self.streamVersions = streamVersions
        try view.forEachRawEnvelope(in: start...UInt64.max) { seq, raw in
            let expected = self.frontier.size + 1
            let bytes = Array(raw)
            if seq != expected {
                problem(expected, "sequence", "expected seq \(expected) next, found key \(seq)")
            }
            try checkEvent(seq: expected, bytes: bytes)
            self.frontier.push(MerkleHash.leaf(bytes))
            return true
        }
    }
}
