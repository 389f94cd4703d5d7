/// The `help` text: the language in brief, and each command's usage with an example.
public enum Help {
    public static let entries: [(command: String, usage: String, text: String, example: String)] = [
        ("actor", "actor [ID] \"NAME\" [kind=KIND] [KEY=VALUE]... [#TAG]...", "a person, organisation, state or group; the id is made from the name when left out (accents folded, Cyrillic transliterated by ICAO Doc 9303, Greek by ELOT 743; a name in another script needs an ID)",
         "actor \"Corey Levine\" kind=person role=\"former EUTM adviser\" #panel"),
        ("concern", "concern [ID] \"NAME\" [parent=CONCERN] [KEY=VALUE]... [#TAG]...", "an issue, proposal or problem people take positions on",
         "concern dev \"Development spending\""),
        ("stance", "stance HOLDER POSITION TARGET [\"TEXT\" | : TEXT] [by=ACTOR] [#TAG]...", "HOLDER takes POSITION on TARGET; positions: supports +, opposes -, mixed ~, neutral =, raises !",
         "stance lev + dev: argued for sustained spending"),
        ("+", "[HOLDER[,HOLDER...]] SIGN TARGET [TEXT...]", "shorthand for stance; without HOLDER the speaker holds it; the text runs to the end of the line; several holders, comma-separated, make a joint statement (one stance each, one undo step)",
         "gabon,kenya,ghana + peace: welcome the agreement"),
        ("link", "link FROM RELATION TO [\"TEXT\" | : TEXT]", "a typed relation: member-of, part-of, allied-with, opposes, funds, advises, leads, negotiates-with, related-to, causes",
         "link minusma part-of un"),
        ("note", "note [REF] (\"TEXT\" | : TEXT)", "free text, on an entity or on the session", "note: the Q and A starts"),
        ("speaker", "speaker ACTOR | speaker -", "who is talking now: the default holder, and by= for what they report of others", "speaker lev"),
        ("event", "event \"TITLE\" [date=YYYY-MM-DD] [location=\"…\"] [KEY=VALUE]...", "the session's title, date, place and other facts",
         "event \"MINUSMA panel\" date=2018-04-25 location=\"Ottawa City Hall\""),
        ("set", "set REF KEY=VALUE...", "sets attributes, name=, kind= or parent=; on a stance (sN), corrects its text=, at= or position=", "set s12 at=10:54 position=opposes"),
        ("unset", "unset REF KEY...", "removes attributes", "unset lev role"),
        ("tag", "tag REF #TAG...", "adds tags to an entity, or to a stance, link or note by its id (s1, l1, n1)", "tag s12 #key"),
        ("untag", "untag REF #TAG...", "removes tags", "untag lev #panel"),
        ("rename", "rename REF NEW-ID", "changes an id; every stance, link and note follows", "rename lev levine"),
        ("remove", "remove REF", "removes an entity with its stances, links and notes, or one stance, link or note by id", "remove s12"),
        ("undo", "undo [N]", "undoes the last N changes of this session (the journal names what it took back: undo s12-s14); ids taken back are never given again", "undo"),
        ("redo", "redo [N]", "redoes the last N undone changes", "redo"),
        ("include", "include \"PATH\"", "replays another journal first (each file once; undo takes it back whole, and then it can be included again)", "include \"earlier.stance\""),
        ("source", "source \"PATH\"", "runs a typed script as if its lines were typed here (each change journaled; not journaled itself); a journal is included, not sourced", "source \"speakers.txt\""),
        ("show", "show REF", "an entity with its attributes, tags, stances (current and earlier), links and notes", "show lev"),
        ("list", "list [actors|concerns|stances|links|notes] [#TAG] [KEY=VALUE]",
         "lists what there is; entities by kind=, name=, parent= or any attribute; stances by holder=, target=, by=, position= or text=; links by from=, to=, relation= or text=; notes by on= or text= (text= holds, ignoring case and accents)",
         "list stances text=election"),
        ("find", "find TEXT", "stances, links and notes whose text, or whose entities' names, hold TEXT (case and accents ignored)", "find civilian"),
        ("who", "who POSITION TARGET", "holders whose current stance on TARGET is POSITION", "who + dev"),
        ("matrix", "matrix [#TAG]", "holders × targets of current positions", "matrix"),
        ("agree", "agree A B", "where A and B hold the same current position, and where they differ", "agree lev bruno"),
        ("conflicts", "conflicts [TARGET]", "pairs of holders with opposite current positions (supports against opposes), partial ones (either against mixed), and actors opposing an actor", "conflicts"),
        ("shifts", "shifts [REF]", "changes of position over time", "shifts"),
        ("timeline", "timeline [REF]", "the entries in time order, speakers included", "timeline"),
        ("report", "report", "the session as a Markdown document", "report"),
        ("export", "export FORMAT [KEY=VALUE]... [FILE]",
         "FILE '-' is stdout; json, csv, dna, dot, graphml, md, svg or png (svg and png run Graphviz's dot; png needs a FILE); dna is Discourse Network Analyzer's event list (qualifier=boolean|integer); graphml takes networks=stances|congruence|conflict|all (all: FILE-stances, FILE-congruence, FILE-conflict) and DNA's qualifier=, qualifierAggregation=congruence|conflict|subtract|combine|ignore, normalization=no|average|jaccard|cosine, statements=current|all, duplicates=include|document|week|month|year|acrossrange",
         "export graphml panel.graphml networks=all"),
        ("log", "log [N]", "the last N journal entries of this session", "log 5"),
        ("help", "help [COMMAND]", "this help, or one command's", "help stance"),
        ("quit", "quit | exit", "ends the session (Ctrl-D too)", "quit"),
    ]

    /// Topics that are not commands.
    public static let topics: [(topic: String, text: String)] = [
        ("time", """
        Times. Every change is recorded at a time, with its UTC offset.
          @2021-01-13T10:54:00-05:00 + tra: …   recorded as given (RFC 3339 with an offset)
          @10:54 + tra: …                       on the session's day: the event's date= (a date
                                                alone, @2021-01-14, changes the day), at the offset
                                                of the event's tz=, else of the event line's time,
                                                else the local one on that day
          @10:54                                alone: sets the session clock; records nothing
          + tra: …                              no @: recorded on the session clock
        The session clock is the latest time given on the session's day plus the time since it was
        typed; undo, redo and end are recorded on it too. Before any time is given (and in a
        reopened journal until one is), it is the wall clock. The prompt shows it: 'unsc 10:54 tunisia> '.
          A time on another day (a statement recalled) or earlier than the clock (a backfill) is
          recorded as given and does not move the clock.
          A short time more than 12 hours before the clock is on the next day (@00:10 after 23:50).
          A time more than a day from the session's day, or in the future, is accepted with a
          warning, once a session.
          set s12 at=10:54 corrects the time of a stance afterwards.
          stance replay FILE --until 10:30 shows the state at 10:30: the entries timed at or before it.

        """),
        ("references", """
        References. Wherever a command takes an actor or a concern, the first rule that finds it wins:
          1. its exact id;  2. its exact name, ignoring case;
          3. a unique prefix of its id (it wins over prefixes of name words: g5 finds g5-sahel even
             when "Algeria in the G5 task force" exists);
          4. a unique prefix of a word of its name, ignoring case and accents (lev, univ).
        Only entities that fit the place count (a holder is an actor). Several matches at the first
        rule that matches are an error listing them; none, an error naming the nearest ids.
        Tab completes exactly what Enter resolves, with a space; it lists candidates only where
        Enter would say the reference is ambiguous. s12, l3 and n4 name stances, links and notes.

        """),
    ]

    public static func text(_ topic: Syntax<String>?) throws(SyntaxError) -> String {
        if let topic {
            var key = topic.value.lowercased()
            if let t = topics.first(where: { $0.topic == key }) { return t.text }
            if !entries.contains(where: { $0.command.hasPrefix(key) }), key.utf8.count >= 2,
               let t = topics.first(where: { $0.topic.hasPrefix(key) }) {
                return t.text
            }
            if Position(sign: key) != nil { key = "+" }
            if key == "exit" { key = "quit" }
            guard let e = entries.first(where: { $0.command == key }) ?? entries.first(where: { $0.command.hasPrefix(key) }) else {
                throw SyntaxError("no help on '\(Display.escapeControls(topic.value))'; 'help' lists the commands", topic.range)
            }
            return "\(e.usage)\n  \(e.text)\n  example: \(e.example)\n"
        }
        var out = "stance \(Engine.version): who holds which position on what.\n\nChanges (journaled):\n"
        for e in entries.prefix(18) { out += "  \(e.usage)\n" }
        out += "\nQueries:\n"
        for e in entries.dropFirst(18) { out += "  \(e.usage)\n" }
        out += """

        @TIME before a command sets its time: @17:42, @17:42:10 or @2018-04-25T17:42:10.5-04:00;
        alone, it sets the session clock ('help time').
        References: an exact id, an exact name, a unique prefix of an id, then of a word of a name
        ('help references'). Tab completes exactly what Enter resolves.
        Ids made from names: accents folded, Cyrillic by ICAO 9303, Greek by ELOT 743; other scripts need an id.
        A word ending in ':' (or a lone ':') ends the command; the rest of the line is its text.
        'help COMMAND' shows one command with an example.

        """
        return out
    }
}
