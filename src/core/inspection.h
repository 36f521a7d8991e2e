/* Inspections of a supervised project (§4.3 item 3: on-site and off-site inspections; the
 * institution must give true, accurate and complete information), declared once: every state
 * of an inspection (its label and tone), every action (its labels and the event it appends),
 * the severities of a finding, the modes, and one table of every transition (state, action,
 * roles, next state, clause), the way core/workflow.c declares a project's. src/app/
 * inspections.c looks each write up here; pages read the labels from here. Pure: no I/O. */
#ifndef BAOTU_CORE_INSPECTION_H
#define BAOTU_CORE_INSPECTION_H
#include <stdbool.h>
#include <stddef.h>

#include "core/text.h"
#include "core/transition.h"

typedef enum {
	INS_PLANNED,       /* the working group plans it; only staff know of it */
	INS_NOTIFIED,      /* the institution is told: from now on its members see it */
	INS_FIELDWORK,     /* documents are asked for (off-site) or the team is on site */
	INS_FINDINGS,      /* at least one finding is on record */
	INS_RECTIFICATION, /* at least one rectification order is on record */
	INS_CLOSED,        /* a leader closed it: every order was verified and accepted */
	INS__COUNT
} inspection_state;
/* The "state" of an inspection not planned yet: the from of the row that plans one. */
#define INS_NEW INS__COUNT

typedef enum {
	INSA_PLAN,
	INSA_NOTIFY,
	INSA_REQUEST_DOCUMENTS,
	INSA_ANSWER_DOCUMENTS,
	INSA_RECORD_FINDING,
	INSA_ORDER_RECTIFICATION,
	INSA_SUBMIT_RECTIFICATION,
	INSA_VERIFY_RECTIFICATION,
	INSA_CLOSE,
	INSA__COUNT
} inspection_action;

typedef struct inspection_state_info {
	const char *id;    /* as stored and in the API */
	const char *label; /* a catalog message id (English; po/ translates) */
	const char *tone;  /* the tag's colour class, as the project's states: wait, warn, ok... */
	bool terminal;
} inspection_state_info;
extern const inspection_state_info INSPECTION_STATES[INS__COUNT];

typedef struct inspection_action_info {
	const char *id;    /* in the API: "request_documents" */
	const char *label; /* the form's button */
	const char *event; /* the event it appends: "inspection.documents_requested" */
} inspection_action_info;
extern const inspection_action_info INSPECTION_ACTIONS[INSA__COUNT];

/* The transitions (from: an inspection_state, or INS_NEW), states and actions. */
extern const machine INSPECTION_MACHINE;
const inspection_state_info *inspection_state_info_of(const char *id); /* NULL: unknown */

/* ---- what an inspection is made of ---- */

typedef id_label inspection_label;
/* Who set the inspection going (§4.3 item 3): the working group on its own initiative, or the
 * CSRC's work arrangement (the CSRC then reads it). */
extern const inspection_label INSPECTION_ORIGINS[];
extern const size_t INSPECTION_ORIGINS_COUNT;
/* onsite, offsite */
extern const inspection_label INSPECTION_MODES[];
extern const size_t INSPECTION_MODES_COUNT;
/* A finding's severity, least first: low, medium, high, critical. */
extern const inspection_label INSPECTION_SEVERITIES[];
extern const size_t INSPECTION_SEVERITIES_COUNT;
/* A rectification order: open (the institution owes evidence, again after a send-back),
 * submitted (evidence waits for verification), accepted (verified: done). */
extern const inspection_label INSPECTION_ORDER_STATUSES[];
extern const size_t INSPECTION_ORDER_STATUSES_COUNT;

/* A deadline ("YYYY-MM-DD", inclusive, China Standard Time) is overdue on today when it is
 * still open and today is a later day. Dates compare as text in that form. */
bool inspection_overdue(const char *due_on, const char *today, bool open);
#endif
