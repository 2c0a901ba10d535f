# Sourced by bin/test and bin/lighthouse: install the pinned npm packages (Lighthouse) once, and again
# whenever package-lock.json changes.
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: Lighthouse needs Node.js 18.16 or later with npm (Debian: apt-get install nodejs npm)." >&2
  exit 1
fi
node_stamp="node_modules/.installed-$(sha1sum package-lock.json | cut -c1-12)"
if [ ! -f "$node_stamp" ]; then
  echo "Installing the pinned Node packages (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  touch "$node_stamp"
fi
