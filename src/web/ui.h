/* Server-rendered pages (ui_*.c): zh-CN first, English by switch, no JavaScript needed. */
#ifndef BAOTU_WEB_UI_H
#define BAOTU_WEB_UI_H
#include "web/http.h"

/* Small helpers shared by the pages: a string member or "", an integer member, and a message
 * with its {key} placeholder replaced by val. */
const char *jstr(json_t *o, const char *k);
long long jint(json_t *o, const char *k);
const char *subst(req *r, const char *msg, const char *key, const char *val);
/* A time (UTC microseconds) as China Standard Time, "YYYY-MM-DD HH:MM"; "" for 0. */
const char *ui_time_cst(req *r, long long us);

/* Names for the actors of a history ("user:7" -> the username), looked up once per page. */
#define UI_ACTOR_NAMES 8
typedef struct ui_actor_names {
	const char *actor[UI_ACTOR_NAMES], *label[UI_ACTOR_NAMES];
} ui_actor_names;
const char *ui_actor_label(req *r, ui_actor_names *cache, const char *actor);

/* Layout: opens the page (head, header with user menu, language switch, demo banner). */
void ui_page_begin(req *r, const char *title);
void ui_page_end(req *r);
/* An error page for r->e, with the right status. */
int ui_error_page(req *r);

/* GET /static/{file}: an embedded asset, under its plain name or "NAME.HASH.EXT" (cached for
 * good), gzipped for clients that accept it. */
int ui_static(req *r);
/* The URL of a static asset under its content hash, e.g. "/static/baotu.0123456789ab.css". */
const char *ui_static_url(req *r, const char *file);
int ui_login_form(req *r);
int ui_login_submit(req *r);
int ui_logout(req *r);
int ui_home(req *r);
int ui_lang(req *r);
int ui_institutions(req *r);
int ui_institution_new(req *r);
int ui_institution_create(req *r);
int ui_institution_show(req *r);
int ui_institution_edit(req *r);
int ui_institution_save(req *r);
int ui_institution_ack_place_warning(req *r);
int ui_eligibility_form(req *r);
int ui_eligibility_submit(req *r);
/* GET /users (admin): the user accounts. The home page links to it once routes.c routes it. */
int ui_users(req *r);
/* The project page's materials section (ui_materials.c): list, downloads, upload form. */
void ui_materials_section(req *r, int64_t project_id);
#endif
