# Sourced by bin/run and bin/test: create .venv once and install the pinned requirements into it.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
stamp=".venv/.installed-$(cat requirements*.txt | sha1sum | cut -c1-12)-$1"
if [ ! -f "$stamp" ]; then
  python -m pip install --quiet --upgrade pip
  python -m pip install --quiet -r "$1"
  touch "$stamp"
fi
