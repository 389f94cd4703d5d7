/// The `help` text: the language in brief, and each command's usage with an example.
public enum Help {
    public static let entries: [(command: String, usage: String, text: String, example: String)] = [
        ("actor", "actor [ID] \"NAME\" [kind=KIND] [KEY=VALUE]... [#TAG]...", "a person, organisation, state or group; the id is made from the name when left out (accents folded, Cyrillic transliterated by ICAO Doc 9303, Greek by ELOT 743; a name in another script needs an ID)",
         "actor \"Corey Levine\" kind=person role=\"former EUTM adviser\" #panel"),
        ("concern", "concern [ID] \"NAME\" [parent=CONCERN] [KEY=VALUE]... [#TAG]...", "an issue, proposal or problem people take positions on",
         "concern dev \"Development spending\""),
        ("stance", "stance HOLDER POSITION TARGET [\"TEXT\" | : TEXT] [by=ACTOR] [#TAG]...", "HOLDER takes POSITION on TARGET; positions: supports +, opposes -, mixed ~, neutral =, raises !",
         "stance lev + dev: argued for sustained spending"),
        ("+", "[HOLDER] SIGN TARGET [TEXT...]", "shorthand for stance; without HOLDER the speaker holds it; the text runs to the end of the line",
         "+ elections they need to happen"),
        ("link", "link FROM RELATION TO [\"TEXT\" | : TEXT]", "a typed relation: member-of, part-of, allied-with, opposes, funds, advises, leads, negotiates-with, related-to, causes",
         "link minusma part-of un"),
        ("note", "note [REF] (\"TEXT\" | : TEXT)", "free text, on an entity or on the session", "note: the Q and A starts"),
        ("speaker", "speaker ACTOR | speaker -", "who is talking now: the default holder, and by= for what they report of others", "speaker lev"),
        ("event", "event \"TITLE\" [date=YYYY-MM-DD] [location=\"…\"] [KEY=VALUE]...", "the session's title, date, place and other facts",
         "event \"MINUSMA panel\" date=2018-04-25 location=\"Ottawa City Hall\""),
        ("set", "set REF KEY=VALUE...", "sets attributes, name=, kind= or parent=", "set lev role=\"adviser\""),
        ("unset", "unset REF KEY...", "removes attributes", "unset lev role"),
        ("tag", "tag REF #TAG...", "adds tags to an entity, or to a stance, link or note by its id (s1, l1, n1)", "tag s12 #key"),
        ("untag", "untag REF #TAG...", "removes tags", "untag lev #panel"),
        ("rename", "rename REF NEW-ID", "changes an id; every stance, link and note follows", "rename lev levine"),
        ("remove", "remove REF", "removes an entity with its stances, links and notes, or one stance, link or note by id", "remove s12"),
        ("undo", "undo [N]", "undoes the last N changes of this session", "undo"),
        ("redo", "redo [N]", "redoes the last N undone changes", "redo"),
        ("include", "include \"PATH\"", "replays another journal first (each file once)", "include \"earlier.stance\""),
        ("source", "source \"PATH\"", "runs a typed script as if its lines were typed here (each change journaled; not journaled itself); a journal is included, not sourced", "source \"speakers.txt\""),
        ("show", "show REF", "an entity with its attributes, tags, stances (current and earlier), links and notes", "show lev"),
        ("list", "list [actors|concerns|stances|links|notes] [#TAG] [KEY=VALUE]",
         "lists what there is; entities by kind=, name=, parent= or any attribute; stances by holder=, target=, by=, position= or text=; links by from=, to=, relation= or text=; notes by on= or text= (text= holds, ignoring case and accents)",
         "list stances text=election"),
        ("find", "find TEXT", "stances, links and notes whose text, or whose entities' names, hold TEXT (case and accents ignored)", "find civilian"),
        ("who", "who POSITION TARGET", "holders whose current stance on TARGET is POSITION", "who + dev"),
        ("matrix", "matrix [#TAG]", "holders × targets of current positions", "matrix"),
        ("agree", "agree A B", "where A and B hold the same current position, and where they differ", "agree lev bruno"),
        ("conflicts", "conflicts [TARGET]", "pairs of holders with opposite current positions", "conflicts"),
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

    public static func text(_ topic: Syntax<String>?) throws(SyntaxError) -> String {
        if let topic {
            var key = topic.value.lowercased()
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

        @TIME before a command sets its time: @17:42, @17:42:10 or @2018-04-25T17:42:10.5-04:00.
        Ids made from names: accents folded, Cyrillic by ICAO 9303, Greek by ELOT 743; other scripts need an id.
        References: an exact id, an exact name, or a unique prefix of an id or of a word of a name.
        A word ending in ':' (or a lone ':') ends the command; the rest of the line is its text.
        'help COMMAND' shows one command with an example.

        """
        return out
    }
}
