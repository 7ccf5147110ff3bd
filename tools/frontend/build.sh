#!/usr/bin/env bash
# Builds the vendored front-end assets for Brokerage.Web.
#
#   bash tools/frontend/build.sh
#
# Installs the exact versions in package-lock.json, compiles src/app.scss
# (GOV.UK Frontend + MOJ timeline/badge/sortable-table + app styles) and copies
# the results into src/Brokerage.Web/wwwroot/lib/. The outputs are committed,
# so the .NET build never needs Node; rerun this after changing app.scss or
# bumping a version, and commit the changed files under wwwroot/lib/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
wwwroot="$repo/src/Brokerage.Web/wwwroot"
govuk_out="$wwwroot/lib/govuk-frontend"
moj_out="$wwwroot/lib/moj-frontend"

cd "$here"

# No package here needs an install script (sass is pure JavaScript).
npm ci --ignore-scripts --no-audit --no-fund

govuk="node_modules/govuk-frontend/dist/govuk"
moj="node_modules/@ministryofjustice/frontend/moj"

rm -rf "$govuk_out" "$moj_out"
mkdir -p "$govuk_out/assets" "$moj_out"

# The load path is this folder: MOJ Frontend @forwards
# "node_modules/govuk-frontend/dist/govuk/base" relative to it.
node_modules/.bin/sass \
  --load-path=. \
  --style=compressed \
  --no-source-map \
  src/app.scss "$govuk_out/app.min.css"

# GDS Transport is licensed for GOV.UK only; fail if it crept back in.
if grep -qi 'GDS Transport\|@font-face' "$govuk_out/app.min.css"; then
  echo "build.sh: app.min.css still references GDS Transport / @font-face" >&2
  exit 1
fi

# GOV.UK Frontend: ES module bundle, images and manifest (not the fonts).
cp "$govuk/govuk-frontend.min.js" "$govuk_out/"
cp -r "$govuk/assets/images" "$govuk_out/assets/images"
cp "$govuk/assets/manifest.json" "$govuk_out/assets/manifest.json"
# The npm package ships no licence file; the text is kept in licenses/.
cp licenses/govuk-frontend-LICENSE.txt "$govuk_out/LICENSE.txt"

# MOJ Frontend: the timeline's document icon (its images path is the same
# folder as GOV.UK Frontend's), and the self-contained ES module bundle.
cp "$moj/assets/images/icon-document.svg" "$govuk_out/assets/images/"
cp "$moj/moj-frontend.min.js" "$moj_out/"
cp licenses/moj-frontend-LICENSE.txt "$moj_out/LICENSE.txt"

echo "build.sh: wrote $(cd "$wwwroot" && find lib/govuk-frontend lib/moj-frontend -type f | wc -l) files under $wwwroot/lib"
