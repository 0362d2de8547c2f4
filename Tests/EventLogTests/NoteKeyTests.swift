import EventLog
import Testing

@Suite struct NoteKeyTests {
    /// A vkey's base64 may hold '+' (the separator of its three parts): found when a witness key with one was refused.
    @Test func aVerifierKeyWhoseBase64HoldsAPlusIsReadBack() throws {
        var checked = 0
        for byte in UInt8(0)..<UInt8(64) {
            let key = try NoteSigningKey(name: "w.example/witness", type: .cosignatureV1,
                                         seed: [UInt8](repeating: byte, count: 32)).verifier
            guard key.vkey.filter({ $0 == "+" }).count > 2 else { continue }
            #expect(try NoteVerifierKey(vkey: key.vkey) == key)
            checked += 1
        }
        #expect(checked > 0)
    }
}
