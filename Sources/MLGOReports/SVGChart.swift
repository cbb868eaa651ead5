import Foundation

/// Small SVG charts written by the project (no plotting dependency): horizontal bars of signed
/// percentages (with intervals, optionally), a histogram and a scatter plot.
public enum SVGChart {
    /// A bar of a bar chart: a signed percentage, optionally with an interval drawn as a whisker.
    public struct Bar {
        public var label: String
        public var percent: Double
        /// The interval's ends, in percent.
        public var interval: (lower: Double, upper: Double)?
        /// Drawn pale whatever its interval (a difference known to be noise).
        public var muted: Bool

        public init(label: String, percent: Double, interval: (lower: Double, upper: Double)? = nil, muted: Bool = false) {
            self.label = label
            self.percent = percent
            self.interval = interval
            self.muted = muted
        }
    }

    /// One bar per label, zero in the middle; negative (smaller code) bars are green.
    public static func signedBars(title: String, bars: [(label: String, percent: Double)]) -> String {
        self.bars(title: title, bars: bars.map { Bar(label: $0.label, percent: $0.percent) })
    }

    /// One bar per entry, zero in the middle; negative bars (smaller, fewer, faster) are green,
    /// positive ones red; an interval is a black whisker, and its bar is pale when the interval
    /// includes zero (or the bar is muted).
    public static func bars(title: String, bars: [Bar], labelWidth: Double = 160) -> String {
        let rowHeight = 22.0
        let plotWidth = 420.0
        let height = 40 + rowHeight * Double(max(bars.count, 1)) + 20
        let extent = bars.flatMap { [abs($0.percent), abs($0.interval?.lower ?? 0), abs($0.interval?.upper ?? 0)] }.max() ?? 0
        let limit = max(extent, 0.5) * 1.1
        let zero = labelWidth + plotWidth / 2
        func x(_ percent: Double) -> Double { zero + percent / limit * plotWidth / 2 }
        var svg = header(width: labelWidth + plotWidth + 140, height: height, title: title)
        svg += line(x1: zero, y1: 30, x2: zero, y2: height - 15, color: "#888")
        for (index, bar) in bars.enumerated() {
            let y = 35 + Double(index) * rowHeight
            let length = x(bar.percent) - zero
            let start = length < 0 ? zero + length : zero
            let uncertain = bar.muted || (bar.interval.map { $0.lower <= 0 && $0.upper >= 0 } ?? false)
            let color = bar.percent <= 0 ? (uncertain ? "#9cd5b8" : "#3a7") : (uncertain ? "#e6a3a3" : "#c44")
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\">\(escape(bar.label))</text>\n"
            svg += "<rect x=\"\(start)\" y=\"\(y + 2)\" width=\"\(max(abs(length), 0.5))\" height=\"\(rowHeight - 6)\" fill=\"\(color)\"/>\n"
            var text = String(format: "%+.2f%%", bar.percent)
            var textX = zero + (length < 0 ? 4 : length + 4)
            if let interval = bar.interval {
                let middle = y + rowHeight / 2 - 1
                svg += line(x1: x(interval.lower), y1: middle, x2: x(interval.upper), y2: middle, color: "#000")
                for end in [interval.lower, interval.upper] {
                    svg += line(x1: x(end), y1: middle - 5, x2: x(end), y2: middle + 5, color: "#000")
                }
                text += String(format: " [%+.2f, %+.2f]", interval.lower, interval.upper)
                textX = max(textX, x(interval.upper) + 4)
            }
            svg += "<text x=\"\(textX)\" y=\"\(y + 14)\">\(text)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A point of a scatter plot; `series` picks its colour, `emphasised` draws it large and
    /// labelled (a configuration's mean among its benchmarks).
    public struct Point {
        public var label: String
        public var x: Double
        public var y: Double
        public var series: Int
        public var emphasised: Bool

        public init(label: String, x: Double, y: Double, series: Int, emphasised: Bool) {
            self.label = label
            self.x = x
            self.y = y
            self.series = series
            self.emphasised = emphasised
        }
    }

    /// A scatter plot in percent with both axes through zero; `legend` names the series.
    public static func scatter(title: String, xLabel: String, yLabel: String, points: [Point], legend: [String]) -> String {
        let width = 640.0
        let height = 420.0
        let left = 70.0, right = width - 30, top = 40.0, bottom = height - 60
        let xLimit = max(points.map { abs($0.x) }.max() ?? 0, 0.5) * 1.15
        let yLimit = max(points.map { abs($0.y) }.max() ?? 0, 0.5) * 1.15
        func px(_ value: Double) -> Double { left + (value + xLimit) / (2 * xLimit) * (right - left) }
        func py(_ value: Double) -> Double { bottom - (value + yLimit) / (2 * yLimit) * (bottom - top) }
        let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
        var svg = header(width: width, height: height, title: title)
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(right - left)\" height=\"\(bottom - top)\" fill=\"none\" stroke=\"#ccc\"/>\n"
        svg += line(x1: px(0), y1: top, x2: px(0), y2: bottom, color: "#888")
        svg += line(x1: left, y1: py(0), x2: right, y2: py(0), color: "#888")
        svg += "<text x=\"\(left)\" y=\"\(bottom + 16)\">\(String(format: "%+.1f%%", -xLimit))</text>\n"
        svg += "<text x=\"\(right)\" y=\"\(bottom + 16)\" text-anchor=\"end\">\(String(format: "%+.1f%%", xLimit))</text>\n"
        svg += "<text x=\"\(left - 4)\" y=\"\(top + 10)\" text-anchor=\"end\">\(String(format: "%+.1f%%", yLimit))</text>\n"
        svg += "<text x=\"\(left - 4)\" y=\"\(bottom)\" text-anchor=\"end\">\(String(format: "%+.1f%%", -yLimit))</text>\n"
        svg += "<text x=\"\((left + right) / 2)\" y=\"\(bottom + 34)\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        svg += "<text x=\"16\" y=\"\((top + bottom) / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 16 \((top + bottom) / 2))\">\(escape(yLabel))</text>\n"
        var labels: [(x: Double, y: Double)] = []
        for point in points.sorted(by: { !$0.emphasised && $1.emphasised }) {
            let color = colors[point.series % colors.count]
            let radius = point.emphasised ? 7.0 : 3.5
            svg += "<circle cx=\"\(px(point.x))\" cy=\"\(py(point.y))\" r=\"\(radius)\" fill=\"\(color)\" fill-opacity=\"\(point.emphasised ? 0.8 : 0.55)\"><title>\(escape(point.label)): \(String(format: "%+.2f%%, %+.2f%%", point.x, point.y))</title></circle>\n"
            guard point.emphasised else { continue }
            // Points that coincide (configurations identical to stock) get their labels stacked.
            var y = py(point.y) - 6
            while labels.contains(where: { abs($0.x - px(point.x)) < 80 && abs($0.y - y) < 13 }) { y += 14 }
            labels.append((px(point.x), y))
            svg += "<text x=\"\(px(point.x) + 9)\" y=\"\(y)\" fill=\"\(color)\">\(escape(point.label))</text>\n"
        }
        for (index, name) in legend.enumerated() {
            let y = height - 12.0
            let x = left + Double(index) * 150
            svg += "<circle cx=\"\(x)\" cy=\"\(y - 4)\" r=\"5\" fill=\"\(colors[index % colors.count])\"/><text x=\"\(x + 9)\" y=\"\(y)\">\(escape(name))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// A histogram of `values` (percent) in `binCount` equal bins.
    public static func histogram(title: String, values: [Double], binCount: Int = 20) -> String {
        let width = 600.0
        let height = 260.0
        let left = 50.0
        let bottom = height - 40
        var svg = header(width: width, height: height, title: title)
        guard let low = values.min(), let high = values.max() else { return svg + "<text x=\"50\" y=\"60\">no data</text></svg>\n" }
        let span = max(high - low, 1e-9)
        var counts = [Int](repeating: 0, count: binCount)
        for value in values { counts[min(Int((value - low) / span * Double(binCount)), binCount - 1)] += 1 }
        let tallest = Double(max(counts.max() ?? 1, 1))
        let barWidth = (width - left - 20) / Double(binCount)
        for (bin, count) in counts.enumerated() {
            let barHeight = Double(count) / tallest * (bottom - 40)
            let start = low + span * Double(bin) / Double(binCount)
            let color = start + span / Double(binCount) <= 0 ? "#3a7" : (start >= 0 ? "#c44" : "#999")
            svg += "<rect x=\"\(left + Double(bin) * barWidth + 1)\" y=\"\(bottom - barHeight)\" width=\"\(barWidth - 2)\" height=\"\(barHeight)\" fill=\"\(color)\"><title>\(count) modules from \(String(format: "%+.2f%%", start))</title></rect>\n"
        }
        svg += line(x1: left, y1: bottom, x2: width - 20, y2: bottom, color: "#888")
        svg += "<text x=\"\(left)\" y=\"\(bottom + 18)\">\(String(format: "%+.2f%%", low))</text>\n"
        svg += "<text x=\"\(width - 20)\" y=\"\(bottom + 18)\" text-anchor=\"end\">\(String(format: "%+.2f%%", high))</text>\n"
        svg += "<text x=\"\(left - 6)\" y=\"45\" text-anchor=\"end\">\(Int(tallest))</text>\n"
        svg += "<text x=\"\(width / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\">per-module .text change vs heuristic (\(values.count) modules)</text>\n"
        return svg + "</svg>\n"
    }

    private static func header(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
            + "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>\n"
    }

    private static func line(x1: Double, y1: Double, x2: Double, y2: Double, color: String) -> String {
        "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"\(color)\"/>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
