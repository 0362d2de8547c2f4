import Accounts
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A password from the person at the terminal (not echoed, asked twice), or one line of standard input when that
/// is not a terminal (scripts: `printf '%s\n' "$PASSWORD" | ik user add …`).
enum PasswordInput {
    /// The terminal's settings while echo is off, restored by the SIGINT handler too.
    nonisolated(unsafe) private static var saved = termios()

    static func read(for account: String, confirming: Bool) throws -> String {
        guard isatty(0) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CommandFailure(.badInput, "no password on standard input\n"
                    + "Give it as one line, or run the command at a terminal to be asked for it.")
            }
            return try checked(line, account: account)
        }
        var password = try readQuietly("password for \(account): ")
        while let problem = Password.problem(password, account: account) {
            Output.standardError("ik: \(problem)\n")
            password = try readQuietly("password for \(account): ")
        }
        if confirming, try readQuietly("again: ") != password {
            throw CommandFailure(.badInput, "the two passwords differ; nothing was changed\nRun the command again.")
        }
        return password
    }

    private static func checked(_ password: String, account: String) throws -> String {
        if let problem = Password.problem(password, account: account) {
            throw CommandFailure(.badInput, "the password is not accepted: \(problem); nothing was changed")
        }
        return password
    }

    private static func readQuietly(_ prompt: String) throws -> String {
        Output.standardError(prompt, escaping: false)
        guard tcgetattr(0, &saved) == 0 else {
            throw CommandFailure(.ioError, "cannot read the terminal's settings: \(String(cString: strerror(errno)))")
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        signal(SIGINT) { _ in
            tcsetattr(0, TCSAFLUSH, &PasswordInput.saved)
            _exit(130)
        }
        tcsetattr(0, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(0, TCSAFLUSH, &saved)
            signal(SIGINT, SIG_DFL)
            Output.standardError("\n", escaping: false)
        }
        guard let line = readLine(strippingNewline: true) else {
            throw CommandFailure(.badInput, "no password given; nothing was changed")
        }
        return line
    }
}
