/* Pages around an account: log-in, log-out, the language, the home page, user accounts. */
#ifndef BAOTU_WEB_UI_LOGIN_H
#define BAOTU_WEB_UI_LOGIN_H
#include "web/http.h"

int ui_login_form(req *r);   /* GET /login (?next=) */
int ui_login_submit(req *r); /* POST /login: credentials, no session to take a token from */
int ui_login_otp(req *r);    /* POST /login/otp: the second step (the pending cookie) */
int ui_logout(req *r);       /* POST /logout */
int ui_lang(req *r);         /* GET /lang/{lang} (?next=): the lang cookie, back to next */
int ui_home(req *r);         /* GET /: what the caller's role works with */
int ui_users(req *r);        /* GET /users (admin); the menu links it when routes.c routes it */
#endif
