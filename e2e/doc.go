// Package e2e drives the real cantieri binary with a real headless Chromium:
// accessibility (axe-core) on every page type, in Italian and English, on a
// desktop and a mobile viewport; no console error, no CSP violation and no
// request to another host on any page; and the account flow through the
// forms, with the e-mails delivered to a real SMTP server run by the test.
// Everything runs on SQLite and on PostgreSQL.
//
// The tests carry the build tag e2e, so `go test ./...` does not run them:
//
//	make e2e                                   # assets, then the suite
//	go test -tags e2e -count=1 ./e2e/          # the suite alone
//	go test -tags e2e -count=1 -run 'TestE2E/sqlite/a11y/it/home$' ./e2e/
//
// docs/testing.md describes the suite.
package e2e
