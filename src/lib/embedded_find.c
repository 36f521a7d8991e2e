#include <string.h>

#include "lib/embedded.h"

const embedded_file *embedded_find(const char *name)
{
	for (const embedded_file *f = embedded_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}
