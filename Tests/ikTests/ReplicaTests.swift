import Foundation
import Testing

/// Replicas and witnesses (DESIGN.md): the leader's signed checkpoint note, `ik follow`, cosignatures, promotion.
@Suite(.serialized) struct ReplicaTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    /// A seeded store `s` with an auditor, the auditor's token, and a checkpoint key `leader` (`leader.pub`).
    func leader() throws -> String {
        try ik.run(["seed", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        let token = try ik.run(["user", "token", "revisor", "--store", "s"])
        try token.requireSuccess()
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        return token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theServerSignsItsCheckpointAsAC2SPNoteThatIkVerifyAcceptsAndExtendsItWithLaterAppends() throws {
        let token = try leader()
        let server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader", "--origin", "example.org/log"])
        let first = try server.get("/checkpoint", token: token)
        #expect(first.status == 200 && first.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(first.text.hasPrefix("example.org/log\n"))
        #expect(try server.get("/api/v1/checkpoint?format=note", token: token).text == first.text)
        try workspace.write("note", first.text)
        let verified = try ik.run(["verify", "--store", "s", "--checkpoint", "note", "--public-key", "leader.pub"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        // An append by another process: the next note names the new head, which the envelopes give.
        let appended = try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation)
        #expect(appended.status == 0, "\(appended.stderr)")
        let second = try server.get("/checkpoint", token: token)
        let lines = second.text.split(separator: "\n").map(String.init)
        let head = try ik.run(["checkpoint", "--store", "s", "--no-store", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(head.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(Int(lines[1]) == json["treeSize"] as? Int)
        #expect(lines[2] == Data(hexBytes(json["root"] as? String ?? "")).base64EncodedString())
        try workspace.write("note2", second.text)
        #expect(try ik.run(["verify", "--store", "s", "--checkpoint", "note2", "--public-key", "leader.pub"]).status == 0)
        // Without a key the note is a 404 problem; the JSON head is still served; a reader may not ask.
        let unsigned = try ServerProcess(workspace: workspace)
        #expect(try unsigned.get("/checkpoint", token: token).status == 404)
        #expect(try unsigned.get("/api/v1/checkpoint", token: token).object["treeSize"] as? Int == json["treeSize"] as? Int)
        #expect(try unsigned.get("/checkpoint", token: nil).status == 401)
    }

    func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
