// The C ABI of evaluation: evaluators and the evaluate call.
#include <unistd.h>

#include <string>

#include "capi_internal.h"

namespace falconet::capi {
namespace {

// Thrown from inside the engine's callbacks when a host callback asks to
// stop, and caught in falconet_evaluator_evaluate. The engine holds no
// state across that unwinding that the next record does not reset.
// TODO(#4): ask the engine for a stop flag instead of unwinding through it.
struct StopEvaluation {};

std::string MachineHostName() {
  char name[256] = {0};
  if (gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
}

// What one evaluate call needs inside the engine's callbacks.
struct CallState {
  falconet_evaluator* ev;
  const falconet_eval_options* opts;
  uint64_t alerts = 0;
};

EvaluatorCallbacks CallbacksFor(CallState& state) {
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&state](const Alert& alert, std::string_view record) {
    ++state.alerts;
    if (!state.opts || !state.opts->alert_cb) return;
    state.ev->alert.Reset(alert, record);
    if (state.opts->alert_cb(&state.ev->alert, state.opts->payload) != 0) {
      throw StopEvaluation{};
    }
  };
  if (state.opts && state.opts->skip_cb) {
    callbacks.on_skip = [&state](const SkippedRecord& skipped) {
      falconet_evaluator& ev = *state.ev;
      ev.skip_reason.assign(skipped.reason);
      ev.skip_detail.assign(skipped.detail);
      falconet_skipped_record out{skipped.index, skipped.line, skipped.offset,
                                  ev.skip_reason.c_str(),
                                  ev.skip_detail.c_str()};
      if (state.opts->skip_cb(&out, state.opts->payload) != 0) {
        throw StopEvaluation{};
      }
    };
  }
  return callbacks;
}

int CheckEvaluateArguments(const char* fn, const falconet_eval_result* out,
                           const falconet_evaluator* ev, const char* data,
                           size_t size, const falconet_eval_options* opts) {
  if (!ev) return NullArgument(fn, "evaluator");
  if (!data && size > 0) return NullArgument(fn, "data");
  if (opts) {
    if (int rc = CheckVersion(fn, opts->version, FALCONET_EVAL_OPTIONS_VERSION);
        rc < 0) {
      return rc;
    }
  }
  if (out) {
    return CheckVersion(fn, out->version, FALCONET_EVAL_RESULT_VERSION);
  }
  return FALCONET_OK;
}

// Runs `body` (which calls into the engine with the callbacks it is
// given) as one call of `fn`: refuses a busy evaluator, turns a stop
// asked by a host callback into FALCONET_EUSER and fills `out`.
template <typename Body>
int RunCall(const char* fn, falconet_eval_result* out, falconet_evaluator* ev,
            const falconet_eval_options* opts, Body&& body) {
  if (ev->busy.exchange(true, std::memory_order_acquire)) {
    return SetError(FALCONET_EINVALID,
                    std::string(fn) +
                        ": the evaluator is already evaluating (use one "
                        "evaluator per thread)");
  }
  const falconet::EvaluationStats& stats = ev->evaluator.stats();
  const uint64_t read_before = stats.records_read;
  const uint64_t evaluated_before = stats.records_evaluated;
  CallState state{ev, opts};

  int rc = Guard([&]() -> int {
    falconet::EvaluatorCallbacks callbacks = CallbacksFor(state);
    try {
      return body(callbacks);
    } catch (const StopEvaluation&) {
      return SetError(FALCONET_EUSER, std::string(fn) +
                                          ": a callback stopped the "
                                          "evaluation");
    }
  });

  ev->busy.store(false, std::memory_order_release);
  if (out) {
    out->records_read = stats.records_read - read_before;
    out->records_evaluated = stats.records_evaluated - evaluated_before;
    out->records_skipped = out->records_read - out->records_evaluated;
    out->alerts = state.alerts;
  }
  return rc;
}

}  // namespace
}  // namespace falconet::capi

using namespace falconet::capi;

extern "C" {

int falconet_evaluator_options_init(falconet_evaluator_options* opts,
                                    unsigned int version) {
  if (!opts) return NullArgument("falconet_evaluator_options_init", "opts");
  if (int rc = CheckVersion("falconet_evaluator_options_init", version,
                            FALCONET_EVALUATOR_OPTIONS_VERSION);
      rc < 0) {
    return rc;
  }
  *opts = falconet_evaluator_options FALCONET_EVALUATOR_OPTIONS_INIT;
  return FALCONET_OK;
}

int falconet_eval_options_init(falconet_eval_options* opts,
                               unsigned int version) {
  if (!opts) return NullArgument("falconet_eval_options_init", "opts");
  if (int rc = CheckVersion("falconet_eval_options_init", version,
                            FALCONET_EVAL_OPTIONS_VERSION);
      rc < 0) {
    return rc;
  }
  *opts = falconet_eval_options FALCONET_EVAL_OPTIONS_INIT;
  return FALCONET_OK;
}

int falconet_evaluator_new(falconet_evaluator** out,
                           const falconet_ruleset* ruleset,
                           const falconet_evaluator_options* opts) {
  const char* fn = "falconet_evaluator_new";
  if (!out) return NullArgument(fn, "out");
  *out = nullptr;
  if (!ruleset) return NullArgument(fn, "ruleset");
  if (opts) {
    if (int rc =
            CheckVersion(fn, opts->version, FALCONET_EVALUATOR_OPTIONS_VERSION);
        rc < 0) {
      return rc;
    }
  }
  return Guard([&]() -> int {
    auto ev = std::make_unique<falconet_evaluator>(ruleset->ruleset);
    ev->hostname = opts && opts->hostname ? std::string(opts->hostname)
                                          : MachineHostName();
    ev->alert.hostname = &ev->hostname;
    *out = ev.release();
    return FALCONET_OK;
  });
}

void falconet_evaluator_free(falconet_evaluator* evaluator) {
  delete evaluator;
}

int falconet_evaluator_evaluate(falconet_eval_result* out,
                                falconet_evaluator* evaluator, const char* data,
                                size_t size,
                                const falconet_eval_options* opts) {
  if (int rc = CheckEvaluateArguments("falconet_evaluator_evaluate", out,
                                      evaluator, data, size, opts);
      rc < 0) {
    return rc;
  }
  return RunCall("falconet_evaluator_evaluate", out, evaluator, opts,
                 [&](const falconet::EvaluatorCallbacks& callbacks) -> int {
                   evaluator->evaluator.Evaluate(
                       std::string_view(data ? data : "", size), callbacks);
                   return FALCONET_OK;
                 });
}

int falconet_evaluator_submit_scan_report(falconet_eval_result* out,
                                          falconet_evaluator* evaluator,
                                          uint64_t id, const char* report,
                                          size_t size, const char* reason,
                                          const falconet_eval_options* opts) {
  const char* fn = "falconet_evaluator_submit_scan_report";
  if (int rc = CheckEvaluateArguments(fn, out, evaluator, report, size, opts);
      rc < 0) {
    return rc;
  }
  return RunCall(
      fn, out, evaluator, opts,
      [&](const falconet::EvaluatorCallbacks& callbacks) -> int {
        falconet::ImageScanReport answer =
            report
                ? falconet::ImageScanReport::FromJson(std::string(report, size))
                : falconet::ImageScanReport::Failed("custom",
                                                    reason ? reason : "");
        absl::Status status =
            evaluator->evaluator.SubmitScanReport(id, answer, callbacks);
        if (absl::IsNotFound(status)) {
          return SetError(
              FALCONET_ENOTFOUND,
              std::string(fn) + ": " + std::string(status.message()));
        }
        if (!status.ok()) {
          return SetError(FALCONET_ERROR, std::string(fn) + ": " +
                                              std::string(status.message()));
        }
        return FALCONET_OK;
      });
}

}  // extern "C"
