/* Incidents and emergencies of a supervised project (§4.3 item 4), declared once: the levels
 * of the CSRC's classification (《证券期货业网络安全事件报告与调查处理办法》: 特别重大, 重大,
 * 较大, 一般) with the hours within which the initial report is due at each level (settings,
 * with the defaults here), the categories, the affected system's class (1-5), the states of
 * an incident and one table of every transition (state, action, roles, next state, clause).
 * src/app/incidents.c looks each write up here; pages read the labels from here. Pure. */
#ifndef BAOTU_CORE_INCIDENT_H
#define BAOTU_CORE_INCIDENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/text.h"
#include "core/transition.h"

typedef enum {
	INC_LEVEL_ESPECIALLY_MAJOR, /* 特别重大 */
	INC_LEVEL_MAJOR,            /* 重大 */
	INC_LEVEL_LARGE,            /* 较大 */
	INC_LEVEL_GENERAL,          /* 一般 */
	INC_LEVEL__COUNT
} incident_level;

typedef struct incident_level_info {
	const char *id, *label;
	const char *setting; /* the settings key of its initial-report deadline, in hours */
	int default_hours;   /* when the setting is absent */
} incident_level_info;
extern const incident_level_info INCIDENT_LEVELS[INC_LEVEL__COUNT];
/* The hours a setting may hold: 1 hour to a week. */
#define INCIDENT_HOURS_MIN 1
#define INCIDENT_HOURS_MAX 168

typedef id_label incident_label;
/* information_security, business_error, outage, other */
extern const incident_label INCIDENT_CATEGORIES[];
extern const size_t INCIDENT_CATEGORIES_COUNT;
/* The affected information system's class, 1 (least important) to 5 (most). */
#define INCIDENT_SYSTEM_CLASS_MIN 1
#define INCIDENT_SYSTEM_CLASS_MAX 5
/* Who opened it: the institution reporting it, or the working group on what it learned. */
extern const incident_label INCIDENT_SOURCES[];
extern const size_t INCIDENT_SOURCES_COUNT;
/* The stages of the institution's reports (初报, 续报, 终报). */
extern const incident_label INCIDENT_STAGES[];
extern const size_t INCIDENT_STAGES_COUNT;

typedef enum {
	INC_AWAITING_INITIAL, /* opened by the working group: the institution owes its report */
	INC_REPORTED,         /* the initial report is in; updates may follow */
	INC_FINAL,            /* the institution's final report is in */
	INC_CSRC_REPORTED,    /* the working group reported the handling and result to the CSRC */
	INC_ACKNOWLEDGED,     /* the CSRC acknowledged that report */
	INC__COUNT
} incident_state;
#define INC_NEW INC__COUNT

typedef enum {
	INCA_REPORT,         /* the institution reports an incident: its initial report */
	INCA_OPEN,           /* an officer records one the working group learned of */
	INCA_INITIAL,        /* the institution's initial report of an incident opened for it */
	INCA_UPDATE,         /* an update (续报) */
	INCA_FINAL,          /* the final report (终报) */
	INCA_GUIDE,          /* the working group's guidance */
	INCA_RECORD_LOSS,    /* the loss and the compensation as they stand */
	INCA_REPORT_TO_CSRC, /* the handling and its result, to the CSRC */
	INCA_ACKNOWLEDGE,    /* by the CSRC */
	INCA__COUNT
} incident_action;

typedef struct incident_state_info {
	const char *id, *label, *tone;
	bool csrc_sees; /* reported to the CSRC: its csrc users may read the incident */
} incident_state_info;
extern const incident_state_info INCIDENT_STATES[INC__COUNT];

typedef struct incident_action_info {
	const char *id, *label;
	const char *event; /* "incident.updated" ... */
	const char *stage; /* the stage of an incident.updated, else NULL */
} incident_action_info;
extern const incident_action_info INCIDENT_ACTIONS[INCA__COUNT];

/* The transitions (from: an incident_state, or INC_NEW), states and actions. */
extern const machine INCIDENT_MACHINE;
const incident_state_info *incident_state_info_of(const char *id); /* NULL: unknown */
const incident_level_info *incident_level_info_of(const char *id); /* NULL: unknown */

/* The initial report's deadline: hours after the incident was discovered (UTC µs). */
int64_t incident_initial_due(int64_t discovered_at, int hours);
/* Late: the initial report came in after its deadline, or it has not come in (initial_at 0)
 * and now is past it. */
bool incident_initial_late(int64_t due_at, int64_t initial_at, int64_t now);
#endif
