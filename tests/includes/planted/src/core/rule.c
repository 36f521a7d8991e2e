/* core must not reach up into app */
#include "app/a.h"
#include "lib/l.h"
