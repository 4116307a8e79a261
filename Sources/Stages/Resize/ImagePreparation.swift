import Crypto
import Foundation
import Imaging
import Pipeline

/// Prepares one file for Imgur: sniffs it by content, applies EXIF orientation, strips private
/// metadata, converts formats Imgur rejects (WebP, HEIC, AVIF), keeps animations whole and
/// fits the result within Imgur's size limit. Videos pass through without decoding.
///
/// Shared by the resize stage and `imgpipe upload`. Every function here blocks: call it
/// through `BlockingWork.run`.
public enum ImagePreparation {
    /// Prepares `source` and writes any new file as `<workDirectory>/<name>.<ext>`; the source
    /// is never changed. Throws, naming the file and the reason, for anything that cannot
    /// reach Imgur looking right and within its limits.
    public static func prepare(
        source: String, sha256: String, workDirectory: String, name: String, settings: PreparationSettings
    ) throws -> PreparationResult {
        try Imaging.initialize()
        if let container = try VideoContainer.sniff(fileAt: source) {
            return try prepareVideo(source: source, sha256: sha256, container: container,
                                    destination: workDirectory + "/" + name, settings: settings)
        }

        // libheif 1.15 applies HEIF and AVIF rotation and mirroring (the `irot` and `imir` boxes)
        // in the order the file lists them while libvips 8.14 decodes. The header already
        // reports the transformed size, so they need no step here.
        let header = try ImageInspector.readHeader(at: source)
        try ImageResizer.checkPixelLimit(of: header, request: settings.request, path: source)
        let job = PreparationJob(source: source, sha256: sha256, header: header,
                                 destination: workDirectory + "/" + name, settings: settings)

        if header.format == .png && header.isAnimated {
            return try job.prepareAnimatedPNG()
        }
        if header.format == .webp && header.isAnimated && !Imaging.canWriteGIF {
            throw ImagingError(
                .unsupportedFormat, path: source,
                message: "an animated WebP must be converted to GIF for Imgur, and this libvips cannot write GIF; "
                    + "convert it to GIF or MP4 first"
            )
        }
        return try job.needsRewrite ? job.rewrite() : job.passThrough()
    }

    private static func prepareVideo(
        source: String, sha256: String, container: VideoContainer, destination: String, settings: PreparationSettings
    ) throws -> PreparationResult {
        let byteSize = try fileSize(of: source)
        guard byteSize <= settings.maxVideoBytes else {
            throw ImagingError(
                .invalidRequest, path: source,
                message: "the \(container.rawValue) video is \(byteSize) bytes, over Imgur's video limit of "
                    + "\(settings.maxVideoBytes) bytes; shorten or re-encode it"
            )
        }

        let path = try path(source, namedFor: container.fileExtension, linkingAt: destination)
        let file = PreparedFile(path: path, sha256: sha256, format: "video", width: 0, height: 0,
                                byteSize: byteSize, rewritten: false, videoContainer: container.rawValue)
        let report = PreparationReport(sourceFormat: "video", orientationApplied: 1, frames: 0, colourSpace: nil,
                                       gpsFound: false, gpsStripped: false, metadataStripped: false, shrunkToFit: false)
        return PreparationResult(file: file, report: report)
    }

    /// Returns `source` when its extension already names its content, else a symbolic link
    /// `<destination>.<ext>` to it, so the uploaded file name and MIME type follow the content.
    static func path(_ source: String, namedFor fileExtension: String, linkingAt destination: String) throws -> String {
        let sourceExtension = URL(fileURLWithPath: source).pathExtension.lowercased()
        let accepted = fileExtension == "jpg" ? ["jpg", "jpeg"] : fileExtension == "tif" ? ["tif", "tiff"] : [fileExtension]
        if accepted.contains(sourceExtension) {
            return source
        }

        let link = destination + "." + fileExtension
        try? FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: source)
        return link
    }

    static func fileSize(of path: String) throws -> Int64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }
}
