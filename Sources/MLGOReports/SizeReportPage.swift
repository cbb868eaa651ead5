import Foundation

/// The size report as files: report.json, report.md and report.html with SVG plots.
public enum SizeReportPage {
    public static func html(_ reports: [SizeComparisonReport]) -> String {
        let all = reports.flatMap(\.modules)
        let baseline = all.reduce(0) { $0 + $1.baselineText }
        let policy = all.reduce(0) { $0 + $1.policyText }
        let total = baseline == 0 ? 0 : (Double(policy) / Double(baseline) - 1) * 100
        var page = """
        <p>\(all.count) modules in \(reports.count) corpora: .text \(baseline) → \(policy) bytes
        (<b>\(String(format: "%+.3f%%", total))</b>); \(all.filter { $0.policyText > $0.baselineText }.count) modules grew.</p>

        """
        page += SVGChart.signedBars(title: "Total .text change per corpus",
                                    bars: reports.map { ($0.corpus, $0.totalChange * 100) })
        page += SVGChart.histogram(title: "Per-module change", values: all.map { $0.change * 100 })
        page += "<h2>Per corpus</h2><table><tr><th>corpus</th><th>modules</th><th>heuristic .text</th><th>policy .text</th><th>change</th><th>p5</th><th>p50</th><th>p95</th><th>grew</th><th>agreement</th><th>compile s (heuristic / policy)</th><th>failed</th></tr>\n"
        for report in reports {
            let seconds = (report.modules.reduce(0) { $0 + $1.baselineSeconds }, report.modules.reduce(0) { $0 + $1.policySeconds })
            page += String(format: "<tr><td>%@</td><td>%d</td><td>%d</td><td>%d</td><td>%+.3f%%</td><td>%+.2f%%</td><td>%+.2f%%</td><td>%+.2f%%</td><td>%d</td><td>%.2f%%</td><td>%.1f / %.1f</td><td>%d</td></tr>\n",
                           SVGChart.escape(report.corpus), report.modules.count, report.baselineTotal, report.policyTotal,
                           report.totalChange * 100, report.changePercentile(5) * 100, report.changePercentile(50) * 100,
                           report.changePercentile(95) * 100, report.grownModules.count, report.agreement * 100,
                           seconds.0, seconds.1, report.failures.count)
        }
        page += "</table>\n" + linkedTable(reports)
        page += "<h2>Modules that grew</h2><table><tr><th>module</th><th>heuristic</th><th>policy</th><th>change</th></tr>\n"
        for report in reports {
            for module in report.grownModules.sorted(by: { $0.change > $1.change }) {
                page += String(format: "<tr><td>%@/%@</td><td>%d</td><td>%d</td><td>%+.2f%%</td></tr>\n", SVGChart.escape(report.corpus),
                               SVGChart.escape(module.module), module.baselineText, module.policyText, module.change * 100)
            }
        }
        return ReportFiles.page(title: "Code size: policy vs LLVM's -Oz heuristic", body: page + "</table>\n")
    }

    /// Linked programs and libraries per corpus, with each corpus's total; empty without any.
    static func linkedTable(_ reports: [SizeComparisonReport]) -> String {
        guard reports.contains(where: { !$0.linkedTargets.isEmpty }) else { return "" }
        var table = "<h2>Linked programs and libraries</h2><table><tr><th>corpus / target</th><th>kind</th><th>heuristic .text</th><th>policy .text</th><th>change</th></tr>\n"
        for report in reports where !report.linkedTargets.isEmpty {
            for target in report.linkedTargets {
                let name = SVGChart.escape("\(report.corpus)/\(target.target)")
                if let change = target.change {
                    table += String(format: "<tr><td>%@</td><td>%@</td><td>%d</td><td>%d</td><td>%+.3f%%</td></tr>\n", name,
                                    target.kind.rawValue, target.baselineText!, target.policyText!, change * 100)
                } else {
                    table += "<tr><td>\(name)</td><td>\(target.kind.rawValue)</td><td colspan=\"3\" style=\"text-align:left\">failed: \(SVGChart.escape(target.failure ?? "no .text"))</td></tr>\n"
                }
            }
            table += String(format: "<tr><td><b>%@ total</b> (%d of %d linked)</td><td></td><td>%d</td><td>%d</td><td><b>%+.3f%%</b></td></tr>\n",
                            SVGChart.escape(report.corpus), report.linkedTargets.filter(\.linked).count, report.linkedTargets.count,
                            report.linkedBaselineTotal, report.linkedPolicyTotal, report.linkedTotalChange * 100)
        }
        return table + "</table>\n"
    }

    /// Writes report.json, report.md and report.html (the plots inline) into `folder`.
    public static func write(_ reports: [SizeComparisonReport], to folder: URL) throws {
        try ReportFiles.write(json: reports, markdown: reports.map { $0.markdown() }.joined(separator: "\n"),
                              html: html(reports), to: folder)
    }
}
