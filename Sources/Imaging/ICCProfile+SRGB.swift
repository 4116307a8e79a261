import Foundation

/// The content rule behind `ICCProfile.isSRGB`.
extension ICCProfile {
    /// sRGB's red, green and blue colorants in the profile connection space: the primaries of
    /// IEC 61966-2-1 with D65 white, adapted to D50 with the Bradford transform as ICC.1:2010
    /// requires for `rXYZ`, `gXYZ` and `bXYZ`.
    static let sRGBColorants: [String: [Double]] = [
        "rXYZ": [0.4360747, 0.2225045, 0.0139322],
        "gXYZ": [0.3850649, 0.7168786, 0.0971045],
        "bXYZ": [0.1430804, 0.0606169, 0.7141733],
    ]

    /// The largest difference accepted in any colorant component. libvips 8.14's built-in sRGB
    /// profile differs from the values above by at most 0.0004, and Display P3 by 0.08 in red X.
    static let colorantTolerance = 0.003

    /// The largest difference accepted between a tone curve and sRGB's, in linear light. A
    /// gamma of 2.2, the nearest common other curve, differs from sRGB's by up to 0.0085 at
    /// the sampled points.
    static let toneCurveTolerance = 0.002

    /// Returns true for an RGB matrix/TRC profile whose colorants and three tone curves are
    /// sRGB's. The description plays no part. Neither does the white point tag, because
    /// version 2 profiles commonly store D65 there and version 4 profiles D50.
    ///
    /// NOTE: a profile with `A2B0` or `A2B1` tables is never taken as sRGB, because a colour
    /// engine such as Little CMS uses those tables in preference to the colorants checked here.
    /// Such a profile's pixels are converted even when it is sRGB, which costs time but keeps
    /// the colours right.
    static func describesSRGB(_ tags: ICCTagTable) -> Bool {
        guard tags.signature(at: 16) == "RGB ", tags.signature(at: 20) == "XYZ " else {
            return false
        }
        guard !tags.contains("A2B0"), !tags.contains("A2B1") else {
            return false
        }
        return hasSRGBColorants(tags) && ["rTRC", "gTRC", "bTRC"].allSatisfy { hasSRGBToneCurve(tags, $0) }
    }

    private static func hasSRGBColorants(_ tags: ICCTagTable) -> Bool {
        sRGBColorants.allSatisfy { signature, expected in
            guard let actual = tags.xyz(signature) else {
                return false
            }
            return zip(actual, expected).allSatisfy { abs($0 - $1) <= colorantTolerance }
        }
    }

    /// Compares the curve with sRGB's at 65 evenly spaced encoded values.
    private static func hasSRGBToneCurve(_ tags: ICCTagTable, _ signature: String) -> Bool {
        guard let curve = tags.toneCurve(signature) else {
            return false
        }
        return (0...64).allSatisfy { step in
            let encoded = Double(step) / 64
            return abs(curve.value(at: encoded) - sRGBLinear(encoded)) <= toneCurveTolerance
        }
    }

    /// The sRGB transfer function of IEC 61966-2-1, from an encoded value to linear light.
    static func sRGBLinear(_ encoded: Double) -> Double {
        encoded <= 0.04045 ? encoded / 12.92 : pow((encoded + 0.055) / 1.055, 2.4)
    }
}
