#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends a session to a journal, durably: each line is written and fsynced before the change
/// is acknowledged. The file is created (0600) on the first change, locked (one writer a journal),
/// and a torn tail left by a crash is cut off before the first append.
public final class JournalWriter {
    /// How every journal starts, whatever its format's version: what tells a journal from a script.
    public static let mark = "# stance journal"
    public static let header = mark + " 1"

    /// Where the journal is, or will be once made.
    public private(set) var path: String?
    /// A journal made on the first change in this folder (the sessions folder).
    let folder: String?
    var fd: Int32 = -1
    var identity: FileIdentity?
    /// Bytes of the file that are sound (a torn tail beyond this is cut before writing).
    var soundLength: Int?
    public private(set) var wroteBegin = false
    /// The path held another file than the session's: one that appeared since the session began,
    /// or one put in place of the journal it loaded. Nothing was written to it.
    public private(set) var foundAnotherFile = false
    /// The event's title when the file is made, for its name.
    public var nameHint: () -> String? = { nil }

    /// A journal at a path (existing or not).
    public init(path: String) {
        self.path = path
        self.folder = nil
    }

    /// A new journal in a folder, named from the date, time and event on the first change.
    public init(folder: String) {
        self.path = nil
        self.folder = folder
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Opens and locks an existing journal for appending, and reads it under the lock.
    public func openExisting() throws(FileError) -> JournalReader {
        guard let path else { return JournalReader(source: "", bytes: []) }
        let f = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard f >= 0 else { throw FileError(path, FileIO.errorText(errno), code: errno) }
        try lock(f, path)
        fd = f
        identity = FileIO.identity(fd: f)
        return try JournalReader(source: path, fd: f)
    }

    /// Cuts the journal opened with `openExisting` to its sound part, fsynced; one cut to nothing
    /// (an empty file, or a torn header) gets its header.
    public func cut(to length: Int) throws(FileError) {
        guard ftruncate(fd, off_t(length)) == 0, fsync(fd) == 0 else {
            throw FileError(path ?? "journal", FileIO.errorText(errno), code: errno)
        }
        if length == 0 { try writeDurably(JournalWriter.header + "\n", failure: "it is empty; run repair again") }
    }

    /// The sound part of the file: a torn tail beyond it is cut before the first append.
    public func setSoundLength(_ n: Int) { soundLength = n }

    /// The folder the journal is (or will be) in.
    public var directory: String? { path.map(FileIO.directory(of:)) ?? folder }

    /// Whether the journal file exists yet.
    public var isOpen: Bool { fd >= 0 }

    private func lock(_ f: Int32, _ path: String, closing: Bool = true) throws(FileError) {
        if flock(f, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            if closing { Glibc.close(f) }
            if e == EWOULDBLOCK {
                throw FileError(path, "another stance session is writing this journal (it is locked)", code: e)
            }
            throw FileError(path, FileIO.errorText(e), code: e)
        }
    }

    /// Appends one journal line (the session's `begin` first), fsynced.
    public func append(_ line: String, at time: Timestamp) throws(FileError) {
        if fd < 0 { try create(at: time) }
        try checkStillThere()
        var text = ""
        if !wroteBegin {
            if let sound = soundLength {
                var st = stat()
                if fstat(fd, &st) == 0, Int(st.st_size) > sound { _ = ftruncate(fd, off_t(sound)) }
                soundLength = nil
            }
            // An empty file, or one cut inside its header, gets its header first.
            var st = stat()
            if fstat(fd, &st) == 0, st.st_size == 0 { text = JournalWriter.header + "\n" }
            text += "@\(time.rfc3339) begin version=\(Engine.version)\n"
        }
        text += line
        text += "\n"
        try writeDurably(text)
        wroteBegin = true
    }

    /// Writes `end` if this session wrote anything, and closes.
    public func close(at time: Timestamp) throws(FileError) {
        defer { if fd >= 0 { Glibc.close(fd); fd = -1 } }
        guard fd >= 0, wroteBegin else { return }
        // A journal deleted or replaced under us was reported on the change that found it;
        // there is nowhere to write `end`.
        do { try checkStillThere(noting: false) } catch { return }
        try writeDurably("@\(time.rfc3339) end\n", failure: "the session's end is not saved; every change before it is")
        wroteBegin = false
    }

    private func writeDurably(_ text: String, failure: String = "the change is not saved") throws(FileError) {
        let path = self.path ?? "journal"
        var st = stat()
        let before = fstat(fd, &st) == 0 ? st.st_size : -1
        var t = text
        let err = t.withUTF8 { FileIO.writeAll(fd, UnsafeRawBufferPointer($0)) }
        if let err {
            if before >= 0 { _ = ftruncate(fd, before) }
            throw FileError(path, "cannot write the journal: \(FileIO.errorText(err)); \(failure)", code: err)
        }
        if fsync(fd) != 0 {
            let e = errno
            if before >= 0 { _ = ftruncate(fd, before) }
            throw FileError(path, "cannot save the journal to disk: \(FileIO.errorText(e)); \(failure)", code: e)
        }
    }

    /// Refuses to write into a journal that was deleted or replaced under us.
    private func checkStillThere(noting: Bool = true) throws(FileError) {
        guard let path, let mine = identity else { return }
        var st = stat()
        // Renamed over, the file we hold is unlinked too: that is a replacement, not a deletion.
        if fstat(fd, &st) == 0 && st.st_nlink == 0 && !FileIO.exists(path) {
            throw FileError(path, "the journal was deleted while this session ran; the change is not saved (export what you need, then reopen)")
        }
        if FileIO.identity(of: path) != mine {
            if noting { foundAnotherFile = true }
            throw FileError(path, "the journal was replaced while this session ran; the change is not saved (export what you need, then reopen)")
        }
    }

    /// Makes the journal, whole (its header written and fsynced) or not at all, and never in
    /// place of a file that is there: in the sessions folder the next free name is taken; at a
    /// path given, a file that appeared since the session began is refused, never appended to.
    private func create(at time: Timestamp) throws(FileError) {
        let header = Array((JournalWriter.header + "\n").utf8)
        let lockIt = { (f: Int32) throws(FileError) in try self.lock(f, self.path ?? "journal", closing: false) }
        if let folder {
            try FileIO.makeDirectories(folder, mode: 0o700)
            let base = SessionsFolder.fileName(at: time, event: nameHint())
            var n = 1
            while true {
                let p = FileIO.join(folder, n == 1 ? base + ".stance" : base + "-\(n).stance")
                do {
                    fd = try FileIO.createWhole(p, bytes: header, mode: 0o600, prepare: lockIt)
                    path = p
                    identity = FileIO.identity(fd: fd)
                    return
                } catch {
                    if error.code != EEXIST || n > 1000 { throw error }
                }
                n += 1
            }
        }
        guard let path else { return }
        let dir = FileIO.directory(of: path)
        if !FileIO.isDirectory(dir) { throw FileError(path, "the folder \(dir) does not exist") }
        do {
            fd = try FileIO.createWhole(path, bytes: header, mode: 0o600, prepare: lockIt)
        } catch {
            guard error.code == EEXIST else { throw error }
            foundAnotherFile = true
            throw FileError(path, "a file appeared at this path after the session began; nothing was written to it, and the change is not saved", code: EEXIST)
        }
        identity = FileIO.identity(fd: fd)
    }
}

/// Where sessions go: `./Sessions`, or `$STANCE_SESSIONS`.
public enum SessionsFolder {
    public static func path() -> String {
        if let p = getenv("STANCE_SESSIONS"), p.pointee != 0 { return String(cString: p) }
        return "Sessions"
    }

    /// `2026-11-29-1142-minusma-panel`.
    public static func fileName(at time: Timestamp, event: String?) -> String {
        let c = time.civil
        var name = "\(time.date)-\(pad(c.hour, 2))\(pad(c.minute, 2))"
        if let event {
            let slug = String(Identifier.make(from: event).prefix(40))
            if !slug.isEmpty { name += "-" + slug }
        }
        return name
    }
}
