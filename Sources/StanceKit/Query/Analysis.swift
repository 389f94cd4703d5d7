/// Queries over current positions: matrix, agreements, conflicts, shifts, timeline, report.
/// (Built in the issue on seeing positions.)
enum Analysis {
    static func unavailable(_ what: String) -> SyntaxError { SyntaxError("'\(what)' is not available yet", 0..<1) }
    static func matrix(tag: String?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String { throw unavailable("matrix") }
    static func agree(_ a: Int32, _ b: Int32, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String { throw unavailable("agree") }
    static func conflicts(_ t: Int32?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String { throw unavailable("conflicts") }
    static func shifts(_ r: Int32?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String { throw unavailable("shifts") }
    static func timeline(_ r: Int32?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String { throw unavailable("timeline") }
    static func report(_ s: State, _ o: QueryOptions) throws(SyntaxError) -> String { throw unavailable("report") }
}

/// Exports other than JSON: csv, dot, graphml, md, svg, png.
enum Exports {
    /// Renders a format; with `toFile`, writes it there and returns "".
    static func render(_ format: String, _ s: State, range: Range<Int>, toFile: String?) throws(SyntaxError) -> String {
        throw SyntaxError("export \(format) is not available yet", range)
    }
}
