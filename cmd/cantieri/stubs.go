package main

import (
	"context"
	"fmt"
	"io"
)

func demo(ctx context.Context, args []string, stdout io.Writer) error {
	return fmt.Errorf("demo: not available yet")
}
