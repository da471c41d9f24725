// Alerts: what a rule match produces, in Falco's text and JSON forms.
//
// TODO(#4): the definition lives in src/output/alert.h; move it here so that
// the installed C++ headers stand alone.
#ifndef FALCONET_ALERT_H_
#define FALCONET_ALERT_H_

#include "output/alert.h"

#endif  // FALCONET_ALERT_H_
