import Foundation
import LMDB

/// LMDB has no page checksums: a damaged data file can make it read through a bad pointer (SIGSEGV), past the
/// end of the map (SIGBUS) or fail one of its assertions (SIGABRT). Those signals end ik with one line that
/// says what to do and exit status 69, instead of a core dump and a backtrace; but when a read without the lock
/// crashes after a writer committed, the writer reused its pages: the store is busy (75), not damaged. With `SWIFT_BACKTRACE` set
/// (someone debugging ik) the runtime's own handlers stay, and print their backtrace.
enum FatalSignals {
    static func install() {
        guard ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] == nil else { return }
        for signal in [SIGSEGV, SIGBUS, SIGABRT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                // Only async-signal-safe calls here: atomics and pread(2), write(2) of a constant, then _exit(2).
                if LocklessWatch.writerCommittedDuringRead() {
                    let busy: StaticString = """
                        ik: the store is busy: it was written while it was read without its lock, and the read met a page the writer had reused
                          Read a replica or a backup (ik backup), retry when no one appends, or get write access to the store's lock.mdb.

                        """
                    _ = write(2, busy.utf8Start, busy.utf8CodeUnitCount)
                    _exit(75)
                }
                let message: StaticString = """
                    ik: the store's data file is damaged: reading it failed (LMDB found a page it cannot use)
                      Restore the store from a backup (ik backup) and check it with ik verify --anchor against your last published tree head.
                      If the file is known to be sound, this is a bug in ik: please report it with the command you ran.

                    """
                _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
                _exit(69)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }
}
