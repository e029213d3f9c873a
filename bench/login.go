package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// passwords reads the demo accounts' one-time passwords from what
// `cantieri demo` printed: lines of e-mail, password and a description.
func passwords(demoOutput io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(demoOutput)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && strings.HasSuffix(fields[0], "@demo.cantieri.test") {
			out[fields[0]] = fields[1]
		}
	}
	return out, sc.Err()
}

// logIn signs in at base with the login form and returns the session
// cookie as a Cookie header's value.
func logIn(base, email, password string) (string, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(base+"/accedi", url.Values{"email": {email}, "password": {password}, "next": {"/account"}})
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	for _, c := range res.Cookies() {
		if c.Name == "session" && c.Value != "" {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("logging in as %s: status %d and no session cookie", email, res.StatusCode)
}
