#!/usr/bin/env bash
# All set-up and the two jobs of the README, on a fresh Debian/Ubuntu machine:
#   ./dev.sh demo   installs what the tool needs, then runs it end to end on bundled data
#   ./dev.sh test   installs what the tests need as well, then runs the whole test suite
#   ./dev.sh lint   the static checks: import contracts (lint-imports), ruff, mypy
#   ./dev.sh serve  the review app in the browser on bundled data (a sample scan, a small register)
# Further arguments of 'test' go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-.venv}
RUNTIME_APT="tesseract-ocr tesseract-ocr-nld poppler-utils wdutch"
# handwriting fonts for the synthetic scans (tests/house_style.py: tuning and evaluation sets)
HANDWRITING_FONTS="fonts-comic-neue fonts-femkeklaver fonts-dkg-handwriting fonts-breip fonts-dancingscript fonts-bwht fonts-kaushanscript"
TEST_APT="fonts-humor-sans $HANDWRITING_FONTS libreoffice-writer-nogui postgresql chromium chromium-driver"

apt_install() {  # install the Debian packages that are missing, and only those
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "== installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

venv() {  # the virtual environment with the package and its test extras
    if [ ! -x "$VENV/bin/python" ]; then
        echo "== creating $VENV"
        python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$VENV"; }
    fi
    local stamp="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
    if [ ! -f "$stamp" ]; then
        echo "== installing drafter into $VENV"
        "$VENV/bin/pip" install -q -U pip
        "$VENV/bin/pip" install -q -e ".[test]"
        touch "$stamp"
    fi
}

case "${1:-}" in
    demo)
        apt_install $RUNTIME_APT
        venv
        shift
        exec "$VENV/bin/python" scripts/demo.py "$@"
        ;;
    test)
        apt_install $RUNTIME_APT $TEST_APT
        venv
        shift
        exec scripts/with-postgres "$VENV/bin/python" -m pytest "$@"
        ;;
    lint)  # the import contracts, ruff and mypy, all configured in pyproject.toml
        venv
        "$VENV/bin/lint-imports" --no-cache
        "$VENV/bin/ruff" check ocr drafter tests
        "$VENV/bin/mypy" ocr drafter
        ;;
    serve)  # OCR of the sample scan and a register of the sample documents, made on first run
        apt_install $RUNTIME_APT
        venv
        shift
        out=demo-out/serve
        [ -f "$out/nota_voorbeeld_scan.json" ] ||
            "$VENV/bin/drafter" ocr corpus/samples/nota_voorbeeld_scan.pdf -o "$out" --format json,md,docx -q
        [ -f "$out/register.sqlite" ] ||
            "$VENV/bin/drafter" commitments import corpus/samples/brief_voorbeeld.txt corpus/samples/nota_voorbeeld.txt \
                --db "$out/register.sqlite"
        exec "$VENV/bin/drafter" serve --db "$out/register.sqlite" --outdir "$out" "$@"
        ;;
    *)
        echo "usage: ./dev.sh demo | ./dev.sh test [pytest args] | ./dev.sh lint | ./dev.sh serve [drafter serve args]" >&2
        exit 2
        ;;
esac
