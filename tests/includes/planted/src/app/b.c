#include "app/a.h"
int b(void) { return a(); }
