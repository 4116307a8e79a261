import CVips
import CVipsShim

/// Reads the colour of single pixels and the mean colour, so that tests can check where a
/// colour ends up after rotation and what colour conversion made of it.
public enum PixelSample {
    /// Decodes the whole image at `path` and returns the 8-bit band values of the pixel at
    /// column `x` and row `y`, after the EXIF orientation is applied: three values for RGB,
    /// four with alpha. Blocking, and meant for small images, because every pixel is decoded.
    ///
    /// Throws when the file cannot be decoded, is not 8 bits per band, or `x` and `y` fall
    /// outside it.
    public static func colour(at path: String, x: Int, y: Int) throws -> [UInt8] {
        try Imaging.initialize()
        let pointer = try VipsCall.run(.loadFailed, path: path, message: "failed to open the image to read a pixel") {
            imgpipe_vips_image_new_from_file(path)
        }
        let image = try upright(VipsImageReference(pointer), path: path)

        guard vips_image_get_format(image.pointer) == VIPS_FORMAT_UCHAR else {
            throw ImagingError(.invalidRequest, path: path, message: "only 8-bit images can be sampled")
        }
        guard (0..<image.width).contains(x), (0..<image.height).contains(y) else {
            throw ImagingError(
                .invalidRequest, path: path,
                message: "pixel (\(x), \(y)) is outside the \(image.width)x\(image.height) image"
            )
        }
        return try bandValues(of: image, x: x, y: y, path: path)
    }

    /// Decodes the image at `path` and returns the mean of every band of every pixel, as a
    /// measure of its overall colour. Blocking.
    public static func mean(at path: String) throws -> Double {
        try Imaging.initialize()
        let pointer = try VipsCall.run(.loadFailed, path: path, message: "failed to open the image to average it") {
            imgpipe_vips_image_new_from_file(path)
        }
        let image = VipsImageReference(pointer)

        return try VipsCall.run(.loadFailed, path: path, message: "failed to decode the image to average it") {
            var average = 0.0
            return imgpipe_vips_avg(image.pointer, &average) == 0 ? average : nil
        }
    }

    private static func upright(_ image: VipsImageReference, path: String) throws -> VipsImageReference {
        let output = try VipsCall.run(.loadFailed, path: path, message: "failed to apply the EXIF orientation") {
            var output: UnsafeMutablePointer<VipsImage>?
            return imgpipe_vips_autorot(image.pointer, &output) == 0 ? output : nil
        }
        return VipsImageReference(output)
    }

    private static func bandValues(of image: VipsImageReference, x: Int, y: Int, path: String) throws -> [UInt8] {
        let (memory, length) = try VipsCall.run(.loadFailed, path: path, message: "failed to decode the image to read a pixel") {
            var length = 0
            return vips_image_write_to_memory(image.pointer, &length).map { ($0, length) }
        }
        defer { g_free(memory) }

        let bands = image.bands
        let start = (y * image.width + x) * bands
        let bytes = UnsafeRawBufferPointer(start: memory, count: length)
        return Array(bytes[start..<start + bands])
    }
}
