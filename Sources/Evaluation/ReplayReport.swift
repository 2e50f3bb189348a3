/// What a typing replay counted for one file (or several together): the raw figures a `ReplayReport` is
/// made of, kept so that files can be pooled before percentiles are taken.
public struct ReplayTally: Sendable, Equatable {
    /// Characters of the stretches typed back.
    public var stretchCharacters = 0
    /// Keystrokes made: typed characters (a line break with the new line's indentation counts once) and
    /// acceptances.
    public var keystrokes = 0
    /// Keystrokes whose text had an answer (a suggestion or none) before the next keystroke.
    public var keystrokesAnsweredInTime = 0
    /// Suggestions taken.
    public var acceptances = 0
    /// Characters inserted by taking suggestions.
    public var charactersAccepted = 0
    /// Requests sent (the daemon: one per keystroke; llama.cpp's server: at most one in flight, so fewer).
    public var requests = 0
    /// Seconds from a request to its answer, for requests answered with a result (suggestions or none).
    public var answerSeconds: [Double] = []
    /// Of those, answers that came when the text had already changed (not shown).
    public var answeredTooLate = 0
    /// Requests answered as cancelled (superseded by a newer keystroke, or the document changed).
    public var cancelled = 0
    /// Requests still without an answer when the replay ended.
    public var unanswered = 0
    /// Seconds the typing took.
    public var wallSeconds = 0.0

    /// An empty tally.
    public init() {}

    /// Adds another file's figures.
    public mutating func add(_ other: ReplayTally) {
        stretchCharacters += other.stretchCharacters
        keystrokes += other.keystrokes
        keystrokesAnsweredInTime += other.keystrokesAnsweredInTime
        acceptances += other.acceptances
        charactersAccepted += other.charactersAccepted
        requests += other.requests
        answerSeconds += other.answerSeconds
        answeredTooLate += other.answeredTooLate
        cancelled += other.cancelled
        unanswered += other.unanswered
        wallSeconds += other.wallSeconds
    }
}

/// The figures a typing replay reports (`infill bench --replay`), from a `ReplayTally`.
public struct ReplayReport: Codable, Sendable, Equatable {
    /// What was typed into: "infill" or "llama-server".
    public var target: String
    /// The file (or "all" for several pooled).
    public var file: String
    public var stretchCharacters: Int
    public var keystrokes: Int
    public var requests: Int
    /// Answers with a result (a suggestion or none), in time or not.
    public var answered: Int
    public var answeredTooLate: Int
    public var cancelled: Int
    public var unanswered: Int
    /// Request → answer, milliseconds, over answered requests.
    public var latencyMilliseconds: LatencySummary
    /// Share of keystrokes whose text had an answer before the next keystroke, percent.
    public var answeredBeforeNextKeystrokePercent: Double
    public var acceptances: Int
    /// Share of keystrokes that took a suggestion, percent.
    public var acceptRatePercent: Double
    public var charactersAccepted: Int
    /// Characters accepted as a share of the stretch, percent.
    public var charactersSavedPercent: Double
    public var wallSeconds: Double

    /// Percentiles of a set of latencies (nil for none).
    public struct LatencySummary: Codable, Sendable, Equatable {
        public var count: Int
        public var p50: Double?
        public var p95: Double?
        public var p99: Double?
        public var mean: Double?
        /// Answers within 20 ms (from text already suggested, without the model).
        public var instant: Int

        /// The summary of `seconds`, in milliseconds.
        public init(seconds: [Double]) {
            let ms = seconds.map { $0 * 1000 }
            count = ms.count
            p50 = EvalStatistics.percentile(50, of: ms)
            p95 = EvalStatistics.percentile(95, of: ms)
            p99 = EvalStatistics.percentile(99, of: ms)
            mean = EvalStatistics.mean(ms)
            instant = ms.filter { $0 < 20 }.count
        }
    }

    /// The report of `tally`.
    public init(target: String, file: String, tally t: ReplayTally) {
        self.target = target
        self.file = file
        stretchCharacters = t.stretchCharacters
        keystrokes = t.keystrokes
        requests = t.requests
        answered = t.answerSeconds.count
        answeredTooLate = t.answeredTooLate
        cancelled = t.cancelled
        unanswered = t.unanswered
        latencyMilliseconds = LatencySummary(seconds: t.answerSeconds)
        answeredBeforeNextKeystrokePercent = EvalStatistics.percent(t.keystrokesAnsweredInTime, of: t.keystrokes)
        acceptances = t.acceptances
        acceptRatePercent = EvalStatistics.percent(t.acceptances, of: t.keystrokes)
        charactersAccepted = t.charactersAccepted
        charactersSavedPercent = EvalStatistics.percent(t.charactersAccepted, of: t.stretchCharacters)
        wallSeconds = t.wallSeconds
    }

    /// One line for people.
    public var line: String {
        func ms(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }
        let l = latencyMilliseconds
        return "\(target) \(file): latency p50 \(ms(l.p50)) ms, p95 \(ms(l.p95)) ms, p99 \(ms(l.p99)) ms over \(answered) answers"
            + " (\(l.instant) instant, \(answeredTooLate) too late); \(cancelled) cancelled, \(unanswered) unanswered, \(requests) requests;"
            + String(format: " answered before the next keystroke %.0f %% of %d keystrokes;", answeredBeforeNextKeystrokePercent, keystrokes)
            + String(format: " %d accepted (%.1f %% of keystrokes), %d of %d characters saved (%.1f %%); %.0f s",
                     acceptances, acceptRatePercent, charactersAccepted, stretchCharacters, charactersSavedPercent, wallSeconds)
    }

    enum CodingKeys: String, CodingKey {
        case target, file, keystrokes, requests, answered, cancelled, unanswered, acceptances
        case stretchCharacters = "stretch_characters"
        case answeredTooLate = "answered_too_late"
        case latencyMilliseconds = "latency_ms"
        case answeredBeforeNextKeystrokePercent = "answered_before_next_keystroke_percent"
        case acceptRatePercent = "accept_rate_percent"
        case charactersAccepted = "characters_accepted"
        case charactersSavedPercent = "characters_saved_percent"
        case wallSeconds = "wall_seconds"
    }
}
