import Foundation

/// Small SVG charts written by the project (no plotting dependency): a horizontal bar chart of
/// signed percentages and a histogram.
public enum SVGChart {
    /// One bar per label, zero in the middle; negative (smaller code) bars are green.
    public static func signedBars(title: String, bars: [(label: String, percent: Double)]) -> String {
        let rowHeight = 22.0
        let labelWidth = 160.0
        let plotWidth = 420.0
        let height = 40 + rowHeight * Double(max(bars.count, 1)) + 20
        let limit = max(bars.map { abs($0.percent) }.max() ?? 0, 0.5) * 1.1
        let zero = labelWidth + plotWidth / 2
        var svg = header(width: labelWidth + plotWidth + 80, height: height, title: title)
        svg += line(x1: zero, y1: 30, x2: zero, y2: height - 15, color: "#888")
        for (index, bar) in bars.enumerated() {
            let y = 35 + Double(index) * rowHeight
            let length = bar.percent / limit * plotWidth / 2
            let x = length < 0 ? zero + length : zero
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\">\(escape(bar.label))</text>\n"
            svg += "<rect x=\"\(x)\" y=\"\(y + 2)\" width=\"\(max(abs(length), 0.5))\" height=\"\(rowHeight - 6)\" fill=\"\(bar.percent <= 0 ? "#3a7" : "#c44")\"/>\n"
            svg += "<text x=\"\(zero + (length < 0 ? 4 : length + 4))\" y=\"\(y + 14)\">\(String(format: "%+.2f%%", bar.percent))</text>\n"
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
