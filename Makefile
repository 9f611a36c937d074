# ctx. The README's two commands: `make run` (build, then a realistic session on a bundled example)
# and `make test` (the whole suite; .ci/run runs exactly this).
SHELL := /bin/bash
MVN ?= mvn -B -q
PREFIX ?= $(HOME)/.local
JAR := target/ctx.jar
LAUNCHER := target/bin/ctx
SOURCES := pom.xml $(shell find src/main -type f 2>/dev/null)

.PHONY: build run test install bench clean bench-compile bench-recall bench-search bench-dream

build: $(LAUNCHER)

$(JAR): $(SOURCES)
	$(MVN) -DskipTests package

# The launcher and its class-data sharing archive are trained against this exact jar.
$(LAUNCHER): $(JAR) src/main/scripts/launcher.sh src/main/c/ctx-client.c
	src/main/scripts/launcher.sh $(JAR) target/bin

run: build
	src/main/scripts/demo.sh

# Not quiet: Surefire's closing "Tests run: N, Failures: 0 ..." lines are how CI knows tests ran.
test:
	mvn -B --no-transfer-progress verify

install: build
	src/main/scripts/install.sh "$(PREFIX)"

# Write and start-up figures (issue: foundation). SIZES=1000,10000 by default.
SIZES ?= 1000,10000
# The resident server's targets (issue 9) on a generated repository of this many files.
SERVER_FILES ?= 10000
# Run with the test class path directly (the exec plugin is not needed, so this works offline too).
bench: build bench-compile
	java -cp target/classes:target/test-classes:$$(cat $(TEST_CP)) dev.ctx.bench.WriteBench $(LAUNCHER) $(SIZES)
	java -cp target/classes:target/test-classes:$$(cat $(TEST_CP)) dev.ctx.bench.ServerBench $(LAUNCHER) $(SERVER_FILES)

clean:
	$(MVN) clean

# ---- benchmarks (harness code in src/test/java/dev/ctx/bench; data read at run time, never shipped) ----
FILE ?= $(CURDIR)/../shared/bench/locomo/locomo-dev.json
OUT ?=
MODES ?= bm25,vector,hybrid
BENCH_JAVA ?= java -Xmx3g
TEST_CP := target/test-classpath.txt

bench-compile:
	$(MVN) -DskipTests test-compile
	$(MVN) dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=$(TEST_CP)

# Recall: LoCoMo (bench/locomo/README.md), then the fixtures' real Claude Code and Codex sessions.
# make bench-recall FILE=path/to/locomo.json [OUT=results.json] [MODES=bm25,hybrid]; OUT also gets OUT.transcripts.json.
# Passage vectors are kept in target/bench-embed-cache (keyed by model and text), so a second run pays only the queries.
RECALL_CACHE ?= $(CURDIR)/target/bench-embed-cache
bench-recall: bench-compile
	BENCH_EMBED_CACHE=$${BENCH_EMBED_CACHE:-$(RECALL_CACHE)} $(BENCH_JAVA) -cp target/classes:target/test-classes:$$(cat $(TEST_CP)) dev.ctx.bench.LocomoBench "$(FILE)" "$(OUT)" "$(MODES)"
	BENCH_EMBED_CACHE=$${BENCH_EMBED_CACHE:-$(RECALL_CACHE)} $(BENCH_JAVA) -cp target/classes:target/test-classes:$$(cat $(TEST_CP)) dev.ctx.bench.TranscriptBench "$(if $(OUT),$(OUT).transcripts.json)" "$(MODES)"

# Scale and latency on a generated repository (10,000 memory files, 100,000 recall turns).
# Issue 17: a second small model (bge-small-en-v1.5) fused with e5 on LoCoMo, every combination measured
# (docs/search.md, "measured and not kept"). Shares bench-recall's vector cache.
.PHONY: bench-ensemble
bench-ensemble: bench-compile
	BENCH_EMBED_CACHE=$${BENCH_EMBED_CACHE:-$(RECALL_CACHE)} $(BENCH_JAVA) -cp target/classes:target/test-classes:$$(cat $(TEST_CP)) dev.ctx.bench.EnsembleBench "$(FILE)"

# Smaller smoke run: BENCH_FILES=500 BENCH_TURNS=5000 make bench-search
# Again on the index an earlier run left: BENCH_DIR=DIR BENCH_REUSE=1 make bench-search (docs/search.md)
bench-search: build bench-compile
	$(BENCH_JAVA) -cp target/classes:target/test-classes:$$(cat $(TEST_CP)) dev.ctx.bench.SearchBench "$(abspath $(JAR))"

# Dreaming (docs/dreaming.md): a generated messy repository before and after one deterministic dream.
# FACTS=3000 distinct facts by default; fails if a fact is lost or recall drops.
bench-dream: bench-compile
	FACTS=$(or $(FACTS),3000) $(BENCH_JAVA) -cp target/classes:target/test-classes:$$(cat $(TEST_CP)) dev.ctx.bench.DreamBench
