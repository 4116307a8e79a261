import Imaging
import Pipeline

/// The size limits a header must pass before any pixel is decoded, so that a small file
/// declaring billions of pixels is refused at once instead of exhausting memory.
struct HeaderLimits: Sendable {
    let maxPixels: Int
    let maxBytes: Int64?
    let maxTotalPixels: Int?

    func check(_ header: ImageHeader, path: String) throws {
        guard header.width > 0, header.height > 0 else {
            throw StageError("'\(path)' declares an invalid size of \(header.width)x\(header.height) pixels")
        }

        let pixels = header.width * header.height
        if pixels > maxPixels {
            throw StageError(
                "'\(path)' declares \(header.width)x\(header.height) pixels (\(pixels)), over the limit of \(maxPixels); " +
                "raise the metadata stage's `max_input_pixels` if the file is trusted"
            )
        }
        if let maxBytes, header.byteSize > maxBytes {
            throw StageError("'\(path)' is \(header.byteSize) bytes, over the metadata stage's `max_input_size` of \(maxBytes)")
        }
        if let maxTotalPixels, pixels * max(header.pages, 1) > maxTotalPixels {
            throw StageError(
                "'\(path)' has \(header.pages) frames of \(pixels) pixels, over the metadata stage's `max_total_pixels` of \(maxTotalPixels)"
            )
        }
    }
}
