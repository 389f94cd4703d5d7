import ArgumentParser

/// The shell completion scripts: ArgumentParser's, from the command definitions, with one thing
/// it cannot express: the root command's first word is either a subcommand or the JOURNAL. Its
/// generators give the JOURNAL that place alone, so `stance che<Tab>` offered only journals and
/// `stance check <Tab>` nothing; the scripts are mended here so that the first word offers both,
/// and a subcommand's words complete as that subcommand's. Should a newer generator write its
/// scripts otherwise, they are left as it wrote them.
enum Completions {
    /// The script for `shell` (bash, zsh, fish), mended for bash and zsh.
    static func script(for shell: String) throws -> String {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw ValidationError("no completion script for '\(shell)': bash, zsh or fish")
        }
        let script = Stance.completionScript(for: kind)
        switch kind {
        case .bash: return mend(script, bash) ?? script
        case .zsh: return mend(script, zsh) ?? script
        default: return script
        }
    }

    /// `script` with each (old, new) replaced once, or nil when one of them is not there.
    static func mend(_ script: String, _ edits: [(String, String)]) -> String? {
        var out = script
        for (old, new) in edits {
            guard let r = out.firstRange(of: old) else { return nil }
            out.replaceSubrange(r, with: new)
        }
        return out
    }

    static var bash: [(String, String)] {
        let names = Tools.words.joined(separator: "|")
        return [
            // A subcommand's own words, before the root takes the first one for JOURNAL.
            ("""
                local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

            """, """
                local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")
                case "${unparsed_words[0]}" in
                \(names))
                    if [[ "${#unparsed_words[@]}" -gt 1 ]]; then
                        local -r subcommand="${unparsed_words[0]}"
                        unparsed_words=("${unparsed_words[@]:1}")
                        local -a repeating_flags non_repeating_flags repeating_options non_repeating_options
                        "_stance_${subcommand}"
                        return
                    fi
                    ;;
                esac

            """),
            // The first word: a journal or a subcommand.
            ("""
                1)
                    __stance_add_completions -o plusdirs -fX '!*.@(stance)'
            """, """
                1)
                    COMPREPLY+=($(compgen -W '\(Tools.words.joined(separator: " "))' -- "${cur}"))
                    __stance_add_completions -o plusdirs -fX '!*.@(stance)'
            """),
        ]
    }

    static var zsh: [(String, String)] {
        [
            // The first word is the `command` state, which offers journals as well as subcommands.
            ("        ':JOURNAL:_files -g '\\''*.stance'\\'''\n", ""),
            ("""
                    _describe -V subcommand subcommands && ret=0

            """, """
                    _describe -V subcommand subcommands && ret=0
                    _files -g '*.stance' && ret=0

            """),
        ]
    }
}
