/*
 * store_int.h: what a backend provides to store.c.  Private to src/store/.
 */
#ifndef THIDUA_STORE_INT_H
#define THIDUA_STORE_INT_H

#include "store.h"

struct store_ops {
	const char	*name;		/* "sqlite"; migrations end ".<name>.sql" */
	const char *const *sql;		/* per-statement overrides, NULL = shared */
	enum err	(*open)(const char *target, int create, void **conn,
			    struct buf *errmsg);
	void		(*close)(void *conn);
	/* Run a script of trusted constant SQL (migrations) */
	enum err	(*script)(void *conn, const char *sql);
	enum err	(*begin)(void *conn);
	enum err	(*commit)(void *conn);
	void		(*rollback)(void *conn);
	enum err	(*query)(void *conn, enum stmt, const char *sql,
			    const struct sval *, size_t, srow_fn, void *);
	int64_t		(*changes)(void *conn);
	const char	*(*errmsg)(void *conn);
	/* a copy of the database's files (NULL: store_backup() copies the
	 * rows into a new SQLite file) */
	enum err	(*backup)(void *conn, const char *path, struct buf *);
	/* bulk rows for an INSERT statement (NULL, or *bulk left NULL:
	 * the statement, row by row); *bulk is the backend's state */
	enum err	(*bulk_begin)(void *conn, enum stmt, const char *sql,
			    void **bulk);
	enum err	(*bulk_row)(void *bulk, const struct sval *, size_t);
	enum err	(*bulk_end)(void *bulk);
	/* make new and renamed people searchable (NULL: nothing to do) */
	enum err	(*index_people)(void *conn);
	int		 ordered_search;	/* matches come in name order */
	/* connections a copy into it writes with: more than one, and the
	 * copy is the several transactions store_copy() describes */
	int		 copy_writers;
	int64_t		(*col_int)(const struct srow *, int);
	const char	*(*col_text)(const struct srow *, int);
	int		(*col_null)(const struct srow *, int);
};

/* A row: the backend's handle and position. */
struct srow {
	const struct store_ops	*ops;
	void			*h;
	int			 row;
};

struct store {
	const struct store_ops	*ops;
	void			*conn;
	char			*target;	/* as opened */
	int			 in_tx;
	int			 conflict;	/* ERR_BUSY from the engine */
};

/* Column lists and clauses shared by the shared and backend tables. */
/* Unit columns: see unit_from_row() in domain/units.c for the order. */
#define UNIT_COLS \
	"u.id, u.parent_id, u.path, u.depth, u.code, u.name, u.short_name," \
	" u.kind, u.block, u.active, s.units, s.grassroots, s.people," \
	" s.members, s.women, s.women_members, s.leaders, s.children"
#define UNIT_FROM " FROM units u JOIN unit_stats s ON s.unit_id = u.id"

/* Person columns: see person_from_row() in domain/people.c. */
#define PERSON_COLS \
	"p.id, p.code, p.unit_id, p.unit_path, p.family_name, p.middle_name," \
	" p.given_name, p.full_name, p.gender, p.birth_date, p.position," \
	" p.is_leader, p.is_member, p.joined_union, p.active, p.left_date," \
	" u.name, u.code"
#define PERSON_FROM " FROM people p JOIN units u ON u.id = p.unit_id"

/* The statements that write a person's name or code, with room for what a
 * backend writes with them (PostgreSQL: the search words). */
#define PERSON_INSERT(col, val) \
	"INSERT INTO people (code, unit_id, unit_path, family_name," \
	" middle_name, given_name, full_name, name_fold, name_lower," \
	" sort_key, gender, birth_date, position, is_leader, is_member," \
	" joined_union, active, created_at, updated_at" col ")" \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13," \
	" ?14, ?15, ?16, 1, ?17, ?17" val ") RETURNING id"
#define PERSON_UPDATE(set) \
	"UPDATE people SET code = ?2, family_name = ?3, middle_name = ?4," \
	" given_name = ?5, full_name = ?6, name_fold = ?7," \
	" name_lower = ?8, sort_key = ?9, gender = ?10, birth_date = ?11," \
	" position = ?12, is_leader = ?13, is_member = ?14," \
	" joined_union = ?15, updated_at = ?16" set " WHERE id = ?1"
#define COPY_PEOPLE_WRITE(col, val) \
	"INSERT INTO people (id, code, unit_id, unit_path, " \
	"family_name, middle_name, given_name, full_name, name_fold, " \
	"name_lower, sort_key, gender, birth_date, position, " \
	"is_leader, is_member, joined_union, active, left_date, " \
	"created_at, updated_at" col ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " \
	"?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, " \
	"?20, ?21" val ")"

/* People filters: ?1 ?2 subtree range, ?3 gender, ?4 member, ?5 leader,
 * ?6 active; ?7 limit, ?8 offset. */
#define PEOPLE_FILTERS \
	" AND (CAST(?3 AS TEXT) IS NULL OR p.gender = ?3)" \
	" AND (CAST(?4 AS INTEGER) IS NULL OR p.is_member = ?4)" \
	" AND (CAST(?5 AS INTEGER) IS NULL OR p.is_leader = ?5)" \
	" AND (CAST(?6 AS INTEGER) IS NULL OR p.active = ?6)"
#define PEOPLE_WHERE \
	" WHERE p.unit_path >= ?1 AND p.unit_path < ?2" PEOPLE_FILTERS
/* ... and ?9, a folded query every word of which must be a word of the
 * name or code (the last may be the start of one), or NULL: the
 * function thidua_match() each backend provides. */
#define PEOPLE_MATCH \
	" AND (CAST(?9 AS TEXT) IS NULL OR thidua_match(p.name_fold, p.code, ?9))"
/* A page of people of a subtree, filtered and matched, in an order; and
 * how many there are, up to ?7.  match is PEOPLE_MATCH or a backend's
 * own form of it. */
#define PEOPLE_PAGE(match, order) \
	"SELECT " PERSON_COLS PERSON_FROM PEOPLE_WHERE match \
	" ORDER BY " order " LIMIT ?7 OFFSET ?8"
#define PEOPLE_COUNT_OF(match) \
	"SELECT count(*) FROM (SELECT 1 FROM people p" PEOPLE_WHERE match \
	" LIMIT ?7) t"
#define BY_NAME "p.sort_key, p.id"
#define BY_NAME_DESC "p.sort_key DESC, p.id DESC"
#define BY_BIRTH "p.birth_date, p.sort_key, p.id"

/* The backends' name-search statements (FIND) take ?9, the engine's match
 * expression, and ?10, the lower-case query when it has diacritics (exact
 * matches first). */

/* Another connection to st's store, for a copy into it (whatever the
 * copy's marker says). */
enum err store_open_writer(const struct store *st, struct store ** /* OUT */,
	    struct buf *errmsg);

extern const char *const stmt_sql[STMT__MAX];
extern const struct store_ops store_sqlite;
extern const struct store_ops store_pg;

#endif
