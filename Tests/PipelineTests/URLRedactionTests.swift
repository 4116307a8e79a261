import Foundation
@testable import Pipeline
import Testing
import YAML

@Suite struct URLRedactionTests {
    @Test(arguments: [
        ("https://user:pw@hooks.example/in", "https://user:REDACTED@hooks.example/in"),
        ("http://127.0.0.1:8080/h?api_key=k1&team=a", "http://127.0.0.1:8080/h?api_key=REDACTED&team=a"),
        ("http://h/x?Token=t&sig=s&access_token=a", "http://h/x?Token=REDACTED&sig=REDACTED&access_token=REDACTED"),
        ("http://user@h/x?team=a", "http://user@h/x?team=a"),
        ("not a url at all %%", "not a url at all %%"),
    ])
    func redactsCredentials(_ url: String, _ expected: String) {
        #expect(URLRedaction.redact(url) == expected)
    }

    @Test func definitionURLRedacted() throws {
        let text = """
        name: r
        stages:
          - type: notify
            url: http://hooks:pw-1@127.0.0.1:9/h?key=k-2
          - type: notify
            url: "http://127.0.0.1:9/h?token=t-3"
          - type: notify
            url: ${WEBHOOK_URL}
        """
        let redacted = Redactor.redact(SourceText(file: "r.yaml", text: text), root: try YAMLParser.parse(text))

        #expect(redacted.contains("    url: http://hooks:REDACTED@127.0.0.1:9/h?key=REDACTED\n"))
        #expect(redacted.contains("    url: [redacted]\n"))
        #expect(redacted.hasSuffix("    url: ${WEBHOOK_URL}"))
        #expect(!redacted.contains("pw-1"))
        #expect(!redacted.contains("k-2"))
        #expect(!redacted.contains("t-3"))
    }
}
