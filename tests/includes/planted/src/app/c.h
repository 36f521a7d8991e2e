#include "store/s.h"
int c(struct s *v);
