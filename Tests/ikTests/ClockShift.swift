import Foundation

/// The insider's "clock set back" (`date -s` as root) for one ik process only: an LD_PRELOAD shim shifting
/// CLOCK_REALTIME by `FAKE_OFFSET` seconds (red team 6's), built with cc in the test's workspace.
enum ClockShift {
    static let source = """
        #define _GNU_SOURCE
        #include <time.h>
        #include <sys/time.h>
        #include <dlfcn.h>
        #include <stdlib.h>
        static long off(void) { const char *s = getenv("FAKE_OFFSET"); return s ? atol(s) : 0; }
        int clock_gettime(clockid_t c, struct timespec *ts) {
            static int (*real)(clockid_t, struct timespec *) = 0;
            if (!real) real = dlsym(RTLD_NEXT, "clock_gettime");
            int x = real(c, ts);
            if (!x && (c == CLOCK_REALTIME || c == CLOCK_REALTIME_COARSE)) ts->tv_sec += off();
            return x;
        }
        int gettimeofday(struct timeval *tv, void *tz) {
            static int (*real)(struct timeval *, void *) = 0;
            if (!real) real = dlsym(RTLD_NEXT, "gettimeofday");
            int x = real(tv, tz);
            if (!x && tv) tv->tv_sec += off();
            return x;
        }
        time_t time(time_t *t) { struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts); if (t) *t = ts.tv_sec; return ts.tv_sec; }

        """

    /// The environment that runs an ik process `seconds` away from the real clock (built on first use).
    static func environment(in workspace: Workspace, seconds: Int) throws -> [String: String] {
        let library = workspace.path + "/clock-shift.so"
        if !FileManager.default.fileExists(atPath: library) {
            try workspace.write("clock-shift.c", source)
            try Spawn.run(["/usr/bin/cc", "-shared", "-fPIC", "-O2", "-o", library, "clock-shift.c", "-ldl"],
                          directory: workspace.path, environment: ProcessInfo.processInfo.environment, input: nil)
                .requireSuccess()
        }
        return ["LD_PRELOAD": library, "FAKE_OFFSET": String(seconds)]
    }
}
