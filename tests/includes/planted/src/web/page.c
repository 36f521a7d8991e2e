#include "app/a.h"
#include "web/page.h"
