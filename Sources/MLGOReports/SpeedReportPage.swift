import Foundation

/// The speed report as files: report.json, report.md and report.html with SVG plots (executed
/// instructions and wall time per benchmark, with intervals; `.text` against instructions per
/// configuration).
public enum SpeedReportPage {
    public static func html(_ report: SpeedReport) -> String {
        var body = "<p>Command: <code>\(SVGChart.escape(report.command))</code></p>\n"
        body += "<p>\(SVGChart.escape(report.clang)); \(SVGChart.escape(report.valgrind)); \(report.callgrindRuns) callgrind run(s) and "
        body += "\(report.repetitions) interleaved native runs per benchmark and configuration; "
        body += String(format: "load average %.1f → %.1f; %@. ", report.loadAverageAtStart, report.loadAverageAtEnd, report.date)
        body += "Each configuration is compared with stock clang-22 at its own level; negative is smaller, fewer, faster. "
        body += "A wall-time change is significant only when its 95% interval excludes 0 (pale bars: it does not, or the programs "
        body += "are byte-identical to the baseline's, so the difference is the machine's noise).</p>\n"
        let problems = report.problemLines
        if !problems.isEmpty {
            body += "<ul>" + problems.map { "<li style=\"color:#c00\">\(SVGChart.escape($0).replacingOccurrences(of: "**", with: ""))</li>" }.joined() + "</ul>\n"
        }
        let rows = report.benchmarks.flatMap { benchmark in benchmark.changes.map { (benchmark.name, $0) } }
        body += SVGChart.bars(title: "Executed instructions vs stock (callgrind)", bars: rows.compactMap { name, change in
            change.instructionsChange.map { SVGChart.Bar(label: "\(name) · \(change.configuration)", percent: $0 * 100) }
        }, labelWidth: 330)
        body += SVGChart.bars(title: "Wall time vs stock, 95% interval", bars: rows.compactMap { name, change in
            change.wallTime.map {
                SVGChart.Bar(label: "\(name) · \(change.configuration)" + (change.identicalPrograms == true ? " (identical)" : ""),
                             percent: $0.change * 100, interval: ($0.lower * 100, $0.upper * 100),
                             muted: change.identicalPrograms == true)
            }
        }, labelWidth: 330)
        body += sizeAgainstSpeed(report)
        body += "<h2>Summary (geometric mean over the benchmarks)</h2>\n" + ReportFiles.table(report.summaryTable)
        body += "<h2>Per benchmark</h2>\n" + ReportFiles.table(report.changeTable)
        body += "<h2>Measurements</h2>\n" + ReportFiles.table(report.measurementTable)
        body += "<h2>Benchmarks</h2>\n" + ReportFiles.table(report.benchmarkTable)
        return ReportFiles.page(title: "Speed: configurations vs stock clang-22", body: body)
    }

    /// `.text` change against instruction change: one small point per benchmark, one large
    /// point per configuration (its geometric means).
    static func sizeAgainstSpeed(_ report: SpeedReport) -> String {
        let summaries = report.summaries
        var points: [SVGChart.Point] = []
        for (series, summary) in summaries.enumerated() {
            for benchmark in report.benchmarks {
                guard let change = benchmark.changes.first(where: { $0.configuration == summary.configuration.name }),
                      let text = change.textChange, let instructions = change.instructionsChange else { continue }
                points.append(SVGChart.Point(label: "\(benchmark.name) · \(summary.configuration.name)", x: text * 100,
                                             y: instructions * 100, series: series, emphasised: false))
            }
            if let text = summary.textChange, let instructions = summary.instructionsChange {
                points.append(SVGChart.Point(label: summary.configuration.name, x: text * 100, y: instructions * 100,
                                             series: series, emphasised: true))
            }
        }
        return SVGChart.scatter(title: "Size against speed per configuration (vs stock at its level)",
                                xLabel: ".text change", yLabel: "executed instructions change",
                                points: points, legend: summaries.map(\.configuration.name))
    }

    /// Writes report.json, report.md and report.html into `folder`.
    public static func write(_ report: SpeedReport, to folder: URL) throws {
        try ReportFiles.write(json: report, markdown: report.markdown(), html: html(report), to: folder)
    }
}

extension ReportFiles {
    static func table(_ content: (header: [String], rows: [[String]])) -> String {
        table(header: content.header, rows: content.rows)
    }
}
