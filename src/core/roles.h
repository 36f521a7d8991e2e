/* Roles (DOMAIN.md "Parties"), as bits so that a route or a transition names a set of them. */
#ifndef BAOTU_CORE_ROLES_H
#define BAOTU_CORE_ROLES_H
typedef enum role {
	ROLE_NONE = 0,
	ROLE_ADMIN = 1 << 0,
	ROLE_OFFICER = 1 << 1,
	ROLE_LEADER = 1 << 2,
	ROLE_CSRC = 1 << 3,
	ROLE_EXPERT = 1 << 4,
	ROLE_INSTITUTION = 1 << 5,
	ROLE_PUBLIC = 1 << 6, /* anyone, no log-in */
	ROLE_SYSTEM = 1 << 7, /* the scheduler: deadlines and expiries */
} role;
#define ROLE_STAFF (ROLE_ADMIN | ROLE_OFFICER | ROLE_LEADER | ROLE_CSRC)
#define ROLE_ANY_USER (ROLE_STAFF | ROLE_EXPERT | ROLE_INSTITUTION)
#define ROLE_ANYONE (ROLE_ANY_USER | ROLE_PUBLIC)

const char *role_id(role r);   /* "admin", ... ; NULL for a set or ROLE_NONE */
role role_parse(const char *s); /* ROLE_NONE when unknown; never ROLE_PUBLIC */
#endif
