import CVips
import CVipsShim

/// Process-wide libvips setup.
public enum Imaging {
    /// The outcome of the one-time setup. A `static let` is initialised once, under a lock,
    /// on first use, which makes `initialize()` idempotent and thread-safe.
    private static let setup: Result<Void, ImagingError> = {
        guard imgpipe_vips_init("imgpipe") == 0 else {
            return .failure(.fromVips(
                .initializationFailed, path: "(libvips)",
                message: "libvips failed to start; check that libvips 8.14 and its loaders are installed"
            ))
        }
        // Each file is touched once, so caching operations only costs memory.
        vips_cache_set_max(0)
        // Loaders marked untrusted (ImageMagick, PDF, SVG, FITS and others) are not fuzzed for
        // hostile input, and none of them handles a format this pipeline accepts.
        vips_block_untrusted_set(1)
        return .success(())
    }()

    /// Idempotent, thread-safe: VIPS_INIT, vips_cache_set_max(0), block untrusted loaders.
    public static func initialize() throws {
        try setup.get()
    }

    /// True when this libvips can write GIF (it needs to be built with cgif). False when
    /// libvips failed to start, because type lookups before `VIPS_INIT` abort the process.
    static let canWriteGIF: Bool = {
        guard (try? initialize()) != nil else {
            return false
        }
        return vips_type_find("VipsOperation", "gifsave") != 0
    }()
}
