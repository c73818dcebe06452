package screens

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
)

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakHeap samples the live heap every few milliseconds until stop is
// called, which returns the highest sample in bytes.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return peak.Load()
	}
}

// BenchmarkOpenBigPageCPU opens the demo's 3,000-block page with the rate
// limit lifted until it is drawn whole, and reports the CPU time of the
// whole process (the demo server's included) and the peak live heap per
// opening: the figures of issue 9 (at most 1.5 s and 60 MB).
func BenchmarkOpenBigPageCPU(b *testing.B) {
	h := newPageHarness(b, demo.Options{BigPageBlocks: 3000, RateLimit: -1}, 120, 40)
	var cpu time.Duration
	var peak uint64
	for b.Loop() {
		runtime.GC()
		stop := peakHeap()
		start := cpuTime()
		p := h.open(demo.BigPageTitle)
		h.settle()
		cpu += cpuTime() - start
		peak = max(peak, stop())
		if p.Busy() != "" || p.view.Lines() < 3000 {
			b.Fatalf("not loaded: busy %q, %d lines", p.Busy(), p.view.Lines())
		}
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}

// BenchmarkResizeBigPage resizes the 3,000-block page, drawn whole, to a
// width not laid out before, and reports how long the screen takes to be
// drawn at the new width (the pieces on it laid out anew) and how long the
// whole page takes (issue 9: the screen within 50 ms, the rest after).
func BenchmarkResizeBigPage(b *testing.B) {
	h := newPageHarness(b, demo.Options{BigPageBlocks: 3000, RateLimit: -1}, 120, 40)
	p := h.open(demo.BigPageTitle)
	h.settle()
	p.view.SetOffset(p.view.Lines() / 2) // reading in the middle
	widths := []int{100, 80, 110, 90, 120, 70}
	var screen, whole time.Duration
	i := 0
	for b.Loop() {
		h.c.Width = widths[i%len(widths)]
		i++
		start := time.Now()
		h.run(p.Resize())
		want := p.renderOptions()
		h.until("the screen at the new width", func() bool { return p.drawnWith == want })
		screen += time.Since(start)
		h.settle()
		whole += time.Since(start)
		if p.doc.Stale {
			b.Fatal("the page stayed stale")
		}
	}
	b.ReportMetric(float64(screen.Milliseconds())/float64(b.N), "screen-ms/op")
	b.ReportMetric(float64(whole.Milliseconds())/float64(b.N), "whole-ms/op")
}
