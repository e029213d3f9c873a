package newsletter

// PlainSMTP makes s send one command at a time even to a server that
// offers PIPELINING, so tests cover both paths.
func PlainSMTP(s *Sender) { s.plainSMTP = true }
