#!/usr/bin/env bash
# The maintainer's release (README "Releasing"), in two steps:
#   scripts/release.sh version   on a clean main: apply the changesets (version + CHANGELOG.md),
#                                build, write the README's CDN tag for the new version, commit
#   scripts/release.sh publish   in CI (GitHub Actions with id-token: write): clean install, the
#                                whole test suite, then `changeset publish` with npm provenance
set -euo pipefail
cd "$(dirname "$0")/.."

version() { node -p 'require("./package.json").version'; }

case "${1:-}" in
  version)
    if [ -n "$(git status --porcelain)" ]; then echo "release: the working tree is not clean" >&2; exit 1; fi
    npx changeset version
    npm run build
    node scripts/sri.mjs --readme
    git add package.json CHANGELOG.md README.md .changeset
    git commit -m "Release v$(version)"
    echo "Now push this commit; the publish step runs in CI."
    ;;
  publish)
    npm ci --no-audit --no-fund
    npm test
    # The README quotes this build's hash; the tarball is rebuilt by prepack from the same sources.
    node scripts/sri.mjs --check
    # Provenance: npm signs where the package was built; only supported CI providers can do it.
    NPM_CONFIG_PROVENANCE=true npx changeset publish
    git push --follow-tags
    ;;
  *)
    echo "usage: scripts/release.sh version|publish" >&2
    exit 2
    ;;
esac
