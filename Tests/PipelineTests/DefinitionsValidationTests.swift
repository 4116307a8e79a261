import Testing
@testable import Pipeline

/// One definition text and the exact problems `DefinitionLoader` reports for it.
struct ValidationCase: CustomTestStringConvertible, Sendable {
    let label: String
    let text: String
    let expected: [String]

    var testDescription: String { label }
}

private let environment = ["HOME": "/home/tester", "WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]

private let validCases: [ValidationCase] = [
    ValidationCase(label: "minimal", text: """
    name: minimal
    stages:
      - type: ingest
        path: /photos
    """, expected: []),
    ValidationCase(label: "every stage", text: """
    name: full_pipeline-2
    description: All stages.
    stages:
      - type: ingest
        path: ~/photos
      - type: metadata
      - type: resize
        max_width: 100
      - type: authenticate
      - type: upload
        title: "{stem} {index}"
      - type: notify
        url: https://example.com/hooks
        secret: ${WEBHOOK_SECRET}
    """, expected: []),
    ValidationCase(label: "flow style", text: """
    {name: flow, stages: [{type: ingest, path: /p, include: ["*.png"]}]}
    """, expected: []),
]

private let invalidCases: [ValidationCase] = [
    ValidationCase(label: "syntax error", text: """
    name: broken
    stages:
      - type: ingest
       path: /photos
    """, expected: [
        "test.yaml:4:4: invalid YAML: did not find expected '-' indicator (while parsing a block collection started at line 3, column 3)",
    ]),
    ValidationCase(label: "unclosed quote", text: """
    name: "broken
    stages: []
    """, expected: [
        "test.yaml:2:11: invalid YAML: found unexpected end of stream (while scanning a quoted scalar started at line 1, column 7)",
    ]),
    ValidationCase(label: "unknown keys with suggestions", text: """
    name: typo
    stage: []
    stages:
      - type: ingest
        paht: /photos
        recursiv: false
        banana: 1
    """, expected: [
        "test.yaml:2:1: unknown top-level key 'stage'; did you mean 'stages'?",
        "test.yaml:4:5: stage 'ingest' is missing required option 'path' (path)",
        "test.yaml:5:5: unknown option 'paht' for stage 'ingest'; did you mean 'path'?",
        "test.yaml:6:5: unknown option 'recursiv' for stage 'ingest'; did you mean 'recursive'?",
        "test.yaml:7:5: unknown option 'banana' for stage 'ingest'",
    ]),
    ValidationCase(label: "wrong types", text: """
    name: types
    stages:
      - type: ingest
        path: /photos
        recursive: maybe
        include: "*.jpg"
        stable_for: 2 seconds
      - type: resize
        concurrency: abc
        quality: "85"
        max_width: 0
        format: jpg
    """, expected: [
        "test.yaml:5:16: recursive: expected true or false, found 'maybe'",
        "test.yaml:6:14: include: expected a list of strings, found '*.jpg'",
        "test.yaml:7:17: stable_for: expected a duration such as 500ms, 2s, 5m or 1h, found '2 seconds'",
        "test.yaml:9:18: concurrency: expected an integer, found 'abc'",
        "test.yaml:10:14: quality: expected an integer, found the quoted string '85'; remove the quotes",
        "test.yaml:11:16: max_width: 0 is out of range; expected an integer >= 1",
        "test.yaml:12:13: format: expected one of keep, jpeg, png, found 'jpg'; did you mean 'jpeg'?",
    ]),
    ValidationCase(label: "string tag", text: """
    name: tagged
    stages:
      - type: ingest
        path: /p
        concurrency: !!str 2
    """, expected: [
        "test.yaml:5:18: concurrency: expected an integer, found the string '2' tagged !!str; remove the tag",
    ]),
    ValidationCase(label: "out of range", text: """
    name: ranges
    stages:
      - type: ingest
        path: /p
        rescan_every: 0s
      - type: resize
        quality: 101
        retry: {max_attempts: 0, initial_delay: 10s, max_delay: 1s}
    """, expected: [
        "test.yaml:5:19: rescan_every: must be longer than zero, found '0s'",
        "test.yaml:7:14: quality: 101 is out of range; expected an integer 1...100",
        "test.yaml:8:27: max_attempts: 0 is out of range; expected an integer >= 1",
        "test.yaml:8:61: max_delay 1s is shorter than initial_delay 10s",
    ]),
    ValidationCase(label: "duplicate keys", text: """
    name: dup
    name: again
    stages:
      - type: ingest
        path: /a
        path: /b
    """, expected: [
        "test.yaml:2:1: duplicate key 'name'; it is already set at line 1",
        "test.yaml:6:5: duplicate key 'path'; it is already set at line 5",
    ]),
    ValidationCase(label: "missing keys", text: """
    description: nothing else
    """, expected: [
        "test.yaml:1:1: missing required key 'name'; add a pipeline name such as 'name: holiday-photos'",
        "test.yaml:1:1: missing required key 'stages'; list the stages, starting with 'ingest'",
    ]),
    ValidationCase(label: "missing required options", text: """
    name: notify-missing
    stages:
      - type: ingest
        path: /p
      - type: authenticate
      - type: upload
      - type: notify
        wait: 1s
    """, expected: [
        "test.yaml:7:5: stage 'notify' is missing required option 'url' (http(s) URL)",
        "test.yaml:7:5: stage 'notify' is missing required option 'secret' (webhook secret)",
    ]),
    ValidationCase(label: "empty stages", text: """
    name: empty
    stages: []
    """, expected: [
        "test.yaml:2:9: 'stages' is empty; list at least an 'ingest' stage",
    ]),
    ValidationCase(label: "empty file", text: "", expected: [
        "test.yaml:1:1: the file is empty; a definition needs 'name' and 'stages'",
    ]),
    ValidationCase(label: "unknown stage type", text: """
    name: types
    stages:
      - type: ingest
        path: /p
      - type: uplod
      - type: compress
      - path: /x
    """, expected: [
        "test.yaml:5:11: unknown stage type 'uplod'; did you mean 'upload'?",
        "test.yaml:6:11: unknown stage type 'compress'; use one of ingest, metadata, resize, authenticate, upload, notify",
        "test.yaml:7:5: stage is missing 'type'; use one of ingest, metadata, resize, authenticate, upload, notify",
    ]),
    ValidationCase(label: "bad order", text: """
    name: order
    stages:
      - type: metadata
      - type: ingest
        path: /p
      - type: notify
        url: http://127.0.0.1:9/hook
        secret: ${WEBHOOK_SECRET}
      - type: upload
      - type: resize
      - type: metadata
    """, expected: [
        "test.yaml:3:5: the first stage must be 'ingest', found 'metadata'; move the 'ingest' stage to the top",
        "test.yaml:6:5: stage 'notify' must come after 'upload', since it announces uploaded images",
        "test.yaml:9:5: stage 'upload' needs an 'authenticate' stage before it",
        "test.yaml:10:5: stage 'resize' must come before 'upload', which sends the prepared file",
        "test.yaml:11:5: stage type 'metadata' appears twice (first at line 3); a pipeline runs each stage type once",
    ]),
    ValidationCase(label: "no ingest", text: """
    name: no-ingest
    stages:
      - type: resize
    """, expected: [
        "test.yaml:3:5: the first stage must be 'ingest', found 'resize'; add an 'ingest' stage that reads the files",
    ]),
    ValidationCase(label: "stage option options", text: """
    name: options
    stages:
      - type: ingest
        path: /p
        after: {copy: /done}
      - type: authenticate
        account: me
        anonymous: true
      - type: upload
        title: "{stem}-{size}"
        description: {stem}
        album: {make: Trip}
      - type: notify
        url: ftp://example.com/x
        secret: not-a-secret
    """, expected: [
        "test.yaml:5:12: after: expected a mapping {move: DIR}, found key 'copy'",
        "test.yaml:8:5: 'account' and 'anonymous' cannot both be set; remove one",
        "test.yaml:10:20: title: unknown placeholder '{size}'; use one of {filename}, {stem}, {width}, {height}, {sha256}, {run_id}, {index}",
        "test.yaml:11:18: description: expected a string, found a mapping; a value starting with '{' must be quoted, as in description: \"{stem}\"",
        "test.yaml:12:12: album: expected a mapping {create: TITLE}, found key 'make'",
        "test.yaml:14:10: url: expected an http or https URL such as https://example.com/hooks, found 'ftp://example.com/x'",
        "test.yaml:15:13: secret: expected 'whsec_' followed by base64 of 24 to 64 bytes; the value (not shown) is not",
    ]),
    ValidationCase(label: "bad name and defaults", text: """
    name: my pipeline!
    defaults:
      concurency: 2
      quality: 50
    stages:
      - type: ingest
        path: /p
    """, expected: [
        "test.yaml:1:7: invalid name 'my pipeline!': use letters, digits, '-' and '_'",
        "test.yaml:3:3: unknown key 'concurency' in 'defaults', which accepts only concurrency, capacity, retry; did you mean 'concurrency'?",
        "test.yaml:4:3: unknown key 'quality' in 'defaults', which accepts only concurrency, capacity, retry",
    ]),
    ValidationCase(label: "bad shutdown timeout", text: """
    name: drains
    shutdown_timout: 5s
    shutdown_timeout: soon
    stages:
      - type: ingest
        path: /p
    """, expected: [
        "test.yaml:2:1: unknown top-level key 'shutdown_timout'; did you mean 'shutdown_timeout'?",
        "test.yaml:3:19: shutdown_timeout: expected a duration such as 500ms, 2s, 5m or 1h, found 'soon'",
    ]),
]

@Suite struct DefinitionsValidationTests {
    @Test(arguments: validCases + invalidCases)
    func reportedProblems(_ testCase: ValidationCase) {
        do {
            _ = try DefinitionLoader.load(text: testCase.text, path: "test.yaml", environment: environment)
            #expect(testCase.expected.isEmpty, "expected problems, but the definition loaded")
        } catch let errors as DefinitionErrors {
            #expect(errors.errors.map(\.description) == testCase.expected)
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test func defaultsApplied() throws {
        let text = """
        name: defaults
        defaults:
          concurrency: 3
          retry: {max_attempts: 7}
        stages:
          - type: ingest
            path: ~/photos
          - type: resize
            capacity: 1
          - type: authenticate
          - type: upload
            retry: {initial_delay: 250ms}
        """
        let definition = try DefinitionLoader.load(text: text, path: "d.yaml", environment: environment)
        let ingest = try #require(definition.stage(.ingest))
        let resize = try #require(definition.stage(.resize))
        let upload = try #require(definition.stage(.upload))

        #expect(ingest.concurrency == 3)
        #expect(ingest.capacity == 6)
        #expect(ingest.options.string("path") == "/home/tester/photos")
        #expect(ingest.options.strings("exclude") == [])
        #expect(ingest.options.string("after") == "keep")
        #expect(ingest.options.duration("rescan_every") == .seconds(300))
        #expect(resize.capacity == 1)
        #expect(resize.options.integer("quality") == 85)
        #expect(resize.options.integer("max_width") == nil)
        #expect(upload.retry == RetryPolicy(maxAttempts: 7, initialDelay: .milliseconds(250), maxDelay: .seconds(300)))
        #expect(upload.options.string("title") == "{stem}")
        #expect(upload.position == SourcePosition(file: "d.yaml", line: 11, column: 5))
    }

    @Test(arguments: [("shutdown_timeout: 2m\n", Duration.seconds(120)), ("shutdown_timeout: 0s\n", .zero), ("", .seconds(30))])
    func shutdownTimeout(line: String, expected: Duration) throws {
        let text = "name: drains\n" + line + "stages:\n  - type: ingest\n    path: /p\n"

        let definition = try DefinitionLoader.load(text: text, path: "s.yaml", environment: [:])

        #expect(definition.shutdownTimeout == expected)
    }

    @Test func uploadConcurrencyDefault() throws {
        let text = """
        name: u
        stages:
          - type: ingest
            path: /p
          - type: authenticate
            anonymous: true
          - type: upload
            album: {create: Trip}
        """
        let definition = try DefinitionLoader.load(text: text, path: "u.yaml", environment: [:])
        let upload = try #require(definition.stage(.upload))

        #expect(upload.concurrency == 4)
        #expect(upload.capacity == 8)
        #expect(upload.options.mapping("album") == ["create": "Trip"])
        #expect(definition.stage(.authenticate)?.options.boolean("anonymous") == true)
        #expect(definition.stage(.ingest)?.retry == .default)
    }

    @Test func typedValues() throws {
        let text = """
        name: typed
        stages:
          - type: ingest
            path: /p
            after: {move: ~/done}
          - type: metadata
            max_input_size: 10MiB
            max_total_pixels: 5000
          - type: authenticate
          - type: upload
          - type: notify
            url: http://127.0.0.1:8080/hook
            secret: MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
            wait: 1500ms
        """
        let definition = try DefinitionLoader.load(text: text, path: "t.yaml", environment: environment)

        #expect(definition.stage(.ingest)?.options.mapping("after") == ["move": "/home/tester/done"])
        #expect(definition.stage(.metadata)?.options.size("max_input_size") == 10_485_760)
        #expect(definition.stage(.metadata)?.options.integer("max_total_pixels") == 5000)
        #expect(definition.stage(.notify)?.options.duration("wait") == .milliseconds(1500))
        #expect(definition.stage(.notify)?.options.duration("timeout") == .seconds(15))
        #expect(definition.stage(.notify)?.options.positions["url"] == SourcePosition(file: "t.yaml", line: 12, column: 10))
    }

    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("2s", .seconds(2)), ("5m", .seconds(300)), ("1h", .seconds(3600)), ("0s", .zero),
    ])
    func durationParsing(text: String, expected: Duration) {
        #expect(DurationText.parse(text) == expected)
        #expect(DurationText.parse(DurationText.format(expected)) == expected)
    }

    @Test(arguments: ["", "5", "m", "1.5s", "-1s", "2 s", "1d", "99999999999999999999h"])
    func durationRejects(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test(arguments: [
        ("10MB", Int64(10_000_000)), ("10MiB", 10_485_760), ("1KB", 1000), ("1KiB", 1024), ("2GB", 2_000_000_000), ("512B", 512), ("4096", 4096),
    ])
    func sizeParsing(text: String, expected: Int64) {
        #expect(SizeText.parse(text) == expected)
    }

    @Test(arguments: ["", "MB", "10 MB", "1.5MB", "10mb", "10TB"])
    func sizeRejects(text: String) {
        #expect(SizeText.parse(text) == nil)
    }

    @Test func problemsAreAllReported() {
        let text = """
        name: many
        stages:
          - type: ingest
            path: /p
            recursive: 3
          - type: resize
            quality: 0
            max_widht: 10
        """
        let errors = #expect(throws: DefinitionErrors.self) {
            try DefinitionLoader.load(text: text, path: "m.yaml", environment: [:])
        }

        #expect(errors?.errors.count == 3)
        #expect(errors?.description.split(separator: "\n").count == 3)
    }
}
