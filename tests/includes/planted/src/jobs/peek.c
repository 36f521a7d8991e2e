#include "app/a_internal.h"
