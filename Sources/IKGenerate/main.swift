import EventLog
import Foundation
import Projections
import Synthetic

// Tools/generate: a deterministic synthetic data set of about N events appended into a store.
//   ik-generate --store PATH [--events N] [--seed S] [--years Y]

let arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
guard let path = option("--store") else {
    FileHandle.standardError.write(Data("usage: ik-generate --store PATH [--events N] [--seed S] [--years Y]\n".utf8))
    exit(64)
}
let events = Int(option("--events") ?? "") ?? 100_000
let seed = UInt64(option("--seed") ?? "") ?? 1
let years = Int(option("--years") ?? "") ?? 10
do {
    // The synthetic history carries recorded times of its own, which only a test store accepts; the fold records
    // are written with the events, as ik writes them.
    let options = StoreOpening.options(readOnly: false)
    let store = EventStore.exists(at: path) ? try EventStore(openingAt: path, options: options)
        : try EventStore.create(at: path, forTests: true, options: options)
    guard try store.read({ try $0.size }) == 0 else {
        FileHandle.standardError.write(Data("ik-generate: \(path) is not empty; generate into a new store\n".utf8))
        exit(65)
    }
    let history = SyntheticHistory(seed: seed, committees: SyntheticHistory.committees(forEvents: events, years: years),
                                   firstYear: 2025 - years, years: years)
    let started = Date()
    var lastReport = Date()
    let written = try SyntheticLoader.load(history, into: store, limit: events) { count in
        if Date().timeIntervalSince(lastReport) > 2 {
            lastReport = Date()
            FileHandle.standardError.write(Data("\r\(count) events…".utf8))
        }
    }
    let (size, root) = try store.read { view in (try view.size, try view.root) }
    print("generated \(written) events (seed \(seed), \(history.committees) committees × \(years) years) in "
        + String(format: "%.1f", Date().timeIntervalSince(started)) + " s")
    print("tree size \(size), root \(root.hex)")
} catch {
    FileHandle.standardError.write(Data("ik-generate: \(error)\n".utf8))
    exit(1)
}
