package calls

import (
	"testing"

	"github.com/cantieri/cantieri/internal/platform/authz"
)

func TestAccessTo(t *testing.T) {
	zoned := &Call{ID: 1, ZoneID: "lunigiana", Commission: []Member{{UserID: 10}, {UserID: 11}}}
	region := &Call{ID: 2, Commission: []Member{{UserID: 10}}}
	app := &Application{ID: 5, CallID: 1, UserID: 20, Eval: Evaluation{Declared: map[int64]bool{10: true, 11: false}}}
	otherCallApp := &Application{ID: 6, CallID: 2, UserID: 20, Eval: Evaluation{Declared: map[int64]bool{10: true}}}
	evaluator := func(id int64, zone string) *authz.Principal {
		return &authz.Principal{UserID: id, Grants: []authz.Grant{{Role: authz.Evaluator, ZoneID: zone}}}
	}
	coord := func(zone string) *authz.Principal {
		return &authz.Principal{UserID: 30, Grants: []authz.Grant{{Role: authz.Coordinator, ZoneID: zone}}}
	}
	admin := &authz.Principal{UserID: 31, Grants: []authz.Grant{{Role: authz.Admin}}}
	cases := []struct {
		name string
		p    *authz.Principal
		c    *Call
		a    *Application
		want Access
	}{
		{"visitor", nil, zoned, app, Access{}},
		{"applicant", &authz.Principal{UserID: 20}, zoned, app, Access{Applicant: true}},
		{"another applicant", &authz.Principal{UserID: 21}, zoned, app, Access{}},
		{"coordinator of the zone", coord("lunigiana"), zoned, app, Access{Coordinator: true}},
		{"coordinator of another zone", coord("valdichiana-aretina"), zoned, app, Access{}},
		{"coordinator on a region-wide call", coord("lunigiana"), region, otherCallApp, Access{}},
		{"admin on a region-wide call", admin, region, otherCallApp, Access{Coordinator: true}},
		{"member who declared no conflict", evaluator(10, "lunigiana"), zoned, app, Access{Member: true, Commission: true}},
		{"member with a conflict", evaluator(11, "lunigiana"), zoned, app, Access{Member: true}},
		{"member without the role in the zone", evaluator(10, "valdichiana-aretina"), zoned, app, Access{}},
		{"evaluator of another call", evaluator(12, "lunigiana"), zoned, app, Access{}},
		{"application of another call", evaluator(10, "lunigiana"), zoned, otherCallApp, Access{}},
	}
	for _, c := range cases {
		if got := AccessTo(c.p, c.c, c.a); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
