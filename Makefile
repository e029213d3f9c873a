# Cantieri build tasks. Run `make help` for the list.

.DEFAULT_GOAL := help

NODE ?= node
NPM ?= npm

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-12s %s\n", $$1, $$2}'

# node_modules/.package-lock.json is written by npm ci: it is older than
# package-lock.json when the lock file changed since the last install.
node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

.PHONY: assets
assets: node_modules/.package-lock.json ## Build web/static/vendor (hashed, precompressed assets and manifest)
	$(NODE) web/build-assets.mjs

# web/static/vendor/manifest.json is the last file the asset build writes:
# `make test` builds the assets only when they are missing.
web/static/vendor/manifest.json:
	$(MAKE) assets

.PHONY: build
build: assets ## Build bin/cantieri with the assets embedded
	go build -trimpath -ldflags "-s -w" -o bin/cantieri ./cmd/cantieri

.PHONY: test
test: web/static/vendor/manifest.json ## go vet and every Go test (database tests on SQLite and PostgreSQL)
	go vet ./...
	go vet -tags e2e ./e2e/
	go test -count=1 ./...

# Linters, run from the Go module proxy at pinned versions (nothing added to
# go.mod). gosec: G104 (unchecked errors) is off because it flags Close on
# error paths and writes to buffers whose errors are sticky and checked at
# Flush; the errors that matter (rows.Err, Commit, Flush, Close of written
# files) are checked. bench/ is a developer tool that starts local servers
# and wrk, not part of the binary. Every other exception is a `#nosec
# Gnnn -- reason` comment on its line (docs/security.md).
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOSEC ?= github.com/securego/gosec/v2/cmd/gosec@v2.30.0

.PHONY: lint
lint: ## staticcheck and gosec on every package (the browser suite too)
	go run $(STATICCHECK) ./...
	go run $(STATICCHECK) -tags e2e ./e2e/
	go run $(GOSEC) -quiet -exclude=G104 -exclude-dir=bench ./...

.PHONY: e2e
e2e: assets ## Browser suite in Chromium: accessibility and account flow, on both engines
	go test -tags e2e -count=1 -timeout 30m ./e2e/

.PHONY: demo
demo: build ## Load the demo data into ./data and serve it on :8080
	./bin/cantieri demo
	./bin/cantieri serve

.PHONY: bench
bench: web/static/vendor/manifest.json ## Load benchmark with wrk against nginx on the data set of scale 1 (SQLite, PostgreSQL); BENCH_FLAGS='-scale 1,10 -duration 10s'
	go run ./bench $(BENCH_FLAGS)
