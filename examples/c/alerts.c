/*
 * falconet-alerts [-r MORE_RULES.yaml]... RULES.yaml CLOUDTRAIL.json
 *                 [SCAN_REPORT.json]
 *
 * Loads Falco rules files (RULES.yaml, then each -r file), evaluates a
 * CloudTrail file (a {"Records":[...]} document or JSON Lines) and prints
 * each alert as one JSON line, the line `falconet run --json` prints.
 * With SCAN_REPORT.json (a Trivy or Grype report), every image a record
 * deploys is "scanned" by answering with that report, so that the rules'
 * image_scan rules judge it. Diagnostics and a summary go to stderr. Exit
 * status: 0 when it ran, 1 when records were skipped, 2 when it could not run.
 */
#include <falconet.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct falconet_buffer {
  char* data;
  size_t size;
} falconet_buffer;

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

/* Answers every scan request at once with the report file's content. */
static int scan_with_report(falconet_scan_request* request, void* payload) {
  const falconet_buffer* report = (const falconet_buffer*)payload;
  return falconet_scan_request_report(request, report->data, report->size);
}

static int print_skip(const falconet_skipped_record* skipped, void* payload) {
  (void)payload;
  fprintf(stderr, "skipped record %llu (line %llu): %s\n",
          (unsigned long long)skipped->index, (unsigned long long)skipped->line,
          skipped->reason);
  return 0;
}

/* Loads RULES (argv[first]) and every -r file into one rule set. */
static int load_rules(falconet_ruleset** out, char** argv, int first) {
  falconet_ruleset_options opts = FALCONET_RULESET_OPTIONS_INIT;
  falconet_ruleset_builder* builder = NULL;
  int i, rc;

  opts.diagnostic_cb = print_diagnostic;
  if ((rc = falconet_ruleset_builder_new(&builder, &opts)) < 0) return rc;
  rc = falconet_ruleset_builder_add_file(builder, argv[first]);
  for (i = 1; rc == 0 && i + 1 < first; i += 2) {
    rc = falconet_ruleset_builder_add_file(builder, argv[i + 1]);
  }
  if (rc == 0) rc = falconet_ruleset_builder_build(out, builder);
  falconet_ruleset_builder_free(builder);
  return rc;
}

int main(int argc, char** argv) {
  falconet_eval_options eval_opts = FALCONET_EVAL_OPTIONS_INIT;
  falconet_eval_result result = FALCONET_EVAL_RESULT_INIT;
  falconet_scan_options scan_opts = FALCONET_SCAN_OPTIONS_INIT;
  falconet_ruleset* rules = NULL;
  falconet_evaluator* evaluator = NULL;
  falconet_buffer report = {NULL, 0};
  char* data = NULL;
  size_t size = 0;
  int status = 2, first = 1;

  while (first + 1 < argc && argv[first][0] == '-' && argv[first][1] == 'r' &&
         argv[first][2] == '\0') {
    first += 2;
  }
  if (argc - first != 2 && argc - first != 3) {
    fprintf(stderr,
            "usage: %s [-r MORE_RULES.yaml]... RULES.yaml CLOUDTRAIL.json "
            "[SCAN_REPORT.json]\n",
            argv[0]);
    return 2;
  }

  if (load_rules(&rules, argv, first) < 0 ||
      falconet_evaluator_new(&evaluator, rules, NULL) < 0) {
    fprintf(stderr, "falconet-alerts: %s\n", falconet_error_last());
    goto done;
  }
  if (!(data = read_file(argv[first + 1], &size))) {
    fprintf(stderr, "falconet-alerts: cannot read %s\n", argv[first + 1]);
    goto done;
  }
  if (argc - first == 3) {
    if (!(report.data = read_file(argv[first + 2], &report.size))) {
      fprintf(stderr, "falconet-alerts: cannot read %s\n", argv[first + 2]);
      goto done;
    }
    scan_opts.scan_cb = scan_with_report;
    scan_opts.payload = &report;
    if (falconet_evaluator_set_image_scan(evaluator, &scan_opts) < 0) {
      fprintf(stderr, "falconet-alerts: %s\n", falconet_error_last());
      goto done;
    }
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
  free(report.data);
  falconet_evaluator_free(evaluator);
  falconet_ruleset_free(rules);
  return status;
}
