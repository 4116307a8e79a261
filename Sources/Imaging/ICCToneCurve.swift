import Foundation

/// A tone curve of an ICC profile, which maps an encoded value in 0...1 to a linear one.
enum ICCToneCurve {
    /// `Y = X^gamma`.
    case gamma(Double)
    /// A `curv` table of evenly spaced 16-bit samples, interpolated linearly between them. It
    /// stays as the tag's big-endian bytes, so only the samples next to an evaluated point are
    /// read, because libvips' sRGB profile alone has three tables of 1,024 entries.
    case table(ArraySlice<UInt8>)
    /// A `para` curve: one of the five functions of ICC.1:2010 (table 65) and its parameters
    /// in the order g, a, b, c, d, e, f.
    case parametric(function: Int, parameters: [Double])

    /// Decodes the entries of a `curv` tag, given as their big-endian bytes: none is the
    /// identity, one is a gamma in 8.8 fixed point, more are a table of 16-bit samples.
    init(curveEntries entries: ArraySlice<UInt8>) {
        switch entries.count / 2 {
        case 0:
            self = .gamma(1)
        case 1:
            self = .gamma(Double(Self.entry(0, of: entries)) / 256)
        default:
            self = .table(entries)
        }
    }

    /// Creates a `para` curve, or returns nil for an unknown function or a wrong number of
    /// parameters.
    init?(function: Int, parameters: [Double]) {
        guard let count = Self.parameterCount(ofFunction: function), parameters.count == count else {
            return nil
        }
        self = .parametric(function: function, parameters: parameters)
    }

    /// The number of parameters each `para` function type stores, or nil for an unknown type.
    static func parameterCount(ofFunction function: Int) -> Int? {
        switch function {
        case 0: 1
        case 1: 3
        case 2: 4
        case 3: 5
        case 4: 7
        default: nil
        }
    }

    /// Returns the linear value for the encoded value `x` in 0...1.
    func value(at x: Double) -> Double {
        switch self {
        case .gamma(let gamma):
            return pow(x, gamma)
        case .table(let samples):
            return Self.interpolate(samples, at: x)
        case .parametric(let function, let parameters):
            return Self.evaluate(function: function, parameters: parameters, at: x)
        }
    }

    private static func interpolate(_ entries: ArraySlice<UInt8>, at x: Double) -> Double {
        let count = entries.count / 2
        let position = min(max(x, 0), 1) * Double(count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, count - 1)
        let fraction = position - Double(lower)

        let lowerValue = Double(entry(lower, of: entries)) / 65535
        let upperValue = Double(entry(upper, of: entries)) / 65535
        return lowerValue + (upperValue - lowerValue) * fraction
    }

    private static func entry(_ index: Int, of entries: ArraySlice<UInt8>) -> UInt16 {
        let start = entries.startIndex + 2 * index
        return UInt16(entries[start]) << 8 | UInt16(entries[start + 1])
    }

    /// Evaluates the piecewise functions of ICC.1:2010 table 65. The power's base is clamped
    /// at 0 so that a malformed curve yields a number instead of NaN.
    private static func evaluate(function: Int, parameters p: [Double], at x: Double) -> Double {
        let g = p[0]
        switch function {
        case 0:
            return pow(x, g)
        case 1:
            return x >= -p[2] / p[1] ? pow(max(p[1] * x + p[2], 0), g) : 0
        case 2:
            return x >= -p[2] / p[1] ? pow(max(p[1] * x + p[2], 0), g) + p[3] : p[3]
        case 3:
            return x >= p[4] ? pow(max(p[1] * x + p[2], 0), g) : p[3] * x
        default:
            return x >= p[4] ? pow(max(p[1] * x + p[2], 0), g) + p[5] : p[3] * x + p[6]
        }
    }
}
