import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// glibc 2.34's posix_spawn_file_actions_addclosefrom_np, hidden behind _GNU_SOURCE in the Swift import.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32

/// Runs `stance` on a real pseudo-terminal, as a person at a keyboard would: the slave is the
/// child's controlling terminal (so Ctrl-C raises SIGINT), keystrokes go to the master, and what
/// the program draws is read back with a timeout.
final class PTY {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let master: Int32
    let pid: pid_t
    /// Everything the program drew so far.
    private(set) var output: [UInt8] = []
    /// Where the next `expect` starts looking.
    private var mark = 0
    private(set) var status: Int32?

    /// Runs `stance ARGS` with the harness environment for `dir` (sessions and history there).
    /// Resizes the terminal, as a window would (the child gets SIGWINCH).
    func resize(columns: UInt16) {
        var ws = winsize(ws_row: 30, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &ws)
    }

    init(_ args: [String] = [], in dir: URL, env extra: [String: String] = [:], columns: UInt16 = 100) throws {
        var m: Int32 = -1, s: Int32 = -1
        var ws = winsize(ws_row: 30, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var name = [CChar](repeating: 0, count: 4096)
        guard openpty(&m, &s, &name, nil, &ws) == 0 else { throw Failure(description: "openpty: \(String(cString: strerror(errno)))") }
        // Not inherited by what other tests spawn meanwhile (a stray slave would keep the master open).
        _ = fcntl(m, F_SETFD, FD_CLOEXEC)
        _ = fcntl(s, F_SETFD, FD_CLOEXEC)
        master = m
        let slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var fa = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fa)
        defer { posix_spawn_file_actions_destroy(&fa) }
        // Nothing else the test process has open (other tests' pipes) reaches the child.
        _ = spawnCloseFrom(&fa, 3)
        // Opened after setsid: the slave becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&fa, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&fa, 0, 1)
        posix_spawn_file_actions_adddup2(&fa, 0, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGWINCH, SIGTSTP] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(PTY.setsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var env = Harness.environment(dir, extra: extra)
        if env["TERM"] == nil { env["TERM"] = "xterm" }
        env["EDITRC"] = dir.appendingPathComponent("no-editrc").path
        let argv = ([Harness.binary] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var p: pid_t = 0
        let rc = posix_spawn(&p, Harness.binary, &fa, &attr, argv, envp)
        Glibc.close(s)
        guard rc == 0 else { Glibc.close(m); throw Failure(description: "posix_spawn: \(String(cString: strerror(rc)))") }
        pid = p
    }

    deinit {
        if status == nil { kill(pid, SIGKILL); var st: Int32 = 0; waitpid(pid, &st, 0) }
        Glibc.close(master)
    }

    /// Types bytes at the keyboard.
    func send(_ s: String) { send(Array(s.utf8)) }
    func send(_ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(master, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 { if errno == EINTR { continue }; return }
            done += n
        }
    }

    /// glibc's POSIX_SPAWN_SETSID (hidden behind _GNU_SOURCE in the Swift import).
    static let setsid: Int32 = 0x80
    static let ctrlC: [UInt8] = [3], ctrlD: [UInt8] = [4], tab: [UInt8] = [9], up: [UInt8] = [27, 91, 65]

    /// Reads what is there within `timeout` seconds; false at end of file or when nothing came.
    @discardableResult
    private func pump(_ timeout: Double) -> Bool {
        var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let r = poll(&p, 1, Int32(timeout * 1000))
        if r <= 0 { return false }
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = buf.withUnsafeMutableBytes { read(master, $0.baseAddress!, 4096) }
        if n <= 0 { return false } // EIO: the child closed the terminal
        output.append(contentsOf: buf[..<n])
        return true
    }

    /// What was drawn since the last expectation, as text.
    var recent: String { String(decoding: output[mark...], as: UTF8.self) }
    var screen: String { String(decoding: output, as: UTF8.self) }

    /// Waits until `text` is drawn (after what earlier expectations matched); moves past it.
    @discardableResult
    func expect(_ text: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let needle = Array(text.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let r = find(needle) { mark = r; return true }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 || !pump(min(left, 0.5)) && childExited && find(needle) == nil {
                Issue.record("not drawn within \(timeout)s: \(text.debugDescription)\nscreen after the last match:\n\(recent.debugDescription)",
                             sourceLocation: sourceLocation)
                return false
            }
        }
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard output.count - mark >= needle.count else { return nil }
        var i = mark
        while i + needle.count <= output.count {
            if output[i] == needle[0] && output[i..<(i + needle.count)].elementsEqual(needle) { return i + needle.count }
            i += 1
        }
        return nil
    }

    /// The child is gone (checked without reaping it).
    private var childExited: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
    }

    /// Waits for the program to end, reading what it draws; its exit code, or 128 + a signal.
    func wait(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var st: Int32 = 0
            let r = waitpid(pid, &st, WNOHANG)
            if r == pid {
                while pump(0.05) && output.count < 1 << 20 {}
                let code = (st & 0x7F) == 0 ? (st >> 8) & 0xFF : 128 + (st & 0x7F)
                status = code
                return code
            }
            pump(0.05)
        }
        Issue.record("still running after \(timeout)s; the screen:\n\(screen.debugDescription)")
        return nil
    }
}
