package glossary_test

import (
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// TestMain stops the PostgreSQL cluster the tests may start.
func TestMain(m *testing.M) { dbtest.Main(m) }
