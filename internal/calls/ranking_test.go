package calls

import "testing"

// TestRankingOrder checks the order, the minimum, the places and both
// tie-break rules on hand-computed cases.
func TestRankingOrder(t *testing.T) {
	c := &Call{MinScore: 10, Places: 2, TieBreak: ByFirstCriterion,
		Criteria: []Criterion{{ID: 1, MaxPoints: 10, Weight: 2}, {ID: 2, MaxPoints: 10, Weight: 1}}}
	// Two sheets each: totals 2*mean1 + mean2.
	cs := []candidate{
		{app: 1, protocol: 1, sums: []int64{8, 16}, n: 2},  // 2*4 + 8 = 16
		{app: 2, protocol: 2, sums: []int64{12, 8}, n: 2},  // 2*6 + 4 = 16, better first criterion
		{app: 3, protocol: 3, sums: []int64{20, 20}, n: 2}, // 30
		{app: 4, protocol: 4, sums: []int64{5, 8}, n: 2},   // 2*2.5 + 4 = 9: below 10
		{app: 5, protocol: 5, excluded: true},
		{app: 6, protocol: 6, sums: []int64{9, 1}, n: 1}, // 19, one sheet
	}
	order(c, cs)
	var got []int64
	for _, cd := range cs {
		got = append(got, cd.app)
	}
	want := []int64{3, 6, 2, 1, 4, 5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
	res := outcomes(c, cs)
	wantRes := map[int64]Result{3: Admitted, 6: Admitted, 2: Eligible, 1: Eligible, 4: BelowMinimum, 5: Excluded}
	for app, r := range wantRes {
		if res[app].Result != r {
			t.Errorf("application %d: %s, want %s", app, res[app].Result, r)
		}
	}
	if res[4].TotalCenti != 900 || res[3].TotalCenti != 3000 || res[2].Position != 3 {
		t.Errorf("totals/positions: %+v", res)
	}
	// By submission order, the tie goes to the earlier protocol.
	c.TieBreak = BySubmission
	order(c, cs)
	if cs[2].app != 1 || cs[3].app != 2 {
		t.Errorf("submission order tie-break: %d before %d", cs[2].app, cs[3].app)
	}
	// All above the minimum: no places limit.
	c.Places = 0
	res = outcomes(c, cs)
	if res[1].Result != Admitted || res[2].Result != Admitted || res[4].Result != BelowMinimum {
		t.Errorf("all above the minimum: %+v", res)
	}
}

func TestTotalsRoundHalfUp(t *testing.T) {
	c := &Call{Criteria: []Criterion{{ID: 1, MaxPoints: 10, Weight: 1}}}
	cd := candidate{sums: []int64{20}, n: 3} // 6.666… → 6.67
	if got := cd.centi(c); got != 667 {
		t.Errorf("centi = %d, want 667", got)
	}
	cd = candidate{sums: []int64{1}, n: 8} // 0.125 → 0.13
	if got := cd.centi(c); got != 13 {
		t.Errorf("centi = %d, want 13", got)
	}
}
