#!/usr/bin/env bash
# Runs every researchers' notebook headless against a running Grassroots server and reports, one line each,
# whether it ran clean; the last line is "N passed, M failed" (what CI reads). Exits non-zero if any notebook fails.
#
#   notebooks/run_notebooks.sh                          # all notebooks/*.ipynb
#   notebooks/run_notebooks.sh 02_social_workers_vs_consultation.ipynb
#   notebooks/run_notebooks.sh --output-dir /tmp/nb     # keep the executed copies (with outputs) there
#
# Environment:
#   GRASSROOTS_URL     the server (default http://127.0.0.1:7070); start one with ./grassroots demo
#   GRASSROOTS_PYTHON  the Python that runs nbconvert and the kernel (default /usr/bin/python3, Debian's, which has
#                      the packages below; a pyenv or virtualenv python3 earlier on PATH usually lacks them)
#
# Needs (Debian): jupyter-notebook jupyter-nbconvert python3-nbconvert python3-ipykernel python3-pandas
#                 python3-matplotlib fonts-noto-cjk
#
# The committed notebooks are never modified: each is executed into a temporary directory (removed afterwards
# unless --output-dir is given or a notebook failed, in which case its path is printed).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${GRASSROOTS_PYTHON:-/usr/bin/python3}"
export GRASSROOTS_URL="${GRASSROOTS_URL:-http://127.0.0.1:7070}"
CELL_TIMEOUT=600
APT="apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbconvert python3-ipykernel python3-pandas python3-matplotlib fonts-noto-cjk"

out_dir=""
notebooks=()
while [ $# -gt 0 ]; do
    case "$1" in
        -o|--output-dir) out_dir="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) notebooks+=("$1"); shift ;;
    esac
done
if [ ${#notebooks[@]} -eq 0 ]; then
    for nb in "$here"/*.ipynb; do [ -e "$nb" ] && notebooks+=("$nb"); done
fi
total=${#notebooks[@]}

fail_all() {  # a problem before any notebook ran: every notebook counts as failed
    echo "error: $*" >&2
    echo "0 passed, ${total} failed"
    exit 1
}

[ "$total" -gt 0 ] || { echo "error: no notebooks found in $here" >&2; echo "0 passed, 0 failed"; exit 1; }
[ -x "$PY" ] || fail_all "$PY not found; set GRASSROOTS_PYTHON or install Debian's python3 ($APT)"
"$PY" - <<'EOF' || fail_all "$PY lacks a required package; install them with: $APT"
import importlib, sys
missing = [m for m in ("nbconvert", "nbclient", "ipykernel", "pandas", "matplotlib") if importlib.util.find_spec(m) is None]
if missing:
    print("missing Python packages:", ", ".join(missing), file=sys.stderr)
    sys.exit(1)
EOF

# The server may be restarting: try for up to a minute, then give up.
for attempt in $(seq 1 12); do
    if "$PY" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1] + '/api/health', timeout=10)" \
        "$GRASSROOTS_URL" 2>/dev/null; then
        break
    fi
    [ "$attempt" -eq 12 ] && fail_all "no Grassroots server at $GRASSROOTS_URL (start one with ./grassroots demo, or set GRASSROOTS_URL)"
    sleep 5
done

work="$(mktemp -d "${TMPDIR:-/tmp}/grassroots-notebooks.XXXXXX")"
[ -n "$out_dir" ] || out_dir="$work/executed"
mkdir -p "$out_dir"

# A private kernel spec pinned to $PY, so that no other "python3" kernel on this machine is picked up.
mkdir -p "$work/jupyter/kernels/grassroots-python3"
cat > "$work/jupyter/kernels/grassroots-python3/kernel.json" <<EOF
{"argv": ["$PY", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
 "display_name": "Python 3 (grassroots)", "language": "python"}
EOF
export JUPYTER_PATH="$work/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
export PYDEVD_DISABLE_FILE_VALIDATION=1
export PYTHONDONTWRITEBYTECODE=1

echo "running ${total} notebook(s) against $GRASSROOTS_URL with $PY"
passed=0
failed=0
started_all=$(date +%s.%N)
for nb in "${notebooks[@]}"; do
    [ -f "$nb" ] || nb="$here/$nb"
    name="$(basename "$nb")"
    log="$out_dir/${name%.ipynb}.log"
    "$PY" - "$nb" <<'EOF'
import json, sys
cells = json.load(open(sys.argv[1], encoding="utf-8"))["cells"]
if any(c.get("outputs") or c.get("execution_count") for c in cells if c["cell_type"] == "code"):
    print(f"warning: {sys.argv[1]} is committed with outputs; clear them with "
          f"jupyter nbconvert --clear-output --inplace", file=sys.stderr)
EOF
    started=$(date +%s.%N)
    if (cd "$(dirname "$nb")" && "$PY" -m nbconvert --to notebook --execute \
            --ExecutePreprocessor.timeout=$CELL_TIMEOUT \
            --ExecutePreprocessor.kernel_name=grassroots-python3 \
            --output-dir "$out_dir" "$name") >"$log" 2>&1; then
        status=PASS
        passed=$((passed + 1))
    else
        status=FAIL
        failed=$((failed + 1))
    fi
    secs=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    if [ "$status" = PASS ]; then
        echo "PASS  $name  (${secs} s)"
    else
        echo "FAIL  $name  (${secs} s) — log: $log"
        sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v -e 'Debugger warning' -e 'frozen modules' -e 'Debugging will proceed' \
            | tail -n 20 | sed 's/^/      /'
    fi
done
secs_all=$(awk -v a="$started_all" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

if [ "$out_dir" != "$work/executed" ]; then
    rm -rf "$work"
    echo "executed notebooks and logs: $out_dir"
elif [ "$failed" -eq 0 ]; then
    rm -rf "$work"
else
    rm -rf "$work/jupyter"
    echo "executed notebooks and logs: $out_dir"
fi
echo "total ${secs_all} s"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
