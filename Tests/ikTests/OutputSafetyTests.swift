import Foundation
import Testing

/// Output never writes into a store, never follows a symlink it did not create and never replaces an existing
/// file unless asked (`--force`).
@Suite struct OutputSafetyTests {
    /// Every file of the store directory with its bytes (the lock file's only by name: every open changes it).
    static func storeFiles(_ w: Workspace) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = w.path + "/ik-store"
        for name in try FileManager.default.subpathsOfDirectory(atPath: root) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
            files[name] = isDirectory.boolValue || name == "lock.mdb" ? Data() : try w.data("ik-store/" + name)
        }
        return files
    }

    @Test func noCommandWritesInsideAStoreEvenThroughASymlink() throws {
        let w = Workspace()
        try w.initialise()
        try FileManager.default.createDirectory(atPath: w.path + "/ik-store/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: w.path + "/link", withDestinationPath: "ik-store")
        try FileManager.default.createSymbolicLink(atPath: w.path + "/deep", withDestinationPath: "ik-store/sub")
        let before = try Self.storeFiles(w)
        let commands: [[String]] = [
            ["--read-only", "export", "log", "--out", "ik-store/data.mdb"],
            ["export", "log", "--out", "ik-store/data.mdb", "--force"],
            ["export", "log", "--out", "ik-store/log.jsonl"],
            ["export", "log", "--out", "link/log.jsonl"],
            ["export", "log", "--out", "deep/log.jsonl"],
            ["export", "log", "--out", w.path + "/ik-store/sub/../lock.mdb", "--force"],
            ["export", "state", "--format", "csv", "--out", "ik-store/sub/state.csv"],
            ["report", "--plan", "T-2024", "--out", "link/report.md"],
            ["schemas", "--out", "ik-store/schemas"],
            ["keygen", "--out", "deep/key"],
            ["backup", "ik-store/copy"],
            ["backup", "link/sub/copy"],
            ["backup", "deep"],
        ]
        for command in commands {
            let result = try w.ik.run(command)
            #expect(result.status == 73, "\(command): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("inside the store"), "\(command): \(result.stderr)")
            #expect(try Self.storeFiles(w) == before, "\(command) changed the store directory")
        }
        #expect(try w.ik.run(["verify"]).status == 0)
    }

    @Test func anExistingFileIsReplacedOnlyWithForce() throws {
        let w = Workspace()
        try w.initialise()
        try w.write("log.jsonl", "keep me\n")
        let refused = try w.ik.run(["export", "log", "--out", "log.jsonl"])
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("log.jsonl exists already"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(Workspace.text(atPath: w.path + "/log.jsonl") == "keep me\n")
        for command in [["report", "--plan", "T-2024", "--out", "log.jsonl"], ["export", "state", "--out", "log.jsonl"]] {
            #expect(try w.ik.run(command).status == 73, "\(command)")
        }
        #expect(Workspace.text(atPath: w.path + "/log.jsonl") == "keep me\n")
        let forced = try w.ik.run(["export", "log", "--out", "log.jsonl", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(Workspace.text(atPath: w.path + "/log.jsonl").split(separator: "\n").count == 2)
        // Only the output file appears: no temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.path).sorted() == ["ik-store", "log.jsonl"])
    }

    @Test func aSymlinkPlantedAtTheOutputNameIsNeverFollowed() throws {
        let w = Workspace()
        try w.initialise()
        try w.write("victim", "precious\n")
        try FileManager.default.createSymbolicLink(atPath: w.path + "/out.jsonl", withDestinationPath: "victim")
        let refused = try w.ik.run(["export", "log", "--out", "out.jsonl"])
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(Workspace.text(atPath: w.path + "/victim") == "precious\n")
        // With --force the link itself is replaced, never its target.
        let forced = try w.ik.run(["export", "log", "--out", "out.jsonl", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(Workspace.text(atPath: w.path + "/victim") == "precious\n")
        #expect(FileModeTests.mode(w.path + "/out.jsonl") == "600", "out.jsonl is still a link")
        #expect(Workspace.text(atPath: w.path + "/out.jsonl").contains("PlanAdopted"))
    }

    /// ik used to write to FILE.partial-PID: a link planted there by someone who can guess the pid was followed.
    @Test func aSymlinkPlantedAtAGuessableTemporaryNameIsNeverFollowed() throws {
        let w = Workspace()
        try w.initialise()
        try w.write("victim", "precious\n")
        // The shell's pid is the pid of the ik it execs, so the link sits exactly where the old code wrote.
        let result = try w.ik.shell("""
            sh -c 'ln -s victim out.jsonl.partial-$$ && exec "$IK" export log --out out.jsonl'
            """)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(Workspace.text(atPath: w.path + "/victim") == "precious\n")
        #expect(FileModeTests.mode(w.path + "/out.jsonl") == "600")
    }
}
