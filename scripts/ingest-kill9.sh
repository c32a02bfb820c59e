#!/usr/bin/env bash
# kill -9 in the middle of `chatsla ingest`, then run it again: the database must equal that of an
# uninterrupted run (row counts and content checksums of every table, scripts/ingest-checksum.sql).
# Then kill -9 in the middle of `chatsla report` (while its staging folder is being written) into
# a folder holding a previous report: that report must be intact, and the next run must leave no
# `.NAME.new-*` / `.NAME.old-*` folder behind and the same bytes.
#
# Usage: scripts/ingest-kill9.sh [DIALOGS] [KILL_AFTER_SECONDS]   (defaults: 2000 dialogs, 1.5 s)
# Env:   CHATSLA (the binary, default .build/debug/chatsla), BATCH (lines per transaction, default 500).
# Uses a private embedded cluster in a temporary folder; prints PASS or FAIL and exits 0 or 1.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dialogs="${1:-2000}"
kill_after="${2:-1.5}"
batch="${BATCH:-500}"
chatsla="${CHATSLA:-$here/.build/debug/chatsla}"
work="$(mktemp -d /var/tmp/chatsla-kill9.XXXXXX)"
chmod 755 "$work"
export CHATSLA_HOME="$work/cluster"
cleanup() { "$chatsla" db stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

"$chatsla" db start >/dev/null
base="$("$chatsla" db url)"
url_for() { echo "$base" | sed "s#^postgresql:///[^?]*#postgresql:///$1#"; }
for db in reference interrupted; do
    psql -X -q "$base" -c "CREATE DATABASE $db"
    "$chatsla" migrate --database-url "$(url_for $db)" >/dev/null
done
"$chatsla" generate --dialogs "$dialogs" --seed 7 --out "$work/events.jsonl" 2>/dev/null
echo "events: $(wc -l <"$work/events.jsonl")"

"$chatsla" ingest --batch-size "$batch" --database-url "$(url_for reference)" "$work/events.jsonl" 2>/dev/null

"$chatsla" ingest --batch-size "$batch" --database-url "$(url_for interrupted)" "$work/events.jsonl" \
    >/dev/null 2>&1 &
pid=$!
sleep "$kill_after"
if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    committed="$(psql -X -At "$(url_for interrupted)" -c 'SELECT count(*) FROM ingested_events')"
    echo "killed with $committed events committed"
else
    echo "warning: the run ended before the kill; use a larger size or a shorter delay"
fi
echo "re-run: $("$chatsla" ingest --batch-size "$batch" --database-url "$(url_for interrupted)" \
    "$work/events.jsonl" 2>/dev/null)"

psql -X -At "$(url_for reference)" -f "$here/scripts/ingest-checksum.sql" >"$work/reference.txt"
psql -X -At "$(url_for interrupted)" -f "$here/scripts/ingest-checksum.sql" >"$work/interrupted.txt"
if diff "$work/reference.txt" "$work/interrupted.txt"; then
    echo "PASS: $(wc -l <"$work/reference.txt") tables equal ($(grep '^messages|' "$work/reference.txt" | cut -d'|' -f2) messages)"
else
    echo "FAIL: the interrupted-then-resumed database differs from the uninterrupted one"
    exit 1
fi

# The report: a previous report in place, then a run killed while it writes its staging folder.
reports="$work/reports"
report_command=("$chatsla" report --database-url "$(url_for interrupted)" --from 2026-10-01 --to 2026-10-31
    --as-of 2026-11-01T00:00:00Z --out "$reports/october")
"${report_command[@]}" >/dev/null 2>&1
digest() { (cd "$reports/october" && md5sum -- * | sort); }
previous="$(digest)"
kills=0
for attempt in 1 2 3 4 5; do
    # The command itself in the background, so that $! is chatsla's own process: a function run
    # with `&` is a subshell, and killing it left chatsla writing (and the digest below racing its
    # folder swap) instead of killing it mid-write.
    "${report_command[@]}" >/dev/null 2>&1 &
    pid=$!
    # Kill as soon as the staging folder appears: the files are being written.
    while kill -0 "$pid" 2>/dev/null && ! compgen -G "$reports/.october.new-*" >/dev/null; do sleep 0.002; done
    if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
    if [ "$(digest)" != "$previous" ]; then
        echo "FAIL: the previous report changed after a kill -9 mid-write (attempt $attempt)"
        exit 1
    fi
done
left="$(cd "$reports" && ls -A | grep -v '^october$' | wc -l)"
echo "report: killed $kills of 5 runs mid-write; previous report intact; $left leftover folders"
"${report_command[@]}" >/dev/null
after="$(cd "$reports" && ls -A)"
if [ "$after" = "october" ] && [ "$(digest)" = "$previous" ]; then
    echo "PASS: the next report run removed every leftover; the report is the same bytes ($(ls "$reports/october" | wc -l) files)"
else
    echo "FAIL: after the next run: $(echo "$after" | tr '\n' ' ')"
    exit 1
fi
