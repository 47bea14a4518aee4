package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// LedgerBench is the ledger workload against one server: a create phase
// that stores Records generated legality reviews through the API, then a
// list phase of filtered, sorted, paged lists over them. Client i acts as
// Principals[i % len(Principals)], so records are spread over the units and
// every list is cut down by the server's data scope.
type LedgerBench struct {
	BaseURL        string
	API            LedgerAPI
	Principals     []Principal
	Clients        int
	Records        int64         // records to create before the list phase
	CreateDuration time.Duration // bound of the measured create phase
	ListDuration   time.Duration // length of the list phase
	// Progress, if set, gets one line per phase as it ends.
	Progress io.Writer
	// BeforeList, if set, runs between the phases (e.g. to reset the
	// server's peak-memory mark or take a reading).
	BeforeList func() error
}

// LedgerResult holds what each phase measured.
type LedgerResult struct {
	Create *Result // the measured create phase
	Seed   *Result // unmeasured creates to reach Records, if the create phase ran out of time; nil otherwise
	List   *Result
	// Records is how many records were created in all.
	Records int64
}

// Run runs both phases. It fails when the creates fail (the list phase
// would measure nothing useful); failed lists are reported in the Result.
func (b LedgerBench) Run(ctx context.Context) (*LedgerResult, error) {
	if len(b.Principals) == 0 {
		return nil, errors.New("loadtest: LedgerBench needs at least one principal")
	}
	if b.Records <= 0 {
		return nil, fmt.Errorf("记录数 %d 无效：须为正数", b.Records)
	}
	who := func(client int) Principal { return b.Principals[client%len(b.Principals)] }
	create := func(offset int64) func(int64, int) Op {
		return func(seq int64, client int) Op { return b.API.Create(who(client), SampleRecord(offset+seq)) }
	}
	out := &LedgerResult{}
	var err error
	out.Create, err = Run(ctx, Config{BaseURL: b.BaseURL, Clients: b.Clients, Requests: b.Records,
		Duration: b.CreateDuration, Next: create(0)})
	if err != nil {
		return nil, err
	}
	b.progress("create", out.Create)
	out.Records = out.Create.OK
	if out.Create.OK == 0 || out.Create.Stopped == "errors" {
		return out, fmt.Errorf("create phase failed: %s", out.Create.FirstErr)
	}
	if rest := b.Records - out.Records; rest > 0 && ctx.Err() == nil {
		out.Seed, err = Run(ctx, Config{BaseURL: b.BaseURL, Clients: b.Clients, Requests: rest,
			Duration: MaxDuration, Next: create(b.Records)})
		if err != nil {
			return nil, err
		}
		b.progress("seed", out.Seed)
		out.Records += out.Seed.OK
	}
	if b.BeforeList != nil {
		if err := b.BeforeList(); err != nil {
			return out, err
		}
	}
	out.List, err = Run(ctx, Config{BaseURL: b.BaseURL, Clients: b.Clients, Duration: b.ListDuration,
		Next: func(seq int64, client int) Op { return b.API.List(who(client), SampleFilter(seq)) }})
	if err != nil {
		return nil, err
	}
	b.progress("list", out.List)
	return out, nil
}

func (b LedgerBench) progress(phase string, r *Result) {
	if b.Progress == nil {
		return
	}
	fmt.Fprintf(b.Progress, "%s %s: %s\n", b.API.Name(), phase, r)
	if r.FirstErr != "" {
		fmt.Fprintf(b.Progress, "  first failure: %s\n", r.FirstErr)
	}
}
