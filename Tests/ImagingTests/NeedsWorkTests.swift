import Imaging
import Testing

/// One `needsWork` case: a header, a request, and the expected result.
struct NeedsWorkCase: Sendable, CustomTestStringConvertible {
    let name: String
    let header: ImageHeader
    let request: ResizeRequest
    let expected: Bool

    var testDescription: String { name }
}

private func header(
    _ format: ImageFormat, _ width: Int, _ height: Int, orientation: Int = 1,
    hasAlpha: Bool = false, interpretation: String = "srgb"
) -> ImageHeader {
    ImageHeader(
        format: format, loader: "\(format.rawValue)load", width: width, height: height, orientation: orientation,
        pages: 1, bands: hasAlpha ? 4 : 3, hasAlpha: hasAlpha, interpretation: interpretation, byteSize: 1000
    )
}

private let cases: [NeedsWorkCase] = [
    NeedsWorkCase(name: "upright JPEG within bounds", header: header(.jpeg, 800, 600),
                  request: ResizeRequest(maxWidth: 1000, maxHeight: 1000), expected: false),
    NeedsWorkCase(name: "no bounds at all", header: header(.png, 5000, 5000), request: ResizeRequest(), expected: false),
    NeedsWorkCase(name: "too wide", header: header(.jpeg, 1800, 1200), request: ResizeRequest(maxWidth: 1000), expected: true),
    NeedsWorkCase(name: "too tall", header: header(.jpeg, 1200, 1800), request: ResizeRequest(maxHeight: 1000), expected: true),
    NeedsWorkCase(name: "too many pixels", header: header(.jpeg, 1000, 1000),
                  request: ResizeRequest(maxPixels: 999_999), expected: true),
    NeedsWorkCase(name: "orientation 6 swaps before the bound check", header: header(.jpeg, 1200, 1800, orientation: 6),
                  request: ResizeRequest(maxWidth: 1500), expected: true),
    NeedsWorkCase(name: "orientation 3 within bounds", header: header(.jpeg, 100, 100, orientation: 3),
                  request: ResizeRequest(), expected: true),
    NeedsWorkCase(name: "orientation 0 counts as upright", header: header(.jpeg, 100, 100, orientation: 0),
                  request: ResizeRequest(), expected: false),
    NeedsWorkCase(name: "PNG requested as JPEG", header: header(.png, 100, 100),
                  request: ResizeRequest(format: .jpeg), expected: true),
    NeedsWorkCase(name: "WebP kept becomes JPEG", header: header(.webp, 100, 100), request: ResizeRequest(), expected: true),
    NeedsWorkCase(name: "CMYK JPEG", header: header(.jpeg, 100, 100, interpretation: "cmyk"),
                  request: ResizeRequest(), expected: true),
    NeedsWorkCase(name: "GIF kept", header: header(.gif, 100, 100), request: ResizeRequest(), expected: false),
]

@Suite struct NeedsWorkTests {
    @Test("needsWork", arguments: cases)
    func needsWork(testCase: NeedsWorkCase) {
        #expect(ImageResizer.needsWork(header: testCase.header, request: testCase.request) == testCase.expected)
    }
}
