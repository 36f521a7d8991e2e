#include "core/roles.h"

#include <string.h>

static const struct {
	role r;
	const char *id;
} ROLES[] = {
	{ROLE_ADMIN, "admin"},   {ROLE_OFFICER, "officer"}, {ROLE_LEADER, "leader"},
	{ROLE_CSRC, "csrc"},     {ROLE_EXPERT, "expert"},   {ROLE_INSTITUTION, "institution"},
};

const char *role_id(role r)
{
	for (size_t i = 0; i < sizeof ROLES / sizeof *ROLES; i++)
		if (ROLES[i].r == r)
			return ROLES[i].id;
	return NULL;
}

role role_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof ROLES / sizeof *ROLES; i++)
		if (!strcmp(ROLES[i].id, s))
			return ROLES[i].r;
	return ROLE_NONE;
}
