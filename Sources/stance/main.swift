#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import StanceKit

// Exit codes: 0 done; 1 a command failed; 2 usage, file or lock error; 3 damaged journal; 130 interrupted.
// Before any file is opened: a journal must never get descriptor 1 or 2.
FileIO.openStandardDescriptors()
do {
    var command = try Stance.parseAsRoot()
    try command.run()
    Output.exitOnWriteFailure()
    exit(0)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let code = Stance.exitCode(for: error)
    if code == .success {
        Output.out(Stance.fullMessage(for: error) + "\n")
        exit(0)
    }
    Output.err("stance: " + Stance.fullMessage(for: error) + "\n")
    exit(2)
}
