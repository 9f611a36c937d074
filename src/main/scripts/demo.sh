#!/usr/bin/env bash
# make run: a realistic ctx session on a fresh example repository in target/demo.
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
ctx="$here/target/bin/ctx"
demo="$here/target/demo"
rm -rf "$demo"
mkdir -p "$demo/home" "$demo/run"
chmod 700 "$demo/run"
export HOME="$demo/home" CTX_AGENT=claude-code CTX_SESSION=demo-1
export CTX_REPO="$demo/memory"
# The demo's own resident server (its own runtime folder, never the user's), stopped at the end: the
# first command starts it, the rest go through it. Nothing of ctx is left running after `make run`.
export XDG_RUNTIME_DIR="$demo/run"
stop_server() {
  local pid
  pid=$("$ctx" server status 2>/dev/null | sed -n 's/^pid: //p') || true
  "$ctx" server stop >/dev/null 2>&1 || true
  # wait until its process has gone, not only its socket
  for _ in $(seq 1 100); do
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
}
trap stop_server EXIT
step() { printf '\n\033[1m$ ctx %s\033[0m\n' "$*"; "$ctx" "$@"; }

step init "$CTX_REPO"
step remember "The project builds with make; CI runs make test" --reason "learned from the README"
step remember "Prefer records for value types" --in system/project/conventions
step write project/build --description "Build, test and release conventions of this codebase" \
  --body-file "$here/src/example/conventions.md" --reason "imported the team's conventions"
step replace project/build --old "before every push" --new "before every commit"
step list
step show system/project/conventions
step validate --all
step status
printf '\n# a refused write changes nothing and says why:\n'
token="ghp_""R8mZq2VfL0aXc7TnB4kW9sHdE1uJ6yPo3QiG"   # a made-up token, split so scanners of this repository do not flag it
step write notes/deploy --description "Deploy notes" --body "Deploy with token $token" || echo "(exit status $?)"
step recall ingest "$here/src/example/transcripts"

printf '\n# search: the first search builds the index; BM25 answers at once, vectors follow in the background\n'
step search "how do we build and test the project" -k 3
printf '\n# index update: embed now whatever is still pending (the background process would do it a moment later)\n'
step index update
printf '\n# hybrid: BM25 + the builtin e5 embedding model, fused\n'
step search "how do we build and test the project" -k 3
step search "what did the user ask the agent to do" --kind recall -k 2 --explain
step index status
step server status

printf '\n# history in memory terms\n'
step log -n 4
step blame system/notes

printf '\n# another agent learns on a branch; a person reviews it like a pull request\n'
git -C "$CTX_REPO" switch -q -c agent/bob/s2
CTX_AGENT=bob CTX_SESSION=s2 step remember "Deploy by copying jars to prod by hand"
CTX_AGENT=bob CTX_SESSION=s2 step remember "The project builds with make; CI runs make test on each push"
CTX_AGENT=carol CTX_SESSION=s3 step remember "Tests need Docker running"
step review main..HEAD || echo "(review exit status $?: findings block the merge)"

printf '\n# session s2 taught something wrong: undo all of it in one new commit; carol keeps her fact\n'
CTX_AGENT=reviewer step revert --session s2 --reason "deploy advice was wrong"
step show system/notes
step undo --dry-run || true

printf '\n# what an agent sees at session start (the SessionStart hook prints this); the same commit gives the same bytes\n'
step context --budget 2000
step context --format xml --budget 300
step context --query "how do we build and test" --budget 1500

printf '\n# an MCP round trip: the MCP Java SDK client (src/main/scripts/McpClientDemo.java, not ctx code) spawns ctx mcp\n'
java -cp "$here/target/ctx.jar" "$here/src/main/scripts/McpClientDemo.java" "$ctx" "$CTX_REPO" 2>/dev/null
step log -n 1

printf '\n# the same history, as plain git sees it:\n'
git -C "$CTX_REPO" log --format='%h %an: %s' | cat

printf '\n# wire agents to this memory in one command (a throwaway project folder; your own files are merged, never replaced)\n'
project="$demo/project"
mkdir -p "$project/.codex"
printf '# my Codex settings\nmodel = "gpt-5-codex"\n' > "$project/.codex/config.toml"
step setup claude-code --project "$project"
step setup codex --project "$project" --dry-run
step setup codex --project "$project"
printf '\n# what setup wrote:\n'
(cd "$project" && find . -type f | sort)
printf '\n$ cat .claude/settings.json\n'; cat "$project/.claude/settings.json"
printf '\n$ cat .codex/config.toml\n'; cat "$project/.codex/config.toml"
step setup claude-code --project "$project" --remove
step setup codex --project "$project" --remove
printf '\n# left after --remove:\n'
(cd "$project" && find . -type f | sort && cat .codex/config.toml)

# ---- import and export (docs/import.md) ----
printf '\n# import a project folder'"'"'s CLAUDE.md (its @docs/testing.md import followed): sections become blocks, short rules pinned, one commit\n'
instructions="$demo/instructions"
cp -r "$here/src/example/instructions" "$instructions"
step import "$instructions" --dry-run
step import "$instructions"
printf '\n# importing the same project again changes nothing:\n'
step import "$instructions"
step log -n 1
printf '\n# export the pinned memory back into an instructions file, for agents that read only that (the file'"'"'s own text is kept):\n'
printf '# My project\n\nHand-written notes stay.\n' > "$instructions/AGENTS.md"
step export --to agents-md "$instructions/AGENTS.md"
head -n 16 "$instructions/AGENTS.md"
# ---- end of import and export ----
# ---- skills across teams (docs/skills.md): install from a team skills repository, edit, publish, export ----
printf '\n# skills across teams: the team keeps skills in a git repository (here a bare one made from skills-examples/)\n'
team_src="$demo/team-skills"
cp -r "$here/skills-examples" "$team_src"
git -C "$team_src" init -q -b main
git -C "$team_src" add -A
git -C "$team_src" -c user.name=team -c user.email=team@example.com commit -qm "Team skills"
git clone -q --bare "$team_src" "$demo/team-skills.git"
git -C "$CTX_REPO" remote add team "$demo/team-skills.git"
step skills validate --strict "$team_src"
step skills install team/ctx-memory-review
step skills list
step replace skills/ctx-memory-review/SKILL.md --old "Review it like code" --new "Review it like code, with two reviewers for system/" --reason "our team's rule"
printf '\n# meanwhile the team adds a step upstream; update merges it with the local edit (three-way, one commit)\n'
printf '\n## 7. Merge\n\nSquash-merge memory branches, so one revert undoes one branch.\n' >> "$team_src/ctx-memory-review/SKILL.md"
git -C "$team_src" -c user.name=team -c user.email=team@example.com commit -qam "Review: a merge step"
git -C "$team_src" push -q "$demo/team-skills.git" main
step skills outdated || true
step skills update
grep -n "two reviewers\|Squash-merge" "$CTX_REPO/skills/ctx-memory-review/SKILL.md"
step skills publish ctx-memory-review --to team
git -C "$demo/team-skills.git" log --format='%h %s' skill/ctx-memory-review | cat
step skills export --to "$demo/agent-project/.claude/skills"
(cd "$demo/agent-project" && find .claude -type f | sort)
# ---- skill assets (docs/skills.md, "Binary files and executable scripts"): a PNG and an executable script kept ----
printf '\n# a skill with a binary asset and an executable script: both kept byte for byte, the script as 100755\n'
kit="$team_src/brand-kit"
mkdir -p "$kit/assets" "$kit/scripts"
printf -- '---\nname: brand-kit\ndescription: Brand checks. Use before a release.\n---\nRun scripts/check.sh.\n' > "$kit/SKILL.md"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\377\376' > "$kit/assets/logo.png"
printf '#!/bin/sh\necho "brand checks pass"\n' > "$kit/scripts/check.sh"
chmod +x "$kit/scripts/check.sh"
git -C "$team_src" add brand-kit
git -C "$team_src" -c user.name=team -c user.email=team@example.com commit -qm "Brand kit: a logo and a check script"
git -C "$team_src" push -q "$demo/team-skills.git" main
step skills install team/brand-kit
git -C "$CTX_REPO" ls-tree -r HEAD skills/brand-kit | cat
cmp "$kit/assets/logo.png" "$CTX_REPO/skills/brand-kit/assets/logo.png" && echo "logo.png: the same bytes in the working tree"
step skills export --to "$demo/agent-project/.claude/skills"
"$demo/agent-project/.claude/skills/brand-kit/scripts/check.sh"
# ---- end of skill assets ----
# ---- sync through a git remote (issue 15, docs/sharing.md): a second clone, two agents, one memory ----
printf '\n# sync: a second clone of this memory (another machine, another agent) through a bare git repository\n'
git -C "$CTX_REPO" switch -q main
git init -q --bare -b main "$demo/team.git"
step remote add origin "$demo/team.git"
step sync
step init "$demo/laptop" --from "$demo/team.git"
CTX_REPO="$demo/laptop" CTX_AGENT=codex step remember "Releases are tagged vX.Y.Z by CI"
step remember "Run make bench on a quiet machine"
step sync
CTX_REPO="$demo/laptop" step sync
step sync
step status
CTX_REPO="$demo/laptop" step show system/notes
# ---- end of sync ----
# ---- dreaming (docs/dreaming.md): consolidate a messy memory in a separate worktree, review it, merge it ----
printf '\n# dreaming: a memory that only grew (a duplicate, a near-duplicate, a superseded fact), tidied in a worktree of its own\n'
(
  export CTX_REPO="$demo/dream-memory" CTX_AGENT=demo CTX_SESSION=dream-1
  "$ctx" init "$CTX_REPO" >/dev/null
  "$ctx" remember "Build with mvn -B verify before pushing" >/dev/null
  "$ctx" remember "Tests need Docker running locally" >/dev/null
  "$ctx" remember "build with mvn -B verify before pushing" >/dev/null
  "$ctx" remember "Releases are cut from main every two weeks" >/dev/null
  "$ctx" remember "Releases are cut from main every two weeks on Tuesday" >/dev/null
  "$ctx" remember "~~Deploy by hand on Fridays~~" >/dev/null
  step dream --dry-run
  id=$("$ctx" --json dream --review | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  step dream show "$id"
  step dream accept "$id"
  step dream list
  step show system/notes
  step show archive/system/notes
)
# ---- search says when nothing matches (docs/search.md, "The floor"): a similarity must beat the query's own noise ----
printf '\n# a new repository holds only its persona and human blocks: a question it cannot answer finds nothing, one it can is found\n'
(
  export CTX_REPO="$demo/new-memory"
  "$ctx" init "$CTX_REPO" >/dev/null
  "$ctx" index update >/dev/null
  step search "how do we run integration tests" --explain
  step search "what do you know about me" -k 1
)
# ---- end of search says when nothing matches ----
# ---- recall questions that name a date or a speaker (docs/search.md, "Second stage") ----
printf '\n# recall: a question naming a month lifts the turns dated in it, and one naming the speaker (here the user), that speaker'"'"'s turns\n'
step search "what did the user ask in February 2026" --kind recall -k 3
# ---- end of recall questions ----
# ---- hubness correction (docs/search.md, "The floor"): a note about one thing is kept a little under the query's noise ----
printf '\n# a paraphrase that shares no word: kept because the garden note, unlike the persona block, is far from neutral questions\n'
(
  export CTX_REPO="$demo/hub-memory" CTX_AGENT=demo CTX_SESSION=hub-1
  "$ctx" init "$CTX_REPO" >/dev/null
  "$ctx" write notes/garden --description Garden --body "# Tomatoes
Water tomatoes in the morning." >/dev/null
  "$ctx" index update >/dev/null
  step search "irrigating the vegetable patch at dawn" --explain
)
# ---- end of hubness correction ----
