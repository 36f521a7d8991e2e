/* A header whose string macros the checker resolves for the fixtures that include it. */
#ifndef FIXTURE_H
#define FIXTURE_H
#define FIXTURE_COLS "id, name, created_at"
#define FIXTURE_BY_NAME "WHERE name = $1"
#define FIXTURE_LINK "<a href=\"%a\">%h</a>"
#endif
