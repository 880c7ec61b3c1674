/*
 * domain.h: the work itself, for pages, the JSON API and the command line
 * alike: units, people, accounts and scopes, the audit log, import and
 * export, demo data.  No HTTP and no SQL text here: statements are named
 * from store.h.
 *
 * Every function that reads or changes scoped data takes the acting user
 * (struct actor) and checks, here, that the data lies in a subtree the
 * actor holds a role on; data outside is reported as ERR_NOTFOUND, so that
 * guessing an id tells nothing.  Changes run in one transaction and write
 * one audit row each.  Validation problems are collected, in Vietnamese,
 * in a struct problems with the field they concern.
 */
#ifndef THIDUA_DOMAIN_H
#define THIDUA_DOMAIN_H

#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "../base/buf.h"
#include "../base/limits.h"
#include "../store/store.h"

#define PATH_MAX_LEN	128
#define CODE_MAX	32
#define TEXT_MAX	(LIM_NAME + 1)

/* ---- problems: what is wrong with an input, per field ---- */

struct problem {
	char	field[32];	/* the input field's name ("given_name") */
	char	msg[256];	/* Vietnamese */
};

struct problems {
	struct problem	items[24];
	size_t		n;
	size_t		dropped;	/* beyond items[] */
};

void	problems_add(struct problems *, const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The message for a field, or NULL. */
const char *problems_for(const struct problems *, const char *field);

/* ---- accounts, roles and scope (auth.c) ---- */

enum role { ROLE_ADMIN, ROLE_OFFICER, ROLE_CHAIR, ROLE_MEMBER, ROLE_VIEWER,
	    ROLE__MAX };

enum cap {
	CAP_READ,		/* see units and people of the subtree */
	CAP_PEOPLE,		/* change people */
	CAP_UNITS,		/* change units */
	CAP_AUDIT,		/* read the audit log */
	CAP_USERS,		/* manage accounts */
	CAP__MAX
};

struct role_grant {
	enum role	role;
	int64_t		unit_id;
	char		path[PATH_MAX_LEN];
	char		unit_name[TEXT_MAX];
};

struct actor {
	int64_t			user_id;	/* 0: the command line */
	char			username[64];
	char			display_name[TEXT_MAX];
	int64_t			person_id;
	char			csrf[65];	/* of the session; "" for tokens */
	struct role_grant	roles[8];
	size_t			nroles;
	int			system;		/* the command line: all rights */
	int			no_audit;	/* demo data: not a user's change */
};

extern const char *const role_names[ROLE__MAX];		/* "admin" ... */
extern const char *const role_labels[ROLE__MAX];	/* Vietnamese */
int	 role_parse(const char *);			/* -1 if unknown */

/* The actor of command-line work: every right on every unit. */
void	 auth_system_actor(struct actor * /* OUT */);
/* 1 if the actor holds cap on the unit whose path is given. */
int	 auth_can(const struct actor *, enum cap, const char *path);
/* 1 if the actor holds cap somewhere. */
int	 auth_has(const struct actor *, enum cap);
/* The broadest subtree the actor sees (its first role's unit), or NULL. */
const struct role_grant *auth_home(const struct actor *);

enum err auth_hash_password(const char *password, char out[128]);
int	 auth_check_password(const char *hash, const char *password);

/* Create a user with one role; the password must have 8+ characters. */
enum err auth_user_add(struct store *, const struct actor *,
	    const char *username, const char *display_name,
	    const char *password, enum role, int64_t unit_id,
	    int64_t * /* OUT */ id, struct problems *);
/* The same inside the caller's transaction. */
enum err auth_user_add_tx(struct store *, const struct actor *,
	    const char *username, const char *display_name,
	    const char *password, enum role, int64_t unit_id,
	    int64_t * /* OUT */ id, struct problems *);
/* Link an account to the person it is (a member sees that record). */
enum err auth_user_person(struct store *, const struct actor *,
	    const char *username, int64_t person_id);
enum err auth_user_passwd(struct store *, const struct actor *,
	    const char *username, const char *password, struct problems *);
enum err auth_user_list(struct store *, srow_fn, void *);

/* Log in: checks the password (constant work whether or not the user
 * exists), creates a session.  token and csrf are 64 hex digits + NUL.
 * ERR_AUTH for a wrong name or password. */
enum err auth_login(struct store *, const char *username, const char *password,
	    char token[65], char csrf[65]);
enum err auth_logout(struct store *, const char *token);
/* Load the actor of a session cookie or API token; ERR_AUTH if none. */
enum err auth_session(struct store *, const char *token, struct actor *);
enum err auth_bearer(struct store *, const char *token, struct actor *);
/* A new API token for username; the token (shown once) is written to out. */
enum err auth_token_new(struct store *, const char *username,
	    const char *name, char out[80]);
/* Equal in constant time. */
int	 auth_equal(const char *, const char *);

/* Throttling of login attempts, in memory: a key with too many recent
 * failures is refused for a while: an address after 5, an account (from
 * any address: per_account) after 20, so that nobody locks another's
 * account with a few tries.  Returns seconds to wait, or 0. */
int	 auth_throttled(const char *key, int per_account);
void	 auth_failed(const char *key);
void	 auth_succeeded(const char *key);

/* ---- units (units.c) ---- */

enum unit_kind { KIND_CONFED, KIND_PROVINCE, KIND_GRASSROOTS, KIND_GROUP,
	    KIND__MAX };
enum unit_block { BLOCK_HC, BLOCK_SN, BLOCK_DN, BLOCK__MAX };

extern const char *const kind_names[KIND__MAX];		/* "grassroots" */
extern const char *const kind_labels[KIND__MAX];	/* "Công đoàn cơ sở" */
extern const char *const block_names[BLOCK__MAX];	/* "hc" */
extern const char *const block_labels[BLOCK__MAX];	/* "Hành chính" */
int	 kind_parse(const char *);	/* name or Vietnamese label; -1 */
int	 block_parse(const char *);

struct figures {
	int64_t	units, grassroots, people, members, women, women_members,
		leaders;
};

struct unit {
	int64_t		id, parent_id, nchildren;
	char		path[PATH_MAX_LEN];
	int		depth;
	char		code[CODE_MAX + 1];
	char		name[TEXT_MAX];
	char		short_name[TEXT_MAX];
	enum unit_kind	kind;
	enum unit_block	block;
	int		active;
	struct figures	fig;	/* of the whole subtree */
};

/* What a form, the API or an import row gives for a unit. */
struct unit_in {
	const char	*code, *name, *short_name, *kind, *block;
	int64_t		 parent_id;	/* 0: none (a root) */
	const char	*parent_code;	/* import: parent by code */
};

/* Upper bound of a subtree's path range: "/1/5/" -> "/1/50". */
void	 unit_path_hi(const char *path, char out[PATH_MAX_LEN]);

enum err units_get(struct store *, const struct actor *, int64_t id,
	    struct unit * /* OUT */);
enum err units_get_by_code(struct store *, const struct actor *,
	    const char *code, struct unit * /* OUT */);
/* Children of a unit (parent 0: the actor's own top units). */
typedef enum err (*unit_fn)(const struct unit *, void *);
enum err units_children(struct store *, const struct actor *, int64_t parent,
	    unit_fn, void *);
enum err units_subtree(struct store *, const struct actor *, int64_t root,
	    size_t limit, unit_fn, void *);
/* The subtree as an outline (for pickers): in path order, parents first;
 * pointers are valid during the callback only. */
struct unit_brief {
	int64_t		 id;
	int		 depth, active;
	const char	*path, *name;
};
typedef enum err (*unit_brief_fn)(const struct unit_brief *, void *);
enum err units_outline(struct store *, const struct actor *, int64_t root,
	    size_t limit, unit_brief_fn, void *);
/* Units whose folded name contains q, or whose code is q. */
enum err units_find(struct store *, const struct actor *, const char *q,
	    size_t limit, unit_fn, void *);
/* The chain of ancestors of a unit that the actor may see, root first. */
enum err units_ancestors(struct store *, const struct actor *,
	    const struct unit *, unit_fn, void *);

enum err units_create(struct store *, const struct actor *,
	    const struct unit_in *, int64_t * /* OUT */ id, struct problems *);
/* Rename/recode/change kind or block (not the parent: see units_move). */
enum err units_update(struct store *, const struct actor *, int64_t id,
	    const struct unit_in *, struct problems *);
/* Update and (active >= 0) set active, in one transaction. */
enum err units_patch(struct store *, const struct actor *, int64_t id,
	    const struct unit_in *, int active, struct problems *);
enum err units_move(struct store *, const struct actor *, int64_t id,
	    int64_t new_parent, struct problems *);
enum err units_set_active(struct store *, const struct actor *, int64_t id,
	    int active, struct problems *);
/* Inside a transaction the caller holds (import): create, or bring an
 * existing unit with the same code up to date; *changed says whether
 * anything was written. */
enum err units_create_tx(struct store *, const struct actor *,
	    const struct unit_in *, int64_t *, struct problems *);
enum err units_import_tx(struct store *, const struct actor *,
	    const struct unit_in *, int *changed, struct problems *);

/* ---- figures rolled up along unit paths (stats.c) ---- */

struct stats_acc;
struct stats_acc *stats_acc_new(void);
void	 stats_acc_free(struct stats_acc *);
/* Add a delta to the unit whose path is given (and so to its ancestors). */
void	 stats_acc_add(struct stats_acc *, const char *path,
	    const struct figures *);
/* Write every accumulated delta, rolled up to every ancestor. */
enum err stats_acc_apply(struct stats_acc *, struct store *);
/* The figures one active person counts for. */
void	 stats_of_person(char gender, int member, int leader, int sign,
	    struct figures * /* OUT */);

/* ---- people (people.c) ---- */

struct person {
	int64_t	id, unit_id;
	char	code[CODE_MAX + 1];
	char	unit_path[PATH_MAX_LEN];
	char	unit_name[TEXT_MAX];
	char	unit_code[CODE_MAX + 1];
	char	family[TEXT_MAX], middle[TEXT_MAX], given[TEXT_MAX];
	char	full_name[TEXT_MAX];
	char	gender;			/* 'M' or 'F' */
	char	birth_date[11];		/* YYYY-MM-DD or "" */
	char	position[TEXT_MAX];
	int	is_leader, is_member, active;
	char	joined_union[11];
	char	left_date[11];
	char	since[11];		/* new people: in the unit since; "" today */
};

/* Raw input for a person: strings as typed (form, JSON, a file row). */
struct person_in {
	const char	*code, *full_name, *family, *middle, *given, *gender,
			*birth_date, *position, *is_leader, *is_member,
			*joined_union, *unit_code;
	int64_t		 unit_id;
};

/* Field names of person_in, for problems and forms. */
#define PF_CODE		"code"
#define PF_FULL_NAME	"full_name"
#define PF_GENDER	"gender"
#define PF_BIRTH	"birth_date"
#define PF_POSITION	"position"
#define PF_LEADER	"is_leader"
#define PF_MEMBER	"is_member"
#define PF_JOINED	"joined_union"
#define PF_UNIT		"unit"

/* Parse yes/no ("Có", "không", "x", "1", "true" ...): 1, 0, or -1. */
int	 people_parse_yesno(const char *);
/* Parse a gender ("Nam", "NỮ", "nu", "M", "F"): 'M', 'F' or 0. */
char	 people_parse_gender(const char *);

/* Check and normalise an input into *out (unit fields filled from the
 * unit, which must be active and writable by the actor).  Returns OK or
 * ERR_INVAL with every problem in probs. */
enum err people_validate(struct store *, const struct actor *,
	    const struct person_in *, struct person * /* OUT */,
	    struct problems *);
/* The same for a unit already read and checked by the caller (import
 * reads each unit once); in->unit_* are ignored; with a NULL unit, only
 * the other fields are checked. */
enum err people_validate_in(const struct actor *, const struct person_in *,
	    const struct unit *, struct person * /* OUT */, struct problems *);

enum err people_get(struct store *, const struct actor *, int64_t id,
	    struct person * /* OUT */);
enum err people_get_by_code(struct store *, const struct actor *,
	    const char *code, struct person * /* OUT */);
enum err people_create(struct store *, const struct actor *,
	    const struct person_in *, int64_t * /* OUT */, struct problems *);
enum err people_update(struct store *, const struct actor *, int64_t id,
	    const struct person_in *, struct problems *);
enum err people_transfer(struct store *, const struct actor *, int64_t id,
	    int64_t to_unit, const char *date, const char *note,
	    struct problems *);
enum err people_leave(struct store *, const struct actor *, int64_t id,
	    const char *date, const char *note, struct problems *);

/* New people of an import, kept and written in bulk (COPY on
 * PostgreSQL) a few thousand at a time, inside the import's transaction:
 * people_batch_flush() writes what is kept (call it before the end). */
struct people_batch;
struct people_batch *people_batch_new(void);
enum err people_batch_flush(struct store *, struct people_batch *);
void	 people_batch_free(struct people_batch *);	/* NULL is fine */

/* Inside a transaction the caller holds (import): insert or update one
 * validated person (matched on its code, else on name and birth date in
 * its unit); *changed is 0 (nothing written), 1 (created), 2 (updated).
 * A new person with a code goes into batch b when b is not NULL (its id
 * is known once the batch is written).  Updates are audited one by one;
 * creations are the caller's to audit (once per import), and to make
 * searchable with people_index_tx(). */
enum err people_upsert_tx(struct store *, const struct actor *,
	    struct person *, struct stats_acc *, struct people_batch *b,
	    int *changed);
/* The same for v[0..n) (n at most PEOPLE_CODED_MAX), every one with a
 * code and no two with the same: their codes are looked up at once, then
 * each is written in order as people_upsert_tx() would.  res[i] is OK or
 * ERR_DENIED (a person out of the actor's scope: nothing written for it),
 * changed[i] as above; any other error stops the run and is returned. */
#define PEOPLE_CODED_MAX	1000
enum err people_upsert_coded_tx(struct store *, const struct actor *,
	    struct person *v, size_t n, struct stats_acc *,
	    struct people_batch *b, int *changed /* OUT */,
	    enum err *res /* OUT */);
/* The highest person id so far, and: make the people created since the
 * last call searchable (once per import). */
enum err people_max_id(struct store *, int64_t * /* OUT */);
enum err people_index_tx(struct store *);

enum people_sort { SORT_NAME, SORT_NAME_DESC, SORT_BIRTH, SORT__MAX };
extern const char *const sort_names[SORT__MAX];

struct people_filter {
	int64_t		 unit_id;	/* 0: the actor's home unit */
	const char	*q;		/* name or code; NULL/"" for none */
	char		 gender;	/* 0, 'M', 'F' */
	int		 member, leader, active;	/* -1: any */
	enum people_sort sort;
	size_t		 limit, offset;
};

typedef enum err (*person_fn)(const struct person *, void *);
/* List people; *more is set when there is a row past the page. */
enum err people_list(struct store *, const struct actor *,
	    const struct people_filter *, person_fn, void *, int *more);
/* Count matching people, stopping at cap (so "more than cap"). */
enum err people_count(struct store *, const struct actor *,
	    const struct people_filter *, int64_t cap, int64_t * /* OUT */);
/* Both at once, for a page that shows a count and a list. */
enum err people_page(struct store *, const struct actor *,
	    const struct people_filter *, int64_t cap, int64_t * /* OUT */,
	    person_fn, void *, int * /* OUT */ more);

struct place {
	int64_t	unit_id;
	char	unit_name[TEXT_MAX], unit_code[CODE_MAX + 1];
	char	from[11], to[11];
	char	note[TEXT_MAX];
};
typedef enum err (*place_fn)(const struct place *, void *);
enum err people_history(struct store *, const struct actor *, int64_t id,
	    place_fn, void *);

/* ---- audit (audit.c) ---- */

/* Record a change; before/after are JSON texts or NULL. */
enum err audit_log(struct store *, const struct actor *, const char *action,
	    const char *entity, int64_t entity_id, const char *path,
	    const char *summary, const char *before, const char *after);
struct audit_entry {
	int64_t		 id, entity_id;
	const char	*at, *username, *action, *entity, *summary,
			*before, *after;
};
typedef enum err (*audit_fn)(const struct audit_entry *, void *);
/* Newest first, ids below before_id (0: from the newest). */
enum err audit_list(struct store *, const struct actor *, int64_t before_id,
	    const char *entity, size_t limit, audit_fn, void *);

/* ---- import and export (import.c, export.c) ---- */

enum import_kind { IMPORT_UNITS, IMPORT_PEOPLE, IMPORT__MAX };
extern const char *const import_kind_names[IMPORT__MAX];

struct import_issue {
	size_t	row;		/* as the spreadsheet numbers it; 0: the file */
	char	col[8];		/* "C", or "" */
	char	column[64];	/* the column's header */
	char	value[96];	/* the value, shortened */
	char	msg[256];	/* Vietnamese */
};

struct import_report {
	size_t			 rows;		/* data rows read */
	size_t			 valid;		/* rows without a problem */
	size_t			 created, updated, unchanged;
	size_t			 nissues;	/* all problems found */
	struct import_issue	*issues;	/* first LIM_REPORT_ERRORS */
	size_t			 cap;
	int			 written;	/* 1 if the store was changed */
};

struct import_opts {
	int	dry_run;	/* check only */
	int	good_rows;	/* write the good rows even if some are bad */
	int64_t	default_unit;	/* people: unit of rows without a unit code */
	/* Called now and then with rows done; may be NULL. */
	void	(*progress)(size_t done, size_t total, void *);
	void	*progress_arg;
};

/* Import a CSV or XLSX file.  All-or-nothing by default: every problem
 * is reported and nothing is written unless the file is clean.  The
 * import runs in one transaction.  ERR_INVAL when the file has problems
 * (see report), another error when the store failed. */
enum err import_run(struct store *, const struct actor *, enum import_kind,
	    const char *data, size_t len, const struct import_opts *,
	    struct import_report * /* OUT */);
void	 import_report_free(struct import_report *);
/* The XLSX template for a kind: headers, dropdowns, an example row. */
enum err import_template(enum import_kind, struct buf *out);

enum export_format { EXPORT_XLSX, EXPORT_CSV };
/* Export a filtered list of people, or the units of a subtree. */
enum err export_people(struct store *, const struct actor *,
	    const struct people_filter *, enum export_format, struct buf *out);
enum err export_units(struct store *, const struct actor *, int64_t root,
	    enum export_format, struct buf *out);

/* ---- demo data (demo.c) ---- */

struct demo_opts {
	size_t		people, units;	/* units: number of CĐCS */
	uint64_t	seed;
};
/* Fill an empty store with a provincial union, its CĐCS and people, and
 * demo accounts; the admin password is written to admin_pw. */
enum err demo_generate(struct store *, const struct demo_opts *,
	    char admin_pw[32], struct buf *errmsg);
/* A new empty store: a root unit and an administrator. */
enum err demo_init(struct store *, const char *root_name, const char *admin,
	    const char *password, struct buf *errmsg);

/* ---- helpers ---- */

/* Return the result of call run inside one transaction: committed when it
 * returns OK, rolled back otherwise (reads inside see a stable state).
 * When the database refused the transaction for a concurrent one (a
 * serialization failure, a deadlock, a lost connection), the whole of it
 * runs again, up to TX_TRIES times: call must be safe to repeat. */
#define TX_TRIES 4
#define IN_TX(st, call)                                          \
	do {                                                     \
		enum err e_;                                     \
		int try_;                                        \
		for (try_ = 1;; try_++) {                        \
			if ((e_ = store_begin(st)) == OK) {      \
				if ((e_ = (call)) == OK)         \
					e_ = store_commit(st);   \
				else                             \
					store_rollback(st);      \
			}                                        \
			if (e_ != ERR_BUSY || try_ == TX_TRIES ||\
			    !store_conflict(st))                 \
				return e_;                       \
		}                                                \
	} while (0)

/* Now as "YYYY-MM-DDTHH:MM:SSZ" and today as "YYYY-MM-DD". */
void	 domain_now(char out[32]);
void	 domain_today(char out[11]);

#endif
