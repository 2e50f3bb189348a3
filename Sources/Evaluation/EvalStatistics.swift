/// The summary statistics used in evaluation reports.
public enum EvalStatistics {
    /// The median: the middle value, or the mean of the two middle values for an even count (as Python's
    /// `statistics.median`). Nil for no values.
    public static func median(_ values: [Double]) -> Double? {
        percentile(50, of: values)
    }

    /// The `p`-th percentile (0...100) with linear interpolation between closest ranks (NumPy's default
    /// `linear` method): the value at rank `p / 100 * (n - 1)` of the sorted values. Nil for no values.
    public static func percentile(_ p: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty, p.isFinite else { return nil }
        let sorted = values.sorted()
        let rank = min(max(p, 0), 100) / 100 * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = rank - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The arithmetic mean. Nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// `part` as a percentage of `whole` (0 when `whole` is 0).
    public static func percent(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 0 : Double(part) * 100 / Double(whole)
    }
}
