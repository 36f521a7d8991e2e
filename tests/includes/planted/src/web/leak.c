#include "app/c.h"
