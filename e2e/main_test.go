//go:build e2e

package e2e

import (
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// TestMain stops the PostgreSQL cluster dbtest may start.
func TestMain(m *testing.M) { dbtest.Main(m) }
