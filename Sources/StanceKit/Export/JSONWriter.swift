/// A small streaming JSON writer: `out` grows as values are written. Keys keep the order given.
public struct JSONWriter {
    public private(set) var out = ""
    private var needComma: [Bool] = [false]
    public let pretty: Bool

    public init(pretty: Bool = true) { self.pretty = pretty }

    private mutating func separator() {
        if needComma[needComma.count - 1] { out += "," }
        needComma[needComma.count - 1] = true
        if pretty && needComma.count > 1 { out += "\n" + String(repeating: "  ", count: needComma.count - 1) }
    }

    public mutating func key(_ k: String) {
        separator()
        JSONWriter.escape(k, into: &out)
        out += pretty ? ": " : ":"
        needComma[needComma.count - 1] = false
        pendingValueAfterKey = true
    }

    private var pendingValueAfterKey = false

    private mutating func beforeValue() {
        if pendingValueAfterKey { pendingValueAfterKey = false; needComma[needComma.count - 1] = true } else { separator() }
    }

    public mutating func string(_ s: String) { beforeValue(); JSONWriter.escape(s, into: &out) }
    public mutating func optional(_ s: String?) { if let s { string(s) } else { null() } }
    public mutating func number(_ n: Int) { beforeValue(); out += String(n) }
    public mutating func double(_ d: Double) { beforeValue(); out += d.isFinite ? String(d) : "null" }
    public mutating func bool(_ b: Bool) { beforeValue(); out += b ? "true" : "false" }
    public mutating func null() { beforeValue(); out += "null" }

    public mutating func beginObject() { beforeValue(); out += "{"; needComma.append(false) }
    public mutating func endObject() { close("}") }
    public mutating func beginArray() { beforeValue(); out += "["; needComma.append(false) }
    public mutating func endArray() { close("]") }

    private mutating func close(_ c: String) {
        let had = needComma.removeLast()
        if pretty && had { out += "\n" + String(repeating: "  ", count: needComma.count - 1) }
        out += c
    }

    public mutating func field(_ k: String, _ v: String) { key(k); string(v) }
    public mutating func field(_ k: String, _ v: String?) { key(k); optional(v) }
    public mutating func field(_ k: String, _ v: Int) { key(k); number(v) }

    public mutating func stringArray(_ k: String, _ v: [String]) {
        key(k)
        beginArray()
        for s in v { string(s) }
        endArray()
    }

    public mutating func object(_ k: String, _ pairs: [(key: String, value: String)]) {
        key(k)
        beginObject()
        for p in pairs { field(p.key, p.value) }
        endObject()
    }

    public static func escape(_ s: String, into out: inout String) {
        out += "\""
        var clean = true
        for c in s.utf8 where c < 0x20 || c == 34 || c == 92 { clean = false; break }
        if clean { out += s; out += "\""; return }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 { out += "\\u00" + Display.hex(u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        out += "\""
    }
}
