import Foundation

/// The typist of `infill bench --soak`: types a text word by word into the daemon, over and over, until a
/// number of messages was sent, sampling the daemon's memory and timing every answered completion.
struct SoakSession {
    /// The text typed (again and again).
    var source: String
    /// Messages to send in all (each keystroke is two: didChange and inlineCompletion).
    var messages: Int
    /// Keystrokes per second within a word.
    var charactersPerSecond: Double
    /// Messages after which the baseline memory sample is taken (`defaultBaseline`: a tenth of `messages`, the
    /// issue's 1k → 10k definition). A short soak sets it past one whole pass over its text, once the document
    /// and the caches have reached their largest size, so that the ratio measures leaks and not fill-up.
    var baselineAt: Int
    /// How long to wait for the answers at a word's end before counting them as missing.
    var answerTimeout: Double = 120

    /// The baseline when none is asked for: after a tenth of the messages.
    static func defaultBaseline(messages: Int) -> Int { messages / 10 }

    func run(_ target: ReplayDaemonTarget, model: String) throws -> SoakReport {
        let queue = ReplayEventQueue()
        target.report = { queue.push($0) }
        var text = ""
        try target.open(text: text, cursor: 0, path: "/tmp/infill-soak/soak.py", languageID: "python")
        let keystrokes = Self.keystrokes(of: source)
        guard !keystrokes.isEmpty else { throw CommandError("the soak text holds nothing to type") }

        var sent = 0, state = 0, next = 0
        var answered = 0, cancelled = 0
        var latencies: [Double] = []
        var samples: [SoakReport.MemorySample] = []
        var early: ProcessMemory?
        let start = monotonicSeconds()
        let interval = 1 / charactersPerSecond
        let pid = target.serverProcessID
        let baselineMessages = baselineAt

        func collect(_ events: [ReplayEvent]) {
            for event in events {
                if case .cancelled = event.outcome { cancelled += 1; continue }
                answered += 1
                latencies.append(event.arrivedAt - event.sentAt)
            }
        }
        /// Waits until every request sent so far was answered (a word's end), or the timeout.
        func drain() {
            let deadline = monotonicSeconds() + answerTimeout
            while answered + cancelled < target.requestCount && monotonicSeconds() < deadline {
                collect(queue.take(waitingUntil: min(deadline, monotonicSeconds() + 0.5)))
            }
        }
        func sample() {
            guard let memory = ProcessMemory.of(pid) else { return }
            if early == nil && sent >= baselineMessages { early = memory }
            if sent >= samples.count * 500 { samples.append(.init(messages: sent, memory: memory)) }
        }

        while sent < messages {
            let keystroke = keystrokes[next]
            next += 1
            let offset = text.utf8.count
            text += keystroke
            state += 1
            target.changed(inserted: keystroke, at: offset, text: text, cursor: text.utf8.count, state: state)
            sent += 2
            if next == keystrokes.count {
                // The end of the text: select everything typed and delete it, then start over.
                drain()
                let old = text
                text = ""
                state += 1
                target.deleted(0..<old.utf8.count, of: old, text: text, cursor: 0, state: state)
                sent += 2
                next = 0
            }
            if keystroke.last?.isWhitespace == true || keystroke.last?.isPunctuation == true {
                drain()
            } else {
                collect(queue.take(waitingUntil: monotonicSeconds() + interval))
            }
            if sent >= samples.count * 500 || (early == nil && sent >= baselineMessages) { sample() }
        }
        drain()
        let end = ProcessMemory.of(pid)
        let wall = monotonicSeconds() - start
        let requests = target.requestCount
        target.close()

        func p95(_ values: ArraySlice<Double>) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)]
        }
        return SoakReport(model: model, messagesSent: sent, requests: requests, answered: answered, cancelled: cancelled,
                          unanswered: max(0, requests - answered - cancelled), daemonExitStatus: target.exitStatus,
                          baselineMessages: baselineMessages, memoryEarly: early, memoryEnd: end, memorySamples: samples,
                          firstCompletionsP95Seconds: p95(latencies.prefix(100)), lastCompletionsP95Seconds: p95(latencies.suffix(100)),
                          wallSeconds: wall, loadAverage: SoakReport.currentLoadAverage(), machine: MachineDescription.current())
    }

    /// The keystrokes of `text`: one character each, except that a line break and the next line's
    /// indentation are one (editors indent by themselves).
    static func keystrokes(of text: String) -> [String] {
        var result: [String] = []
        var pending = ""
        for character in text {
            if character == " " || character == "\t", pending.first == "\n", pending.dropFirst().allSatisfy({ $0 == " " || $0 == "\t" }) {
                pending.append(character)
                continue
            }
            if !pending.isEmpty { result.append(pending) }
            pending = String(character)
        }
        if !pending.isEmpty { result.append(pending) }
        return result
    }

    /// The default text: a small Python module (written for this benchmark).
    static let builtInSource = """
    import json
    from dataclasses import dataclass, field


    @dataclass
    class Item:
        name: str
        price: float
        quantity: int = 0
        tags: list = field(default_factory=list)

        def total(self):
            return self.price * self.quantity


    class Inventory:
        def __init__(self):
            self.items = {}

        def add(self, item):
            if item.name in self.items:
                self.items[item.name].quantity += item.quantity
            else:
                self.items[item.name] = item

        def remove(self, name, quantity=1):
            item = self.items.get(name)
            if item is None:
                raise KeyError(name)
            item.quantity -= quantity
            if item.quantity <= 0:
                del self.items[name]

        def value(self):
            return sum(item.total() for item in self.items.values())

        def tagged(self, tag):
            return [item for item in self.items.values() if tag in item.tags]

        def to_json(self):
            return json.dumps({name: vars(item) for name, item in self.items.items()}, indent=2)


    def main():
        inventory = Inventory()
        inventory.add(Item("apple", 0.5, 10, ["fruit"]))
        inventory.add(Item("pear", 0.75, 4, ["fruit"]))
        inventory.add(Item("hammer", 12.0, 1, ["tool"]))
        inventory.remove("apple", 3)
        print(inventory.value())
        print(inventory.to_json())


    if __name__ == "__main__":
        main()

    """
}
