import Foundation

/// Seconds spent in each stage of a task, for the debug log ("decode 3.10 s, build 1.20 s, …").
struct StageClock: CustomStringConvertible {
    private var last: Date
    private var laps: [(String, TimeInterval)] = []

    init(start: Date) { last = start }

    /// Records the time since the previous lap (or the start) under `stage`.
    mutating func lap(_ stage: String) {
        let now = Date()
        laps.append((stage, now.timeIntervalSince(last)))
        last = now
    }

    var description: String { laps.map { "\($0.0) \(String(format: "%.2f", $0.1)) s" }.joined(separator: ", ") }
}
