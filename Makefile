# Skyway: the two commands a new user runs are `make demo` and `make check`.
# Everything else here is a step of those two.

BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-release
DEMO_DB    ?= demo-data/skyway.db
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= 2

# A newer Node that scripts/install-deps.sh put in .tools/node (when the machine's is
# older than the 20.11 the test suites need) comes first.
export PATH := $(CURDIR)/.tools/node/bin:$(PATH)

.PHONY: all demo check deps build web asan unit clean format help bench

all: build web

help:
	@echo "make demo    install what is missing, build, create demo data, serve on http://$(LISTEN)"
	@echo "make check   build and run every test (unit, API on SQLite and PostgreSQL, browser, sanitizers)"
	@echo "make bench   Skyway against a Node/Express peer on the full demo, and the engines' benches (bench/README.md)"

deps:
	@sh scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSKYWAY_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)

# The web app: npm ci only when package-lock.json changed since the last one.
node_modules/.skyway-stamp: package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web: deps node_modules/.skyway-stamp
	@npm run --silent build:web   # also writes the precompressed .gz files

demo: build web
	@mkdir -p $(dir $(DEMO_DB))
	@$(BUILD)/skyway demo --db sqlite:$(DEMO_DB)
	@echo
	@echo "Skyway is starting at http://$(LISTEN)  (Ctrl-C stops it)"
	@$(BUILD)/skyway serve --db sqlite:$(DEMO_DB) --listen $(LISTEN) --web web/dist

# The three builds at once: npm ci and the web build wait on the network and on one core
# while the compilers use both.
check:
	@$(MAKE) --no-print-directory -j3 build web asan
	@sh scripts/check.sh $(BUILD) $(ASAN_BUILD)

# Speed, measured and printed (bench/README.md); not part of check.  The release
# binary, then Skyway against the Node peer on the full demo (bench/compare.sh:
# makes and caches the demo, installs the peer in bench/peer/node_modules), then
# the matching engine and the interview timetable (seconds each).
bench: deps
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BENCH_BUILD) -j$(JOBS) --target skyway bench_match bench_sched
	@sh bench/compare.sh $(BENCH_BUILD)
	@$(BENCH_BUILD)/bench/match/bench_match
	@$(BENCH_BUILD)/bench/match/bench_sched

unit: build
	@cd $(BUILD) && ctest --output-on-failure

format:
	@find src tests/unit -name '*.[ch]' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) web/dist
