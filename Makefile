# A thin wrapper over meson + ninja. See README.md.
BUILD      ?= build
ASAN_BUILD ?= build-asan
DB         ?= baotu.db
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps build asan run test clean format fuzz bench

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

# Coverage-guided fuzzing of request decoding and multipart uploads (clang's libFuzzer);
# FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz:
	mkdir -p build-fuzz
	clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
	  tests/fuzz/fuzz_request_body.c src/lib/json.c src/lib/err.c src/lib/utf8.c src/core/credit_code.c \
	  $$(pkg-config --cflags --libs jansson) -o build-fuzz/fuzz_request_body
	mkdir -p build-fuzz/corpus
	build-fuzz/fuzz_request_body -max_total_time=$(FUZZ_SECONDS) build-fuzz/corpus tests/fuzz/corpus/json
	clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
	  tests/fuzz/fuzz_multipart.c src/web/multipart.c src/core/sniff.c src/lib/arena.c src/lib/buf.c \
	  src/lib/err.c src/lib/utf8.c src/lib/oom.c \
	  $$(pkg-config --cflags --libs jansson) -o build-fuzz/fuzz_multipart
	mkdir -p build-fuzz/corpus-multipart
	build-fuzz/fuzz_multipart -max_total_time=$(FUZZ_SECONDS) build-fuzz/corpus-multipart tests/fuzz/corpus/multipart
