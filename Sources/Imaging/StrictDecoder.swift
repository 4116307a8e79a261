import CVipsShim

/// Decodes a file's pixels once, for files passed on without re-encoding, so that a truncated
/// or corrupt file fails here instead of reaching Imgur with grey-filled regions.
public enum StrictDecoder {
    /// Checks the file's structure (see `checkStructure`), then decodes every frame libvips can
    /// read (an APNG's first frame only, in libvips 8.14). Blocking; run off the cooperative pool.
    public static func check(_ path: String, header: ImageHeader) throws {
        try Imaging.initialize()
        try checkStructure(path, format: header.format)
        let options = header.isAnimated && header.format != .png ? "n=-1" : nil

        try VipsCall.runStatus(
            .loadFailed, path: path,
            message: "the \(header.format.rawValue) data is truncated or corrupt; re-export or re-download the file"
        ) {
            imgpipe_vips_decode_strictly(path, options)
        }
    }

    /// Checks that a GIF reaches its trailer and a PNG its `IEND` chunk, which libvips 8.14 does
    /// not: it decodes a GIF cut after any complete frame, and only an APNG's first frame.
    /// Other formats are left to the decoder.
    static func checkStructure(_ path: String, format: ImageFormat) throws {
        switch format {
        case .gif:
            try GIFBlocks.checkComplete(at: path)
        case .png:
            try PNGChunks.checkComplete(at: path)
        default:
            break
        }
    }
}
