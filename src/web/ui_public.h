/* The public portal (§4.2), no log-in: open notices, a notice and its comments, the register. */
#ifndef BAOTU_WEB_UI_PUBLIC_H
#define BAOTU_WEB_UI_PUBLIC_H
#include "web/http.h"

int ui_public_notices(req *r); /* GET /public: the open notices */
int ui_public_notice(req *r);  /* GET /public/notices/{id}: published comments, comment form */
int ui_public_comment(req *r); /* POST /public/notices/{id}/comments (same origin only) */
int ui_public_pilots(req *r);  /* GET /public/pilots (?track=): launched pilots, coaching */

/* A page of the portal: the page, its sub-navigation and heading (eyebrow and lead may be
 * NULL). Also the complaint pages' (ui_complaints.c). */
void ui_public_page_begin(req *r, const char *title, const char *eyebrow, const char *h1,
                          const char *lead);
#endif
