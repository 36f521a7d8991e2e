/* Server-rendered pages (ui_*.c): zh-CN first, English by switch, no JavaScript needed. */
#ifndef BAOTU_WEB_UI_H
#define BAOTU_WEB_UI_H
#include "web/http.h"

/* Layout: opens the page (head, header with user menu, language switch, demo banner). */
void ui_page_begin(req *r, const char *title);
void ui_page_end(req *r);
/* An error page for r->e, with the right status. */
int ui_error_page(req *r);

int ui_static(req *r);
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
int ui_eligibility_form(req *r);
int ui_eligibility_submit(req *r);
#endif
