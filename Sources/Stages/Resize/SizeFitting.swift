import Imaging

/// Chooses the next, smaller encoding of an image that came out over Imgur's size limit.
enum SizeFitting {
    /// JPEG qualities tried, in order, before any downscaling.
    static let jpegQualities = [75, 65, 55]
    /// The smallest side a downscaled image may have before fitting gives up.
    static let minimumSide = 16

    /// Returns a request with a lower JPEG quality while one is left, else one with smaller
    /// bounds, or nil when the image would become smaller than `minimumSide`.
    static func smallerRequest(after request: ResizeRequest, written: ImageHeader, limit: Int64) -> ResizeRequest? {
        var next = request
        if written.format == .jpeg, let quality = jpegQualities.first(where: { $0 < request.quality }) {
            next.quality = quality
            return next
        }

        // The encoded size grows about with the pixel count, so each side shrinks by the
        // square root of the excess, with a 10% margin and by at least 10% per step.
        let scale = min(0.9, (Double(limit) / Double(written.byteSize)).squareRoot() * 0.9)
        let width = Int(Double(written.displayedWidth) * scale)
        let height = Int(Double(written.displayedHeight) * scale)
        guard width >= minimumSide, height >= minimumSide else {
            return nil
        }
        next.maxWidth = width
        next.maxHeight = height
        return next
    }
}
