/* Two-step log-in on a migrated SQLite store, with the clock pinned: the password of an account
 * with a second factor opens no session; a code opens one, once; a recovery code works once in
 * either case; the setting sends a staff account without one to enrol, and shows the secret
 * once; one's sessions are listed by a public id, never the token's hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "app/app_internal.h"
#include "lib/totp.h"
#include "store_fixture.h"
#include "support.h"

#define PW "Quan-cheng-2026!"
#define T0 1796000025LL /* seconds: 25 s into a step */

static int setup(void **state)
{
	store_fixture *f = calloc(1, sizeof *f);
	store_fixture_open(f);
	f->ap.session_ttl_us = 3600 * 1000000LL;
	time_set_override(T0 * 1000000);
	*state = f;
	return 0;
}

static const client_info CLIENT = {"192.0.2.7", "unit/1.0"};

/* A new account of role_s: its actor. */
static actor add_user(store_fixture *f, const char *name, const char *role_s, role rl)
{
	err e;
	int64_t id;
	assert_int_equal(user_create(&f->ap, f->a, &ACTOR_CLI, name, role_s, 0, NULL, PW, &id, &e),
	                 0);
	return (actor){id, name, rl, 0, arena_printf(f->a, "user:%lld", (long long)id)};
}

/* The 6-digit code of the base32 secret at Unix time t. */
static const char *code_at(store_fixture *f, const char *secret, int64_t t)
{
	uint8_t key[TOTP_SECRET_MAX];
	int n = base32_decode(secret, key, sizeof key);
	assert_true(n > 0);
	return arena_printf(f->a, "%06lld", (long long)totp_at(TOTP_SHA1, key, (size_t)n, t, 6));
}

/* Enrols who at the pinned time; the secret, and the recovery codes in *codes. */
static const char *enrol(store_fixture *f, const actor *who, json_t **codes)
{
	err e;
	json_t *offer = account_totp_begin(&f->ap, f->a, who, &e);
	assert_non_null(offer);
	const char *secret =
	    arena_strdup(f->a, json_string_value(json_object_get(offer, "secret")));
	json_decref(offer);
	json_t *done = account_totp_confirm(&f->ap, f->a, who, code_at(f, secret, T0), &e);
	assert_non_null(done);
	*codes = json_incref(json_object_get(done, "recovery_codes"));
	json_decref(done);
	assert_int_equal(json_array_size(*codes), RECOVERY_CODES);
	return secret;
}

static void test_the_password_alone_opens_no_session(void **state)
{
	store_fixture *f = *state;
	actor who = add_user(f, "li.officer", "officer", ROLE_OFFICER);
	json_t *codes;
	enrol(f, &who, &codes);
	json_decref(codes);
	err e;
	session_out s;
	assert_int_equal(session_login(&f->ap, f->a, "li.officer", PW, &CLIENT, &s, &e), 0);
	assert_string_equal(s.stage, "otp");
	assert_null(s.user);
	actor got;
	assert_int_equal(session_resolve(&f->ap, f->a, s.token, &got, NULL, &e), -1);
	assert_int_equal(e.status, 401);
	app_request_end();
}

static void test_a_code_opens_one_session_once(void **state)
{
	store_fixture *f = *state;
	actor who = add_user(f, "li.officer", "officer", ROLE_OFFICER);
	json_t *codes;
	const char *secret = enrol(f, &who, &codes);
	json_decref(codes);
	err e;
	session_out s, done;
	/* the enrolment's own code is spent already */
	assert_int_equal(session_login(&f->ap, f->a, "li.officer", PW, &CLIENT, &s, &e), 0);
	assert_int_equal(
	    session_second_step(&f->ap, f->a, s.token, code_at(f, secret, T0), &CLIENT, &done, &e),
	    -1);
	assert_string_equal(e.code, "bad_code");
	/* the next step's, one step of drift ahead, is good, once */
	const char *next = code_at(f, secret, T0 + TOTP_STEP);
	assert_int_equal(session_second_step(&f->ap, f->a, s.token, next, &CLIENT, &done, &e), 0);
	assert_null(done.stage);
	json_decref(done.user);
	actor got;
	assert_int_equal(session_resolve(&f->ap, f->a, done.token, &got, NULL, &e), 0);
	assert_int_equal(got.user_id, who.user_id);
	app_request_end();
	assert_int_equal(session_login(&f->ap, f->a, "li.officer", PW, &CLIENT, &s, &e), 0);
	assert_int_equal(session_second_step(&f->ap, f->a, s.token, next, &CLIENT, &done, &e), -1);
	assert_string_equal(e.code, "bad_code");
	/* two steps ahead is beyond the drift allowed */
	assert_int_equal(session_second_step(&f->ap, f->a, s.token,
	                                     code_at(f, secret, T0 + 2 * TOTP_STEP), &CLIENT, &done,
	                                     &e),
	                 -1);
	assert_string_equal(e.code, "bad_code");
}

static void test_a_recovery_code_works_once_in_either_case(void **state)
{
	store_fixture *f = *state;
	actor who = add_user(f, "li.officer", "officer", ROLE_OFFICER);
	json_t *codes;
	enrol(f, &who, &codes);
	char typed[20];
	const char *c = json_string_value(json_array_get(codes, 3));
	size_t n = 0;
	for (const char *p = c; *p; p++)
		if (*p != '-')
			typed[n++] = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
	typed[n] = '\0';
	err e;
	session_out s, done;
	assert_int_equal(session_login(&f->ap, f->a, "li.officer", PW, &CLIENT, &s, &e), 0);
	assert_int_equal(session_second_step(&f->ap, f->a, s.token, typed, &CLIENT, &done, &e), 0);
	json_decref(done.user);
	assert_int_equal(session_login(&f->ap, f->a, "li.officer", PW, &CLIENT, &s, &e), 0);
	assert_int_equal(session_second_step(&f->ap, f->a, s.token, c, &CLIENT, &done, &e), -1);
	assert_string_equal(e.code, "bad_code");
	json_t *st = account_totp_status(&f->ap, f->a, &who, &e);
	assert_int_equal(json_integer_value(json_object_get(st, "recovery_codes_left")), 9);
	json_decref(st);
	json_decref(codes);
}

static void test_the_setting_sends_staff_to_enrol(void **state)
{
	store_fixture *f = *state;
	actor officer = add_user(f, "li.officer", "officer", ROLE_OFFICER);
	add_user(f, "wang.expert", "expert", ROLE_EXPERT);
	err e;
	assert_int_equal(security_settings_set(&f->ap, f->a, &ACTOR_CLI, true, "上线", &e), 0);
	session_out s;
	assert_int_equal(session_login(&f->ap, f->a, "wang.expert", PW, &CLIENT, &s, &e), 0);
	assert_null(s.stage); /* an expert is not asked */
	json_decref(s.user);
	assert_int_equal(session_login(&f->ap, f->a, "li.officer", PW, &CLIENT, &s, &e), 0);
	assert_string_equal(s.stage, "enrol");
	char pending[65];
	strcpy(pending, s.token);
	json_t *offer = session_enrol_secret(&f->ap, f->a, pending, &e);
	assert_non_null(offer);
	const char *secret =
	    arena_strdup(f->a, json_string_value(json_object_get(offer, "secret")));
	json_decref(offer);
	assert_null(session_enrol_secret(&f->ap, f->a, pending, &e));
	assert_string_equal(e.code, "secret_shown");
	session_out done;
	assert_int_equal(
	    session_second_step(&f->ap, f->a, pending, code_at(f, secret, T0), &CLIENT, &done, &e),
	    0);
	assert_int_equal(json_array_size(done.recovery_codes), RECOVERY_CODES);
	json_decref(done.user);
	json_decref(done.recovery_codes);
	assert_int_equal(account_totp_disable(&f->ap, f->a, &officer, PW, &e), -1);
	assert_string_equal(e.code, "totp_required");
}

static void test_own_sessions_show_no_token_hash(void **state)
{
	store_fixture *f = *state;
	actor who = add_user(f, "li.officer", "officer", ROLE_OFFICER);
	err e;
	session_out a, b;
	assert_int_equal(session_login(&f->ap, f->a, "li.officer", PW, &CLIENT, &a, &e), 0);
	assert_int_equal(session_login(&f->ap, f->a, "li.officer", PW, &CLIENT, &b, &e), 0);
	json_decref(a.user);
	json_decref(b.user);
	json_t *list = account_sessions(&f->ap, f->a, &who, a.token, &e);
	assert_non_null(list);
	json_t *items = json_object_get(list, "items");
	assert_int_equal(json_array_size(items), 2);
	char *text = json_dumps(list, 0);
	store_result *r;
	store_conn *c = store_acquire(f->st, &e);
	assert_int_equal(store_q(c, f->a, &e, &r, "SELECT token_hash FROM sessions", ""), 0);
	store_release(c);
	for (int i = 0; i < r->nrows; i++)
		assert_null(strstr(text, store_get(r, i, "token_hash")));
	assert_null(strstr(text, a.token));
	free(text);
	int current = 0;
	size_t i;
	json_t *it;
	const char *other = NULL;
	json_array_foreach(items, i, it)
	{
		assert_int_equal(strlen(json_string_value(json_object_get(it, "id"))), 16);
		if (json_is_true(json_object_get(it, "current")))
			current++;
		else
			other = arena_strdup(f->a, json_string_value(json_object_get(it, "id")));
	}
	assert_int_equal(current, 1);
	/* another's session is not found; one's own ends */
	actor stranger = {who.user_id + 1, "x", ROLE_OFFICER, 0, "user:99"};
	assert_int_equal(account_session_revoke(&f->ap, f->a, &stranger, other, &e), -1);
	assert_int_equal(e.status, 404);
	assert_int_equal(account_session_revoke(&f->ap, f->a, &who, other, &e), 0);
	actor got;
	assert_int_equal(session_resolve(&f->ap, f->a, b.token, &got, NULL, &e), -1);
	app_request_end();
	json_decref(list);
}

TEST_MAIN("app/accounts", NULL, NULL, STORE_FIXTURE_TEST(test_the_password_alone_opens_no_session),
          STORE_FIXTURE_TEST(test_a_code_opens_one_session_once),
          STORE_FIXTURE_TEST(test_a_recovery_code_works_once_in_either_case),
          STORE_FIXTURE_TEST(test_the_setting_sends_staff_to_enrol),
          STORE_FIXTURE_TEST(test_own_sessions_show_no_token_hash))
