import CLibEdit

/// SIGINT, SIGTERM and SIGHUP, installed without SA_RESTART so that a blocked read returns EINTR.
enum Signals {
    static func install() {
        stance_install_signal(SIGINT)
        stance_install_signal(SIGTERM)
        stance_install_signal(SIGHUP)
        stance_ignore_sigpipe()
    }

    /// The signal seen since the last call, or 0.
    static func take() -> Int32 { stance_take_signal() }
    static func peek() -> Int32 { stance_peek_signal() }
}
