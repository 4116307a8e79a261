import CVips
import CVipsShim

/// Runs libvips calls so that each failure reports its own text.
///
/// libvips keeps one error buffer per process, and items decode in parallel, so the text read
/// after a failure may be another call's, or may have been cleared by another thread. Calls
/// therefore run holding a shared lock, and a failed call runs once more holding it
/// exclusively, with the buffer cleared before and read after. A success costs one uncontended
/// shared lock and unlock; only failures wait for the calls in progress to finish.
///
/// The call must be safe to repeat (opening, decoding or writing the same file again) and must
/// not itself enter `VipsCall`, because the lock is not recursive.
enum VipsCall {
    /// Returns the value of `call`, or throws `ImagingError(kind, path:, message:)` with the
    /// failed call's own libvips text when it returns nil twice.
    static func run<Value>(
        _ kind: ImagingError.Kind, path: String, message: @autoclosure () -> String, _ call: () -> Value?
    ) throws -> Value {
        imgpipe_vips_lock_shared()
        let first = naming(path, call)
        imgpipe_vips_unlock()
        if let first {
            return first
        }

        imgpipe_vips_lock_exclusive()
        defer { imgpipe_vips_unlock() }
        vips_error_clear()
        if let second = naming(path, call) {
            // The first failure did not repeat, for example because the file changed.
            vips_error_clear()
            return second
        }
        throw ImagingError(kind, path: path, message: message(), vipsMessage: takeVipsErrorText())
    }

    /// Runs `call` with `path` recorded as this thread's current file, for `ImagingLog`.
    private static func naming<Value>(_ path: String, _ call: () -> Value) -> Value {
        path.withCString { pointer in
            imgpipe_vips_set_current_path(pointer)
            defer { imgpipe_vips_set_current_path(nil) }
            return call()
        }
    }

    /// Runs a call whose failure text is not wanted (it clears the buffer itself) holding the
    /// shared lock, so that the text cannot reach the buffer while a failed call re-runs alone.
    static func runDiscardingErrors<Value>(_ call: () -> Value) -> Value {
        imgpipe_vips_lock_shared()
        defer { imgpipe_vips_unlock() }
        return call()
    }

    /// Runs a call that returns 0 on success and -1 on failure, as most libvips functions do.
    static func runStatus(
        _ kind: ImagingError.Kind, path: String, message: @autoclosure () -> String, _ call: () -> Int32
    ) throws {
        try run(kind, path: path, message: message()) { call() == 0 ? () : nil }
    }
}
