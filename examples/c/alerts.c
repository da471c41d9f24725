/*
 * falconet-alerts RULES.yaml CLOUDTRAIL.json
 *
 * Loads a Falco rules file, evaluates a CloudTrail file (a
 * {"Records":[...]} document or JSON Lines) and prints each alert as one
 * JSON line, the line `falconet run --json` prints. Diagnostics and a
 * summary go to stderr. Exit status: 0 when it ran, 1 when records were
 * skipped, 2 when it could not run.
 */
#include <falconet.h>
#include <stdio.h>
#include <stdlib.h>

/* Reads a whole file; the caller frees the result. */
static char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  char* data = NULL;
  long length;

  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (length = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0) {
    data = malloc((size_t)length + 1);
    if (data && fread(data, 1, (size_t)length, f) != (size_t)length) {
      free(data);
      data = NULL;
    }
    *size = (size_t)length;
  }
  fclose(f);
  return data;
}

static void print_diagnostic(const falconet_diagnostic* d, void* payload) {
  (void)payload;
  fprintf(stderr, "%s:%d:%d: %s: %s (%s): %s\n", d->file, d->line, d->column,
          d->severity == FALCONET_SEVERITY_ERROR ? "error" : "warning", d->code,
          d->text, d->message);
}

static int print_alert(const falconet_alert* alert, void* payload) {
  const char* json = NULL;
  size_t size = 0;

  if (falconet_alert_json(&json, &size, alert) < 0) return 1;
  fwrite(json, 1, size, (FILE*)payload);
  fputc('\n', (FILE*)payload);
  return 0;
}

static int print_skip(const falconet_skipped_record* skipped, void* payload) {
  (void)payload;
  fprintf(stderr, "skipped record %llu (line %llu): %s\n",
          (unsigned long long)skipped->index, (unsigned long long)skipped->line,
          skipped->reason);
  return 0;
}

int main(int argc, char** argv) {
  falconet_ruleset_options rules_opts = FALCONET_RULESET_OPTIONS_INIT;
  falconet_eval_options eval_opts = FALCONET_EVAL_OPTIONS_INIT;
  falconet_eval_result result = FALCONET_EVAL_RESULT_INIT;
  falconet_ruleset* rules = NULL;
  falconet_evaluator* evaluator = NULL;
  char* data = NULL;
  size_t size = 0;
  int status = 2;

  if (argc != 3) {
    fprintf(stderr, "usage: %s RULES.yaml CLOUDTRAIL.json\n", argv[0]);
    return 2;
  }

  rules_opts.diagnostic_cb = print_diagnostic;
  if (falconet_ruleset_load_file(&rules, argv[1], &rules_opts) < 0 ||
      falconet_evaluator_new(&evaluator, rules, NULL) < 0) {
    fprintf(stderr, "falconet-alerts: %s\n", falconet_error_last());
    goto done;
  }
  if (!(data = read_file(argv[2], &size))) {
    fprintf(stderr, "falconet-alerts: cannot read %s\n", argv[2]);
    goto done;
  }

  eval_opts.alert_cb = print_alert;
  eval_opts.skip_cb = print_skip;
  eval_opts.payload = stdout;
  if (falconet_evaluator_evaluate(&result, evaluator, data, size, &eval_opts) <
      0) {
    fprintf(stderr, "falconet-alerts: %s\n", falconet_error_last());
    goto done;
  }
  fprintf(stderr, "%llu records, %llu skipped, %llu alerts\n",
          (unsigned long long)result.records_read,
          (unsigned long long)result.records_skipped,
          (unsigned long long)result.alerts);
  status = result.records_skipped > 0 ? 1 : 0;

done:
  free(data);
  falconet_evaluator_free(evaluator);
  falconet_ruleset_free(rules);
  return status;
}
