import Foundation
import Languages
import Synchronization

/// The verdict of the file candidates are built in, without them: when that file fails for reasons of its own (a
/// file being edited, with a type error in another function), every candidate built in it fails alike, so a
/// candidate is judged by the messages it adds (`BuildVerdict.excluding`). Computed at most once, and only when
/// every candidate of a round fails (in a file that builds there is nothing to take away): a translation's is
/// known before (`DocumentCodeTask` builds the rest of the file to decide where to build), a written function's
/// file is built with an empty body when it is needed.
public final class BuildBaseline: Sendable {
    private let compute: @Sendable () -> BuildVerdict?
    private let computed = Mutex<BuildVerdict??>(nil)

    /// A baseline built by `compute` (nil: none could be built) when it is first asked for.
    public init(_ compute: @escaping @Sendable () -> BuildVerdict?) {
        self.compute = compute
    }

    /// A baseline known already.
    public convenience init(known verdict: BuildVerdict) {
        self.init { verdict }
    }

    /// The verdict, built on the first call.
    public var verdict: BuildVerdict? {
        computed.withLock { computed in
            if let known = computed { return known }
            let verdict = compute()
            computed = .some(verdict)
            return verdict
        }
    }

    /// `verdicts` (of one round's candidates, in order) judged against the baseline when every one of them fails
    /// and the baseline fails in a way that hides nothing (`BuildVerdict.mayHideLaterMessages`); else as they are.
    func judged(_ verdicts: [BuildVerdict?]) -> [BuildVerdict?] {
        guard !verdicts.isEmpty, verdicts.allSatisfy({ $0?.builds == false }), let baseline = verdict, !baseline.builds,
              !baseline.mayHideLaterMessages else { return verdicts }
        return verdicts.map { $0?.excluding(baseline) }
    }
}
