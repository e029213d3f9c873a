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
