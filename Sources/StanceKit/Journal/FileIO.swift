#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to read or write a file, with errno's words.
public struct FileError: Error, Sendable {
    public var path: String
    public var message: String
    public var code: Int32
    public init(_ path: String, _ message: String, code: Int32 = 0) {
        self.path = path
        self.message = message
        self.code = code
    }
    /// Control characters in the path (or the message) shown escaped, as in contents.
    public var description: String { Display.escapeControls("\(path): \(message)") }
}

/// Thin, Foundation-free file helpers.
public enum FileIO {
    public static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    public static func identity(of path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    public static func identity(fd: Int32) -> FileIdentity? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Reads a whole regular file. Opened without blocking, so that a FIFO named by an `include`
    /// is refused as not a regular file instead of waiting forever for a writer.
    public static func read(_ path: String) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileError(path, errorText(errno), code: errno) }
        defer { close(fd) }
        return try read(fd: fd, path: path)
    }

    /// Opens a file for reading, without blocking (see `read`); the caller closes it.
    public static func openForReading(_ path: String) throws(FileError) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw FileError(path, errorText(errno), code: errno) }
        return fd
    }

    public static func read(fd: Int32, path: String) throws(FileError) -> [UInt8] {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(path, errorText(errno), code: errno) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileError(path, "not a regular file") }
        // Uninitialised: zeroing a journal's worth of bytes only to overwrite them was a tenth of
        // reading it.
        let size = Int(st.st_size)
        var failure: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            var got = 0
            while got < size {
                let n = Glibc.pread(fd, buf.baseAddress! + got, size - got, off_t(got))
                if n < 0 { if errno == EINTR { continue }; failure = errno; break }
                if n == 0 { break }
                got += n
            }
            count = got
        }
        if failure != 0 { throw FileError(path, errorText(failure), code: failure) }
        return out
    }

    /// Writes all bytes to a descriptor, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }

    /// Writes a string to a whole file (exports), created 0644 or truncated.
    public static func writeFile(_ path: String, _ text: String, mode: mode_t = 0o644) throws(FileError) {
        try writeFile(path, bytes: Array(text.utf8), mode: mode)
    }

    /// Writes bytes, exactly, to a whole file, created with `mode` or truncated.
    public static func writeFile(_ path: String, bytes: [UInt8], mode: mode_t = 0o644) throws(FileError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError(path, errorText(errno), code: errno) }
        let err = bytes.withUnsafeBytes { writeAll(fd, $0) }
        let closed = close(fd)
        if let err { throw FileError(path, errorText(err), code: err) }
        if closed != 0 { throw FileError(path, errorText(errno), code: errno) }
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: 47) else { return "." }
        if slash == path.utf8.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func lastComponent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: 47) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    public static func join(_ base: String, _ path: String) -> String {
        if path.hasPrefix("/") || base.isEmpty || base == "." { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    public static func currentDirectory() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return "." }
        return string(cChars: buf)
    }

    /// The text of a C buffer filled by the system (a path from `getcwd`, `mkstemp`, `openpty`),
    /// up to its NUL (`String(cString:)` on an array is deprecated).
    public static func string(cChars buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An absolute, `.`- and `..`-free path (symlinks left as they are).
    public static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : join(currentDirectory(), path)
        var parts: [Substring] = []
        for p in full.split(separator: "/") {
            if p == "." { continue }
            if p == ".." { _ = parts.popLast(); continue }
            parts.append(p)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `path` relative to the folder `from` (both absolute), with `..` where needed.
    public static func relative(_ path: String, from: String) -> String {
        let p = path.split(separator: "/"), f = from.split(separator: "/")
        var common = 0
        while common < min(p.count, f.count) && p[common] == f[common] { common += 1 }
        let up = Array(repeating: "..", count: f.count - common)
        return (up + p[common...].map(String.init)).joined(separator: "/")
    }

    /// Creates a folder and its parents with the given mode.
    public static func makeDirectories(_ path: String, mode: mode_t) throws(FileError) {
        if isDirectory(path) { return }
        let parent = directory(of: path)
        if parent != path && parent != "." && parent != "/" && !exists(parent) {
            try makeDirectories(parent, mode: mode)
        }
        if mkdir(path, mode) != 0 && errno != EEXIST { throw FileError(path, errorText(errno), code: errno) }
        if !isDirectory(path) { throw FileError(path, "exists and is not a folder") }
    }

    /// Opens descriptors 0, 1 and 2 onto /dev/null where they are closed, so that no file stance
    /// opens later takes their number and receives what is written to stdout or stderr.
    public static func openStandardDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            // The lowest free number, which is `fd`, since the ones below it are open.
            if open("/dev/null", O_RDWR) != fd { _exit(2) }
        }
    }

    /// Opens a file without following a symbolic link and without blocking on a FIFO, and keeps
    /// it only when it is a regular file; nil otherwise. The caller closes it.
    public static func openRegular(_ path: String, _ flags: Int32, mode: mode_t = 0o600) -> Int32? {
        let fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { close(fd); return nil }
        return fd
    }

    /// A new file in `dir`'s folder with a hidden, unique name, mode 0600; the caller closes and unlinks it.
    static func temporaryFile(near path: String) throws(FileError) -> (fd: Int32, path: String) {
        let dir = directory(of: path)
        var template = Array(join(dir, ".\(lastComponent(path)).XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError(path, errorText(errno), code: errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return (fd, string(cChars: template))
    }

    /// Writes `bytes` to a temporary file beside `path` and fsyncs it: the caller gives it its name.
    private static func writeTemporary(near path: String, _ bytes: [UInt8], mode: mode_t) throws(FileError) -> (fd: Int32, path: String) {
        try writeTemporary(near: path, mode: mode) { fd in bytes.withUnsafeBytes { writeAll(fd, $0) } }
    }

    /// A temporary file beside `path` that `fill` writes (returning an errno on failure), fsynced.
    private static func writeTemporary(near path: String, mode: mode_t, fill: (Int32) -> Int32?) throws(FileError) -> (fd: Int32, path: String) {
        let t = try temporaryFile(near: path)
        var err = fill(t.fd)
        if err == nil && fchmod(t.fd, mode) != 0 { err = errno }
        if err == nil && fsync(t.fd) != 0 { err = errno }
        if let err {
            close(t.fd)
            unlink(t.path)
            throw FileError(path, errorText(err), code: err)
        }
        return t
    }

    /// Makes a new file at `path` holding `bytes`, whole or not at all, and never in place of a
    /// file that is there: the bytes are written to a temporary file in the same folder and
    /// fsynced, `prepare` runs on it (to lock it), and `link(2)`, which refuses a name that exists
    /// (EEXIST, a dangling symlink included), gives it its name; the folder is then fsynced.
    /// Returns the new file open for reading and appending.
    public static func createWhole(_ path: String, bytes: [UInt8], mode: mode_t,
                                   prepare: (Int32) throws(FileError) -> Void = { _ in }) throws(FileError) -> Int32 {
        try createWhole(path, mode: mode, prepare: prepare) { fd in bytes.withUnsafeBytes { writeAll(fd, $0) } }
    }

    /// `createWhole` holding a copy of the file open as `source`, read a chunk at a time.
    public static func createWhole(_ path: String, copying source: Int32, mode: mode_t) throws(FileError) -> Int32 {
        try createWhole(path, mode: mode) { fd in
            var chunk: [UInt8] = []
            var offset = 0
            while true {
                chunk.removeAll(keepingCapacity: true)
                let n: Int
                do throws(FileError) { n = try read(source, appendingTo: &chunk, count: 1 << 16, at: offset) } catch { return error.code }
                if n == 0 { return nil }
                if let e = chunk.withUnsafeBytes({ writeAll(fd, $0) }) { return e }
                offset += n
            }
        }
    }

    private static func createWhole(_ path: String, mode: mode_t, prepare: (Int32) throws(FileError) -> Void = { _ in },
                                    fill: (Int32) -> Int32?) throws(FileError) -> Int32 {
        let t = try writeTemporary(near: path, mode: mode, fill: fill)
        defer { unlink(t.path) }
        do { try prepare(t.fd) } catch { close(t.fd); throw error }
        guard link(t.path, path) == 0 else {
            let e = errno
            close(t.fd)
            throw FileError(path, e == EEXIST ? "a file is there already" : errorText(e), code: e)
        }
        _ = fcntl(t.fd, F_SETFL, O_APPEND)
        fsyncDirectory(directory(of: path))
        return t.fd
    }

    /// Writes a whole file so that it is never seen half written: a regular file (or a new one) is
    /// replaced by a temporary file renamed over it, keeping its mode; a FIFO, a device or a
    /// terminal is written directly.
    public static func replaceWhole(_ path: String, bytes: [UInt8], mode: mode_t = 0o644) throws(FileError) {
        var st = stat()
        var target = path
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFREG else { return try writeFile(path, bytes: bytes, mode: mode) }
            // Through a symlink, the file it points to is replaced, not the link.
            if let real = realpath(path, nil) { target = String(cString: real); free(real) }
        }
        let keep = stat(path, &st) == 0 ? st.st_mode & 0o7777 : mode & ~currentUmask()
        let t = try writeTemporary(near: target, bytes, mode: keep)
        close(t.fd)
        guard rename(t.path, target) == 0 else {
            let e = errno
            unlink(t.path)
            throw FileError(path, errorText(e), code: e)
        }
        fsyncDirectory(directory(of: target))
    }

    /// Whether a file starts with `prefix` (false when it cannot be read).
    public static func startsWith(_ path: String, _ prefix: String) -> Bool {
        let want = Array(prefix.utf8)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        var got = [UInt8](repeating: 0, count: want.count)
        return pread(fd, &got, want.count, 0) == want.count && got == want
    }

    private static func currentUmask() -> mode_t {
        let m = umask(0o022)
        umask(m)
        return m
    }

    public static func fsyncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

extension FileIO {
    /// The size of the regular file open as `fd`; anything else (a FIFO, a device, a folder) is refused.
    static func regularFileSize(fd: Int32, path: String) throws(FileError) -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(path, errorText(errno), code: errno) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileError(path, "not a regular file") }
        return Int(st.st_size)
    }

    /// Reads up to `count` bytes at `offset` onto the end of `buffer`; how many were read, 0 at
    /// the end of the file.
    static func read(_ fd: Int32, appendingTo buffer: inout [UInt8], count: Int, at offset: Int) throws(FileError) -> Int {
        let old = buffer.count
        buffer.append(contentsOf: [UInt8](repeating: 0, count: count))
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + old + got, count - got, off_t(offset + got)) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                buffer.removeSubrange((old + got)...)
                throw FileError("", errorText(e), code: e)
            }
            if n == 0 { break }
            got += n
        }
        buffer.removeSubrange((old + got)...)
        return got
    }
}
