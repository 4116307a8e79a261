import Foundation

/// One field of a submitted form: text for ordinary fields, bytes and a file name for files.
struct FormField {
    var name: String
    var filename: String?
    var data: Data

    var text: String {
        String(decoding: data, as: UTF8.self)
    }
}

/// Parses request bodies in the two encodings Imgur accepts: multipart/form-data and
/// application/x-www-form-urlencoded.
enum FormParsing {
    static func fields(body: Data, contentType: String?) -> [FormField] {
        let type = contentType ?? ""
        if type.lowercased().hasPrefix("multipart/form-data"), let boundary = boundary(in: type) {
            return multipart(body, boundary: boundary)
        }
        return urlEncoded(String(decoding: body, as: UTF8.self))
    }

    /// Decodes `a=1&b=x+y`, where `+` is a space and `%XX` a byte.
    static func urlEncoded(_ text: String) -> [FormField] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? decode(parts[1]) : ""
            return FormField(name: decode(parts[0]), data: Data(value.utf8))
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" {
                return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            }
        }
        return nil
    }

    /// Splits a multipart body at each `--boundary` line and reads every part's
    /// Content-Disposition name and filename.
    private static func multipart(_ body: Data, boundary: String) -> [FormField] {
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var fields: [FormField] = []
        guard var cursor = body.range(of: delimiter)?.upperBound else { return [] }

        while let next = body.range(of: delimiter, in: cursor..<body.endIndex) {
            let part = body[cursor..<next.lowerBound]
            cursor = next.upperBound
            guard let split = part.range(of: headerEnd) else { continue }

            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            var content = part[split.upperBound..<part.endIndex]
            if content.suffix(2) == Data("\r\n".utf8) {
                content = content.dropLast(2)
            }
            if let name = dispositionParameter("name", in: headers) {
                fields.append(FormField(name: name, filename: dispositionParameter("filename", in: headers),
                                        data: Data(content)))
            }
        }
        return fields
    }

    private static func dispositionParameter(_ parameter: String, in headers: String) -> String? {
        guard let line = headers.split(separator: "\r\n").first(where: {
            $0.lowercased().hasPrefix("content-disposition:")
        }) else { return nil }
        let pattern = "; *\(parameter)=\"([^\"]*)\""
        guard let match = line.range(of: pattern, options: .regularExpression) else { return nil }
        let matched = line[match]
        guard let open = matched.firstIndex(of: "\"") else { return nil }
        return String(matched[matched.index(after: open)..<matched.index(before: matched.endIndex)])
    }
}

extension Array where Element == FormField {
    subscript(name: String) -> FormField? {
        last { $0.name == name }
    }
}

extension FormParsing {
    /// Encodes pairs as `a=1&b=x%20y`, escaping everything but unreserved characters.
    static func encode(_ pairs: [(String, String)]) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        func escape(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
        }
        return pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}
