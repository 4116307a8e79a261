/// Finds the closest known name to a misspelt one, by edit distance.
public enum Suggestion {
    /// Returns the candidate closest to `word`, or nil when none is close enough to be a typo:
    /// at most 2 edits, and fewer than half the candidate's length.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { (candidate: $0, distance: editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        guard best.distance <= 2, best.distance * 2 < best.candidate.count else { return nil }
        return best.candidate
    }

    /// Returns "; did you mean 'NAME'?" for the closest candidate, or an empty string.
    public static func didYouMean(_ word: String, among candidates: [String], format: (String) -> String = { $0 }) -> String {
        guard let match = closest(to: word, among: candidates) else { return "" }
        return "; did you mean '\(format(match))'?"
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and swaps
    /// of two adjacent characters each count as one edit, since `paht` for `path` is one typo.
    public static func editDistance(_ first: String, _ second: String) -> Int {
        let first = Array(first)
        let second = Array(second)
        guard !first.isEmpty else { return second.count }
        guard !second.isEmpty else { return first.count }

        var table = Array(repeating: Array(repeating: 0, count: second.count + 1), count: first.count + 1)
        for i in 0...first.count { table[i][0] = i }
        for j in 0...second.count { table[0][j] = j }

        for i in 1...first.count {
            for j in 1...second.count {
                let cost = first[i - 1] == second[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, first[i - 1] == second[j - 2], first[i - 2] == second[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[first.count][second.count]
    }
}
