import Foundation
import XCTest

@testable import MLGOCore

final class StatisticsTests: XCTestCase {
    func testMeanAndSampleStandardDeviation() {
        XCTAssertEqual(Statistics.mean([2, 4, 4, 4, 5, 5, 7, 9]), 5)
        XCTAssertEqual(Statistics.sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]), (32.0 / 7).squareRoot(), accuracy: 1e-12)
        XCTAssertTrue(Statistics.mean([]).isNaN)
        XCTAssertTrue(Statistics.sampleStandardDeviation([3]).isNaN)
    }

    /// Published two-sided 95% values (t tables; scipy.stats.t.ppf to the digits given).
    func testTQuantilesMatchKnownValues() {
        let known: [(p: Double, df: Double, t: Double)] = [
            (0.975, 1, 12.706204736174694), (0.975, 2, 4.302652729749462), (0.975, 4, 2.7764451051977934),
            (0.975, 30, 2.0422724563012378), (0.975, 1000, 1.9623390808264083), (0.975, 2.5, 3.5746548420036817),
            (0.995, 10, 3.16927267261695), (0.95, 5, 2.0150483733330233),
        ]
        for (p, df, t) in known {
            XCTAssertEqual(StudentT.quantile(p, degreesOfFreedom: df), t, accuracy: 1e-9 * t, "t(\(p), \(df))")
            XCTAssertEqual(StudentT.quantile(1 - p, degreesOfFreedom: df), -t, accuracy: 1e-9 * t)
        }
        // The rounded values the task names.
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 4), 2.776, accuracy: 5e-4)
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 1), 12.706, accuracy: 5e-4)
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 30), 2.042, accuracy: 5e-4)
    }

    /// Closed forms: one degree of freedom is Cauchy, two has an algebraic CDF.
    func testTDistributionMatchesClosedForms() {
        for t in [-30.0, -2, -0.3, 0, 0.7, 4, 100] {
            XCTAssertEqual(StudentT.cumulativeProbability(of: t, degreesOfFreedom: 1), 0.5 + atan(t) / Double.pi, accuracy: 1e-13)
            XCTAssertEqual(StudentT.cumulativeProbability(of: t, degreesOfFreedom: 2), 0.5 + t / (2 * (2 + t * t).squareRoot()),
                           accuracy: 1e-13)
        }
    }

    func testIntervalOfAMean() throws {
        let interval = try XCTUnwrap(ConfidenceInterval(meanOf: [1, 2, 3, 4, 5]))
        XCTAssertEqual(interval.estimate, 3)
        XCTAssertEqual(interval.degreesOfFreedom, 4)
        // s = √2.5, standard error √0.5, times t(0.975, 4).
        XCTAssertEqual(interval.halfWidth, 2.7764451051977934 * 0.5.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(interval.lower, 3 - interval.halfWidth)
        XCTAssertNil(ConfidenceInterval(meanOf: [4]))
        XCTAssertEqual(ConfidenceInterval(meanOf: [2, 2, 2])?.halfWidth, 0)
    }

    /// Normal samples of five: the 95% interval must cover the true mean 95% of the time (with
    /// the normal's 1.96 it covers 88%).
    func testIntervalOfAMeanCoversAtItsLevel() throws {
        var generator = SplitMix64(seed: 21)
        let trials = 4000
        var covered = 0
        for _ in 0..<trials {
            let sample = (0..<5).map { _ in 10 + 3 * generator.nextGaussian() }
            let interval = try XCTUnwrap(ConfidenceInterval(meanOf: sample))
            if interval.lower <= 10 && 10 <= interval.upper { covered += 1 }
        }
        // Binomial standard error of the coverage: 0.0034.
        XCTAssertEqual(Double(covered) / Double(trials), 0.95, accuracy: 0.012)
    }

    func testIntervalOfAPairedRatio() throws {
        // Exactly proportional pairs: the ratio is known without error.
        let exact = try XCTUnwrap(ConfidenceInterval(ratioOfMeans: [2, 4, 6, 8], to: [1, 2, 3, 4], paired: true))
        XCTAssertEqual(exact.estimate, 2)
        XCTAssertEqual(exact.halfWidth, 0)
        // x = [11, 19, 31], y = [5, 10, 15]: R = 61/30, residuals xᵢ − R·yᵢ, n − 1 = 2.
        let ratio = 61.0 / 30
        let residuals = [11 - ratio * 5, 19 - ratio * 10, 31 - ratio * 15]
        let standardError = Statistics.sampleStandardDeviation(residuals) / (3.0.squareRoot() * 10)
        let interval = try XCTUnwrap(ConfidenceInterval(ratioOfMeans: [11, 19, 31], to: [5, 10, 15], paired: true))
        XCTAssertEqual(interval.estimate, ratio, accuracy: 1e-12)
        XCTAssertEqual(interval.degreesOfFreedom, 2)
        XCTAssertEqual(interval.halfWidth, 4.302652729749462 * standardError, accuracy: 1e-9)
        // The same numbers as independent samples ignore the pairs' shared swings: wider.
        let independent = try XCTUnwrap(ConfidenceInterval(ratioOfMeans: [11, 19, 31], to: [5, 10, 15], paired: false))
        XCTAssertGreaterThan(independent.halfWidth, 5 * interval.halfWidth)
    }

    func testIntervalOfAnIndependentRatio() throws {
        // x = [10, 12, 14] (mean 12, variance 4), y = [4, 5, 6] (mean 5, variance 1): R = 2.4,
        // Var R ≈ (4/3 + 2.4² · 1/3) / 5², Welch's df = (a + b)² / (a²/2 + b²/2).
        let a = 4.0 / 3
        let b = 2.4 * 2.4 / 3
        let degreesOfFreedom = (a + b) * (a + b) / (a * a / 2 + b * b / 2)
        let interval = try XCTUnwrap(ConfidenceInterval(ratioOfMeans: [10, 12, 14], to: [4, 5, 6], paired: false))
        XCTAssertEqual(interval.estimate, 2.4, accuracy: 1e-12)
        XCTAssertEqual(interval.degreesOfFreedom, degreesOfFreedom, accuracy: 1e-12)
        XCTAssertEqual(interval.halfWidth,
                       StudentT.quantile(0.975, degreesOfFreedom: degreesOfFreedom) * (a + b).squareRoot() / 5, accuracy: 1e-12)
        XCTAssertNil(ConfidenceInterval(ratioOfMeans: [1, 2], to: [0, 0], paired: false))
        XCTAssertNil(ConfidenceInterval(ratioOfMeans: [1], to: [1, 2], paired: false))
    }
}
