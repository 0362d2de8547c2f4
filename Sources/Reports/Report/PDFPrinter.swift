import Foundation

/// Prints an HTML report to PDF through headless Chromium, when it is installed: the report's own print rules (A4,
/// headings kept with what follows) decide the pages. `ik report --format pdf` and the web pages' download use it.
public enum PDFPrinter {
    /// Why no PDF was printed; the first line says what, the second how to go on.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case noBrowser
        case timedOut
        case noPDF(browser: String, status: Int32)

        public var description: String {
            switch self {
            case .noBrowser:
                "PDF needs headless Chromium, which is not installed\nInstall it (apt-get install chromium, or set "
                    + "IK_CHROMIUM to its path), or write HTML and print that from a browser."
            case .timedOut: "Chromium did not print the report within 120 s\nTry HTML."
            case .noPDF(let browser, let status):
                "Chromium (\(browser)) wrote no PDF (exit \(status))\nTry HTML and print it from a browser."
            }
        }
    }

    /// The browser: `$IK_CHROMIUM`, else the first of chromium, chromium-browser, google-chrome on the PATH.
    static func browser() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["IK_CHROMIUM"], !chosen.isEmpty {
            return FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
                return directory + "/" + name
            }
        }
        return nil
    }

    /// The PDF of `html`.
    public static func pdf(of html: String) throws -> [UInt8] {
        guard let browser = browser() else {
            throw Failure.noBrowser
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ik-pdf-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        let pdf = directory.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless=new", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                             "--no-pdf-header-footer", "--user-data-dir=" + directory.appendingPathComponent("profile").path,
                             "--print-to-pdf=" + pdf.path, page.absoluteString] + (geteuid() == 0 ? ["--no-sandbox"] : [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        if process.isRunning {
            process.terminate()
            throw Failure.timedOut
        }
        guard let bytes = try? Data(contentsOf: pdf), bytes.starts(with: Array("%PDF".utf8)) else {
            throw Failure.noPDF(browser: browser, status: process.terminationStatus)
        }
        return Array(bytes)
    }
}
