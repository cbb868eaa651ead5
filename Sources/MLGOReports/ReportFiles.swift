import Foundation

/// What every report writes: report.json (the numbers), report.md and report.html, and the
/// HTML page's frame, shared by the size and speed reports.
public enum ReportFiles {
    /// Writes report.json (pretty, sorted keys), report.md and report.html into `folder`.
    public static func write<Numbers: Encodable>(json numbers: Numbers, markdown: String, html: String, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(numbers).write(to: folder.appendingPathComponent("report.json"), options: .atomic)
        try Data(markdown.utf8).write(to: folder.appendingPathComponent("report.md"), options: .atomic)
        try Data(html.utf8).write(to: folder.appendingPathComponent("report.html"), options: .atomic)
    }

    /// An HTML page: `title` as its title and heading, then `body`.
    static func page(title: String, body: String) -> String {
        """
        <!doctype html><html><head><meta charset="utf-8"><title>\(SVGChart.escape(title))</title>
        <style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse}
        td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}</style>
        </head><body><h1>\(SVGChart.escape(title))</h1>
        \(body)</body></html>

        """
    }

    /// An HTML table of `header` and `rows` (cells escaped; `code` spans in Markdown style kept).
    static func table(header: [String], rows: [[String]]) -> String {
        func cell(_ text: String) -> String {
            var escaped = SVGChart.escape(text)
            while let start = escaped.range(of: "`"), let end = escaped.range(of: "`", range: start.upperBound..<escaped.endIndex) {
                escaped.replaceSubrange(start.lowerBound..<end.upperBound,
                                        with: "<code>" + escaped[start.upperBound..<end.lowerBound] + "</code>")
            }
            return escaped
        }
        var html = "<table><tr>" + header.map { "<th>\(cell($0))</th>" }.joined() + "</tr>\n"
        for row in rows { html += "<tr>" + row.map { "<td>\(cell($0))</td>" }.joined() + "</tr>\n" }
        return html + "</table>\n"
    }
}
