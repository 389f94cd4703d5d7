/// An actor or a concern. Actors and concerns share one namespace of ids.
public struct Entity: Sendable {
    public enum Kind: UInt8, Sendable { case actor, concern }

    public var id: String
    public var name: String
    public var type: Kind
    /// An actor's kind: person, org, state, group, or any word.
    public var kind: String?
    /// A concern's parent concern (an entity index).
    public var parent: Int32?
    /// Attributes, kept sorted by key.
    public var attributes: [(key: String, value: String)]
    /// Tags without `#`, in the order given, each once.
    public var tags: [String]
    public var created: Timestamp
    public var removed: Bool = false

    public init(id: String, name: String, type: Kind, kind: String? = nil, parent: Int32? = nil,
                attributes: [(key: String, value: String)] = [], tags: [String] = [], created: Timestamp) {
        self.id = id
        self.name = name
        self.type = type
        self.kind = kind
        self.parent = parent
        self.attributes = attributes
        self.tags = tags
        self.created = created
    }

    public var isActor: Bool { type == .actor }

    public func attribute(_ key: String) -> String? {
        attributes.first(where: { $0.key == key })?.value
    }

    /// Sets or (with nil) removes an attribute, keeping the keys sorted.
    public mutating func setAttribute(_ key: String, _ value: String?) {
        if let i = attributes.firstIndex(where: { $0.key == key }) {
            if let value { attributes[i].value = value } else { attributes.remove(at: i) }
        } else if let value {
            // Appended when it sorts last (a generic insert costs several times an append).
            if let at = attributes.firstIndex(where: { $0.key > key }) {
                attributes.insert((key, value), at: at)
            } else {
                attributes.append((key, value))
            }
        }
    }

    public var typeWord: String { type == .actor ? "actor" : "concern" }
}

/// One statement: a holder takes a position on a target, at a time, maybe reported by someone.
public struct Stance: Sendable {
    public var tags: [String]
    /// Nil for none (an empty text is none).
    public var text: String?
    public var at: Timestamp
    public var holder: Int32
    public var target: Int32
    public var by: Int32?
    public var position: Position
    public var removed: Bool = false
    /// Taken back by `undo` (and removed): its id is never given again.
    public var undone: Bool = false

    init(holder: Int32, position: Position, target: Int32, text: String?, by: Int32?,
         at: Timestamp, tags: [String]) {
        self.holder = holder
        self.position = position
        self.target = target
        self.text = text
        self.by = by
        self.at = at
        self.tags = tags
    }

    public var hasText: Bool { text != nil }
}

/// A typed, directed relation between two entities.
public struct Link: Sendable {
    public var from: Int32
    public var relation: String
    public var to: Int32
    public var text: String?
    public var at: Timestamp
    public var tags: [String] = []
    public var removed: Bool = false
    public var undone: Bool = false

    public init(from: Int32, relation: String, to: Int32, text: String?, at: Timestamp) {
        self.from = from
        self.relation = relation
        self.to = to
        self.text = text
        self.at = at
    }

    public static let knownRelations = [
        "member-of", "part-of", "allied-with", "opposes", "funds", "advises", "leads",
        "negotiates-with", "related-to", "causes",
    ]
}

/// Free text at a time, on an entity or on the session.
public struct Note: Sendable {
    public var on: Int32?
    public var text: String
    public var at: Timestamp
    public var tags: [String] = []
    public var removed: Bool = false
    public var undone: Bool = false

    public init(on: Int32?, text: String, at: Timestamp) {
        self.on = on
        self.text = text
        self.at = at
    }
}

/// The session's title, date, place and other facts.
public struct Event: Sendable, Equatable {
    public var title: String?
    /// Sorted by key; `date` and `location` included.
    public var attributes: [(key: String, value: String)]
    /// The UTC offset of the latest `event` line's time: the offset of the session's day.
    public var offset: Int32?

    public init(title: String? = nil, attributes: [(key: String, value: String)] = []) {
        self.title = title
        self.attributes = attributes
    }

    public func attribute(_ key: String) -> String? { attributes.first(where: { $0.key == key })?.value }

    public var isEmpty: Bool { title == nil && attributes.isEmpty }

    public static func == (a: Event, b: Event) -> Bool {
        a.title == b.title && a.attributes.map(\.key) == b.attributes.map(\.key)
            && a.attributes.map(\.value) == b.attributes.map(\.value)
    }
}

/// A change of speaker: from this time on, `speaker` is talking (nil: nobody).
public struct Turn: Sendable {
    public var at: Timestamp
    public var speaker: Int32?
    public init(at: Timestamp, speaker: Int32?) {
        self.at = at
        self.speaker = speaker
    }
}
