import CVips
import CVipsShim

/// Owns one reference to a libvips image and releases it in `deinit`.
///
/// Not `Sendable`: use an instance on the thread that created it.
final class VipsImageReference {
    let pointer: UnsafeMutablePointer<VipsImage>

    init(_ pointer: UnsafeMutablePointer<VipsImage>) {
        self.pointer = pointer
    }

    deinit {
        g_object_unref(pointer)
    }

    var width: Int { Int(vips_image_get_width(pointer)) }
    var height: Int { Int(vips_image_get_height(pointer)) }
    var bands: Int { Int(vips_image_get_bands(pointer)) }
    var pages: Int { Int(vips_image_get_n_pages(pointer)) }
    var hasAlpha: Bool { vips_image_hasalpha(pointer) != 0 }

    /// The interpretation's libvips nickname, such as "srgb" or "b-w".
    var interpretation: String {
        let value = vips_image_get_interpretation(pointer)
        guard let nick = vips_enum_nick(vips_interpretation_get_type(), Int32(value.rawValue)) else {
            return "unknown"
        }
        return String(cString: nick)
    }

    /// The EXIF orientation libvips parsed, or nil when the image has none.
    var orientation: Int? {
        integerField("orientation")
    }

    /// The loader that opened the image, recorded by libvips as "vips-loader".
    var loader: String? {
        VipsCall.runDiscardingErrors {
            var value: UnsafePointer<CChar>?
            guard vips_image_get_typeof(pointer, "vips-loader") != 0,
                  vips_image_get_string(pointer, "vips-loader", &value) == 0,
                  let value
            else {
                vips_error_clear()
                return nil
            }
            return String(cString: value)
        }
    }

    /// The names of every metadata field libvips attached, such as "exif-ifd3-GPSLatitude".
    var fieldNames: [String] {
        guard let fields = vips_image_get_fields(pointer) else {
            return []
        }
        defer { g_strfreev(fields) }

        var names: [String] = []
        var index = 0
        while let name = fields[index] {
            names.append(String(cString: name))
            index += 1
        }
        return names
    }

    /// The embedded ICC profile's bytes, or nil when the image has none.
    var iccProfileBytes: [UInt8]? {
        VipsCall.runDiscardingErrors {
            var data: UnsafeRawPointer?
            var length = 0
            guard vips_image_get_typeof(pointer, "icc-profile-data") != 0,
                  vips_image_get_blob(pointer, "icc-profile-data", &data, &length) == 0,
                  let data
            else {
                vips_error_clear()
                return nil
            }
            return Array(UnsafeRawBufferPointer(start: data, count: length))
        }
    }

    private func integerField(_ name: String) -> Int? {
        VipsCall.runDiscardingErrors {
            var value: Int32 = 0
            guard vips_image_get_typeof(pointer, name) != 0, vips_image_get_int(pointer, name, &value) == 0 else {
                vips_error_clear()
                return nil
            }
            return Int(value)
        }
    }
}
