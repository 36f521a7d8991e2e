/* The institution register (§3.1, §3.2) and the eligibility checker (§3). */
#ifndef BAOTU_WEB_UI_INSTITUTIONS_H
#define BAOTU_WEB_UI_INSTITUTIONS_H
#include "web/http.h"

/* ui_institutions.c */
int ui_institutions(req *r);    /* GET /institutions (?q=): the register (own for an institution) */
int ui_institution_new(req *r); /* GET /institutions/new */
int ui_institution_create(req *r); /* POST /institutions */
int ui_institution_show(req *r);   /* GET /institutions/{id}: entry, place warning, history */
int ui_institution_edit(req *r);   /* GET /institutions/{id}/edit */
int ui_institution_save(req *r);   /* POST /institutions/{id} */
/* POST /institutions/{id}/place-warning/acknowledge (§3.1), back to the institution */
int ui_institution_ack_place_warning(req *r);

/* ui_eligibility.c */
int ui_eligibility_form(req *r);   /* GET /eligibility (?inst0=&lead=&track=) */
int ui_eligibility_submit(req *r); /* POST /eligibility: the verdict and the form again */
#endif
