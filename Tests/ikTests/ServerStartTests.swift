import Foundation
import Testing

/// What `ik serve` refuses at start, rather than failing at every request or serving silently (red team 3, minors).
@Suite struct ServerStartTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    /// IK_NOW on a store that is not a test store: every append was a 500; now the server does not start (64).
    @Test func aPinnedClockOnAStoreThatIsNotATestStoreIsRefusedAtStart() throws {
        try ik.run(["init", "--store", "real"]).requireSuccess()
        let run = try ik.shell("IK_NOW=2025-01-01T00:00:00Z timeout 20 \"$IK\" serve --store real --listen 127.0.0.1:0 2>&1; "
            + "echo \"status=$?\"")
        #expect(run.stdout.contains("status=64"), "\(run.stdout)")
        #expect(run.stdout.contains("IK_NOW pins the clock") && run.stdout.contains("Unset IK_NOW"), "\(run.stdout)")
        #expect(!run.stdout.contains("listening on"))
    }

    /// A TLS key that group or others may read was taken silently; now the server refuses it (77) and says how to fix it.
    @Test func aTLSKeyOthersMayReadIsRefused() throws {
        try ik.run(["init", "--store", "real"]).requireSuccess()
        let made = try ik.shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem "
            + "-out cert.pem -days 1 -subj /CN=localhost >/dev/null 2>&1 && chmod 644 key.pem && echo made")
        try #require(made.stdout.contains("made"), "openssl: \(made.stdout)")
        let run = try ik.shell("timeout 20 \"$IK\" serve --store real --listen 127.0.0.1:0 --tls-cert cert.pem "
            + "--tls-key key.pem 2>&1; echo \"status=$?\"")
        #expect(run.stdout.contains("status=77") && run.stdout.contains("mode 0644") && run.stdout.contains("chmod 600"),
                "\(run.stdout)")
        // Made private, the same key serves (stopped by timeout: 124).
        let served = try ik.shell("chmod 600 key.pem; timeout 3 \"$IK\" serve --store real --listen 127.0.0.1:0 "
            + "--tls-cert cert.pem --tls-key key.pem 2>&1; echo \"status=$?\"")
        #expect(served.stdout.contains("listening on https://127.0.0.1:") && served.stdout.contains("status=124"),
                "\(served.stdout)")
        // Red team 5 (tls-key-owned-by-another-user): a 0600 key owned by another user (who may read and replace it)
        // was served; now it is refused (77) naming its owner.
        guard getuid() == 0 else { return }
        let foreign = try ik.shell("chown nobody key.pem; timeout 20 \"$IK\" serve --store real --listen 127.0.0.1:0 "
            + "--tls-cert cert.pem --tls-key key.pem 2>&1; echo \"status=$?\"")
        #expect(foreign.stdout.contains("status=77") && foreign.stdout.contains("belongs to nobody")
                && foreign.stdout.contains("chown root"), "\(foreign.stdout)")
        #expect(!foreign.stdout.contains("listening on"))
    }
}
