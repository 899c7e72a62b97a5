#!/usr/bin/env bash
# Runs a command under another Node.js line: `bash scripts/with-node.sh 22 npx vitest run --project 'unit*'`.
# The npm registry's `node` package ships each line's binary, so this needs no download outside npm;
# npx caches it after the first run.
set -euo pipefail
major="${1:?usage: with-node.sh <major> <command> [args...]}"
shift
bin_dir=$(npx -y -p "node@${major}" -c 'dirname "$(command -v node)"')
export PATH="${bin_dir}:${PATH}"
echo "with-node: $(node --version) from ${bin_dir}" >&2
exec "$@"
