package app_test

import (
	"testing"

	_ "github.com/cantieri/cantieri/internal/app" // registers every feature's messages
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func TestEveryMessageHasItalianAndEnglish(t *testing.T) {
	if missing := i18n.Incomplete(); len(missing) > 0 {
		t.Fatalf("messages without a text in some language: %v", missing)
	}
}
