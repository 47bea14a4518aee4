#!/usr/bin/env bash
# The ledger API side by side with PocketBase v0.39.11 on this machine
# (docs/benchmarks.md, "Ledger API"): for each of REPS rounds, fazhi on
# SQLite, fazhi on PostgreSQL (when one answers at $FAZHI_BENCH_PG) and
# PocketBase on a fresh data directory, one after the other, with the same
# load (`fazhi bench`: 64 clients, RECORDS creates, then filtered lists).
# PocketBase is built once in $WORK/pb from the Go module proxy.
#
#   bash scripts/bench-pocketbase.sh [REPS] [RECORDS]      # default 3 40000
#
# Prints each run's table and `uptime` before it; the log is $WORK/sbs.log.
set -euo pipefail
reps=${1:-3}
records=${2:-40000}
work=${WORK:-/tmp/fazhi-sbs}
pg=${FAZHI_BENCH_PG:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
port=18290
cd "$(dirname "$0")/.."
mkdir -p "$work/pb"
go build -o "$work/fazhi" ./cmd/fazhi
if [ ! -x "$work/pb/pocketbase" ]; then
	cat >"$work/pb/main.go" <<'EOF'
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
)

func main() {
	if err := pocketbase.New().Start(); err != nil {
		log.Fatal(err)
	}
}
EOF
	(cd "$work/pb" && { [ -f go.mod ] || go mod init pbbench >/dev/null; } &&
		GOFLAGS=-mod=mod go get github.com/pocketbase/pocketbase@v0.39.11 && go build -o pocketbase .)
fi
log=$work/sbs.log
: >"$log"
flags=(--records "$records" --create-duration 2m --list-duration 30s)
run() { echo "== $* | $(uptime)" | tee -a "$log"; (cd "$work" && "$@") 2>&1 | grep -E '^\|' | tee -a "$log"; }
for i in $(seq "$reps"); do
	echo "### round $i" | tee -a "$log"
	run "$work/fazhi" bench "${flags[@]}"
	if pg_isready -q -d "$pg" 2>/dev/null || psql "$pg" -c 'SELECT 1' >/dev/null 2>&1; then
		run "$work/fazhi" bench --db "$pg" --analyze "${flags[@]}"
	fi
	rm -rf "$work/pb/data"
	"$work/pb/pocketbase" --dir "$work/pb/data" superuser upsert bench@example.com bench-pass-123 >/dev/null
	"$work/pb/pocketbase" serve --dev=false --dir "$work/pb/data" --http 127.0.0.1:$port >"$work/pb/serve.log" 2>&1 &
	pid=$!
	for _ in $(seq 50); do curl -fs http://127.0.0.1:$port/api/health >/dev/null && break; sleep 0.2; done
	run "$work/fazhi" bench --target pocketbase --pb-url http://127.0.0.1:$port \
		--pb-superuser bench@example.com:bench-pass-123 --pb-pid $pid --pb-scope owner "${flags[@]}"
	kill $pid
	wait $pid 2>/dev/null || true
done
