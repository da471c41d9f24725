// Command alerts loads a Falco rules file, evaluates a CloudTrail file (a
// {"Records":[...]} document or JSON Lines) and prints each alert as one
// JSON line, the line `falconet run --json` prints. Diagnostics and a
// summary go to stderr. Exit status: 0 when it ran, 1 when records were
// skipped, 2 when it could not run.
//
//	go run . RULES.yaml CLOUDTRAIL.json
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

func run(args []string) int {
	if len(args) != 3 {
		fmt.Fprintf(os.Stderr, "usage: %s RULES.yaml CLOUDTRAIL.json\n", args[0])
		return 2
	}
	rules, err := falconet.LoadFile(args[1], falconet.RulesetOptions{})
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

	data, err := os.ReadFile(args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "alerts:", err)
		return 2
	}
	ev, err := falconet.NewEvaluator(rules, falconet.EvaluatorOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "alerts:", err)
		return 2
	}
	defer ev.Close()

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
