import YAML

extension Interpolator {
    /// The tag put on a scalar whose text interpolation changed.
    static let interpolatedTag = "!imgpipe/interpolated"

    /// Returns `node` with references replaced in every scalar value, reporting each problem
    /// at the reference's position. Keys are left as written: a key is a name, not a value.
    ///
    /// The start of each scalar with a problem goes into `failed`, so that the decoder's
    /// complaint about the half-filled value can be dropped in favour of the real cause.
    func interpolate(_ node: YAMLNode, source: SourceText, errors: inout [DefinitionError], failed: inout Set<SourcePosition>) -> YAMLNode {
        switch node.content {
        case .scalar(let text, let style):
            let (value, problems) = interpolate(text)
            for problem in problems {
                errors.append(DefinitionError(problem.message, at: source.position(of: problem.reference, in: node)))
            }
            if !problems.isEmpty {
                failed.insert(source.position(node.start))
            }
            // A value filled from a variable is never YAML's null, even when the variable is
            // empty: the tag keeps `isNull` false while the plain style still allows numbers.
            let tag = value != text && node.tag == nil ? Self.interpolatedTag : node.tag
            return YAMLNode(content: .scalar(value, style), start: node.start, end: node.end, tag: tag)
        case .sequence(let items):
            let interpolated = items.map { interpolate($0, source: source, errors: &errors, failed: &failed) }
            return YAMLNode(content: .sequence(interpolated), start: node.start, end: node.end, tag: node.tag)
        case .mapping(let pairs):
            let interpolated = pairs.map { YAMLPair(key: $0.key, value: interpolate($0.value, source: source, errors: &errors, failed: &failed)) }
            return YAMLNode(content: .mapping(interpolated), start: node.start, end: node.end, tag: node.tag)
        }
    }
}
