/*
 * auth.c: accounts, passwords, sessions, API tokens, roles and the scope
 * rule.  Passwords are hashed with Argon2id (libsodium's crypto_pwhash);
 * session and API tokens are random, and only their BLAKE2b hash is
 * stored.  Trusts the store; checks every input it is given.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain.h"

#define SESSION_SECONDS	(12 * 3600)
#define THROTTLE_MAX	5		/* failures from one address ... */
#define THROTTLE_MAX_USER 20		/* ... or on one account, from anywhere */
#define THROTTLE_WINDOW	(15 * 60)	/* ... within this many seconds */

const char *const role_names[ROLE__MAX] = {
	"admin", "officer", "chair", "member", "viewer",
};
const char *const role_labels[ROLE__MAX] = {
	"Quản trị", "Cán bộ công đoàn cấp trên", "Chủ tịch CĐCS",
	"Đoàn viên", "Người xem",
};

/* What each role may do within its subtree. */
static const unsigned caps[ROLE__MAX] = {
	[ROLE_ADMIN] = 1u << CAP_READ | 1u << CAP_PEOPLE | 1u << CAP_UNITS |
	    1u << CAP_AUDIT | 1u << CAP_USERS,
	[ROLE_OFFICER] = 1u << CAP_READ | 1u << CAP_PEOPLE | 1u << CAP_UNITS |
	    1u << CAP_AUDIT,
	[ROLE_CHAIR] = 1u << CAP_READ | 1u << CAP_PEOPLE,
	[ROLE_MEMBER] = 0,
	[ROLE_VIEWER] = 1u << CAP_READ,
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void
auth_init(void)
{
	if (sodium_init() < 0) {
		log_err("libsodium failed to initialise");
		abort();
	}
	/* compared against when a user does not exist: equal work */
	if (crypto_pwhash_str(dummy_hash, "not a password", 14,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		log_err("cannot hash: out of memory");
		abort();
	}
}

int
role_parse(const char *s)
{
	size_t i;

	for (i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0)
			return (int)i;
	return -1;
}

void
auth_system_actor(struct actor *a)
{
	memset(a, 0, sizeof(*a));
	a->system = 1;
	str_copy(a->username, sizeof(a->username), "(dòng lệnh)");
}

static int
path_within(const char *path, const char *root)
{
	return strncmp(path, root, strlen(root)) == 0;
}

int
auth_can(const struct actor *a, enum cap c, const char *path)
{
	size_t i;

	if (a->system)
		return 1;
	for (i = 0; i < a->nroles; i++)
		if ((caps[a->roles[i].role] & (1u << c)) &&
		    path_within(path, a->roles[i].path))
			return 1;
	return 0;
}

int
auth_has(const struct actor *a, enum cap c)
{
	size_t i;

	if (a->system)
		return 1;
	for (i = 0; i < a->nroles; i++)
		if (caps[a->roles[i].role] & (1u << c))
			return 1;
	return 0;
}

const struct role_grant *
auth_home(const struct actor *a)
{
	size_t i;

	for (i = 0; i < a->nroles; i++)
		if (caps[a->roles[i].role] & (1u << CAP_READ))
			return &a->roles[i];
	return NULL;
}

int
auth_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb || la == 0)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

enum err
auth_hash_password(const char *pw, char out[128])
{
	pthread_once(&init_once, auth_init);
	if (crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ERR_LIMIT;
	return OK;
}

int
auth_check_password(const char *hash, const char *pw)
{
	pthread_once(&init_once, auth_init);
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* 64 hex digits of fresh randomness. */
static void
random_hex(char out[65])
{
	unsigned char b[32];

	pthread_once(&init_once, auth_init);
	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, 65, b, sizeof(b));
}

static void
token_hash(const char *token, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static int
valid_username(const char *u)
{
	size_t n = strlen(u), i;

	if (n < 2 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= '0' &&
		    u[i] <= '9') || u[i] == '.' || u[i] == '_' || u[i] == '-'))
			return 0;
	return 1;
}

static enum err
unit_path_row(const struct srow *r, void *arg)
{
	str_copy(arg, PATH_MAX_LEN, srow_text(r, 2));
	return OK;
}

/* Check a new account and hash its password: ERR_INVAL with problems. */
static enum err
user_check(struct store *st, const struct actor *a, const char *username,
    const char *display, const char *pw, int64_t unit_id,
    char path[PATH_MAX_LEN], char hash[128], struct problems *probs)
{
	if (!valid_username(username))
		problems_add(probs, "username", "Tên đăng nhập gồm 2–32 ký tự "
		    "a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang");
	if (strlen(pw) < 8)
		problems_add(probs, "password", "Mật khẩu cần ít nhất 8 ký tự");
	if (strlen(display) > LIM_NAME)
		problems_add(probs, "display_name", "Tên hiển thị quá dài");
	path[0] = '\0';
	if (store_query(st, STMT_UNIT_GET, ARGS(SV_INT(unit_id)),
	    unit_path_row, path) != OK)
		return ERR_DB;
	if (path[0] == '\0')
		problems_add(probs, "unit", "Không có đơn vị này");
	if (probs->n)
		return ERR_INVAL;
	if (!auth_can(a, CAP_USERS, path))
		return ERR_DENIED;
	return auth_hash_password(pw, hash);
}

static enum err
user_insert_tx(struct store *st, const struct actor *a, const char *username,
    const char *display, const char *hash, enum role role, int64_t unit_id,
    const char *path, int64_t *id, struct problems *probs)
{
	char now[32];
	enum err e;

	domain_now(now);
	if ((e = store_int(st, STMT_USER_INSERT, ARGS(SV_TEXT(username),
	    SV_TEXT(display), SV_TEXT(hash), SV_NULL, SV_TEXT(now)), id)) != OK) {
		if (e != ERR_CONFLICT)
			return e;
		problems_add(probs, "username", "Tên đăng nhập “%s” đã có",
		    username);
		return ERR_INVAL;
	}
	if ((e = store_query(st, STMT_ROLE_INSERT, ARGS(SV_INT(*id),
	    SV_TEXT(role_names[role]), SV_INT(unit_id)), NULL, NULL)) != OK)
		return e;
	return audit_log(st, a, "create", "user", *id, path, username, NULL,
	    NULL);
}

enum err
auth_user_add_tx(struct store *st, const struct actor *a,
    const char *username, const char *display, const char *pw,
    enum role role, int64_t unit_id, int64_t *id, struct problems *probs)
{
	char hash[128], path[PATH_MAX_LEN];
	enum err e;

	*id = 0;
	if ((e = user_check(st, a, username, display, pw, unit_id, path, hash,
	    probs)) != OK)
		return e;
	return user_insert_tx(st, a, username, display, hash, role, unit_id,
	    path, id, probs);
}

enum err
auth_user_add(struct store *st, const struct actor *a, const char *username,
    const char *display, const char *pw, enum role role, int64_t unit_id,
    int64_t *id, struct problems *probs)
{
	char hash[128], path[PATH_MAX_LEN];
	enum err e;

	*id = 0;
	/* the slow hash comes before the transaction */
	if ((e = user_check(st, a, username, display, pw, unit_id, path, hash,
	    probs)) != OK)
		return e;
	IN_TX(st, user_insert_tx(st, a, username, display, hash, role,
	    unit_id, path, id, probs));
}

struct user_row {
	int64_t	id, person_id;
	int	active;
	char	username[64], display[TEXT_MAX], hash[160];
};

static enum err
user_row(const struct srow *r, void *arg)
{
	struct user_row *u = arg;

	u->id = srow_int(r, 0);
	str_copy(u->username, sizeof(u->username), srow_text(r, 1));
	str_copy(u->display, sizeof(u->display), srow_text(r, 2));
	str_copy(u->hash, sizeof(u->hash), srow_text(r, 3));
	u->person_id = srow_int(r, 4);
	u->active = (int)srow_int(r, 5);
	return OK;
}

enum err
auth_user_passwd(struct store *st, const struct actor *a, const char *username,
    const char *pw, struct problems *probs)
{
	struct user_row u = {0};
	char hash[128];
	enum err e;

	if (strlen(pw) < 8) {
		problems_add(probs, "password", "Mật khẩu cần ít nhất 8 ký tự");
		return ERR_INVAL;
	}
	if ((e = store_query(st, STMT_USER_GET_BY_NAME,
	    ARGS(SV_TEXT(username)), user_row, &u)) != OK)
		return e;
	if (u.id == 0)
		return ERR_NOTFOUND;
	if (!a->system && a->user_id != u.id)
		return ERR_DENIED;
	if ((e = auth_hash_password(pw, hash)) != OK)
		return e;
	if ((e = store_begin(st)) != OK)
		return e;
	if ((e = store_query(st, STMT_USER_SET_PASSWORD, ARGS(SV_INT(u.id),
	    SV_TEXT(hash)), NULL, NULL)) != OK ||
	    (e = audit_log(st, a, "passwd", "user", u.id, "", username, NULL,
	    NULL)) != OK) {
		store_rollback(st);
		return e;
	}
	return store_commit(st);
}

enum err
auth_user_person(struct store *st, const struct actor *a, const char *username,
    int64_t person_id)
{
	struct user_row u = {0};
	struct person p;
	enum err e;

	if ((e = store_query(st, STMT_USER_GET_BY_NAME,
	    ARGS(SV_TEXT(username)), user_row, &u)) != OK)
		return e;
	if (u.id == 0 || (e = people_get(st, a, person_id, &p)) != OK)
		return ERR_NOTFOUND;
	if (!auth_can(a, CAP_USERS, p.unit_path))
		return ERR_DENIED;
	if ((e = store_begin(st)) != OK)
		return e;
	if ((e = store_query(st, STMT_USER_SET_PERSON, ARGS(SV_INT(u.id),
	    SV_INT(person_id)), NULL, NULL)) != OK ||
	    (e = audit_log(st, a, "update", "user", u.id, p.unit_path,
	    username, NULL, p.full_name)) != OK) {
		store_rollback(st);
		return e;
	}
	return store_commit(st);
}

enum err
auth_user_list(struct store *st, srow_fn fn, void *arg)
{
	return store_query(st, STMT_USER_LIST, NOARGS, fn, arg);
}

enum err
auth_login(struct store *st, const char *username, const char *pw,
    char token[65], char csrf[65])
{
	struct user_row u = {0};
	char th[65];
	int64_t now = (int64_t)time(NULL);
	enum err e;

	pthread_once(&init_once, auth_init);
	token[0] = csrf[0] = '\0';
	if ((e = store_query(st, STMT_USER_GET_BY_NAME,
	    ARGS(SV_TEXT(username)), user_row, &u)) != OK)
		return e;
	if (u.id == 0 || !u.active) {
		auth_check_password(dummy_hash, pw);
		return ERR_AUTH;
	}
	if (!auth_check_password(u.hash, pw))
		return ERR_AUTH;
	random_hex(token);
	random_hex(csrf);
	token_hash(token, th);
	if ((e = store_query(st, STMT_SESSION_INSERT, ARGS(SV_TEXT(th),
	    SV_INT(u.id), SV_TEXT(csrf), SV_INT(now),
	    SV_INT(now + SESSION_SECONDS)), NULL, NULL)) != OK)
		return e;
	store_query(st, STMT_SESSION_PURGE, ARGS(SV_INT(now)), NULL, NULL);
	return OK;
}

enum err
auth_logout(struct store *st, const char *token)
{
	char th[65];

	token_hash(token, th);
	return store_query(st, STMT_SESSION_DELETE, ARGS(SV_TEXT(th)), NULL,
	    NULL);
}

static enum err
actor_row(const struct srow *r, void *arg)
{
	struct actor *a = arg;

	a->user_id = srow_int(r, 0);
	str_copy(a->csrf, sizeof(a->csrf), srow_text(r, 1));
	str_copy(a->username, sizeof(a->username), srow_text(r, 2));
	snprintf(a->display_name, sizeof(a->display_name), "%s",
	    srow_text(r, 3));
	a->person_id = srow_int(r, 4);
	return OK;
}

static enum err
grant_row(const struct srow *r, void *arg)
{
	struct actor *a = arg;
	struct role_grant *g;
	int role = role_parse(srow_text(r, 0));

	if (role < 0 || a->nroles == NELEM(a->roles))
		return OK;
	g = &a->roles[a->nroles++];
	g->role = (enum role)role;
	g->unit_id = srow_int(r, 1);
	str_copy(g->path, sizeof(g->path), srow_text(r, 2));
	str_copy(g->unit_name, sizeof(g->unit_name), srow_text(r, 3));
	return OK;
}

static enum err
load_actor(struct store *st, enum stmt id, const char *token,
    struct actor *a)
{
	char th[65];
	enum err e;

	memset(a, 0, sizeof(*a));
	if (token == NULL || (strlen(token) != 64 && strlen(token) != 68))
		return ERR_AUTH;
	token_hash(token, th);
	if ((e = store_query(st, id, ARGS(SV_TEXT(th),
	    SV_INT((int64_t)time(NULL))), actor_row, a)) != OK)
		return e;
	if (a->user_id == 0)
		return ERR_AUTH;
	return store_query(st, STMT_ROLE_LIST, ARGS(SV_INT(a->user_id)),
	    grant_row, a);
}

enum err
auth_session(struct store *st, const char *token, struct actor *a)
{
	return load_actor(st, STMT_SESSION_GET, token, a);
}

enum err
auth_bearer(struct store *st, const char *token, struct actor *a)
{
	enum err e = load_actor(st, STMT_TOKEN_GET, token, a);

	a->csrf[0] = '\0';
	return e;
}

enum err
auth_token_new(struct store *st, const char *username, const char *name,
    char out[80])
{
	struct user_row u = {0};
	char hex[65], th[65], now[32];
	enum err e;

	if ((e = store_query(st, STMT_USER_GET_BY_NAME,
	    ARGS(SV_TEXT(username)), user_row, &u)) != OK)
		return e;
	if (u.id == 0)
		return ERR_NOTFOUND;
	random_hex(hex);
	snprintf(out, 80, "thd_%s", hex);
	token_hash(out, th);
	domain_now(now);
	return store_query(st, STMT_TOKEN_INSERT, ARGS(SV_TEXT(th),
	    SV_INT(u.id), SV_TEXT(name), SV_TEXT(now)), NULL, NULL);
}

/* ---- throttling ---- */

struct throttle {
	uint64_t	key;
	int		failures;
	time_t		since;
};

static struct throttle throttles[1024];
static pthread_mutex_t throttle_mu = PTHREAD_MUTEX_INITIALIZER;

static uint64_t
key_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h | 1;
}

static struct throttle *
throttle_slot(const char *key, int create)
{
	uint64_t h = key_hash(key);
	size_t i, n = NELEM(throttles), at = h % n;
	time_t now = time(NULL);
	struct throttle *old = NULL;

	for (i = 0; i < 8; i++) {
		struct throttle *t = &throttles[(at + i) % n];

		if (t->key == h)
			return t;
		if (t->key == 0 || now - t->since > THROTTLE_WINDOW)
			old = old ? old : t;
	}
	if (!create)
		return NULL;
	if (old == NULL)
		old = &throttles[at];	/* evict */
	old->key = h;
	old->failures = 0;
	old->since = now;
	return old;
}

int
auth_throttled(const char *key, int per_account)
{
	int max = per_account ? THROTTLE_MAX_USER : THROTTLE_MAX;
	struct throttle *t;
	int wait = 0;
	time_t now = time(NULL);

	pthread_mutex_lock(&throttle_mu);
	if ((t = throttle_slot(key, 0)) != NULL &&
	    t->failures >= max && now - t->since < THROTTLE_WINDOW)
		wait = (int)(THROTTLE_WINDOW - (now - t->since));
	pthread_mutex_unlock(&throttle_mu);
	return wait;
}

void
auth_failed(const char *key)
{
	struct throttle *t;
	time_t now = time(NULL);

	pthread_mutex_lock(&throttle_mu);
	t = throttle_slot(key, 1);
	if (now - t->since >= THROTTLE_WINDOW) {
		t->failures = 0;
		t->since = now;
	}
	t->failures++;
	pthread_mutex_unlock(&throttle_mu);
}

void
auth_succeeded(const char *key)
{
	struct throttle *t;

	pthread_mutex_lock(&throttle_mu);
	if ((t = throttle_slot(key, 0)) != NULL)
		t->key = 0;
	pthread_mutex_unlock(&throttle_mu);
}
