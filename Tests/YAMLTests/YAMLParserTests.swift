import Testing
@testable import YAML

@Suite struct YAMLParserTests {
    @Test func blockMappingPositions() throws {
        let text = """
        name: demo
        stages:
          - type: ingest
            path: /tmp
        """
        let root = try #require(try YAMLParser.parse(text))
        let pairs = try #require(root.mappingPairs)

        #expect(pairs.map(\.key.scalar) == ["name", "stages"])
        #expect(pairs[0].key.start == YAMLMark(line: 1, column: 1, offset: 0))
        #expect(pairs[0].value.start.line == 1)
        #expect(pairs[0].value.start.column == 7)

        let stages = try #require(pairs[1].value.sequenceItems)
        let stage = try #require(stages.first?.mappingPairs)
        #expect(stage[1].key.scalar == "path")
        #expect(stage[1].key.start.line == 4)
        #expect(stage[1].key.start.column == 5)
        #expect(stage[1].value.start.column == 11)
    }

    @Test func flowStyleCollections() throws {
        let root = try #require(try YAMLParser.parse("include: [\"*.jpg\", '*.png']\nafter: {move: /done}\n"))
        let pairs = try #require(root.mappingPairs)

        let include = try #require(pairs[0].value.sequenceItems)
        #expect(include.map(\.scalar) == ["*.jpg", "*.png"])
        #expect(include[1].start.column == 20)

        let after = try #require(pairs[1].value.mappingPairs)
        #expect(after[0].key.scalar == "move")
        #expect(after[0].value.scalar == "/done")
        #expect(after[0].value.start == YAMLMark(line: 2, column: 15, offset: 42))
    }

    @Test(arguments: [
        ("a: 123", YAMLScalarStyle.plain),
        ("a: \"123\"", .doubleQuoted),
        ("a: '123'", .singleQuoted),
        ("a: |\n  123\n", .literal),
        ("a: >\n  123\n", .folded),
    ])
    func scalarStyles(text: String, style: YAMLScalarStyle) throws {
        let root = try #require(try YAMLParser.parse(text))
        let value = try #require(root.mappingPairs?.first?.value)

        guard case .scalar(let scalar, let parsedStyle) = value.content else {
            Issue.record("expected a scalar")
            return
        }
        #expect(scalar.hasPrefix("123"))
        #expect(parsedStyle == style)
    }

    @Test func duplicateKeysKept() throws {
        let root = try #require(try YAMLParser.parse("a: 1\nb: 2\na: 3\n"))
        let pairs = try #require(root.mappingPairs)

        #expect(pairs.map(\.key.scalar) == ["a", "b", "a"])
        #expect(pairs[2].key.start.line == 3)
    }

    @Test func anchorsResolved() throws {
        let text = """
        base: &retry {max_attempts: 3}
        stage: *retry
        """
        let root = try #require(try YAMLParser.parse(text))
        let pairs = try #require(root.mappingPairs)
        let aliased = try #require(pairs[1].value.mappingPairs)

        #expect(aliased.first?.key.scalar == "max_attempts")
        #expect(aliased.first?.value.scalar == "3")
    }

    @Test func unknownAliasRejected() {
        let error = #expect(throws: YAMLError.self) { try YAMLParser.parse("a: *missing\n") }

        #expect(error?.problem == "alias '*missing' refers to no anchor defined before it; quote a value that starts with '*', as in \"*missing\"")
        #expect(error?.mark == YAMLMark(line: 1, column: 4, offset: 3))
    }

    @Test func unquotedGlobExplained() throws {
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse("include:\n  - *.jpg\n") }

        #expect(error.problem == "did not find expected alphabetic or numeric character; quote a value that starts with '*', as in \"*.jpg\"")
        #expect(error.context == "while scanning an alias")
        #expect(error.mark.line == 2)
    }

    @Test func aliasBombRejected() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...6 {
            let previous = "*a\(level - 1)"
            let items = Array(repeating: previous, count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(items)]")
        }
        let error = try #require(throws: YAMLError.self) {
            try YAMLParser.parse(lines.joined(separator: "\n"))
        }
        #expect(error.problem.contains("more than \(YAMLParser.maxNodes) nodes"))
    }

    @Test func syntaxErrorHasLibyamlProblem() throws {
        let text = """
        name: demo
        stages:
          - type: ingest
           path: /tmp
        """
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse(text) }

        #expect(error.problem == "did not find expected '-' indicator")
        #expect(error.mark.line == 4)
        #expect(error.mark.column == 4)
        #expect(error.context == "while parsing a block collection")
        #expect(error.description == "4:4: did not find expected '-' indicator (while parsing a block collection started at line 3, column 3)")
    }

    @Test func unclosedFlowSequence() throws {
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse("a: [1, 2\nb: 3\n") }

        #expect(error.problem == "did not find expected ',' or ']'")
        #expect(error.mark.line == 2)
    }

    @Test func emptyTextHasNoRoot() throws {
        #expect(try YAMLParser.parse("") == nil)
        #expect(try YAMLParser.parse("# only a comment\n") == nil)
    }

    @Test func secondDocumentRejected() throws {
        let error = try #require(throws: YAMLError.self) { try YAMLParser.parse("a: 1\n---\nb: 2\n") }

        #expect(error.mark.line == 2)
        #expect(error.problem.contains("second document"))
    }

    @Test func nullDetection() throws {
        let root = try #require(try YAMLParser.parse("a:\nb: ~\nc: 'null'\n"))
        let pairs = try #require(root.mappingPairs)

        #expect(pairs[0].value.isNull)
        #expect(pairs[1].value.isNull)
        #expect(!pairs[2].value.isNull)
    }

    @Test func offsetsCountUnicodeScalars() throws {
        let root = try #require(try YAMLParser.parse("title: \"café\"\nnext: x\n"))
        let pairs = try #require(root.mappingPairs)

        #expect(pairs[0].value.end.offset == 13)
        #expect(pairs[1].key.start.offset == 14)
    }
}
