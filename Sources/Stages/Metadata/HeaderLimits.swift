import Imaging
import Pipeline

/// The size limits a header must pass before any pixel is decoded, so that a small file
/// declaring billions of pixels is rejected at once instead of exhausting memory.
struct HeaderLimits: Sendable {
    /// Imgur's limit for the `video` field.
    static let maxVideoBytes: Int64 = 200_000_000

    let maxPixels: Int
    let maxBytes: Int64?
    let maxTotalPixels: Int?

    func check(_ header: ImageHeader, path: String) throws {
        guard header.width > 0, header.height > 0 else {
            throw StageError("'\(path)' declares an invalid size of \(header.width)x\(header.height) pixels; the file is corrupt")
        }

        let pixels = header.width.multipliedReportingOverflow(by: header.height)
        if pixels.overflow || pixels.partialValue > maxPixels {
            throw StageError(
                "'\(path)' declares \(header.width)x\(header.height) pixels, over the limit of \(maxPixels); " +
                "raise the metadata stage's `max_input_pixels` if the file is trusted"
            )
        }
        if let maxBytes, header.byteSize > maxBytes {
            throw StageError(
                "'\(path)' is \(header.byteSize) bytes, over the metadata stage's `max_input_size` of \(maxBytes); " +
                "raise `max_input_size` or shrink the file"
            )
        }
        let frames = max(header.pages, 1)
        if let maxTotalPixels, pixels.partialValue > maxTotalPixels / frames {
            throw StageError(
                "'\(path)' has \(frames) frames of \(pixels.partialValue) pixels, over the metadata stage's " +
                "`max_total_pixels` of \(maxTotalPixels); raise `max_total_pixels` if the file is trusted"
            )
        }
    }

    func checkVideo(byteSize: Int64, path: String) throws {
        let limit = min(maxBytes ?? Self.maxVideoBytes, Self.maxVideoBytes)
        guard byteSize <= limit else {
            let reason = limit == Self.maxVideoBytes ? "Imgur's video limit" : "the metadata stage's `max_input_size`"
            throw StageError("'\(path)' is a video of \(byteSize) bytes, over \(reason) of \(limit) bytes; shorten or re-encode it")
        }
    }
}
