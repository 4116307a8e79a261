import Crypto
import Foundation
import Imaging
import Pipeline

/// The preparation of one image whose header has been read and checked.
struct PreparationJob {
    let source: String
    let sha256: String
    let header: ImageHeader
    /// The work file's path without extension; the written format adds it.
    let destination: String
    let settings: PreparationSettings

    /// True when the source's bytes cannot go to Imgur as they are: wrong orientation, bounds
    /// or format, CMYK, metadata to strip, or over the size limit.
    var needsRewrite: Bool {
        ImageResizer.needsWork(header: header, request: settings.request)
            || (settings.stripMetadata && header.hasPrivateMetadata)
            || header.byteSize > settings.maxImageBytes
    }

    /// Decodes the whole source once to prove it intact, then hands on its bytes unchanged.
    func passThrough() throws -> PreparationResult {
        try StrictDecoder.check(source, header: header)
        let path = try ImagePreparation.path(source, namedFor: header.format.fileExtension, linkingAt: destination)
        return result(path: path, sha256: sha256, written: header, rewritten: false, shrunkToFit: false)
    }

    /// Writes an upright, sRGB copy within the bounds, re-encoding and then downscaling it
    /// until it fits the size limit when `fitSize` is set.
    func rewrite() throws -> PreparationResult {
        var request = settings.request
        var written = try ImageResizer.resize(source: source, destination: destination, request: request)
        var shrunkToFit = false

        while written.header.byteSize > settings.maxImageBytes {
            unlink(written.path)
            guard settings.fitSize, let smaller = SizeFitting.smallerRequest(after: request, written: written.header,
                                                                               limit: settings.maxImageBytes)
            else {
                throw tooLarge(written.header.byteSize, format: written.header.format)
            }
            request = smaller
            shrunkToFit = true
            written = try ImageResizer.resize(source: source, destination: destination, request: request)
        }

        let digest = try SHA256.hash(fileAt: written.path)
        return result(path: written.path, sha256: digest.hex, written: written.header, rewritten: true,
                      shrunkToFit: shrunkToFit, colourConverted: ImageResizer.needsColourTransform(header))
    }

    /// Keeps every APNG frame: libvips 8.14 decodes only the first, so the file is never
    /// re-encoded, and metadata chunks are dropped by copying the other chunks unchanged.
    func prepareAnimatedPNG() throws -> PreparationResult {
        guard ImageResizer.fits(header, within: settings.request), settings.request.format != .jpeg else {
            throw ImagingError(
                .invalidRequest, path: source,
                message: "the animated PNG (\(header.pages) frames) would have to be resized or converted to JPEG, "
                    + "which keeps only its first frame; raise the resize stage's bounds or use `format: keep`"
            )
        }
        guard header.byteSize <= settings.maxImageBytes else {
            throw tooLarge(header.byteSize, format: .png)
        }
        try StrictDecoder.check(source, header: header)
        guard settings.stripMetadata else {
            return try passThrough()
        }

        let copy = destination + ".png"
        guard try PNGChunks.copyWithoutMetadata(from: source, to: copy) > 0 else {
            unlink(copy)
            return try passThrough()
        }
        let digest = try SHA256.hash(fileAt: copy)
        let size = try ImagePreparation.fileSize(of: copy)
        let copied = ImageHeader(
            format: .png, loader: header.loader, width: header.width, height: header.height, orientation: 1,
            pages: header.pages, bands: header.bands, hasAlpha: header.hasAlpha,
            interpretation: header.interpretation, byteSize: size, hasICCProfile: header.hasICCProfile,
            iccProfile: header.iccProfile
        )
        return result(path: copy, sha256: digest.hex, written: copied, rewritten: true, shrunkToFit: false)
    }

    private func result(
        path: String, sha256: String, written: ImageHeader, rewritten: Bool, shrunkToFit: Bool,
        colourConverted: Bool = false
    ) -> PreparationResult {
        let file = PreparedFile(
            path: path, sha256: sha256, format: written.format.rawValue,
            width: written.displayedWidth, height: written.displayedHeight,
            byteSize: written.byteSize, rewritten: rewritten
        )
        let report = PreparationReport(
            sourceFormat: header.format.rawValue,
            orientationApplied: rewritten ? header.orientation : 1,
            frames: written.pages,
            colourSpace: written.interpretation,
            gpsFound: header.hasGPS,
            gpsStripped: header.hasGPS && !written.hasGPS,
            metadataStripped: header.hasPrivateMetadata && !written.hasPrivateMetadata,
            shrunkToFit: shrunkToFit,
            sourceICCProfile: header.iccProfile?.description,
            colourConverted: colourConverted,
            iccProfileInvalid: ImageResizer.hasUnusableICCProfile(header)
        )
        return PreparationResult(file: file, report: report)
    }

    private func tooLarge(_ byteSize: Int64, format: ImageFormat) -> ImagingError {
        let advice = settings.fitSize
            ? "it could not be shrunk enough; reduce it by hand"
            : "set the resize stage's `fit_size: true` or shrink it by hand"
        return ImagingError(
            .invalidRequest, path: source,
            message: "the prepared \(format.rawValue) is \(byteSize) bytes, over Imgur's limit of "
                + "\(settings.maxImageBytes) bytes for images; \(advice)"
        )
    }
}
