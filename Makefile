# Shortcuts; the README's two commands are scripts/run and scripts/test.
.PHONY: run test build bench fuzz record
run:
	scripts/run
test:
	scripts/test
build:
	swift build -c release
record:
	STANCE_RECORD=1 swift test --filter GoldenTests
