#!/usr/bin/env bash
# The long fuzz run of `chatsla ingest`: the suite's IngestFuzzTests at a larger size. A generated
# stream of valid events with MUTANTS mutated lines among them (a third each of byte, value and
# structure mutations), ingested by the built chatsla into a fresh database of the test server,
# then ingested again. Expects: no crash, exit 3 both times, every valid event accepted, every
# mutant a duplicate or a rejection with a known code in the rejects file, the re-run the same.
#
# Usage: scripts/ingest-fuzz.sh [MUTANTS] [SEED]   (defaults: 100000 mutated lines, seed 16)
# Builds the tests first (debug). Prints the test's `fuzz:` figures and PASS or FAIL.
set -euo pipefail
cd "$(dirname "$0")/.."
mutants="${1:-100000}"
seed="${2:-16}"
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
swift build --build-tests >/dev/null
per_kind=$(( (mutants + 2) / 3 ))
log="$(mktemp /var/tmp/chatsla-fuzz.XXXXXX)"
trap 'rm -f "$log"' EXIT
if CHATSLA_FUZZ_MUTANTS="$per_kind" CHATSLA_FUZZ_SEED="$seed" \
    swift test --skip-build --filter IngestFuzzTests >"$log" 2>&1; then
    grep '^fuzz:' "$log"
    echo "PASS"
else
    grep -E '^fuzz:|✘|recorded an issue' "$log" | head -40
    echo "FAIL"
    exit 1
fi
