// falconet.h as C++: the same checks as header_test.c.
#include "header_test.c"  // NOLINT(build/include)
