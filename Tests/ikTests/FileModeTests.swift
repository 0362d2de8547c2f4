import Foundation
import Testing

/// Stores hold personal data: whatever the umask, a store, its backups and exports are readable by their owner
/// only, unless the owner asks for a group (`ik init --group`).
@Suite struct FileModeTests {
    /// The permission bits of `path` in octal, "" when it cannot be stat'ed.
    static func mode(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "" }
        return String(info.st_mode & 0o7777, radix: 8)
    }

    /// Creates a store under `umask`, appends, backs it up and exports it; returns the modes of what was made.
    static func modes(umask: String, group: Bool) throws -> [String: String] {
        let w = Workspace()
        try w.write("plan.jsonl", Workspace.foundation)
        let made = try w.ik.shell("""
            umask \(umask)
            "$IK" init \(group ? "--group" : "") > /dev/null && "$IK" append plan.jsonl > /dev/null \
              && "$IK" backup copy > /dev/null && "$IK" export log --out log.jsonl \
              && "$IK" report --plan T-2024 --out report.md
            """)
        #expect(made.status == 0, "umask \(umask): \(made.stdout)")
        var modes: [String: String] = [:]
        for name in ["ik-store", "ik-store/data.mdb", "ik-store/lock.mdb", "copy", "copy/data.mdb", "log.jsonl", "report.md"] {
            modes[name] = mode(w.path + "/" + name)
        }
        return modes
    }

    @Test(arguments: ["022", "000", "077"])
    func aStoreItsBackupAndItsExportsAreTheOwnersOnly(umask: String) throws {
        let modes = try Self.modes(umask: umask, group: false)
        #expect(modes == ["ik-store": "700", "ik-store/data.mdb": "600", "ik-store/lock.mdb": "600", "copy": "700",
                          "copy/data.mdb": "600", "log.jsonl": "600", "report.md": "600"], "umask \(umask)")
    }

    @Test(arguments: ["022", "000", "077"])
    func aGroupStoreAndItsBackupAreReadableByTheGroupButItsExportsAreNot(umask: String) throws {
        let modes = try Self.modes(umask: umask, group: true)
        #expect(modes == ["ik-store": "750", "ik-store/data.mdb": "640", "ik-store/lock.mdb": "600", "copy": "750",
                          "copy/data.mdb": "640", "log.jsonl": "600", "report.md": "600"], "umask \(umask)")
    }

    /// A lock file deleted while no process has the store open is made again the owner's alone.
    @Test func aRecreatedLockFileIsTheOwnersAlone() throws {
        let w = Workspace()
        let made = try w.ik.shell("umask 000; \"$IK\" init --group > /dev/null && rm ik-store/lock.mdb && \"$IK\" log > /dev/null")
        #expect(made.status == 0, "\(made.stdout)")
        #expect(Self.mode(w.path + "/ik-store/lock.mdb") == "600")
    }

    /// Red team 7 (group-reader-locks-out-every-writer): `lock.mdb` was 0640 in a `--group` store, so a member of
    /// the group could hold a shared fcntl lock over it and every ik process failed at its first transaction. The
    /// lock file is the owner's alone; an older store's is narrowed when its owner next opens it, reading or writing.
    @Test func theLockFileOfAGroupStoreIsTheOwnersAloneAndAnOlderOneIsNarrowed() throws {
        let w = Workspace()
        let made = try w.ik.shell("\"$IK\" init --group > /dev/null && chmod 640 ik-store/lock.mdb && \"$IK\" log > /dev/null")
        #expect(made.status == 0, "\(made.stdout)")
        #expect(Self.mode(w.path + "/ik-store/lock.mdb") == "600")
        #expect(Self.mode(w.path + "/ik-store/data.mdb") == "640", "the group still reads the data")
    }
}
