package newsletter_test

import (
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }
