/*
 * python_vs_c RULES.yaml RECORDS ROUNDS
 *
 * The C side of bench/python_vs_c.py: evaluates the buffer in RECORDS
 * ROUNDS times with one evaluator, taking each alert's JSON as a host
 * would, and prints {"records":N,"alerts":N,"seconds":S} for the timed
 * rounds (a first, untimed round warms the evaluator up).
 */
#include <falconet.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int take_json(const falconet_alert* alert, void* payload) {
  const char* json = NULL;
  size_t size = 0;
  if (falconet_alert_json(&json, &size, alert) < 0) return 1;
  *(size_t*)payload += size;
  return 0;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
  falconet_ruleset* rules = NULL;
  falconet_evaluator* ev = NULL;
  falconet_eval_options opts = FALCONET_EVAL_OPTIONS_INIT;
  falconet_eval_result result = FALCONET_EVAL_RESULT_INIT;
  unsigned long long records = 0, alerts = 0;
  size_t json_bytes = 0, size;
  double start, seconds;
  char* data;
  FILE* f;
  long length;
  int rounds, i;

  if (argc != 4 || (rounds = atoi(argv[3])) <= 0) {
    fprintf(stderr, "usage: %s RULES.yaml RECORDS ROUNDS\n", argv[0]);
    return 2;
  }
  if (!(f = fopen(argv[2], "rb")) || fseek(f, 0, SEEK_END) != 0 ||
      (length = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fprintf(stderr, "cannot read %s\n", argv[2]);
    return 2;
  }
  size = (size_t)length;
  data = malloc(size);
  if (!data || fread(data, 1, size, f) != size) return 2;
  fclose(f);

  if (falconet_ruleset_load_file(&rules, argv[1], NULL) < 0 ||
      falconet_evaluator_new(&ev, rules, NULL) < 0) {
    fprintf(stderr, "%s\n", falconet_error_last());
    return 2;
  }
  opts.alert_cb = take_json;
  opts.payload = &json_bytes;

  for (i = -1; i < rounds; ++i) {
    if (i == 0) start = now();
    if (falconet_evaluator_evaluate(&result, ev, data, size, &opts) < 0) {
      fprintf(stderr, "%s\n", falconet_error_last());
      return 2;
    }
    if (i >= 0) {
      records += result.records_read;
      alerts += result.alerts;
    }
  }
  seconds = now() - start;
  printf("{\"records\":%llu,\"alerts\":%llu,\"seconds\":%.6f}\n", records,
         alerts, seconds);

  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
  free(data);
  return 0;
}
