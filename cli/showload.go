package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// defaultShowTimeout bounds the whole read of `show`.
const defaultShowTimeout = 10 * time.Minute

// errShowTimeout marks the end of show's --timeout.
var errShowTimeout = errors.New("the --timeout ran out")

// loadPage reads a page's whole block tree for show. On a terminal it keeps
// one progress line on stderr ("loading: 1,240 of ~3,000 blocks", and
// "rate limited: waiting 2s (…)" while the service makes it wait), cleared
// when the load ends. A load that does not complete is an error that says
// how far it got: show never prints part of a page.
func (a *app) loadPage(ctx context.Context, notion *alloy.Notion, pageID string, timeout time.Duration) ([]*models.Block, error) {
	load := notion.NewTreeLoad(pageID)
	var line *progressLine
	if a.env.IsTerminal(a.env.Stderr) {
		line = newProgressLine(a.env.Stderr, load)
		defer line.stop()
		ctx = alloy.WithWaitObserver(ctx, line.setWait)
	}
	err := load.Run(ctx, nil)
	if err == nil {
		return load.Tree(), nil
	}
	p := load.Progress()
	got := fmt.Sprintf("%s of ~%s blocks loaded", thousands(p.Blocks), thousands(p.EstimatedTotal))
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("%w after %v: %s; nothing printed (a longer --timeout may finish it)", errShowTimeout, timeout, got)
	}
	return nil, fmt.Errorf("%w (%s; nothing printed)", err, got)
}

// progressLine redraws one line on a terminal: the load's progress and the
// pause under way, if any, with its time left.
type progressLine struct {
	w    io.Writer
	load *alloy.TreeLoad
	done chan struct{}
	wg   sync.WaitGroup

	mu   sync.Mutex
	wait alloy.Wait
}

func newProgressLine(w io.Writer, load *alloy.TreeLoad) *progressLine {
	p := &progressLine{w: w, load: load, done: make(chan struct{})}
	p.wg.Go(p.run)
	return p
}

func (p *progressLine) setWait(w alloy.Wait) {
	p.mu.Lock()
	p.wait = w
	p.mu.Unlock()
}

func (p *progressLine) run() {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for {
		select {
		case <-p.done:
			if last != "" {
				fmt.Fprint(p.w, "\r\x1b[K")
			}
			return
		case <-tick.C:
		}
		if s := p.text(time.Now()); s != last {
			fmt.Fprint(p.w, "\r\x1b[K"+s)
			last = s
		}
	}
}

// text is the line: "loading: 1,240 of ~3,000 blocks" or "rate limited:
// waiting 2s (1,240 of ~3,000 blocks)".
func (p *progressLine) text(now time.Time) string {
	pr := p.load.Progress()
	count := thousands(pr.Blocks) + " of ~" + thousands(pr.EstimatedTotal) + " blocks"
	p.mu.Lock()
	w := p.wait
	p.mu.Unlock()
	if !w.Until.IsZero() {
		left := max(w.Until.Sub(now), 0).Round(time.Second)
		return fmt.Sprintf("%s: waiting %v (%s)", w.Reason, max(left, time.Second), count)
	}
	return "loading: " + count
}

func (p *progressLine) stop() {
	close(p.done)
	p.wg.Wait()
}

// thousands writes n with commas: 3000 as "3,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
