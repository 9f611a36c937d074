#!/usr/bin/env bash
# Paired, interleaved A/B of two ctx builds through their resident servers, beside git (docs/architecture.md,
# "Run 4"). Each build gets its own server, runtime folder and HOME under a temporary folder; both servers
# are stopped at the end. Commands alternate old, new, git in every round; medians (p50) are printed.
#   src/test/scripts/server-ab.sh OLD_LAUNCHER NEW_LAUNCHER [ROUNDS]
# A launcher of an older commit: git archive COMMIT | tar -x -C DIR && make -C DIR build
set -euo pipefail
OLD=$(realpath "$1"); NEW=$(realpath "$2"); N=${3:-11}
root=$(mktemp -d)
export HOME="$root/home" GIT_CONFIG_NOSYSTEM=1 CTX_SERVER_IDLE=30m CTX_EMBED_WARM=0
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
mkdir -p "$HOME" && mkdir -m 700 "$root/runold" "$root/runnew"
X() { local w=$1; shift; XDG_RUNTIME_DIR="$root/run${w,,}" "$@"; }
stop() { for w in OLD NEW; do X $w "${!w}" server stop >/dev/null 2>&1 || true; done
         for w in OLD NEW; do for _ in $(seq 100); do X $w "${!w}" server status >/dev/null 2>&1 || break; sleep 0.1; done; done; sleep 1; }
trap 'stop; rm -rf "$root"' EXIT
up() { for _ in $(seq 300); do X "$1" "${!1}" server status >/dev/null 2>&1 && return; sleep 0.1; done; }
t() { local s; s=$(date +%s%N); "$@" >/dev/null 2>&1 || echo "failed: $*" >&2; echo $(( ($(date +%s%N) - s) / 100000 )); }
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]/10}'; }
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
big="$root/big"; small="$root/small"
CTX_NO_SERVER=1 "$NEW" init "$big" >/dev/null; CTX_NO_SERVER=1 "$NEW" init "$small" >/dev/null
(cd "$big" && for i in $(seq 0 9999); do d=$(printf 'topics/t%03d' $((i % 100))); [ -d "$d" ] || mkdir -p "$d"
   printf -- '---\ndescription: generated note %d\n---\n- fact %d about module %d\n' $i $i $((i % 37)) > "$d/$(printf 'note-%05d.md' $i)"; done
 git add -A && git commit -qm "generate 10000 files")
for w in OLD NEW; do (cd "$small" && X $w "${!w}" list >/dev/null); up $w; done
for w in OLD NEW; do for d in "$big" "$small"; do for i in 1 2 3; do
  (cd "$d" && X $w "${!w}" status >/dev/null; X $w "${!w}" remember "warm $i" --in notes/warm >/dev/null) || true; done; done; done
bo=(); bn=(); bg=(); ro=(); rn=(); rg=(); so=(); sn=()
for i in $(seq 1 "$N"); do
  cd "$big"; bo+=($(X OLD t "$OLD" status)); bn+=($(X NEW t "$NEW" status)); bg+=($(t git status --short))
  cd "$small"; ro+=($(X OLD t "$OLD" remember "old fact $i" --in notes/old)); rn+=($(X NEW t "$NEW" remember "new fact $i" --in notes/new))
  echo "- git fact $i" >> git-notes.md; rg+=($(t sh -c 'git add git-notes.md && git commit -qm "git fact"'))
  so+=($(X OLD t "$OLD" show system/human)); sn+=($(X NEW t "$NEW" show system/human))
done
echo "warm ctx status, 10,000 files: old $(med "${bo[@]}") ms, new $(med "${bn[@]}") ms, git status --short $(med "${bg[@]}") ms"
echo "warm ctx remember, small: old $(med "${ro[@]}") ms, new $(med "${rn[@]}") ms, git add && commit $(med "${rg[@]}") ms"
echo "warm ctx show, small: old $(med "${so[@]}") ms, new $(med "${sn[@]}") ms"
cd "$small"
for w in GIT NEW OLD; do
  s=$(date +%s%N)
  for p in 0 1 2 3 4 5 6 7; do
    if [ $w = GIT ]; then ( for i in $(seq 1 25); do echo "- g $p $i" >> "git-writer-$p.md"
        flock .git/bench.lock sh -c "git add git-writer-$p.md && git commit -qm 'g $p $i'" || exit 1; done ) &
    else ( for i in $(seq 1 25); do X $w "${!w}" remember "$w writer $p fact $i" --in "notes/writer-$w-$p" >/dev/null || exit 1; done ) & fi
  done; wait
  eval "ms_$w=$(( ($(date +%s%N) - s) / 1000000 ))"
done
echo "8 x 25 writes: old $((200000 / ms_OLD)) /s, new $((200000 / ms_NEW)) /s, git add && commit under flock $((200000 / ms_GIT)) /s"
co=(); cn=(); po=(); pn=()
for i in $(seq 1 7); do
  stop; co+=($(X OLD t "$OLD" show system/human)); up OLD
  stop; cn+=($(X NEW t "$NEW" show system/human)); up NEW
  stop; po+=($(CTX_NO_SERVER=1 X OLD t "$OLD" show system/human)); pn+=($(CTX_NO_SERVER=1 X NEW t "$NEW" show system/human))
done
echo "cold first ctx show (starts a server): old $(med "${co[@]}") ms, new $(med "${cn[@]}") ms; in process: old $(med "${po[@]}") ms, new $(med "${pn[@]}") ms"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
