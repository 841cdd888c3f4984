#!/usr/bin/env bash
# Re-vendor the workbench's browser libraries from npm at the versions package-lock.json
# records: installs into a temporary folder (no install scripts run) and copies the
# minified build and its licence into hub/static/cytoscape/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --silent)
version="$(node -p "require('$work/node_modules/cytoscape/package.json').version")"
out="$here/../cytoscape"
rm -rf "$out" && mkdir -p "$out"
cp "$work/node_modules/cytoscape/dist/cytoscape.min.js" "$out/cytoscape.min.js"
cp "$work/node_modules/cytoscape/LICENSE" "$out/LICENSE-cytoscape-$version"
echo "vendored cytoscape $version into $out"
