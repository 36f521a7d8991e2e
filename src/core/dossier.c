/* The evaluation dossier's parts and coverage. See dossier.h. */
#include "core/dossier.h"

#include "lib/i18n.h"

const dossier_part_info DOSSIER_PARTS[DP__COUNT] = {
    [DP_COVER] = {"cover", "Cover", N_("Cover")},
    [DP_APPLICATION] = {"application", "Application", N_("Application")},
    [DP_BOUNDARIES] = {"boundaries", "Boundaries", N_("Test boundaries and indicators")},
    [DP_REPORTS] = {"reports", "Reports", N_("Reports")},
    [DP_ALERTS] = {"alerts", "Alerts", N_("Alerts")},
    [DP_INSPECTIONS] = {"inspections", "Inspections", N_("Inspections")},
    [DP_INCIDENTS] = {"incidents", "Incidents", N_("Incidents")},
    [DP_COMPLAINTS] = {"complaints", "Complaints", N_("Complaints")},
    [DP_EXCHANGE] = {"exchange", "Exchange", N_("Messages and situation reports")},
    [DP_DECISIONS] = {"decisions", "Decisions", N_("Decisions and outcomes")},
    [DP_MANIFEST] = {"manifest", "Manifest", N_("Manifest of attachments")},
};

const char *const DOSSIER_APPLICATION_FIELDS[] = {
    "summary",        "scenarios",        "technologies",  "test_boundaries",
    "hypothesis",     "success_measures", "risk_controls", "investor_protection",
    "emergency_plan", "exit_plan",        "commitments",
};
const size_t DOSSIER_APPLICATION_FIELD_COUNT =
    sizeof DOSSIER_APPLICATION_FIELDS / sizeof *DOSSIER_APPLICATION_FIELDS;

bool dossier_covers(project_state s, bool launched)
{
	if (s < 0 || s >= ST__COUNT)
		return false;
	const state_info *i = &PROJECT_STATES[s];
	return i->supervised || (i->terminal && launched && s != ST_WITHDRAWN);
}

int64_t dossier_worst(bool below_is_bad, int64_t max, int64_t min)
{
	return below_is_bad ? min : max;
}
