// Command alerts loads Falco rules files (RULES.yaml, then each -r file),
// evaluates a CloudTrail file (a {"Records":[...]} document or JSON
// Lines) and prints each alert as one JSON line, the line `falconet run
// --json` prints. With SCAN_REPORT (a Trivy or Grype JSON report), every
// image a record deploys is "scanned" by answering with that report, for
// the rules' image_scan rules. Diagnostics and a summary go to stderr.
// Exit status: 0 when it ran, 1 when records were skipped, 2 when it
// could not run.
//
//	go run . [-r MORE_RULES.yaml]... RULES.yaml CLOUDTRAIL.json [SCAN_REPORT]
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"

	"falconet.dev/falconet"
)

func main() {
	os.Exit(run(os.Args))
}

// parseArgs splits args into rules files and the rest (CLOUDTRAIL.json
// and the optional report); ok is false when they do not fit the usage.
func parseArgs(args []string) (files []falconet.RulesFile, rest []string, ok bool) {
	var more []falconet.RulesFile
	rest = args[1:]
	for len(rest) >= 2 && rest[0] == "-r" {
		more = append(more, falconet.RulesFile{Path: rest[1]})
		rest = rest[2:]
	}
	if len(rest) != 2 && len(rest) != 3 {
		return nil, nil, false
	}
	files = append([]falconet.RulesFile{{Path: rest[0]}}, more...)
	return files, rest[1:], true
}

func run(args []string) int {
	files, rest, ok := parseArgs(args)
	if !ok {
		fmt.Fprintf(os.Stderr, "usage: %s [-r MORE_RULES.yaml]... RULES.yaml "+
			"CLOUDTRAIL.json [SCAN_REPORT]\n", args[0])
		return 2
	}
	rules, err := falconet.Load(files, falconet.RulesetOptions{})
	if err != nil {
		var e *falconet.Error
		if errors.As(err, &e) {
			for _, d := range e.Diagnostics {
				fmt.Fprintln(os.Stderr, d)
			}
		}
		fmt.Fprintln(os.Stderr, "alerts:", err)
		return 2
	}
	defer rules.Close()
	for _, w := range rules.Warnings() {
		fmt.Fprintln(os.Stderr, w)
	}

	data, err := os.ReadFile(rest[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, "alerts:", err)
		return 2
	}
	var report []byte
	if len(rest) == 2 {
		if report, err = os.ReadFile(rest[1]); err != nil {
			fmt.Fprintln(os.Stderr, "alerts:", err)
			return 2
		}
	}
	ev, err := falconet.NewEvaluator(rules, falconet.EvaluatorOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "alerts:", err)
		return 2
	}
	defer ev.Close()
	if report != nil {
		scan := func(*falconet.ScanRequest) ([]byte, error) { return report, nil }
		if err := ev.SetImageScan(scan, falconet.DefaultScanWindow, nil); err != nil {
			fmt.Fprintln(os.Stderr, "alerts:", err)
			return 2
		}
	}

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	result, err := ev.EvaluateWith(data, falconet.EvaluateOptions{
		OnAlert: func(a *falconet.Alert) error {
			_, err := fmt.Fprintln(out, a.JSON)
			return err
		},
		OnSkip: func(s *falconet.SkippedRecord) error {
			fmt.Fprintf(os.Stderr, "skipped record %d (line %d): %s\n",
				s.Index, s.Line, s.Reason)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "alerts:", err)
		return 2
	}
	fmt.Fprintf(os.Stderr, "%d records, %d skipped\n", result.RecordsRead,
		result.RecordsSkipped)
	if result.RecordsSkipped > 0 {
		return 1
	}
	return 0
}
