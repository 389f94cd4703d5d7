# Shortcuts; the README's two commands are scripts/run and scripts/test.
.PHONY: run test build bench fuzz record man install-man
run:
	scripts/run
test:
	scripts/test
build:
	swift build -c release
# The benchmark side by side with sqlite3: its own package in bench/ (bench/README.md).
bench:
	scripts/deps --bench
	swift build -c release
	swift build -c release --package-path bench
	python3 bench/run.py

# libFuzzer on the lexer, parser, apply step and journal reader, for FUZZ_TIME seconds (FUZZING.md).
FUZZ_TIME ?= 600
fuzz:
	scripts/fuzz $(FUZZ_TIME)

record:
	STANCE_RECORD=1 swift test --filter GoldenTests

# The manual page, from the command definitions and the language's help (scripts/man):
# `make man` writes .build/stance.1; `make install-man` installs it into $(MANDIR)/man1.
MANDIR ?= /usr/local/share/man
man:
	scripts/man
install-man:
	MANDIR=$(MANDIR) scripts/man install
