import Testing
@testable import Stages

@Suite("Glob patterns")
struct GlobPatternTests {
    @Test(arguments: [
        ("*.jpg", "a.jpg", true),
        ("*.jpg", "A.JPG", true),
        ("*.jpg", "deep/down/a.jpg", true),
        ("*.jpg", "a.jpeg", false),
        ("photo?.png", "photo1.png", true),
        ("photo?.png", "photo12.png", false),
        ("2024/*.jpg", "2024/a.jpg", true),
        ("2024/*.jpg", "2024/x/a.jpg", false),
        ("2024/**/*.jpg", "2024/a.jpg", true),
        ("2024/**/*.jpg", "2024/x/y/a.jpg", true),
        ("**/raw/*", "a/b/raw/c.jpg", true),
        ("**/raw/*", "a/b/cooked/c.jpg", false),
    ])
    func matching(pattern: String, path: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(relativePath: path) == expected, "\(pattern) on \(path)")
    }
}
