#!/usr/bin/env bash
# make install: copies the jar to PREFIX/share/ctx and puts a `ctx` launcher in PREFIX/bin.
set -euo pipefail
prefix=${1:-$HOME/.local}
here=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$prefix/share/ctx" "$prefix/bin"
cp "$here/target/ctx.jar" "$prefix/share/ctx/ctx.jar"
"$here/src/main/scripts/launcher.sh" "$prefix/share/ctx/ctx.jar" "$prefix/bin"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: add $prefix/bin to your PATH" ;;
esac
