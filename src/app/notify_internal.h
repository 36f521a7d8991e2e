/* What notify.c and delivery.c share. notify_event itself, which app_event calls, is declared
 * in app_internal.h (the app module may not include this one: the two would include each
 * other). */
#ifndef BAOTU_APP_NOTIFY_INTERNAL_H
#define BAOTU_APP_NOTIFY_INTERNAL_H
#include "app/app_internal.h"
#include "app/notify.h"

/* A sending node that dies leaves its claim: after this long another node takes the row
 * again (so delivery is at least once). */
#define NOTIFY_CLAIM_LEASE_US (5LL * 60 * 1000000)

/* The settings in force: ap's, or the defaults (no e-mail) when it has none. */
const notify_settings *notify_settings_of(const app *ap);
#endif
