/*
 * falconet.h: the stable C ABI of falconet.
 *
 * falconet loads Falco rules files, compiles every rule condition to
 * bytecode and evaluates AWS CloudTrail records (JSON) against them, with
 * the results Falco 0.44.1 gives. This header is the only interface the
 * shared library libfalconet.so.N exports; the Python and Go bindings are
 * thin layers over it.
 *
 * Typical use:
 *
 *   falconet_ruleset *rules = NULL;
 *   if (falconet_ruleset_load_file(&rules, "rules.yaml", NULL) < 0)
 *     fprintf(stderr, "%s\n", falconet_error_last());
 *   falconet_evaluator *ev = NULL;
 *   falconet_evaluator_new(&ev, rules, NULL);
 *   falconet_eval_options opts = FALCONET_EVAL_OPTIONS_INIT;
 *   opts.alert_cb = print_alert;   // int print_alert(const falconet_alert*,
 *   opts.payload = stdout;         //                 void *payload)
 *   falconet_evaluator_evaluate(NULL, ev, data, size, &opts);
 *   falconet_evaluator_free(ev);
 *   falconet_ruleset_free(rules);
 *
 * Conventions (the same for every function):
 *
 * - Names are falconet_<object>_<verb>. Objects are opaque handles.
 * - Functions that can fail return an int: 0 (FALCONET_OK) on success, a
 *   negative falconet_error_code on failure. After a failure,
 *   falconet_error_last() gives a message for it on the same thread.
 * - Out-parameters come first and are named `out`. On failure a handle
 *   out-parameter is set to NULL (when `out` itself is not NULL).
 * - A handle returned through `out` belongs to the caller, who releases it
 *   with the matching _free function; every _free accepts NULL and does
 *   nothing then. A `const char *` returned by a function is borrowed: it
 *   belongs to the object it was read from and lives as long as the text
 *   says (never free it).
 * - Strings are NUL-terminated UTF-8 unless a length is passed with them.
 * - A NULL or otherwise invalid argument makes a function return
 *   FALCONET_EINVALID (or NULL/0, for accessors that return a value); it
 *   never aborts the process. No C++ exception crosses this interface.
 * - Options structs start with an `unsigned int version`. Initialise one
 *   with its _INIT macro or its _init() function, then set the members you
 *   need; a NULL options pointer means "all defaults".
 * - Callbacks receive the `payload` pointer given beside them, untouched.
 * - The library never writes to stdout or stderr.
 *
 * Threads: a falconet_ruleset and a falconet_field_list are immutable and
 * may be used from any number of threads at once. A falconet_evaluator and
 * a falconet_ruleset_builder must be used by one thread at a time
 * (different objects on different threads is fine). An alert exists only
 * inside its callback, on the evaluating thread. The last-error message is
 * kept per thread.
 *
 * ABI stability (capi/ABI.md in the source tree): within one
 * FALCONET_SOVERSION, functions are only added, never changed or removed;
 * a struct grows only at its end, and an options struct then gets a new
 * version number, so that programs built against an older header keep
 * working with a newer library.
 */
#ifndef FALCONET_H_
#define FALCONET_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(FALCONET_BUILDING_LIBRARY) && defined(__GNUC__)
#define FALCONET_EXTERN __attribute__((visibility("default")))
#else
#define FALCONET_EXTERN
#endif

/* ------------------------------------------------------------------------
 * Versions
 * --------------------------------------------------------------------- */

/* The release this header belongs to. */
#define FALCONET_VERSION_MAJOR 0
#define FALCONET_VERSION_MINOR 1
#define FALCONET_VERSION_PATCH 0
#define FALCONET_VERSION_STRING "0.1.0"

/* One number that orders releases: 0xMMmmpp. */
#define FALCONET_VERSION_NUMBER                                     \
  ((FALCONET_VERSION_MAJOR << 16) | (FALCONET_VERSION_MINOR << 8) | \
   FALCONET_VERSION_PATCH)

/* True when this header is at least release major.minor.patch; for
 * compile-time checks such as
 *   #if !FALCONET_VERSION_CHECK(0, 1, 0)
 *   #error "falconet 0.1.0 or newer is needed"
 *   #endif */
#define FALCONET_VERSION_CHECK(major, minor, patch) \
  (FALCONET_VERSION_NUMBER >= (((major) << 16) | ((minor) << 8) | (patch)))

/* The ABI major: the N of libfalconet.so.N. */
#define FALCONET_SOVERSION 0

/* The version of the library actually loaded, which can be newer than the
 * header a program was built with. Any pointer may be NULL. Returns the
 * version as a string ("0.1.0"), owned by the library, valid for the life
 * of the process. Thread-safe. */
FALCONET_EXTERN const char* falconet_version(int* major, int* minor,
                                             int* patch);

/* ------------------------------------------------------------------------
 * Errors
 * --------------------------------------------------------------------- */

/* Return codes. Every failure is negative; FALCONET_ERROR is the catch-all.
 * New codes may be added: treat an unknown negative code as FALCONET_ERROR. */
typedef enum falconet_error_code {
  FALCONET_OK = 0,
  FALCONET_ERROR = -1,     /* an internal error; the message says which */
  FALCONET_EINVALID = -2,  /* a NULL or invalid argument, or misuse */
  FALCONET_ENOMEM = -3,    /* out of memory */
  FALCONET_ELOAD = -4,     /* rules failed to load or compile: see the
                              diagnostics callback for each problem */
  FALCONET_ENOTFOUND = -5, /* no such rule, field, source or index */
  FALCONET_EUSER = -6,     /* a callback returned non-zero: stopped */
  FALCONET_EVERSION = -7   /* an options struct version this library
                              does not know */
} falconet_error_code;

/* The message of the most recent failed call on this thread ("" when none
 * failed yet). Owned by the library; valid until the next failing call on
 * this thread. Successful calls leave it as it is. Thread-safe (the message
 * is thread-local). */
FALCONET_EXTERN const char* falconet_error_last(void);

/* Forgets the last error of this thread. */
FALCONET_EXTERN void falconet_error_clear(void);

/* The name of a return code, e.g. "FALCONET_ELOAD"; "FALCONET_ERROR" for
 * an unknown code. Static storage; thread-safe. */
FALCONET_EXTERN const char* falconet_error_name(int code);

/* ------------------------------------------------------------------------
 * Priorities
 * --------------------------------------------------------------------- */

/* Falco's priorities, most severe first (Falco's numbers). */
typedef enum falconet_priority {
  FALCONET_PRIORITY_EMERGENCY = 0,
  FALCONET_PRIORITY_ALERT = 1,
  FALCONET_PRIORITY_CRITICAL = 2,
  FALCONET_PRIORITY_ERROR = 3,
  FALCONET_PRIORITY_WARNING = 4,
  FALCONET_PRIORITY_NOTICE = 5,
  FALCONET_PRIORITY_INFORMATIONAL = 6,
  FALCONET_PRIORITY_DEBUG = 7
} falconet_priority;

/* Falco's name of a priority ("Emergency" ... "Debug"); NULL outside 0..7.
 * Static storage; thread-safe. */
FALCONET_EXTERN const char* falconet_priority_name(int priority);

/* ------------------------------------------------------------------------
 * Loading rules
 * --------------------------------------------------------------------- */

/* How bad a diagnostic is. */
typedef enum falconet_severity {
  FALCONET_SEVERITY_ERROR = 1,
  FALCONET_SEVERITY_WARNING = 2
} falconet_severity;

/* One error or warning met while loading a rules file, as Falco reports it
 * (`falco -V`). Filled by the library and passed to a
 * falconet_diagnostic_cb; every pointer is valid only during that call and
 * never NULL (absent texts are ""). The library may add members at the
 * end in a later minor release, so never allocate or copy one by value. */
typedef struct falconet_diagnostic {
  /* A falconet_severity. */
  int severity;
  /* Falco's code ("LOAD_ERR_COMPILE_CONDITION", "LOAD_UNUSED_MACRO") and
   * its short text ("Error compiling condition"). */
  const char* code;
  const char* text;
  /* What went wrong, in Falco's words. */
  const char* message;
  /* The rules file, or the name given with a string. */
  const char* file;
  /* The innermost position Falco reports, 1-based. For a few errors Falco
   * points at the enclosing item rather than at the token; so does this. */
  int line;
  int column;
  /* The innermost item ("rule", "macro", "condition expression", ...) and
   * its name ("" when it has none). */
  const char* item_type;
  const char* item_name;
  /* The offending line, and a line with a caret under the position. */
  const char* snippet;
} falconet_diagnostic;

/* Receives each diagnostic, in the order Falco reports them (errors of a
 * file before its warnings). Runs on the thread that made the call. */
typedef void (*falconet_diagnostic_cb)(const falconet_diagnostic* diagnostic,
                                       void* payload);

/* Which rules report on a record: the first that matches (Falco's default)
 * or every one that matches. */
typedef enum falconet_rule_matching {
  FALCONET_MATCH_FIRST = 0,
  FALCONET_MATCH_ALL = 1
} falconet_rule_matching;

#define FALCONET_RULESET_OPTIONS_VERSION 1

/* How to load and build a rule set. */
typedef struct falconet_ruleset_options {
  unsigned int version; /* FALCONET_RULESET_OPTIONS_VERSION */
  /* Receives each error and warning; NULL: they are not reported (the
   * last-error message still names the first error). */
  falconet_diagnostic_cb diagnostic_cb;
  void* payload; /* passed to diagnostic_cb */
  /* A falconet_rule_matching; default FALCONET_MATCH_FIRST. */
  int matching;
  /* Rules less severe than this falconet_priority are not evaluated;
   * default FALCONET_PRIORITY_DEBUG (all rules). */
  int min_priority;
} falconet_ruleset_options;

#define FALCONET_RULESET_OPTIONS_INIT                                   \
  {                                                                     \
    FALCONET_RULESET_OPTIONS_VERSION, NULL, NULL, FALCONET_MATCH_FIRST, \
        FALCONET_PRIORITY_DEBUG                                         \
  }

/* Sets `opts` to the defaults of options version `version` (pass
 * FALCONET_RULESET_OPTIONS_VERSION). Returns FALCONET_EVERSION for a
 * version this library does not know. */
FALCONET_EXTERN int falconet_ruleset_options_init(
    falconet_ruleset_options* opts, unsigned int version);

/* A compiled, immutable rule set. Shared by any number of threads and
 * evaluators; an evaluator keeps what it needs, so the ruleset may be
 * freed while evaluators made from it are still in use. */
typedef struct falconet_ruleset falconet_ruleset;

/* Collects rules files (in order, as Falco loads them: later files may
 * append to or override what earlier ones defined) and the rule
 * selection, then builds a falconet_ruleset. Use it from one thread at a
 * time. */
typedef struct falconet_ruleset_builder falconet_ruleset_builder;

/* Creates a builder. `opts` (may be NULL) is copied: its diagnostic
 * callback is called by the _add_ functions below, its matching and
 * min_priority apply to falconet_ruleset_builder_build. */
FALCONET_EXTERN int falconet_ruleset_builder_new(
    falconet_ruleset_builder** out, const falconet_ruleset_options* opts);

/* Frees a builder (NULL: no-op). Rule sets it built stay valid. */
FALCONET_EXTERN void falconet_ruleset_builder_free(
    falconet_ruleset_builder* builder);

/* Loads the rules file at `path`. Each error and warning goes to the
 * diagnostic callback. Returns FALCONET_ELOAD when the file has errors (an
 * unreadable file is the error LOAD_ERR_FILE_READ); like Falco, the
 * builder then refuses to build. Warnings alone do not fail. */
FALCONET_EXTERN int falconet_ruleset_builder_add_file(
    falconet_ruleset_builder* builder, const char* path);

/* Loads rules from `size` bytes at `content` (not necessarily
 * NUL-terminated); `name` stands for the file in diagnostics (NULL: "").
 * The bytes are copied. Errors as falconet_ruleset_builder_add_file. */
FALCONET_EXTERN int falconet_ruleset_builder_add_string(
    falconet_ruleset_builder* builder, const char* name, const char* content,
    size_t size);

/* Rule selection, applied by falconet_ruleset_builder_build and in this
 * order whatever order the calls came in: a rule is active when it is
 * enabled in its file or matches an enable, unless it matches a disable;
 * and its priority is at least min_priority. `pattern` is a rule name in
 * which `*` matches any run of characters; `tag` is compared exactly. The
 * strings are copied. */
FALCONET_EXTERN int falconet_ruleset_builder_enable_rules(
    falconet_ruleset_builder* builder, const char* pattern);
FALCONET_EXTERN int falconet_ruleset_builder_disable_rules(
    falconet_ruleset_builder* builder, const char* pattern);
FALCONET_EXTERN int falconet_ruleset_builder_enable_tag(
    falconet_ruleset_builder* builder, const char* tag);
FALCONET_EXTERN int falconet_ruleset_builder_disable_tag(
    falconet_ruleset_builder* builder, const char* tag);

/* Adds a field (e.g. "evt.num", "ct.id") to every alert's output fields,
 * but not to its text, as Falco's append_output extra_fields does. A field
 * that does not exist makes the build fail with FALCONET_ELOAD. */
FALCONET_EXTERN int falconet_ruleset_builder_add_output_field(
    falconet_ruleset_builder* builder, const char* field);

/* Compiles everything loaded so far into a new rule set. Fails with
 * FALCONET_ELOAD when a file failed to load, when nothing was loaded, when
 * a rules file's required_plugin_versions are not met, or when an output
 * field added above does not exist (the message says which). The builder
 * can build only once: later calls fail with FALCONET_EINVALID. */
FALCONET_EXTERN int falconet_ruleset_builder_build(
    falconet_ruleset** out, falconet_ruleset_builder* builder);

/* Shorthands for a builder with one file or one string and no selection:
 * load, build, free the builder. */
FALCONET_EXTERN int falconet_ruleset_load_file(
    falconet_ruleset** out, const char* path,
    const falconet_ruleset_options* opts);
FALCONET_EXTERN int falconet_ruleset_load_string(
    falconet_ruleset** out, const char* name, const char* content, size_t size,
    const falconet_ruleset_options* opts);

/* Frees a rule set (NULL: no-op). Evaluators made from it stay valid. Must
 * not run while another thread uses the same handle. */
FALCONET_EXTERN void falconet_ruleset_free(falconet_ruleset* ruleset);

/* The rules of the set, in evaluation order, active or not. Indexes run
 * from 0 to falconet_ruleset_rule_count() - 1. Strings belong to the rule
 * set and live until falconet_ruleset_free. Thread-safe. An invalid index or
 * NULL ruleset gives NULL (or a negative code for _priority and _active). */
FALCONET_EXTERN size_t
falconet_ruleset_rule_count(const falconet_ruleset* ruleset);
FALCONET_EXTERN const char* falconet_ruleset_rule_name(
    const falconet_ruleset* ruleset, size_t index);
FALCONET_EXTERN const char* falconet_ruleset_rule_source(
    const falconet_ruleset* ruleset, size_t index);
FALCONET_EXTERN int falconet_ruleset_rule_priority(
    const falconet_ruleset* ruleset, size_t index);
/* 1 when the rule will be evaluated (after selection), 0 when not. */
FALCONET_EXTERN int falconet_ruleset_rule_active(
    const falconet_ruleset* ruleset, size_t index);

/* ------------------------------------------------------------------------
 * Alerts
 * --------------------------------------------------------------------- */

/* What a rule match produces. Alerts are passed to a falconet_alert_cb and
 * are valid only during that call, on that thread; so are the strings read
 * from them. Copy what you keep. */
typedef struct falconet_alert falconet_alert;

/* The rule's name, source ("aws_cloudtrail") and the rendered output text
 * (the rule's output with its fields filled in, as Falco prints it after
 * the priority). NULL for a NULL alert. */
FALCONET_EXTERN const char* falconet_alert_rule(const falconet_alert* alert);
FALCONET_EXTERN const char* falconet_alert_source(const falconet_alert* alert);
FALCONET_EXTERN const char* falconet_alert_output(const falconet_alert* alert);

/* The rule's falconet_priority; FALCONET_EINVALID for a NULL alert. */
FALCONET_EXTERN int falconet_alert_priority(const falconet_alert* alert);

/* The event time, in nanoseconds since 1970-01-01 UTC; 0 for NULL. */
FALCONET_EXTERN uint64_t falconet_alert_time(const falconet_alert* alert);

/* The rule's tags, sorted: indexes 0 to falconet_alert_tag_count() - 1.
 * NULL for an invalid index. */
FALCONET_EXTERN size_t falconet_alert_tag_count(const falconet_alert* alert);
FALCONET_EXTERN const char* falconet_alert_tag(const falconet_alert* alert,
                                               size_t index);

/* The alert as Falco's JSON (json_output: true), exactly the line that
 * `falconet run --json` prints, without a newline. The hostname is the
 * evaluator's (falconet_evaluator_options). `out_size` may be NULL. */
FALCONET_EXTERN int falconet_alert_json(const char** out, size_t* out_size,
                                        const falconet_alert* alert);

/* The raw JSON of the record that matched (`size` bytes, not
 * NUL-terminated). */
FALCONET_EXTERN int falconet_alert_record(const char** out, size_t* out_size,
                                          const falconet_alert* alert);

/* The output fields, as in the JSON alert's "output_fields" (without the
 * evt.time Falco adds there): the fields named in the rule's output plus
 * the builder's extra output fields, sorted by name. Values are text:
 * strings as they are, numbers in decimal, other JSON values compact. */
FALCONET_EXTERN size_t falconet_alert_field_count(const falconet_alert* alert);
FALCONET_EXTERN int falconet_alert_field(const char** out_name,
                                         const char** out_value,
                                         const falconet_alert* alert,
                                         size_t index);
/* The value of the output field called `name` ("aws.user",
 * "jevt.value[/requestParameters/serviceName]"); FALCONET_ENOTFOUND when
 * the alert has no such field. */
FALCONET_EXTERN int falconet_alert_field_by_name(const char** out,
                                                 const falconet_alert* alert,
                                                 const char* name);

/* ------------------------------------------------------------------------
 * Evaluating records
 * --------------------------------------------------------------------- */

/* Evaluates records against a rule set. Holds per-thread scratch space:
 * cheap to create, must not be used by two threads at once. Create one per
 * thread, all sharing one falconet_ruleset. */
typedef struct falconet_evaluator falconet_evaluator;

#define FALCONET_EVALUATOR_OPTIONS_VERSION 1

typedef struct falconet_evaluator_options {
  unsigned int version; /* FALCONET_EVALUATOR_OPTIONS_VERSION */
  /* The "hostname" of JSON alerts; NULL: the machine's (gethostname()),
   * as Falco does. Copied. */
  const char* hostname;
} falconet_evaluator_options;

#define FALCONET_EVALUATOR_OPTIONS_INIT \
  { FALCONET_EVALUATOR_OPTIONS_VERSION, NULL }

FALCONET_EXTERN int falconet_evaluator_options_init(
    falconet_evaluator_options* opts, unsigned int version);

/* Creates an evaluator of `ruleset` (which it keeps alive). `opts` may be
 * NULL. Thread-safe with respect to the ruleset. */
FALCONET_EXTERN int falconet_evaluator_new(
    falconet_evaluator** out, const falconet_ruleset* ruleset,
    const falconet_evaluator_options* opts);

/* Frees an evaluator (NULL: no-op). Not while it is evaluating. */
FALCONET_EXTERN void falconet_evaluator_free(falconet_evaluator* evaluator);

/* A record that was not evaluated. Passed to a falconet_skip_cb, valid
 * during that call only; members may be added at the end later. */
typedef struct falconet_skipped_record {
  uint64_t index;     /* 0-based position among the records of the buffer */
  uint64_t line;      /* 1-based line where it starts */
  uint64_t offset;    /* byte offset in the buffer */
  const char* reason; /* short and stable: "invalid JSON", "missing
                         eventTime", "record is not an object", ... */
  const char* detail; /* the parser's explanation; may be "" */
} falconet_skipped_record;

/* Called for each alert, and for each skipped record. Return 0 to go on;
 * any other value stops the evaluation after this call, and
 * falconet_evaluator_evaluate then returns FALCONET_EUSER. Both run on the
 * evaluating thread, inside falconet_evaluator_evaluate. They must not use
 * the same evaluator. */
typedef int (*falconet_alert_cb)(const falconet_alert* alert, void* payload);
typedef int (*falconet_skip_cb)(const falconet_skipped_record* skipped,
                                void* payload);

#define FALCONET_EVAL_OPTIONS_VERSION 1

typedef struct falconet_eval_options {
  unsigned int version;       /* FALCONET_EVAL_OPTIONS_VERSION */
  falconet_alert_cb alert_cb; /* NULL: alerts are only counted */
  falconet_skip_cb skip_cb;   /* NULL: skipped records are only counted */
  void* payload;              /* passed to both callbacks */
} falconet_eval_options;

#define FALCONET_EVAL_OPTIONS_INIT \
  { FALCONET_EVAL_OPTIONS_VERSION, NULL, NULL, NULL }

FALCONET_EXTERN int falconet_eval_options_init(falconet_eval_options* opts,
                                               unsigned int version);

#define FALCONET_EVAL_RESULT_VERSION 1

/* What one falconet_evaluator_evaluate call did. The caller sets `version`
 * (FALCONET_EVAL_RESULT_INIT); the library fills the rest. */
typedef struct falconet_eval_result {
  unsigned int version;       /* FALCONET_EVAL_RESULT_VERSION */
  uint64_t records_read;      /* = records_evaluated + records_skipped */
  uint64_t records_evaluated; /* records that ran through the rules */
  uint64_t records_skipped;   /* not JSON, not an object, or not a record
                                 Falco's cloudtrail plugin delivers */
  uint64_t alerts;            /* alerts produced */
} falconet_eval_result;

#define FALCONET_EVAL_RESULT_INIT \
  { FALCONET_EVAL_RESULT_VERSION, 0, 0, 0, 0 }

/* Evaluates every record of `size` bytes at `data`: one record, a
 * `{"Records":[...]}` document (CloudTrail's file format), a JSON array of
 * records, or JSON Lines. The bytes are not modified nor kept.
 *
 * A record that cannot be evaluated (invalid JSON, no eventTime, ...) is
 * skipped, counted in `out` and passed to skip_cb; the other records are
 * still evaluated, and the call returns FALCONET_OK. Alerts go to alert_cb
 * in record order. `out` may be NULL; when not, its `version` must be set,
 * and it is filled even when a callback stopped the call (FALCONET_EUSER).
 * `opts` may be NULL (count only).
 *
 * Records are numbered (evt.num) over the evaluator's lifetime, as Falco
 * numbers them within one run. One thread at a time per evaluator: a call
 * made while the evaluator is evaluating (from one of its callbacks, or
 * from another thread) fails with FALCONET_EINVALID. */
FALCONET_EXTERN int falconet_evaluator_evaluate(
    falconet_eval_result* out, falconet_evaluator* evaluator, const char* data,
    size_t size, const falconet_eval_options* opts);

/* ------------------------------------------------------------------------
 * Image scans
 *
 * When a record deploys a container image (App Runner CreateService, ECS
 * RegisterTaskDefinition, Lambda, Batch, SageMaker, ECR PutImage, and any
 * extra location the host names), the evaluator asks the host's scan
 * callback for a scan of that image. The answer, a Trivy or Grype JSON
 * report or a failure, becomes an `image_scan` event that the rule set's
 * `source: image_scan` rules judge; their alerts go to the alert callback
 * of the call that delivered the answer. Each image is asked for once per
 * repeat window of event time.
 * --------------------------------------------------------------------- */

/* One image to scan, with the record that deployed it. Passed to a
 * falconet_scan_cb and valid only during that call, on that thread; so are
 * the strings read from it (copy what you keep, e.g. the id). Accessors
 * return NULL (0 for numbers) for a NULL request; absent texts are "". */
typedef struct falconet_scan_request falconet_scan_request;

/* The id to pass to falconet_evaluator_submit_scan_report for a later
 * answer; unique over the evaluator's lifetime. */
FALCONET_EXTERN uint64_t
falconet_scan_request_id(const falconet_scan_request* request);
/* The image reference as the record gives it, and its parts. */
FALCONET_EXTERN const char* falconet_scan_request_image(
    const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_registry(
    const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_repository(
    const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_tag(
    const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_digest(
    const falconet_scan_request* request);
/* The deploying record: ct.user.accountid, ct.region, ct.user.arn (else
 * ct.user), ct.srcip, ct.id and ct.name. */
FALCONET_EXTERN const char* falconet_scan_request_account(
    const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_region(
    const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_principal(
    const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_source_ip(
    const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_event_id(
    const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_event_name(
    const falconet_scan_request* request);
/* The record's event time, in nanoseconds since 1970-01-01 UTC. */
FALCONET_EXTERN uint64_t
falconet_scan_request_event_time(const falconet_scan_request* request);
/* The rules that fired on the record: indexes 0 to _rule_count() - 1;
 * NULL for an invalid index. */
FALCONET_EXTERN size_t
falconet_scan_request_rule_count(const falconet_scan_request* request);
FALCONET_EXTERN const char* falconet_scan_request_rule(
    const falconet_scan_request* request, size_t index);

/* Answers `request` at once, from inside the scan callback, with a Trivy
 * or Grype JSON report of `size` bytes at `report` (copied). */
FALCONET_EXTERN int falconet_scan_request_report(falconet_scan_request* request,
                                                 const char* report,
                                                 size_t size);
/* Answers `request` at once with a failed scan: `scanner` names the
 * scanner (NULL: "custom"), `reason` says why (NULL: ""). Copied. */
FALCONET_EXTERN int falconet_scan_request_fail(falconet_scan_request* request,
                                               const char* scanner,
                                               const char* reason);

/* The scan callback. It runs on the evaluating thread, inside
 * falconet_evaluator_evaluate, after the record's own alerts. Return
 * FALCONET_SCAN_ANSWERED after calling falconet_scan_request_report or
 * _fail, or FALCONET_SCAN_LATER to answer later with
 * falconet_evaluator_submit_scan_report (a slow scanner should, so that
 * records keep flowing). Any other value is a failed scan. The callback
 * must not call the evaluator's functions. */
#define FALCONET_SCAN_ANSWERED 0
#define FALCONET_SCAN_LATER 1
typedef int (*falconet_scan_cb)(falconet_scan_request* request, void* payload);

/* Another place where records name images: `pointer` is a JSON pointer
 * in which a `*` token stands for every element of an array. */
typedef struct falconet_image_location {
  const char* event_source; /* "ecs.amazonaws.com" */
  const char* event_name;   /* "RegisterTaskDefinition" */
  const char* pointer;
} falconet_image_location;

#define FALCONET_SCAN_OPTIONS_VERSION 1

typedef struct falconet_scan_options {
  unsigned int version;     /* FALCONET_SCAN_OPTIONS_VERSION */
  falconet_scan_cb scan_cb; /* NULL: no image is scanned */
  void* payload;            /* passed to scan_cb */
  /* An image asked for less than this long before (in event time) is not
   * asked for again; 0 asks for every occurrence. Default one hour. */
  uint64_t repeat_window_ns;
  /* `extra_location_count` more locations (copied; may be NULL when the
   * count is 0). */
  const falconet_image_location* extra_locations;
  size_t extra_location_count;
} falconet_scan_options;

#define FALCONET_SCAN_OPTIONS_INIT \
  { FALCONET_SCAN_OPTIONS_VERSION, NULL, NULL, 3600000000000ull, NULL, 0 }

FALCONET_EXTERN int falconet_scan_options_init(falconet_scan_options* opts,
                                               unsigned int version);

/* Installs (or, with a NULL scan_cb, removes) the scan callback of
 * `evaluator`. `opts` is copied; the payload must stay valid while the
 * callback is installed. FALCONET_EINVALID for a malformed extra location
 * or while the evaluator is evaluating. Requests still pending stay
 * pending. */
FALCONET_EXTERN int falconet_evaluator_set_image_scan(
    falconet_evaluator* evaluator, const falconet_scan_options* opts);

/* Answers the deferred request `id` with a Trivy or Grype JSON report of
 * `size` bytes at `report` (copied), or, when `report` is NULL, with a
 * failed scan whose reason is `reason` (NULL: ""). The resulting
 * image_scan alerts go to opts->alert_cb, as in
 * falconet_evaluator_evaluate; `out` and `opts` may be NULL and mean what
 * they mean there. FALCONET_ENOTFOUND when `id` is not pending (already
 * answered, or never asked). Same thread rule as evaluate: not from one
 * of the evaluator's callbacks, not while another thread uses it. */
FALCONET_EXTERN int falconet_evaluator_submit_scan_report(
    falconet_eval_result* out, falconet_evaluator* evaluator, uint64_t id,
    const char* report, size_t size, const char* reason,
    const falconet_eval_options* opts);

/* How many requests wait for falconet_evaluator_submit_scan_report. */
FALCONET_EXTERN size_t
falconet_evaluator_pending_scan_count(const falconet_evaluator* evaluator);

/* ------------------------------------------------------------------------
 * Fields
 * --------------------------------------------------------------------- */

/* A snapshot of the fields an event source offers, for help screens and
 * editors. Immutable once made: may be read from any thread. */
typedef struct falconet_field_list falconet_field_list;

/* Flags of a field. */
#define FALCONET_FIELD_HIDDEN 1u       /* usable, but not listed by Falco */
#define FALCONET_FIELD_LIST 2u         /* a list of values */
#define FALCONET_FIELD_ARG_INDEX 4u    /* takes an optional [index] */
#define FALCONET_FIELD_ARG_REQUIRED 8u /* needs an [argument] */

/* The fields of `source` ("aws_cloudtrail", "image_scan"), hidden ones
 * included and flagged, in Falco's listing order. FALCONET_ENOTFOUND for
 * a source falconet does not know. */
FALCONET_EXTERN int falconet_field_list_new(falconet_field_list** out,
                                            const char* source);
FALCONET_EXTERN void falconet_field_list_free(falconet_field_list* list);

/* Indexes 0 to falconet_field_list_count() - 1. Strings live as long as
 * the list. NULL (or 0 for _flags) for an invalid index. */
FALCONET_EXTERN size_t
falconet_field_list_count(const falconet_field_list* list);
FALCONET_EXTERN const char* falconet_field_list_name(
    const falconet_field_list* list, size_t index);
/* "string", "uint64", "bool" or "abstime" (nanoseconds since the epoch) */
FALCONET_EXTERN const char* falconet_field_list_type(
    const falconet_field_list* list, size_t index);
FALCONET_EXTERN const char* falconet_field_list_description(
    const falconet_field_list* list, size_t index);
FALCONET_EXTERN unsigned int falconet_field_list_flags(
    const falconet_field_list* list, size_t index);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* FALCONET_H_ */
