#include "app/b.h"
int a(void) { return b(); }
