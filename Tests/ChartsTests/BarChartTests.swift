import Charts
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// The SVG is well-formed XML, bars are proportional to their values from one baseline, missing values
/// leave gaps, and text is escaped.
final class BarChartTests: XCTestCase {
    /// The attributes of every element, in document order, read by an XML parser (which also checks well-formedness).
    private final class Elements: NSObject, XMLParserDelegate {
        var list: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            list.append((name, attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    private func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> Elements {
        let parser = XMLParser(data: Data(svg.utf8))
        let elements = Elements()
        parser.delegate = elements
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))", file: file, line: line)
        return elements
    }

    func testBarsAreProportionalToTheirValuesFromOneBaseline() throws {
        let chart = BarChart(title: "Speed <vs> llama.cpp & co", subtitle: "CPU \"x\"", series: ["prompt", "generation"],
                             groups: [.init(label: "a", values: [1.5, 0.75]), .init(label: "b", values: [3, nil])],
                             reference: (1, "llama.cpp = 1×"), valueText: { String(format: "%.2f×", $0) })
        let elements = try parse(chart.svg())
        XCTAssertEqual(elements.list.first?.name, "svg")
        let bars = elements.list.filter { $0.name == "rect" && $0.attributes["class"] == "bar" }
        XCTAssertEqual(bars.count, 3, "the missing value draws no bar")
        var bottoms: Set<Double> = []
        for bar in bars {
            let value = try XCTUnwrap(bar.attributes["data-value"].flatMap(Double.init))
            let height = try XCTUnwrap(bar.attributes["height"].flatMap(Double.init))
            let y = try XCTUnwrap(bar.attributes["y"].flatMap(Double.init))
            XCTAssertEqual(height, value * BarChart.Layout.plotHeight / chart.scaleMaximum, accuracy: 0.01)
            bottoms.insert(((y + height) * 100).rounded() / 100)
        }
        XCTAssertEqual(bottoms.count, 1, "every bar stands on the same baseline")
        XCTAssertEqual(chart.scaleMaximum, 3 * 1.15, accuracy: 1e-9)
        // The reference line sits at its value on the same scale.
        let reference = try XCTUnwrap(elements.list.first { $0.name == "line" && $0.attributes["class"] == "reference" })
        let referenceY = try XCTUnwrap(reference.attributes["y1"].flatMap(Double.init))
        XCTAssertEqual(try XCTUnwrap(bottoms.first) - referenceY, BarChart.Layout.plotHeight / chart.scaleMaximum, accuracy: 0.01)
        // Escaped text comes back intact through the parser.
        XCTAssertTrue(elements.text.contains("Speed <vs> llama.cpp & co"))
        XCTAssertTrue(elements.text.contains("CPU \"x\""))
        XCTAssertTrue(elements.text.contains("1.50×"))
    }

    func testAReferenceAboveEveryBarSetsTheScale() throws {
        let chart = BarChart(title: "t", series: ["s"], groups: [.init(label: "a", values: [0.5])], reference: (2, "two"),
                             valueText: { "\($0)" })
        XCTAssertEqual(chart.scaleMaximum, 2 * 1.15, accuracy: 1e-9)
        _ = try parse(chart.svg())
    }
}
