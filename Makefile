# A thin wrapper over meson + ninja. See README.md.
BUILD      ?= build
ASAN_BUILD ?= build-asan
DB         ?= baotu.db
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps build asan run test clean format fuzz bench soak security

all: build

deps:
	@scripts/deps

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

# Install what is missing, build, seed a demo into a new database, serve the UI.
run: deps build
	@scripts/run "$(BUILD)/baotu" "$(DB)" "$(LISTEN)"

# Everything CI runs: both builds, every suite, one closing line "N passed, N failed".
test: deps build asan
	@scripts/test-all

# Every benchmark at one scale (bench/all; not part of `make test`): the optimised build in
# build-release, the demo grown to SCALE (small: a few thousand rows, a few minutes; large:
# 100,000 projects, a million events, ten million points, up to half an hour), each figure next to
# its ceiling and its target, written to docs/BENCHMARKS.md. STORES, RUNS, DURATION: bench/all --help.
SCALE ?= small
bench:
	bench/all --scale $(SCALE)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

# The long versions of the proofs make test runs short: crash safety with 25 SIGKILL rounds on
# each store (scripts/soak --help). ROUNDS to change it.
ROUNDS ?= 25
soak: deps asan
	scripts/soak --rounds $(ROUNDS)

# Scanners no one here wrote (sqlmap, wapiti) against a fresh demo; zero findings expected
# (scripts/security --help). Records nothing by itself: docs/SECURITY.md keeps the dated figures.
security: build
	@scripts/deps --security
	scripts/security

# Coverage-guided fuzzing of every target in tests/fuzz (clang's libFuzzer, in build-fuzz);
# FUZZ_SECONDS per target. `make test` replays the committed corpora and crashes.
FUZZ_SECONDS ?= 60
fuzz: deps
	scripts/fuzz --seconds $(FUZZ_SECONDS)
