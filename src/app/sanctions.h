/* Sanctions and exit (§4.4): 视情况暂停或停止试点; 情节严重的,依法采取行政监管措施; 涉嫌违法犯罪
 * 的,移交稽查部门或相关执法部门; 自行申请退出或者强制退出的试点项目,应严格执行退出方案,充分保障
 * 投资者合法权益. The workflow's actions (app/projects.c) record the sanctions and move the
 * exit; this is what reads them, the exit checklist's evidence and the public register.
 *
 * Who sees what:
 *  - The working group and the CSRC read every launched pilot's sanctions and exit; a member
 *    institution reads its own project's; experts never (the routes refuse them); a project the
 *    caller may not see is 404.
 *  - The lead institution's user or an officer gives an exit item its evidence while the pilot
 *    is exiting (409 invalid_state otherwise); another member 403, anyone else 404.
 *  - The public reads the register (every launched pilot's state and the public outcomes of its
 *    history: state changes with their date and clause, never reasons, evidence, administrative
 *    measures or referrals) and the exit announcements. */
#ifndef BAOTU_APP_SANCTIONS_H
#define BAOTU_APP_SANCTIONS_H
#include "app/app.h"

#define SANCTION_TEXT_MAX 4000   /* an evidence line, a measure, an authority (characters) */
#define SANCTION_EVIDENCE_MAX 50 /* evidence lines of one sanction */
#define EXIT_CHANNEL_DAYS 180    /* the complaint channel's default, setting exit_channel_days */

/* The exit checklist's items, in order (NULL-terminated), and an item's label (a catalog
 * message id, English; NULL for no such item). */
extern const char *const EXIT_ITEMS[];
const char *exit_item_label(const char *item);

/* GET /api/v1/projects/{id}/sanctions: {"items":[sanction...],"next"}, oldest first. */
json_t *sanction_list(app *ap, arena *a, const actor *who, int64_t project_id, int64_t after,
                      int limit, err *e);
/* GET /api/v1/projects/{id}/exit: {project_id, state, application|null, exit|null} with the
 * exit's checklist and each item's evidence, and may_give_evidence for the caller. */
json_t *exit_get(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
/* PUT /api/v1/projects/{id}/exit/items/{item}: {evidence}; answers the exit as exit_get. */
int exit_item_evidence(app *ap, arena *a, const actor *who, int64_t project_id, const char *item,
                       const json_t *body, json_t **out, err *e);

/* GET /api/v1/public/pilots: the register (app/notices.c's pilot_register) with each pilot's
 * public outcomes ("outcomes": [{action, label, from, to, on, clause, kind?}]). */
json_t *public_register(app *ap, arena *a, const char *track, int64_t after, int limit, err *e);
/* GET /api/v1/public/exits: the exit announcements, newest first ({items, next}: next is the
 * id to pass as ?after= for older ones). */
json_t *public_exits(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e);
#endif
