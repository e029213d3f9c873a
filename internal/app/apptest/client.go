package apptest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// Client is one visitor: its own cookie jar, following redirects within
// the site like a browser (a redirect to another site is not followed: the
// Response is the redirect itself).
type Client struct {
	env *Env
	hc  *http.Client
	// FollowRedirects is true by default; set it to false to see each
	// redirect as a Response.
	FollowRedirects bool
	// Lang, when set, is sent as Accept-Language ("it", "en").
	Lang string
}

// Response is a finished request, with its body read.
type Response struct {
	Status int
	Header http.Header
	Body   string
	// URL is where the request ended, after the redirects it followed.
	URL *url.URL
	// Redirects lists the paths (with queries) it was redirected through,
	// in order, excluding the final one.
	Redirects []string

	doc *Node
}

// Client returns a new visitor with an empty cookie jar.
func (e *Env) Client() *Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &Client{env: e, hc: &http.Client{Jar: jar}, FollowRedirects: true}
}

// Get requests path (with its query) on the app; an absolute URL of the
// app, such as a link from an e-mail, works too.
func (c *Client) Get(path string) *Response {
	req, err := http.NewRequest(http.MethodGet, c.env.abs(path), nil)
	if err != nil {
		c.env.t.Fatalf("apptest: GET %s: %v", path, err)
	}
	return c.Do(req)
}

// PostForm submits form to path, url-encoded, like a browser's form.
func (c *Client) PostForm(path string, form url.Values) *Response {
	req, err := http.NewRequest(http.MethodPost, c.env.abs(path), strings.NewReader(form.Encode()))
	if err != nil {
		c.env.t.Fatalf("apptest: POST %s: %v", path, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Do sends req with the client's cookies. A transport error fails the test.
func (c *Client) Do(req *http.Request) *Response {
	c.env.t.Helper()
	if c.Lang != "" {
		req.Header.Set("Accept-Language", c.Lang)
	}
	out := &Response{}
	hc := *c.hc
	hc.CheckRedirect = func(next *http.Request, via []*http.Request) error {
		if !c.FollowRedirects || next.URL.Host != req.URL.Host || len(via) >= 10 {
			return http.ErrUseLastResponse
		}
		out.Redirects = append(out.Redirects, next.URL.RequestURI())
		return nil
	}
	res, err := hc.Do(req)
	if err != nil {
		c.env.t.Fatalf("apptest: %s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.env.t.Fatalf("apptest: read %s %s: %v", req.Method, req.URL, err)
	}
	out.Status, out.Header, out.Body, out.URL = res.StatusCode, res.Header, string(body), res.Request.URL
	if i := strings.Index(out.Body, "⟦"); i >= 0 {
		end := min(len(out.Body), i+80)
		c.env.t.Errorf("apptest: %s %s shows a message key missing from the catalogue: %s", req.Method, req.URL, out.Body[i:end])
	}
	return out
}

// Submit fills and sends the form of page matching selector, like a
// browser: the form's inputs keep their values (hidden ones included,
// checkboxes only when checked) unless fields sets them. The form's method
// must be POST; its action defaults to the page's URL.
func (c *Client) Submit(page *Response, selector string, fields url.Values) *Response {
	c.env.t.Helper()
	form := page.Doc().First(selector)
	if form == nil || form.Tag != "form" {
		c.env.t.Fatalf("apptest: no form %q on %s", selector, page.URL)
	}
	values := url.Values{}
	for _, in := range form.Find("input[name], select[name], textarea[name]") {
		name := in.Attr("name")
		switch in.Attr("type") {
		case "submit", "button", "image", "file":
			continue
		case "checkbox", "radio":
			if !in.HasAttr("checked") {
				continue
			}
		}
		if in.Tag == "textarea" {
			values.Add(name, in.Text())
			continue
		}
		values.Add(name, in.Attr("value"))
	}
	for k, vs := range fields {
		values[k] = vs
	}
	action := form.Attr("action")
	if action == "" {
		action = page.URL.RequestURI()
	}
	return c.PostForm(action, values)
}

// abs turns a path (or an absolute URL of the app) into a URL of the app.
func (e *Env) abs(path string) string {
	if strings.HasPrefix(path, e.URL+"/") {
		return path
	}
	return e.URL + path
}

// Cookie returns the value of the client's cookie name for the site, or "".
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.env.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// SetCookie sets a cookie for the site, as if the server had.
func (c *Client) SetCookie(ck *http.Cookie) {
	u, _ := url.Parse(c.env.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{ck})
}

// Login signs in through the login form and fails the test unless it
// worked (the session cookie is set and /account opens).
func (c *Client) Login(t testing.TB, email, password string) {
	t.Helper()
	res := c.PostForm("/accedi", url.Values{"email": {email}, "password": {password}})
	if res.Status != http.StatusOK || c.Cookie("session") == "" {
		t.Fatalf("apptest: login as %s: status %d at %s\n%s", email, res.Status, res.URL, res.Text("main"))
	}
	if res := c.Get("/account"); res.URL.Path != "/account" {
		t.Fatalf("apptest: after login as %s, /account went to %s", email, res.URL)
	}
}

// Path is the path of the final URL.
func (r *Response) Path() string { return r.URL.Path }

// Location is the Location header, for a redirect not followed.
func (r *Response) Location() string { return r.Header.Get("Location") }

// Contains reports whether the body contains s.
func (r *Response) Contains(s string) bool { return strings.Contains(r.Body, s) }

// Doc returns the body parsed as HTML.
func (r *Response) Doc() *Node {
	if r.doc == nil {
		r.doc = ParseHTML(r.Body)
	}
	return r.doc
}

// Find returns the elements of the body that match selector (see Node.Find).
func (r *Response) Find(selector string) []*Node { return r.Doc().Find(selector) }

// Has reports whether some element matches selector.
func (r *Response) Has(selector string) bool { return r.Doc().First(selector) != nil }

// Text returns the text of the first element matching selector, with
// spaces collapsed, or "" when none matches.
func (r *Response) Text(selector string) string {
	if n := r.Doc().First(selector); n != nil {
		return n.Text()
	}
	return ""
}

// Attr returns attribute name of the first element matching selector.
func (r *Response) Attr(selector, name string) string {
	if n := r.Doc().First(selector); n != nil {
		return n.Attr(name)
	}
	return ""
}
