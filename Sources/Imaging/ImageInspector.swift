import CVips
import CVipsShim
import Foundation

/// Reads image headers.
public enum ImageInspector {
    /// Reads the header without decoding pixels. Blocking; run off the cooperative pool.
    ///
    /// Throws for a missing or empty file, for bytes that match no supported signature, and
    /// when the libvips loader disagrees with the sniffed format.
    public static func readHeader(at path: String) throws -> ImageHeader {
        try Imaging.initialize()
        let byteSize = try fileSize(of: path)
        let format = try sniffSupportedFormat(of: path)

        try checkLoader(for: path, format: format)
        let pointer = try VipsCall.run(
            .loadFailed, path: path,
            message: "libvips could not read the \(format.rawValue) header; the file may be corrupt"
        ) {
            imgpipe_vips_image_new_from_file(path)
        }
        let image = VipsImageReference(pointer)

        return try header(of: image, format: format, byteSize: byteSize, path: path)
    }

    /// Builds the header of an opened image and checks its loader against `format`.
    static func header(
        of image: VipsImageReference, format: ImageFormat, byteSize: Int64, path: String
    ) throws -> ImageHeader {
        let loader = image.loader ?? "unknown"
        guard ImageFormat.formats(forLoader: loader).contains(format) else {
            throw ImagingError(
                .unsupportedFormat, path: path,
                message: "the file starts like \(format.rawValue) but libvips opened it with \(loader); "
                    + "only files whose bytes match their loader are accepted"
            )
        }

        let fields = image.fieldNames
        // libvips 8.14 reads only an APNG's first frame, so its frames are counted from `acTL`.
        let pages = format == .png ? (try PNGChunks.animationFrameCount(at: path) ?? image.pages) : image.pages
        return ImageHeader(
            format: format, loader: loader, width: image.width, height: image.height,
            orientation: image.orientation ?? 1, pages: pages, bands: image.bands,
            hasAlpha: image.hasAlpha, interpretation: image.interpretation, byteSize: byteSize,
            hasGPS: fields.contains { $0.hasPrefix("exif-ifd3-") },
            hasPrivateMetadata: fields.contains(where: isPrivateMetadataField),
            hasICCProfile: fields.contains("icc-profile-data"),
            iccProfile: image.iccProfileBytes.flatMap(ICCProfile.init(bytes:))
        )
    }

    /// EXIF, XMP and IPTC blocks and PNG text chunks, which libvips names "png-comment-N-KEY".
    private static func isPrivateMetadataField(_ name: String) -> Bool {
        ["exif-data", "xmp-data", "iptc-data"].contains(name) || name.hasPrefix("png-comment-")
    }

    /// Checks that libvips would pick a trusted loader for the sniffed format before opening
    /// the file, because `vips_foreign_find_load` also returns blocked loaders such as
    /// ImageMagick's.
    private static func checkLoader(for path: String, format: ImageFormat) throws {
        let loader = VipsCall.runDiscardingErrors {
            let typeName = vips_foreign_find_load(path)
            vips_error_clear()
            return typeName.flatMap { vips_nickname_find(g_type_from_name($0)).map { String(cString: $0) } }
        }

        guard let loader, ImageFormat.formats(forLoader: loader).contains(format) else {
            throw ImagingError(
                .unsupportedFormat, path: path,
                message: "the file starts like \(format.rawValue), but no trusted libvips loader reads it "
                    + "(libvips chose \(loader ?? "none")); convert it to JPEG or PNG first"
            )
        }
    }

    static func fileSize(of path: String) throws -> Int64 {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let kind: ImagingError.Kind = errno == ENOENT ? .fileNotFound : .loadFailed
            let reason = String(cString: strerror(errno))
            throw ImagingError(kind, path: path, message: "cannot read the file: \(reason)")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ImagingError(.unsupportedFormat, path: path, message: "not a regular file")
        }
        guard status.st_size > 0 else {
            throw ImagingError(.emptyFile, path: path, message: "invalid image: the file is empty (0 bytes)")
        }
        return Int64(status.st_size)
    }

    private static func sniffSupportedFormat(of path: String) throws -> ImageFormat {
        let format = try FormatSniffer.sniff(fileAt: path)

        guard format != .unknown else {
            throw ImagingError(
                .unsupportedFormat, path: path,
                message: "not a supported image: the first bytes match no JPEG, PNG, GIF, WebP, "
                    + "HEIF, AVIF or TIFF signature"
            )
        }
        return format
    }
}
