import CVips
import CVipsShim
import Foundation

/// Writes a prepared image next to its final path and renames it into place, so a failed
/// write never leaves a partial file under the final name.
enum OutputFile {
    static func write(
        _ image: VipsImageReference, as format: ImageFormat, quality: Int, strip: Bool, to path: String, source: String
    ) throws {
        let temporaryPath = path + ".partial-\(UUID().uuidString)"
        try reserve(temporaryPath)

        do {
            try save(image, as: format, quality: quality, strip: strip, to: temporaryPath, source: source)
            try moveIntoPlace(temporaryPath, path)
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    /// Creates the file first so an unwritable destination is reported as a write error,
    /// apart from decoding errors that libvips raises while saving.
    private static func reserve(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ImagingError(
                .writeFailed, path: path,
                message: "cannot create the output file: \(reason); check that its folder exists and is writable"
            )
        }
        close(descriptor)
    }

    /// Pixels are decoded lazily while saving, so a truncated source fails here.
    private static func save(
        _ image: VipsImageReference, as format: ImageFormat, quality: Int, strip: Bool, to path: String, source: String
    ) throws {
        let strip: Int32 = strip ? 1 : 0
        let opaque = format == .gif || format == .png ? image : try flattened(image, source: source)

        try VipsCall.runStatus(
            .loadFailed, path: source,
            message: "failed to decode the image while writing \(format.rawValue); the file may be truncated or corrupt"
        ) {
            switch format {
            case .gif:
                imgpipe_vips_gifsave(opaque.pointer, path, strip)
            case .png:
                imgpipe_vips_pngsave(opaque.pointer, path, strip)
            default:
                imgpipe_vips_jpegsave(opaque.pointer, path, Int32(quality), strip)
            }
        }
    }

    /// Replaces transparency by white, because JPEG has no alpha channel.
    private static func flattened(_ image: VipsImageReference, source: String) throws -> VipsImageReference {
        guard image.hasAlpha else {
            return image
        }
        let output = try VipsCall.run(.loadFailed, path: source, message: "failed to flatten transparency for JPEG") {
            var output: UnsafeMutablePointer<VipsImage>?
            return imgpipe_vips_flatten(image.pointer, 255, &output) == 0 ? output : nil
        }
        return VipsImageReference(output)
    }

    private static func moveIntoPlace(_ temporaryPath: String, _ path: String) throws {
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ImagingError(.writeFailed, path: path, message: "cannot move the written file into place: \(reason)")
        }
    }
}
