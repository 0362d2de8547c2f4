import Foundation
import InternalControl

/// Where the seed scenarios are: `$IK_SEEDS`, else the resource bundle beside the `ik` binary. Looked up by
/// hand rather than through `Bundle.module`, which stops the program when the bundle is missing.
enum SeedDirectory {
    static func locate() throws -> String {
        if let path = ProcessInfo.processInfo.environment["IK_SEEDS"], !path.isEmpty { return path }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [
            executable.deletingLastPathComponent().appendingPathComponent("IKStore_ik.resources/Seeds").path,
            Bundle.main.bundleURL.appendingPathComponent("IKStore_ik.resources/Seeds").path,
        ]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate) { return candidate }
        throw SeedError.unreadable(candidates[0])
    }

    static func scenarios(named names: [String]) throws -> [SeedScenario] {
        let all = try SeedScenario.loadAll(in: try locate())
        guard !names.isEmpty else { return all }
        return try names.map { name in
            guard let scenario = all.first(where: { $0.name == name || $0.name.hasPrefix(name + "-") || $0.planId == name }) else {
                throw CommandFailure(.badInput, "no seed named \(name)\nThe seeds: " + all.map(\.name).joined(separator: ", "))
            }
            return scenario
        }
    }
}
