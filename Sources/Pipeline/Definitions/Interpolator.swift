/// Replaces `${VAR}` and `${VAR:-default}` in scalar values; `$${` stands for a literal `${`.
///
/// A variable is looked up in the environment first, then in `.env`. A variable set to an empty
/// string counts as set, so `${VAR:-default}` keeps the empty value, as a shell's `${VAR-x}` would.
struct Interpolator {
    /// An unset variable or a malformed reference, with the text that locates it in the value.
    struct Problem: Error, Equatable {
        let message: String
        /// The start of the offending reference as written, such as `${WEBHOOK_URL`.
        let reference: String
    }

    let environment: [String: String]
    let dotEnv: [String: String]

    func lookup(_ name: String) -> String? {
        environment[name] ?? dotEnv[name]
    }

    /// Returns `text` with every reference replaced, and every problem found in it; a value
    /// with problems must not be used.
    func interpolate(_ text: String) -> (value: String, problems: [Problem]) {
        var output = ""
        var problems: [Problem] = []
        var rest = Substring(text)

        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let afterDollar = rest[dollar...].dropFirst()

            if afterDollar.hasPrefix("${") {
                output += "${"
                rest = afterDollar.dropFirst(2)
            } else if afterDollar.hasPrefix("{") {
                rest = expand(afterDollar.dropFirst(), into: &output, problems: &problems)
            } else {
                output += "$"
                rest = afterDollar
            }
        }
        output += rest
        return (output, problems)
    }

    /// Expands one reference whose `${` was consumed; returns the text after its `}`.
    private func expand(_ body: Substring, into output: inout String, problems: inout [Problem]) -> Substring {
        guard let close = body.firstIndex(of: "}") else {
            problems.append(Problem(message: "'${' is not closed by '}'; write '$${' for a literal '${'", reference: "${" + body))
            return body[body.endIndex...]
        }

        let inner = body[..<close]
        let (name, fallback) = split(inner)
        let reference = "${" + name
        if !isValidName(name) {
            problems.append(Problem(message: "invalid variable name '\(name)' in '${\(inner)}'; use letters, digits and '_'", reference: reference))
        } else if let value = lookup(name) ?? fallback {
            output += value
        } else {
            problems.append(Problem(message: "environment variable '\(name)' is not set; set it, add it to .env, or write ${\(name):-default}", reference: reference))
        }
        return body[body.index(after: close)...]
    }

    private func split(_ inner: Substring) -> (String, String?) {
        guard let separator = inner.range(of: ":-") else { return (String(inner), nil) }
        return (String(inner[..<separator.lowerBound]), String(inner[separator.upperBound...]))
    }

    private func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
