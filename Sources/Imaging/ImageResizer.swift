import CVips
import CVipsShim
import Foundation

/// Prepares images for upload: orientation, format, size and metadata stripping.
public enum ImageResizer {
    /// Writes a prepared copy to `destination` (never touches the source): vips_thumbnail with
    /// shrink-on-load, auto-rotation from EXIF (the orientation tag removed in the output),
    /// fail-on-error loading (truncated files throw). Returns the written file's header.
    ///
    /// The copy is 8-bit sRGB: pixels go through an ICC transform when `needsColourTransform`
    /// returns true. Unless the request keeps metadata, it carries no EXIF, GPS, XMP, IPTC or ICC
    /// profile. The written path is `destination` with its extension replaced by the format's (".jpg",
    /// ".png", ".gif"). Blocking; run off the cooperative pool.
    ///
    /// NOTE: libvips 8.14 reads only the first frame of an animated PNG, so a resized APNG
    /// loses its animation. Animated GIFs keep every frame.
    public static func resize(source: String, destination: String, request: ResizeRequest) throws -> ResizeResult {
        try Imaging.initialize()
        if let failure = request.validationFailure {
            throw ImagingError(.invalidRequest, path: source, message: "invalid resize request: \(failure)")
        }

        let header = try ImageInspector.readHeader(at: source)
        try checkPixelLimit(of: header, request: request, path: source)
        // The thumbnail's fail-on-error load misses a GIF cut after a complete frame.
        try StrictDecoder.checkStructure(source, format: header.format)

        let format = outputFormat(for: header, request: request)
        let outputPath = path(destination, withExtensionOf: format)
        try checkDistinct(source: source, output: outputPath)

        let image = try thumbnail(source: source, header: header, format: format, request: request)
        try OutputFile.write(
            image, as: format, quality: request.quality, strip: request.stripMetadata, to: outputPath, source: source
        )

        let written = try ImageInspector.readHeader(at: outputPath)
        let resized = written.displayedWidth != header.displayedWidth
            || written.displayedHeight != header.displayedHeight
        return ResizeResult(header: written, path: outputPath, resized: resized)
    }

    /// True when the source cannot be passed on untouched: it exceeds the request's bounds,
    /// is not upright (orientation other than 1), is CMYK, or is not in the requested format.
    ///
    /// NOTE: the header does not show whether the file carries EXIF, GPS or other metadata, so
    /// a caller that must strip metadata has to resize even when this returns false.
    public static func needsWork(header: ImageHeader, request: ResizeRequest) -> Bool {
        if header.orientation != 1 || header.interpretation == "cmyk" {
            return true
        }
        if outputFormat(for: header, request: request) != header.format {
            return true
        }
        return !fits(header, within: request)
    }

    /// True when the pixels must be transformed to come out as 8-bit sRGB: CMYK, greyscale,
    /// 16-bit or another non-sRGB interpretation, or an embedded profile whose colorants and
    /// tone curves are not sRGB's, whatever its name. Plain sRGB skips the transform, which
    /// changes nothing there, and so does an sRGB image whose profile libvips cannot use
    /// (see `ICCProfile.isUsable`), because libvips would read it as sRGB anyway.
    public static func needsColourTransform(_ header: ImageHeader) -> Bool {
        guard header.interpretation == "srgb" else {
            return true
        }
        guard header.hasICCProfile, !hasUnusableICCProfile(header) else {
            return false
        }
        return !(header.iccProfile?.isSRGB ?? false)
    }

    /// True when the image embeds an ICC profile that libvips cannot convert from: one too
    /// short to parse, one lcms cannot open, or one without a relative colorimetric input
    /// transform.
    ///
    /// NOTE: libvips 8.14 also ignores a profile whose colour space does not fit the image
    /// (it warns "profile incompatible with image"), such as an RGB profile in a CMYK JPEG.
    /// That case is not checked here, so it still counts as usable.
    public static func hasUnusableICCProfile(_ header: ImageHeader) -> Bool {
        header.hasICCProfile && !(header.iccProfile?.isUsable ?? false)
    }

    /// Returns the format to write: JPEG, PNG or GIF.
    static func outputFormat(for header: ImageHeader, request: ResizeRequest) -> ImageFormat {
        switch request.format {
        case .jpeg:
            return .jpeg
        case .png:
            return .png
        case .keep:
            switch header.format {
            case .jpeg, .png:
                return header.format
            case .gif:
                return Imaging.canWriteGIF ? .gif : .png
            case .webp where header.isAnimated && Imaging.canWriteGIF:
                return .gif
            default:
                return header.hasAlpha ? .png : .jpeg
            }
        }
    }

    /// Returns the box the displayed image must fit in: the request's limits, reduced further
    /// so width times height stays within `maxPixels`.
    static func targetBox(for header: ImageHeader, request: ResizeRequest) -> (width: Int, height: Int) {
        var width = min(header.displayedWidth, request.maxWidth ?? .max)
        var height = min(header.displayedHeight, request.maxHeight ?? .max)

        if let maxPixels = request.maxPixels, header.pixelCount > maxPixels {
            let scale = (Double(maxPixels) / Double(header.pixelCount)).squareRoot()
            width = min(width, max(1, Int(Double(header.displayedWidth) * scale)))
            height = min(height, max(1, Int(Double(header.displayedHeight) * scale)))
        }
        return (width, height)
    }

    /// True when the displayed image is within the request's width, height and pixel bounds.
    public static func fits(_ header: ImageHeader, within request: ResizeRequest) -> Bool {
        if let maxWidth = request.maxWidth, header.displayedWidth > maxWidth {
            return false
        }
        if let maxHeight = request.maxHeight, header.displayedHeight > maxHeight {
            return false
        }
        if let maxPixels = request.maxPixels, header.pixelCount > maxPixels {
            return false
        }
        return true
    }

    /// Throws `tooManyPixels` when the header declares more pixels per frame than the request
    /// accepts, so that nothing decodes a decompression bomb.
    public static func checkPixelLimit(of header: ImageHeader, request: ResizeRequest, path: String) throws {
        guard header.pixelCount <= request.maxSourcePixels else {
            throw ImagingError(
                .tooManyPixels, path: path,
                message: "the header declares \(header.width)x\(header.height) = \(header.pixelCount) pixels, "
                    + "more than the limit of \(request.maxSourcePixels); it was not decoded"
            )
        }
    }

    private static func checkDistinct(source: String, output: String) throws {
        let sourceURL = URL(fileURLWithPath: source).standardizedFileURL.resolvingSymlinksInPath()
        let outputURL = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath()

        guard sourceURL != outputURL else {
            throw ImagingError(
                .invalidRequest, path: source,
                message: "the destination \(output) is the source itself; choose another destination"
            )
        }
    }

    private static func path(_ destination: String, withExtensionOf format: ImageFormat) -> String {
        URL(fileURLWithPath: destination)
            .deletingPathExtension()
            .appendingPathExtension(format.fileExtension)
            .path
    }

    private static func thumbnail(
        source: String, header: ImageHeader, format: ImageFormat, request: ResizeRequest
    ) throws -> VipsImageReference {
        let box = targetBox(for: header, request: request)
        // libvips loads only the first frame by default, so GIF output asks for every frame.
        let loadOptions = format == .gif && header.pages > 1 ? "n=-1" : nil
        let exportSRGB: Int32 = needsColourTransform(header) ? 1 : 0
        let output = try VipsCall.run(
            .loadFailed, path: source, message: "failed to load the image for resizing; the file may be corrupt"
        ) {
            var output: UnsafeMutablePointer<VipsImage>?
            let status = imgpipe_vips_thumbnail(source, loadOptions, Int32(box.width), Int32(box.height), exportSRGB,
                                                &output)
            return status == 0 ? output : nil
        }
        return VipsImageReference(output)
    }
}
