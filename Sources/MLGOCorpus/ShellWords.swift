/// Splits a shell command string (compile_commands.json's "command" form) into arguments the
/// way a POSIX shell does, without expansions: whitespace separates; single quotes are literal;
/// outside quotes a backslash makes the next character literal; inside double quotes it escapes
/// only `$`, `` ` ``, `"`, `\` and newline and is kept before anything else (`"a\n"` is `a\n`);
/// backslash-newline is a line continuation everywhere but in single quotes and vanishes.
public enum ShellWords {
    public static func split(_ command: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var inWord = false
        var quote: Unicode.Scalar? = nil
        var escaped = false
        // Scalars, not Characters: a quote followed by a combining mark is one Character.
        for scalar in command.unicodeScalars {
            if escaped {
                escaped = false
                if scalar == "\n" { continue }
                if quote == "\"" && !doubleQuoteEscapable.contains(scalar) { current.append("\\") }
                current.append(scalar)
                inWord = true
                continue
            }
            switch (quote, scalar) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                current.append(scalar)
            case ("\"", "\\"), (nil, "\\"):
                escaped = true
            case ("\"", _):
                current.append(scalar)
            case (nil, "'"), (nil, "\""):
                quote = scalar
                inWord = true
            case (nil, _) where scalar.properties.isWhitespace:
                if inWord { words.append(String(current)) }
                current = String.UnicodeScalarView()
                inWord = false
            default:
                current.append(scalar)
                inWord = true
            }
        }
        // A backslash ending the command has nothing to escape: the shell keeps it.
        if escaped {
            current.append("\\")
            inWord = true
        }
        if inWord { words.append(String(current)) }
        return words
    }

    /// What a backslash escapes inside double quotes (POSIX 2.2.3); newline is handled apart.
    private static let doubleQuoteEscapable: Set<Unicode.Scalar> = ["$", "`", "\"", "\\"]
}
