import EventLog
import Foundation
import InternalControl

/// One input through everything that reads untrusted bytes: the draft reader, the JSON parser, the draft
/// decoder, the payload validator and the cross-field rules, the personnummer scanner and the canonical
/// encoder. Nothing may crash, and canonical JSON must parse back to the same value and be stable.
func fuzzOne(_ bytes: UnsafeRawBufferPointer) {
    let rules = AppendRules(clock: .pinned(at: Instant(microsecondsSinceEpoch: 1_740_000_000_000_000)))
    let decoder = rules.decoder(defaultActor: "fuzz", store: nil)
    for (index, located) in DraftReader.read(Array(bytes), source: "fuzz").enumerated() {
        guard case .success(let value) = located.value else { continue }
        let canonical = CanonicalJSON.encode(value)
        guard let reparsed = try? JSONParser.parse(canonical) else {
            preconditionFailure("canonical JSON did not parse back")
        }
        precondition(reparsed == value, "canonical JSON changed the value")
        precondition(CanonicalJSON.encode(reparsed) == canonical, "canonical JSON is not stable")
        if let object = value.objectValue {
            canonical.withUnsafeBytes { raw in
                if let scanner = JSONObjectScanner(raw) {
                    for key in object.keys where key == "type" { _ = scanner.string("type") }
                }
            }
        }
        guard case .success(let draft) = decoder.decode(value, index: index), let type = EventType(rawValue: draft.type),
            let payload = draft.payload.objectValue
        else { continue }
        let problems = rules.validator.problems(of: draft.payload, fields: type.fields)
        if problems.isEmpty { _ = try? DomainEvent(type, payload: draft.payload).crossFieldProblems }
        for case .string(let text) in payload.values { _ = PersonalIdentityNumber.firstMatch(in: text) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzOne(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// With libFuzzer: hands the arguments to its driver, which calls the target above.
@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = runFuzzerDriver(&argc, &argv) { data, size in
            fuzzOne(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }
        exit(status)
    }
}
#else
/// Without libFuzzer: runs every file given (or every file of the directories given) through the target,
/// which is how the corpus and every crash ever found stay regression tests.
@main
struct FuzzReplay {
    static func main() {
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.subpathsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                data.withUnsafeBytes { fuzzOne($0) }
                count += 1
            }
        }
        print("ik-fuzz: \(count) inputs replayed, no crash")
    }
}
#endif
