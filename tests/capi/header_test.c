/* Compiles falconet.h as strict C (and, as header_test.cc, as C++): every
 * macro expands and every declaration is valid under -Wall -Wextra
 * -pedantic -Werror. Built only, by the capi_header_* ctest tests. */
#include "falconet.h"

#if !FALCONET_VERSION_CHECK(0, 1, 0)
#error "FALCONET_VERSION_CHECK is broken"
#endif

static int on_alert(const falconet_alert* alert, void* payload) {
  (void)payload;
  return falconet_alert_priority(alert) < 0;
}

static int on_skip(const falconet_skipped_record* skipped, void* payload) {
  (void)skipped;
  (void)payload;
  return 0;
}

static void on_diagnostic(const falconet_diagnostic* d, void* payload) {
  (void)d;
  (void)payload;
}

int header_test(void);
int header_test(void) {
  falconet_ruleset_options rules_opts = FALCONET_RULESET_OPTIONS_INIT;
  falconet_evaluator_options evaluator_opts = FALCONET_EVALUATOR_OPTIONS_INIT;
  falconet_eval_options eval_opts = FALCONET_EVAL_OPTIONS_INIT;
  falconet_eval_result result = FALCONET_EVAL_RESULT_INIT;
  falconet_ruleset* rules = NULL;
  falconet_evaluator* ev = NULL;
  unsigned int flags = FALCONET_FIELD_HIDDEN | FALCONET_FIELD_LIST |
                       FALCONET_FIELD_ARG_INDEX | FALCONET_FIELD_ARG_REQUIRED;

  rules_opts.diagnostic_cb = on_diagnostic;
  eval_opts.alert_cb = on_alert;
  eval_opts.skip_cb = on_skip;
  if (falconet_ruleset_load_string(&rules, "r", "[]", 2, &rules_opts) < 0)
    return FALCONET_ERROR;
  if (falconet_evaluator_new(&ev, rules, &evaluator_opts) < 0) return 1;
  falconet_evaluator_evaluate(&result, ev, "{}", 2, &eval_opts);
  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
  return (int)flags + FALCONET_SOVERSION + FALCONET_VERSION_NUMBER;
}
