#!/usr/bin/env bash
# Runs the whole test suite: unit, integration (SQLite, PostgreSQL, moto) and browser tests.
# Starts a temporary PostgreSQL unless PROMPTSTACK_TEST_POSTGRES already names one;
# the test fixtures start their own moto servers. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d /tmp/promptstack-results.XXXXXX)
started_pg=""
if [ -z "${PROMPTSTACK_TEST_POSTGRES:-}" ]; then
  eval "$(scripts/start-postgres.sh)" || { echo "PostgreSQL could not be started"; echo "0 passed, 1 failed"; exit 1; }
  started_pg="$PG_TEST_DIR"
fi
cleanup() { [ -n "$started_pg" ] && scripts/stop-postgres.sh "$started_pg"; rm -rf "$results"; }
trap cleanup EXIT

dotnet build PromptStack.slnx -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test PromptStack.slnx -c Release --no-build --logger "trx" --results-directory "$results" "$@"
status=$?

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    skipped += int(c.get("notExecuted"))
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
