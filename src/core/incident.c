#include "core/incident.h"

#include <string.h>

#include "core/roles.h"
#include "lib/i18n.h"

#define OFFICER ROLE_OFFICER
#define WORKING_GROUP (ROLE_OFFICER | ROLE_LEADER)
#define INST ROLE_INSTITUTION
#define CSRC ROLE_CSRC
#define LOSS_KEEPERS (ROLE_OFFICER | ROLE_INSTITUTION)

/* Loss and compensation may be recorded at every stage, after the CSRC's acknowledgement too:
 * compensation often takes longer than the handling, and §5.2 weighs what was compensated. */
#define RECORD_LOSS(st)                                                                            \
	{                                                                                          \
		st, INCA_RECORD_LOSS, LOSS_KEEPERS, st, "§4.3"                                    \
	}

/* §4.3 item 4: the institution reports promptly, accurately and completely (initial report,
 * updates, final report); the working group guides it and reports the handling and its result
 * to the CSRC, which acknowledges the report. */
static const transition ROWS[] = {
    {INC_NEW, INCA_REPORT, INST, INC_REPORTED, "§4.3"},
    {INC_NEW, INCA_OPEN, OFFICER, INC_AWAITING_INITIAL, "§4.3"},
    {INC_AWAITING_INITIAL, INCA_INITIAL, INST, INC_REPORTED, "§4.3"},
    {INC_REPORTED, INCA_UPDATE, INST, INC_REPORTED, "§4.3"},
    {INC_REPORTED, INCA_FINAL, INST, INC_FINAL, "§4.3"},
    {INC_AWAITING_INITIAL, INCA_GUIDE, WORKING_GROUP, INC_AWAITING_INITIAL, "§4.3"},
    {INC_REPORTED, INCA_GUIDE, WORKING_GROUP, INC_REPORTED, "§4.3"},
    {INC_FINAL, INCA_GUIDE, WORKING_GROUP, INC_FINAL, "§4.3"},
    RECORD_LOSS(INC_AWAITING_INITIAL),
    RECORD_LOSS(INC_REPORTED),
    RECORD_LOSS(INC_FINAL),
    RECORD_LOSS(INC_CSRC_REPORTED),
    RECORD_LOSS(INC_ACKNOWLEDGED),
    {INC_FINAL, INCA_REPORT_TO_CSRC, WORKING_GROUP, INC_CSRC_REPORTED, "§4.3"},
    {INC_CSRC_REPORTED, INCA_ACKNOWLEDGE, CSRC, INC_ACKNOWLEDGED, "§4.3"},
};

/* The defaults of the initial report's deadline, by level (hours after discovery). */
const incident_level_info INCIDENT_LEVELS[INC_LEVEL__COUNT] = {
    [INC_LEVEL_ESPECIALLY_MAJOR] = {"especially_major", N_("Especially major"),
                                    "incident_initial_hours_especially_major", 1},
    [INC_LEVEL_MAJOR] = {"major", N_("Major"), "incident_initial_hours_major", 2},
    [INC_LEVEL_LARGE] = {"large", N_("Large"), "incident_initial_hours_large", 4},
    [INC_LEVEL_GENERAL] = {"general", N_("General"), "incident_initial_hours_general", 24},
};

const incident_label INCIDENT_CATEGORIES[] = {
    {"information_security", N_("Information security")},
    {"business_error", N_("Business error")},
    {"outage", N_("Outage")},
    {"other", N_("Other")},
};
const size_t INCIDENT_CATEGORIES_COUNT = sizeof INCIDENT_CATEGORIES / sizeof *INCIDENT_CATEGORIES;

const incident_label INCIDENT_SOURCES[] = {
    {"institution", N_("Reported by the institution")},
    {"working_group", N_("Opened by the working group")},
};
const size_t INCIDENT_SOURCES_COUNT = sizeof INCIDENT_SOURCES / sizeof *INCIDENT_SOURCES;

const incident_label INCIDENT_STAGES[] = {
    {"initial", N_("Initial report")},
    {"update", N_("Update")},
    {"final", N_("Final report")},
};
const size_t INCIDENT_STAGES_COUNT = sizeof INCIDENT_STAGES / sizeof *INCIDENT_STAGES;

/* id, label, tone, the CSRC sees it */
const incident_state_info INCIDENT_STATES[INC__COUNT] = {
    [INC_AWAITING_INITIAL] = {"awaiting_initial", N_("Initial report due"), "warn", false},
    [INC_REPORTED] = {"reported", N_("Being handled"), "wait", false},
    [INC_FINAL] = {"final", N_("Final report in"), "wait", false},
    [INC_CSRC_REPORTED] = {"csrc_reported", N_("Reported to the CSRC"), "ok", true},
    [INC_ACKNOWLEDGED] = {"acknowledged", N_("Acknowledged by the CSRC"), "ok", true},
};

const incident_action_info INCIDENT_ACTIONS[INCA__COUNT] = {
    [INCA_REPORT] = {"report", N_("Report an incident"), "incident.reported", "initial"},
    [INCA_OPEN] = {"open", N_("Record an incident"), "incident.reported", NULL},
    [INCA_INITIAL] = {"initial", N_("Send the initial report"), "incident.updated", "initial"},
    [INCA_UPDATE] = {"update", N_("Send an update"), "incident.updated", "update"},
    [INCA_FINAL] = {"final", N_("Send the final report"), "incident.updated", "final"},
    [INCA_GUIDE] = {"guide", N_("Give guidance"), "incident.guidance", NULL},
    [INCA_RECORD_LOSS] = {"record_loss", N_("Record loss and compensation"),
                          "incident.loss_recorded", NULL},
    [INCA_REPORT_TO_CSRC] = {"report_to_csrc", N_("Report to the CSRC"),
                             "incident.reported_to_csrc", NULL},
    [INCA_ACKNOWLEDGE] = {"acknowledge", N_("Acknowledge the report"), "incident.acknowledged",
                          NULL},
};

const machine INCIDENT_MACHINE = MACHINE(ROWS, INCIDENT_STATES, INCIDENT_ACTIONS);

const incident_state_info *incident_state_info_of(const char *id)
{
	int s = machine_state_of(&INCIDENT_MACHINE, id);
	return s < 0 ? NULL : &INCIDENT_STATES[s];
}

const incident_level_info *incident_level_info_of(const char *id)
{
	int l = ID_INDEX(INCIDENT_LEVELS, INC_LEVEL__COUNT, id);
	return l < 0 ? NULL : &INCIDENT_LEVELS[l];
}

int64_t incident_initial_due(int64_t discovered_at, int hours)
{
	return discovered_at + (int64_t)hours * 3600 * 1000000;
}

bool incident_initial_late(int64_t due_at, int64_t initial_at, int64_t now)
{
	return initial_at ? initial_at > due_at : now > due_at;
}
