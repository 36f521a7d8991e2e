#ifndef BAOTU_APP_DEMO_H
#define BAOTU_APP_DEMO_H
#include <stdio.h>

#include "app/app.h"

#define DEMO_PASSWORD "baotu-demo"
/* Seeds the demo pilot through the same use cases as real users (so every row has its
 * events). Refuses a database that holds non-demo data; a no-op on a demo database. */
int demo_seed(app *ap, err *e);
void demo_print_logins(app *ap, FILE *out);
#endif
