#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import StanceKit

// Exit codes: 0 done; 1 a command failed; 2 usage, file or lock error; 3 damaged journal; 130 interrupted.
// Before any file is opened: a journal must never get descriptor 1 or 2.
FileIO.openStandardDescriptors()
var arguments = Array(CommandLine.arguments.dropFirst())
// `stance session …` was the session's own name once: still understood.
if arguments.first == "session" { arguments.removeFirst() }
// `stance help` alone is the root's help; `stance help check` the subcommand's.
if arguments == ["help"] { arguments = ["--help"] }
// Completion scripts are ArgumentParser's, mended for a first word that is a subcommand or JOURNAL.
if let first = arguments.first, first.hasPrefix("--generate-completion-script") {
    let shell = first.contains("=") ? String(first.drop { $0 != "=" }.dropFirst()) : arguments.dropFirst().first ?? ""
    do {
        Output.out(try Completions.script(for: shell) + "\n")
        Output.exitOnWriteFailure()
        exit(0)
    } catch {
        Output.err("stance: \(Stance.message(for: error))\n")
        exit(2)
    }
}
let root: ParsableCommand.Type = arguments.first.map(Tools.words.contains) == true ? Tools.self : Stance.self
do {
    var command = try root.parseAsRoot(arguments)
    try command.run()
    Output.exitOnWriteFailure()
    exit(0)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let code = root.exitCode(for: error)
    if code == .success {
        Output.out(root.fullMessage(for: error) + "\n")
        exit(0)
    }
    // One prefix: the program's name, as other tools write it (not "stance: Error: ").
    var message = root.fullMessage(for: error)
    if message.hasPrefix("Error: ") { message.removeFirst(7) }
    Output.err("stance: " + message + "\n")
    exit(2)
}
