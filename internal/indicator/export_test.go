package indicator

// SetMaxKept bounds the records p keeps (MaxKeptRecords), for a test.
func (p *Parts) SetMaxKept(n int) { p.maxKept = n }
