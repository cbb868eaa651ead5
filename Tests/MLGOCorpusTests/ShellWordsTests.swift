@testable import MLGOCorpus
import XCTest

/// compile_commands.json "command" strings split as a POSIX shell splits them (the expected
/// words are what dash and bash pass to `printf '[%s]'` for the same text).
final class ShellWordsTests: XCTestCase {
    func testBackslashInsideDoubleQuotesEscapesOnlyFiveCharacters() {
        XCTAssertEqual(ShellWords.split(#"cc "-DMSG=\"a\n\"""#), ["cc", #"-DMSG="a\n""#], "\\n stays two characters")
        XCTAssertEqual(ShellWords.split(#""x\$y" "\`" "\\" "\q" "C:\dir""#), ["x$y", "`", #"\"#, #"\q"#, #"C:\dir"#])
        XCTAssertEqual(ShellWords.split("\"a\\\nb\""), ["ab"], "backslash-newline in double quotes vanishes")
    }

    func testBackslashOutsideQuotesMakesTheNextCharacterLiteral() {
        XCTAssertEqual(ShellWords.split(#"a\ b \x \"q\" \'"#), ["a b", "x", #""q""#, "'"])
        XCTAssertEqual(ShellWords.split(#"a\"#), [#"a\"#], "nothing to escape at the end: kept")
    }

    func testLineContinuationOutsideQuotesRemovesBothCharacters() {
        XCTAssertEqual(ShellWords.split("a \\\n b"), ["a", "b"])
        XCTAssertEqual(ShellWords.split("a\\\nb"), ["ab"])
        XCTAssertEqual(ShellWords.split("\\\n"), [], "a continuation alone is no word")
    }

    func testSingleQuotesAreLiteral() {
        XCTAssertEqual(ShellWords.split(#"'a\b' 'c\' 'd"e'"#), [#"a\b"#, #"c\"#, #"d"e"#])
        XCTAssertEqual(ShellWords.split("'a\\\nb'"), ["a\\\nb"], "no continuation in single quotes")
    }

    func testQuotesAndWhitespace() {
        XCTAssertEqual(ShellWords.split(#"cc -DA="b c" -I'x y'  "" x"#), ["cc", "-DA=b c", "-Ix y", "", "x"])
        XCTAssertEqual(ShellWords.split(" \t a\tb \n"), ["a", "b"])
        // A quote followed by a combining mark is one Character but still a quote.
        XCTAssertEqual(ShellWords.split("a\"\u{301}b\" c"), ["a\u{301}b", "c"])
    }
}
