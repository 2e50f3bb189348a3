/// A grouped bar chart written as a standalone SVG document (no scripts, no external fonts or styles), for
/// the speed and quality figures in `docs/`. Each group (e.g. a model) has one bar per series (e.g.
/// "prompt", "generation"); bar heights are proportional to their values from a zero baseline, and an
/// optional horizontal reference line marks a value such as "llama.cpp = 1×".
public struct BarChart: Sendable {
    /// One cluster of bars under one label.
    public struct Group: Sendable, Equatable {
        /// The label under the cluster, e.g. "qwen2.5-coder-0.5b"; "\n" starts a second line.
        public var label: String
        /// One value per series, in series order; nil leaves a gap (no measurement).
        public var values: [Double?]

        /// A cluster labelled `label` with one value per series.
        public init(label: String, values: [Double?]) {
            self.label = label
            self.values = values
        }
    }

    /// The heading above the plot.
    public var title: String
    /// A smaller line under the title (what was measured, the CPU).
    public var subtitle: String
    /// The names of the series, shown in the legend; `groups[i].values[j]` belongs to `series[j]`.
    public var series: [String]
    /// The clusters, left to right.
    public var groups: [Group]
    /// How a value is printed above its bar, e.g. `{ String(format: "%.2f×", $0) }`.
    public var valueText: @Sendable (Double) -> String
    /// A value marked by a dashed horizontal line across the plot, and its label.
    public var reference: (value: Double, label: String)?

    /// A chart; `valueText` formats the numbers printed above the bars.
    public init(title: String, subtitle: String = "", series: [String], groups: [Group],
                reference: (value: Double, label: String)? = nil,
                valueText: @escaping @Sendable (Double) -> String) {
        self.title = title
        self.subtitle = subtitle
        self.series = series
        self.groups = groups
        self.reference = reference
        self.valueText = valueText
    }

    /// Geometry of the drawing, in SVG user units.
    public enum Layout {
        /// Height of the plot area, from the zero baseline to the top of the scale.
        public static let plotHeight = 240.0
        /// Width of one bar.
        public static let barWidth = 28.0
        /// Space between clusters.
        public static let groupGap = 36.0
        static let left = 56.0, top = 70.0, bottom = 64.0, right = 24.0
    }

    /// The top of the value scale: the largest value or reference, plus 15 % room for the labels.
    public var scaleMaximum: Double {
        let largest = (groups.flatMap { $0.values.compactMap { $0 } } + [reference?.value ?? 0]).max() ?? 0
        return largest > 0 ? largest * 1.15 : 1
    }

    /// The chart as an SVG document. Every bar is a `<rect class="bar">` carrying its value in `data-value`.
    public func svg() -> String {
        let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"]
        let groupWidth = Double(max(series.count, 1)) * Layout.barWidth
        let plotWidth = Double(groups.count) * (groupWidth + Layout.groupGap) + Layout.groupGap
        let width = max(Layout.left + plotWidth + Layout.right, 480)
        // Legend entries flow left to right and wrap to a new row at the right edge.
        var legend: [(x: Double, row: Int)] = []
        var legendX = Layout.left, legendRow = 0
        for name in series {
            let entryWidth = 24 + Double(name.count) * 7
            if legendX + entryWidth > width - Layout.right && legendX > Layout.left {
                legendX = Layout.left
                legendRow += 1
            }
            legend.append((legendX, legendRow))
            legendX += entryWidth
        }
        let top = Layout.top + Double(legendRow) * 16
        let height = top + Layout.plotHeight + Layout.bottom
        let baseline = top + Layout.plotHeight
        let scale = Layout.plotHeight / scaleMaximum
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" \
        viewBox="0 0 \(number(width)) \(number(height))" font-family="sans-serif" font-size="12">
        <rect x="0" y="0" width="\(number(width))" height="\(number(height))" fill="#ffffff"/>
        <text x="\(number(Layout.left))" y="22" font-size="16" font-weight="bold">\(escaped(title))</text>
        <text x="\(number(Layout.left))" y="40" fill="#555555">\(escaped(subtitle))</text>

        """
        for (index, name) in series.enumerated() {
            let (x, row) = legend[index]
            let y = 50 + Double(row) * 16
            out += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"10\" height=\"10\" fill=\"\(palette[index % palette.count])\"/>"
            out += "<text x=\"\(number(x + 14))\" y=\"\(number(y + 9))\">\(escaped(name))</text>\n"
        }
        // Axis.
        out += "<line x1=\"\(number(Layout.left))\" y1=\"\(number(baseline))\" x2=\"\(number(Layout.left + plotWidth))\" y2=\"\(number(baseline))\" stroke=\"#333333\"/>\n"
        // Bars.
        for (groupIndex, group) in groups.enumerated() {
            let groupX = Layout.left + Layout.groupGap + Double(groupIndex) * (groupWidth + Layout.groupGap)
            for (seriesIndex, value) in group.values.enumerated() {
                guard let value, value.isFinite, value >= 0 else { continue }
                let x = groupX + Double(seriesIndex) * Layout.barWidth
                let barHeight = value * scale
                out += "<rect class=\"bar\" data-value=\"\(value)\" x=\"\(number(x + 2))\" y=\"\(number(baseline - barHeight))\" "
                out += "width=\"\(number(Layout.barWidth - 4))\" height=\"\(number(barHeight))\" fill=\"\(palette[seriesIndex % palette.count])\"/>"
                out += "<text x=\"\(number(x + Layout.barWidth / 2))\" y=\"\(number(baseline - barHeight - 4))\" text-anchor=\"middle\" font-size=\"10\">\(escaped(valueText(value)))</text>\n"
            }
            for (lineIndex, line) in group.label.split(separator: "\n").enumerated() {
                out += "<text x=\"\(number(groupX + groupWidth / 2))\" y=\"\(number(baseline + 18 + Double(lineIndex) * 14))\" text-anchor=\"middle\">\(escaped(String(line)))</text>\n"
            }
        }
        if let reference {
            let y = baseline - reference.value * scale
            out += "<line class=\"reference\" x1=\"\(number(Layout.left))\" y1=\"\(number(y))\" x2=\"\(number(Layout.left + plotWidth))\" y2=\"\(number(y))\" stroke=\"#333333\" stroke-dasharray=\"5,4\"/>"
            out += "<text x=\"\(number(Layout.left + plotWidth))\" y=\"\(number(y - 4))\" text-anchor=\"end\" fill=\"#333333\">\(escaped(reference.label))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// A coordinate with at most two decimals and no exponent.
    private func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Text made safe for XML character data and attribute values.
    private func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
