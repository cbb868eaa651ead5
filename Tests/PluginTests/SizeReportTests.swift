import Foundation
import MLGOReports
import MLGOTestSupport
import XCTest

final class SizeReportTests: XCTestCase {
    private func module(_ name: String, _ baseline: Int, _ policy: Int) -> ModuleComparison {
        ModuleComparison(module: name, baselineText: baseline, policyText: policy,
                         change: Double(policy) / Double(baseline) - 1, decisions: 10, agreeing: 9,
                         baselineSeconds: 0.1, policySeconds: 0.2)
    }

    func testTotalsPercentilesAndGrownModules() {
        let report = SizeComparisonReport(corpus: "p", policy: "x", modules: [
            module("a", 100, 90), module("b", 200, 210), module("c", 100, 100), module("d", 600, 600),
        ], failures: ["e": "opt failed"])
        XCTAssertEqual(report.baselineTotal, 1000)
        XCTAssertEqual(report.policyTotal, 1000)
        XCTAssertEqual(report.totalChange, 0, accuracy: 1e-12)
        XCTAssertEqual(report.grownModules.map(\.module), ["b"])
        XCTAssertEqual(report.changePercentile(5), -0.1, accuracy: 1e-12)
        XCTAssertEqual(report.changePercentile(95), 0.05, accuracy: 1e-12)
        XCTAssertEqual(report.agreement, 0.9, accuracy: 1e-12)
        XCTAssertTrue(report.markdown().contains("| e | failed: opt failed"))
    }

    func testPageHasPlotsAndTables() throws {
        let folder = try TestEnvironment.makeScratchFolder("report")
        defer { try? FileManager.default.removeItem(at: folder) }
        let reports = [
            SizeComparisonReport(corpus: "a<b", policy: "x", modules: [module("m", 100, 97), module("n", 50, 52)], failures: [:]),
            SizeComparisonReport(corpus: "c", policy: "x", modules: [module("o", 10, 10)], failures: [:]),
        ]
        try SizeReportPage.write(reports, to: folder)
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 2)
        XCTAssertTrue(html.contains("a&lt;b"))
        XCTAssertTrue(html.contains("a&lt;b/n"), "grown module listed")
        let decoded = try JSONDecoder().decode([SizeComparisonReport].self, from: Data(contentsOf: folder.appendingPathComponent("report.json")))
        XCTAssertEqual(decoded.map(\.corpus), ["a<b", "c"])
    }
}
