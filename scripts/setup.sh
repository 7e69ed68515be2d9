#!/usr/bin/env bash
# Installs everything gktables needs on a fresh Debian machine with Python 3.11, idempotently:
# system packages (Tesseract with its Chinese data, poppler) via apt-get when missing, then a
# virtual environment in .venv with gktables and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

need_apt=()
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
if command -v tesseract >/dev/null 2>&1; then
  langs=$(tesseract --list-langs 2>/dev/null || true)
  echo "$langs" | grep -qx chi_sim || need_apt+=(tesseract-ocr-chi-sim)
  echo "$langs" | grep -qx chi_sim_vert || need_apt+=(tesseract-ocr-chi-sim-vert)
else
  need_apt+=(tesseract-ocr-chi-sim tesseract-ocr-chi-sim-vert)
fi
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# A CJK font for the debug pictures' labels.
if ! (command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]); then
  need_apt+=(fonts-wqy-microhei fontconfig)
fi
# A headless browser for the review page's and the audit report's tests (Debian's chromium and its driver).
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test,all]"
