// Package config reads Cantieri's settings from command-line flags, each
// with a CANTIERI_* environment twin; a flag given on the command line wins.
package config

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"
)

// Config is every setting of the server.
type Config struct {
	Addr     string
	DataDir  string
	Database string
	BaseURL  string

	SMTPHost     string
	SMTPPort     int
	SMTPUser     string
	SMTPPassword string
	SMTPFrom     string
	SMTPTLS      string

	MetricsAllow    string
	metricsNets     []netip.Prefix
	Workers         int
	JobPollInterval time.Duration
	ShutdownTimeout time.Duration
	// MaxMaterialMB bounds an uploaded minute or material, in MiB.
	MaxMaterialMB int
	LogLevel      string
	LogFormat     string
}

// Register declares the server's flags on fs and returns the Config they
// fill. Call Resolve after fs.Parse.
func Register(fs *flag.FlagSet) *Config {
	c := &Config{}
	fs.StringVar(&c.Addr, "addr", ":8080", "address to listen on (CANTIERI_ADDR)")
	fs.StringVar(&c.DataDir, "data", "data", "directory for the SQLite database and uploaded files (CANTIERI_DATA)")
	fs.StringVar(&c.Database, "database", "", "database URL: empty for SQLite in the data directory, or postgres://… (CANTIERI_DATABASE_URL)")
	fs.StringVar(&c.BaseURL, "base-url", "", "public URL of the site, used in e-mails and feeds; default http://localhost:PORT (CANTIERI_BASE_URL)")
	fs.StringVar(&c.SMTPHost, "smtp-host", "", "SMTP server; empty keeps e-mails in the outbox admins can read (CANTIERI_SMTP_HOST)")
	fs.IntVar(&c.SMTPPort, "smtp-port", 587, "SMTP port (CANTIERI_SMTP_PORT)")
	fs.StringVar(&c.SMTPUser, "smtp-user", "", "SMTP user name (CANTIERI_SMTP_USER)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", "", "SMTP password; prefer the environment variable (CANTIERI_SMTP_PASSWORD)")
	fs.StringVar(&c.SMTPFrom, "smtp-from", "Cantieri della Salute <noreply@localhost>", "sender of e-mails (CANTIERI_SMTP_FROM)")
	fs.StringVar(&c.SMTPTLS, "smtp-tls", "starttls", "SMTP security: starttls, tls or none (CANTIERI_SMTP_TLS)")
	fs.StringVar(&c.MetricsAllow, "metrics-allow", "127.0.0.0/8,::1/128", "comma-separated networks allowed to read /metrics (CANTIERI_METRICS_ALLOW)")
	fs.IntVar(&c.Workers, "workers", 2, "background job workers (CANTIERI_WORKERS)")
	fs.DurationVar(&c.JobPollInterval, "job-poll", time.Second, "how often idle workers look for due background jobs (CANTIERI_JOB_POLL)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "time allowed for requests and jobs in flight to finish at shutdown (CANTIERI_SHUTDOWN_TIMEOUT)")
	fs.IntVar(&c.MaxMaterialMB, "max-material-mb", 20, "largest minutes or material file coordinators may upload, in MiB, 1 to 60 (CANTIERI_MAX_MATERIAL_MB)")
	fs.StringVar(&c.LogLevel, "log-level", "info", "log level: debug, info, warn, error (CANTIERI_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", "text", "log format: text or json (CANTIERI_LOG_FORMAT)")
	return c
}

// envName returns the environment twin of a flag name.
func envName(flagName string) string {
	if flagName == "database" {
		return "CANTIERI_DATABASE_URL"
	}
	return "CANTIERI_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Resolve fills every flag not given on the command line from its
// environment twin, then checks the values and fills defaults.
func (c *Config) Resolve(fs *flag.FlagSet) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []string
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Sprintf("%s=%q: %v", envName(f.Name), v, err))
			}
		}
	})
	if len(errs) > 0 {
		return fmt.Errorf("config: %s", strings.Join(errs, "; "))
	}
	return c.check()
}

// check validates the values and fills derived defaults.
func (c *Config) check() error {
	if c.BaseURL == "" {
		host, port, err := net.SplitHostPort(c.Addr)
		if err != nil {
			return fmt.Errorf("config: --addr %q: %w", c.Addr, err)
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return fmt.Errorf("config: --base-url must start with http:// or https://, got %q", c.BaseURL)
	}
	switch c.SMTPTLS {
	case "starttls", "tls", "none":
	default:
		return fmt.Errorf("config: --smtp-tls must be starttls, tls or none, got %q", c.SMTPTLS)
	}
	c.metricsNets = nil
	for _, part := range strings.Split(c.MetricsAllow, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return fmt.Errorf("config: --metrics-allow: %q is not a network like 10.0.0.0/8: %w", part, err)
		}
		c.metricsNets = append(c.metricsNets, p)
	}
	if c.MaxMaterialMB < 1 || c.MaxMaterialMB > 60 {
		return fmt.Errorf("config: --max-material-mb must be between 1 and 60, got %d", c.MaxMaterialMB)
	}
	if c.JobPollInterval < 10*time.Millisecond || c.JobPollInterval > time.Hour {
		return fmt.Errorf("config: --job-poll must be between 10ms and 1h, got %s", c.JobPollInterval)
	}
	if c.Workers < 0 || c.Workers > 64 {
		return fmt.Errorf("config: --workers must be between 0 and 64, got %d", c.Workers)
	}
	return nil
}

// MetricsAllowed reports whether a client at ip may read /metrics.
func (c *Config) MetricsAllowed(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range c.metricsNets {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// Logger returns the logger the settings ask for.
func (c *Config) Logger() *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// Defaults returns the configuration of an empty command line, ignoring the
// environment; tests start from it and change what they need.
func Defaults() *Config {
	fs := flag.NewFlagSet("defaults", flag.ContinueOnError)
	c := Register(fs)
	if err := c.check(); err != nil {
		panic(err) // the defaults are constants; a failure is a programming error
	}
	return c
}
