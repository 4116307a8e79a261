import CVips
import CVipsShim

/// Process-wide libvips setup.
public enum Imaging {
    /// The outcome of the one-time setup. A `static let` is initialised once, under a lock,
    /// on first use, which makes `initialize()` idempotent and thread-safe.
    private static let setup: Result<Void, ImagingError> = {
        do {
            try VipsCall.runStatus(
                .initializationFailed, path: "(libvips)",
                message: "libvips failed to start; check that libvips 8.14 and its loaders are installed"
            ) {
                imgpipe_vips_init("imgpipe")
            }
        } catch let error as ImagingError {
            return .failure(error)
        } catch {
            preconditionFailure("VipsCall throws only ImagingError")
        }
        // Each file is touched once, so caching operations only costs memory.
        vips_cache_set_max(0)
        // Loaders marked untrusted (ImageMagick, PDF, SVG, FITS and others) are not fuzzed for
        // hostile input, and none of them handles a format this pipeline accepts.
        vips_block_untrusted_set(1)
        // Every other loader is blocked too, so a file whose bytes fool the sniffer still
        // cannot reach a loader outside JPEG, PNG, GIF, WebP, HEIF/AVIF and TIFF.
        imgpipe_vips_block_loaders_except_accepted()
        return .success(())
    }()

    /// Idempotent, thread-safe: VIPS_INIT, vips_cache_set_max(0), block untrusted and unaccepted loaders.
    public static func initialize() throws {
        try setup.get()
    }

    /// True when this libvips can write GIF (it needs to be built with cgif). False when
    /// libvips failed to start. The setup runs first because looking a type up before or
    /// during `VIPS_INIT` aborts the process.
    public static let canWriteGIF: Bool = {
        guard (try? initialize()) != nil else {
            return false
        }
        return vips_type_find("VipsOperation", "gifsave") != 0
    }()
}
