#include "core/inspection.h"

#include <string.h>

#include "core/roles.h"
#include "lib/i18n.h"

#define OFFICER ROLE_OFFICER
#define LEADER ROLE_LEADER
#define INST ROLE_INSTITUTION

/* §4.3 item 3. The officer plans and runs an inspection; the institution (its lead's users,
 * §3.2) answers document requests and submits rectification evidence, attesting that what it
 * gives is true, accurate and complete; only a leader closes one, which is the working
 * group's confirmation that every order was carried out. Requests and findings go on until
 * the close: the first request starts the fieldwork, the first finding or order moves the
 * inspection on, later ones leave its state as it is. */
static const transition ROWS[] = {
    {INS_NEW, INSA_PLAN, OFFICER, INS_PLANNED, "§4.3"},
    {INS_PLANNED, INSA_NOTIFY, OFFICER, INS_NOTIFIED, "§4.3"},
    {INS_NOTIFIED, INSA_REQUEST_DOCUMENTS, OFFICER, INS_FIELDWORK, "§4.3"},
    {INS_FIELDWORK, INSA_REQUEST_DOCUMENTS, OFFICER, INS_FIELDWORK, "§4.3"},
    {INS_FINDINGS, INSA_REQUEST_DOCUMENTS, OFFICER, INS_FINDINGS, "§4.3"},
    {INS_RECTIFICATION, INSA_REQUEST_DOCUMENTS, OFFICER, INS_RECTIFICATION, "§4.3"},
    {INS_FIELDWORK, INSA_ANSWER_DOCUMENTS, INST, INS_FIELDWORK, "§4.3"},
    {INS_FINDINGS, INSA_ANSWER_DOCUMENTS, INST, INS_FINDINGS, "§4.3"},
    {INS_RECTIFICATION, INSA_ANSWER_DOCUMENTS, INST, INS_RECTIFICATION, "§4.3"},
    {INS_NOTIFIED, INSA_RECORD_FINDING, OFFICER, INS_FINDINGS, "§4.3"},
    {INS_FIELDWORK, INSA_RECORD_FINDING, OFFICER, INS_FINDINGS, "§4.3"},
    {INS_FINDINGS, INSA_RECORD_FINDING, OFFICER, INS_FINDINGS, "§4.3"},
    {INS_RECTIFICATION, INSA_RECORD_FINDING, OFFICER, INS_RECTIFICATION, "§4.3"},
    {INS_FINDINGS, INSA_ORDER_RECTIFICATION, OFFICER, INS_RECTIFICATION, "§4.3"},
    {INS_RECTIFICATION, INSA_ORDER_RECTIFICATION, OFFICER, INS_RECTIFICATION, "§4.3"},
    {INS_RECTIFICATION, INSA_SUBMIT_RECTIFICATION, INST, INS_RECTIFICATION, "§4.3"},
    {INS_RECTIFICATION, INSA_VERIFY_RECTIFICATION, OFFICER, INS_RECTIFICATION, "§4.3"},
    /* an on-site visit may find nothing: a notified inspection may close with its conclusion */
    {INS_NOTIFIED, INSA_CLOSE, LEADER, INS_CLOSED, "§4.3"},
    {INS_FIELDWORK, INSA_CLOSE, LEADER, INS_CLOSED, "§4.3"},
    {INS_FINDINGS, INSA_CLOSE, LEADER, INS_CLOSED, "§4.3"},
    {INS_RECTIFICATION, INSA_CLOSE, LEADER, INS_CLOSED, "§4.3"},
};

/* id, label, tone, final */
const inspection_state_info INSPECTION_STATES[INS__COUNT] = {
    [INS_PLANNED] = {"planned", N_("Planned"), "draft", false},
    [INS_NOTIFIED] = {"notified", N_("Institution notified"), "wait", false},
    [INS_FIELDWORK] = {"fieldwork", N_("Fieldwork"), "wait", false},
    [INS_FINDINGS] = {"findings", N_("Findings recorded"), "warn", false},
    [INS_RECTIFICATION] = {"rectification", N_("Under rectification"), "warn", false},
    [INS_CLOSED] = {"closed", N_("Closed"), "ok", true},
};

const inspection_action_info INSPECTION_ACTIONS[INSA__COUNT] = {
    [INSA_PLAN] = {"plan", N_("Plan an inspection"), "inspection.planned"},
    [INSA_NOTIFY] = {"notify", N_("Notify the institution"), "inspection.notified"},
    [INSA_REQUEST_DOCUMENTS] = {"request_documents", N_("Request documents"),
                                "inspection.documents_requested"},
    [INSA_ANSWER_DOCUMENTS] = {"answer_documents", N_("Answer the request"),
                               "inspection.documents_answered"},
    [INSA_RECORD_FINDING] = {"record_finding", N_("Record a finding"), "inspection.finding"},
    [INSA_ORDER_RECTIFICATION] = {"order_rectification", N_("Order a rectification"),
                                  "inspection.rectification_ordered"},
    [INSA_SUBMIT_RECTIFICATION] = {"submit_rectification", N_("Submit the evidence"),
                                   "inspection.rectification_submitted"},
    [INSA_VERIFY_RECTIFICATION] = {"verify_rectification", N_("Verify the rectification"),
                                   "inspection.rectification_verified"},
    [INSA_CLOSE] = {"close", N_("Close the inspection"), "inspection.closed"},
};

const machine INSPECTION_MACHINE = MACHINE(ROWS, INSPECTION_STATES, INSPECTION_ACTIONS);

const inspection_label INSPECTION_ORIGINS[] = {
    {"working_group", N_("On the working group's own initiative")},
    {"csrc", N_("On the CSRC's work arrangement")},
};
const size_t INSPECTION_ORIGINS_COUNT = sizeof INSPECTION_ORIGINS / sizeof *INSPECTION_ORIGINS;

const inspection_label INSPECTION_MODES[] = {
    {"onsite", N_("On-site")},
    {"offsite", N_("Off-site")},
};
const size_t INSPECTION_MODES_COUNT = sizeof INSPECTION_MODES / sizeof *INSPECTION_MODES;

const inspection_label INSPECTION_SEVERITIES[] = {
    {"low", N_("Low")},
    {"medium", N_("Medium")},
    {"high", N_("High")},
    {"critical", N_("Critical")},
};
const size_t INSPECTION_SEVERITIES_COUNT =
    sizeof INSPECTION_SEVERITIES / sizeof *INSPECTION_SEVERITIES;

const inspection_label INSPECTION_ORDER_STATUSES[] = {
    {"open", N_("Evidence due")},
    {"submitted", N_("Evidence submitted")},
    {"accepted", N_("Verified and accepted")},
};
const size_t INSPECTION_ORDER_STATUSES_COUNT =
    sizeof INSPECTION_ORDER_STATUSES / sizeof *INSPECTION_ORDER_STATUSES;

const inspection_state_info *inspection_state_info_of(const char *id)
{
	int s = machine_state_of(&INSPECTION_MACHINE, id);
	return s < 0 ? NULL : &INSPECTION_STATES[s];
}

bool inspection_overdue(const char *due_on, const char *today, bool open)
{
	return open && due_on && today && strcmp(due_on, today) < 0;
}
