#!/usr/bin/env bash
# The command line on a file of 1,000 valid events and 50 broken lines (malformed JSON, invalid
# UTF-8, a 10 MB line, a missing field, a wrong type, an unknown type, `at` without offset):
# expects "accepted 1000, duplicate 0, rejected 50", exit status 3, and a rejects file of exactly
# those 50 lines; then a re-run: 1000 duplicates, the 50 reported again (stored once), exit 3.
#
# Usage: scripts/ingest-broken-lines.sh    Env: CHATSLA (default .build/debug/chatsla)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
chatsla="${CHATSLA:-$here/.build/debug/chatsla}"
work="$(mktemp -d /var/tmp/chatsla-broken.XXXXXX)"
chmod 755 "$work"
export CHATSLA_HOME="$work/cluster"
cleanup() { "$chatsla" db stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"$chatsla" db start >/dev/null
"$chatsla" migrate >/dev/null
"$chatsla" generate --dialogs 60 --seed 7 --out "$work/all.jsonl" 2>/dev/null
head -n 1000 "$work/all.jsonl" >"$work/valid.jsonl"
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
valid = open(f"{work}/valid.jsonl", "rb").read().split(b"\n")[:1000]
kinds = [
    lambda i: b'{"id":"x%d","type":"store.upserted","at":' % i,
    lambda i: b'{"id":"x%d","type":"store.upserted","name":"\xc3\x28"}' % i,
    lambda i: b'{"id":"x%d","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","name":"S"}' % i,
    lambda i: b'{"id":"x%d","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","store":5,"name":"S"}' % i,
    lambda i: b'{"id":"x%d","type":"store.moved","at":"2026-01-05T10:00:00+00:00"}' % i,
    lambda i: b'{"id":"x%d","type":"clock.tick","at":"2026-01-05T10:00:00"}' % i,
    lambda i: (b'{"id":"x6","type":"store.upserted","at":"2026-01-05T10:00:00+00:00","store":"big","name":"'
               + b"a" * 10_000_000 + b'"}') if i == 6 else b"not json %d" % i,
]
broken = [kinds[i % 7](i) for i in range(50)]
out, k = [], 0
for i, line in enumerate(valid):
    if i % 20 == 5 and k < 50:
        out.append(broken[k]); k += 1
    out.append(line)
open(f"{work}/input.jsonl", "wb").write(b"\n".join(out) + b"\n")
open(f"{work}/broken.bin", "wb").write(b"\n".join(broken) + b"\n")
PY
status=0
out="$("$chatsla" ingest --rejects "$work/rejects.jsonl" "$work/input.jsonl" 2>"$work/stderr")" || status=$?
echo "run 1: $out (exit $status)"
[ "$out" = "accepted 1000, duplicate 0, rejected 50" ] && [ "$status" = 3 ] || { echo FAIL; cat "$work/stderr"; exit 1; }
python3 - "$work" <<'PY'
import base64, json, sys
work = sys.argv[1]
expected = open(f"{work}/broken.bin", "rb").read().split(b"\n")[:-1]
got = []
for line in open(f"{work}/rejects.jsonl", "rb").read().split(b"\n")[:-1]:
    o = json.loads(line)
    assert o["code"] == "invalid_event" and o["message"], o
    got.append(base64.b64decode(o["original_base64"]) if "original_base64" in o else o["original"].encode())
assert got == expected, "the rejects file does not hold exactly the 50 broken lines"
print("rejects file: exactly the 50 broken lines, byte for byte")
PY
status=0
out="$("$chatsla" ingest "$work/input.jsonl" 2>/dev/null)" || status=$?
echo "run 2: $out (exit $status)"
[ "$out" = "accepted 0, duplicate 1000, rejected 50" ] && [ "$status" = 3 ] || { echo FAIL; exit 1; }
echo PASS
