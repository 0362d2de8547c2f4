import Foundation
import Testing

@Suite(.serialized) struct ConcurrencyAndCrashTests {
    /// Seqs, idempotency keys and the verify result of the store in `w`.
    func contents(_ w: Workspace) throws -> (seqs: [Int], keys: [String], verified: Bool) {
        let lines = try w.ik.run(["export", "log", "--format", "jsonl"]).stdout.split(separator: "\n")
        var seqs: [Int] = []
        var keys: [String] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let envelope = object?["envelope"] as? [String: Any]
            seqs.append(envelope?["seq"] as? Int ?? -1)
            keys.append(envelope?["idempotencyKey"] as? String ?? "")
        }
        return (seqs, keys, try w.ik.run(["verify"]).status == 0)
    }

    @Test func twoProcessesAppendingAtOnceLandEveryEventOnceWithContiguousSeqs() throws {
        let w = Workspace()
        try w.initialise()
        for writer in ["a", "b"] {
            for round in 0..<20 {
                try w.write("\(writer)\(round).jsonl", Workspace.drafts(5, prefix: "\(writer)\(round)"))
            }
        }
        let result = try w.ik.shell("""
            for w in a b; do
              ( for r in $(seq 0 19); do "$IK" append --store ik-store "$w$r.jsonl" > /dev/null || echo "failed $w$r"; done ) &
            done
            wait
            """)
        #expect(!result.stdout.contains("failed"))
        let (seqs, keys, verified) = try contents(w)
        #expect(seqs == Array(1...202))
        #expect(Set(keys.filter { !$0.isEmpty }).count == 200)
        #expect(verified)
    }

    @Test func aWriterKilledMidStreamLosesNothingItAcknowledged() throws {
        let w = Workspace()
        try w.initialise()
        for round in 0..<400 { try w.write("d\(round).jsonl", Workspace.drafts(3, prefix: "r\(round)")) }
        // The writer records a round in acks only after ik reported success; the whole session is killed
        // with SIGKILL while it runs, usually in the middle of an append.
        let result = try w.ik.shell("""
            setsid sh -c 'for r in $(seq 0 399); do "$IK" append d$r.jsonl > /dev/null && echo $r >> acks; done' &
            pid=$!
            sleep 1.5
            kill -9 -- -$pid 2>/dev/null || kill -9 $pid
            wait $pid 2>/dev/null
            true
            """)
        #expect(result.status == 0)
        let acknowledged = Optional(Workspace.text(atPath: w.path + "/acks"))?
            .split(separator: "\n").map(String.init) ?? []
        let (seqs, keys, verified) = try contents(w)
        #expect(verified)
        #expect(seqs == Array(1...seqs.count).map { $0 })
        #expect((seqs.count - 2) % 3 == 0, "a batch was half-written")
        for round in acknowledged {
            #expect(keys.contains("r\(round)-2"), "acknowledged round \(round) is missing")
        }
        #expect(!acknowledged.isEmpty)
    }

    @Test func aLargeBatchKilledAtRandomMomentsLandsWholeOrNotAtAll() throws {
        let w = Workspace()
        try w.initialise()
        try w.write("big.jsonl", Workspace.drafts(3000, prefix: "big"))
        for round in 0..<5 {
            let delay = [0.05, 0.1, 0.2, 0.3, 0.5][round]
            try w.ik.shell("""
                setsid "$IK" append big.jsonl > /dev/null 2>&1 &
                pid=$!
                sleep \(delay)
                kill -9 $pid 2>/dev/null
                wait $pid 2>/dev/null
                true
                """)
            let (seqs, keys, verified) = try contents(w)
            #expect(verified)
            #expect(seqs.count == 2 || seqs.count == 3002, "round \(round): \(seqs.count) events")
            #expect(Set(keys.filter { !$0.isEmpty }).count == seqs.count - 2)
        }
    }
}
