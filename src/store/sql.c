/*
 * sql.c: the text of every statement both engines run unchanged, indexed by
 * enum stmt.  Parameters are numbered (?1, ?2 ...) and always bound; a
 * backend that spells parameters differently rewrites the markers, and a
 * backend that needs a different statement overrides it in its own table.
 * Column lists shared by several statements are macros, so that the
 * readers in domain/ see one order.
 */
#include "store_int.h"

const char *const stmt_sql[STMT__MAX] = {
	[STMT_SCHEMA_VERSION] =
	    "SELECT coalesce(max(version), 0) FROM schema_version",
	[STMT_SCHEMA_ADD] =
	    "INSERT INTO schema_version (version, name, applied_at)"
	    " VALUES (?1, ?2, ?3)",

	[STMT_UNIT_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM units",
	[STMT_UNIT_INSERT] =
	    "INSERT INTO units (id, parent_id, path, depth, code, name,"
	    " short_name, kind, block, active, name_fold, sort_key,"
	    " created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11, "
	    "?12, ?12)",
	[STMT_UNIT_GET] = "SELECT " UNIT_COLS UNIT_FROM " WHERE u.id = ?1",
	[STMT_UNIT_GET_BY_CODE] =
	    "SELECT " UNIT_COLS UNIT_FROM " WHERE u.code = ?1",
	[STMT_UNIT_CHILDREN] =
	    "SELECT " UNIT_COLS UNIT_FROM " WHERE u.parent_id = ?1"
	    " ORDER BY u.sort_key, u.id",
	[STMT_UNIT_ROOTS] =
	    "SELECT " UNIT_COLS UNIT_FROM " WHERE u.parent_id IS NULL"
	    " ORDER BY u.sort_key, u.id",
	[STMT_UNIT_SUBTREE] =
	    "SELECT " UNIT_COLS UNIT_FROM " WHERE u.path >= ?1 AND u.path < ?2"
	    " ORDER BY u.path LIMIT ?3",
	[STMT_UNIT_OUTLINE] =
	    "SELECT id, depth, active, path, name FROM units"
	    " WHERE path >= ?1 AND path < ?2 ORDER BY path LIMIT ?3",
	[STMT_UNIT_FIND] =
	    "SELECT " UNIT_COLS UNIT_FROM " WHERE u.path >= ?1 AND u.path < ?2"
	    " AND (u.name_fold LIKE ?3 OR lower(u.code) = ?4)"
	    " ORDER BY u.depth, u.sort_key LIMIT ?5",
	[STMT_UNIT_UPDATE] =
	    "UPDATE units SET code = ?2, name = ?3, short_name = ?4, kind = ?5,"
	    " block = ?6, name_fold = ?7, sort_key = ?8, updated_at = ?9"
	    " WHERE id = ?1",
	[STMT_UNIT_SET_ACTIVE] =
	    "UPDATE units SET active = ?2, updated_at = ?3 WHERE id = ?1",
	[STMT_UNIT_REPATH] =
	    "UPDATE units SET path = ?1 || substr(path, ?2),"
	    " depth = depth + ?3 WHERE path >= ?4 AND path < ?5",
	[STMT_UNIT_SET_PARENT] =
	    "UPDATE units SET parent_id = ?2, updated_at = ?3 WHERE id = ?1",
	[STMT_UNIT_MAX_PATH] =
	    "SELECT coalesce(max(length(path)), 0) FROM units"
	    " WHERE path >= ?1 AND path < ?2",
	[STMT_UNIT_COUNT] = "SELECT count(*) FROM units",
	[STMT_STATS_INSERT] = "INSERT INTO unit_stats (unit_id) VALUES (?1)",
	[STMT_STATS_CHILDREN] =
	    "UPDATE unit_stats SET children = children + ?2 WHERE unit_id"
	    " = ?1",
	[STMT_STATS_ADD] =
	    "UPDATE unit_stats SET units = units + ?2,"
	    " grassroots = grassroots + ?3, people = people + ?4,"
	    " members = members + ?5, women = women + ?6,"
	    " women_members = women_members + ?7, leaders = leaders + ?8"
	    " WHERE unit_id = ?1",

	[STMT_PERSON_INSERT] = PERSON_INSERT("", ""),
	[STMT_PERSON_GET] =
	    "SELECT " PERSON_COLS PERSON_FROM " WHERE p.id = ?1",
	[STMT_PERSON_GET_BY_CODE] =
	    "SELECT " PERSON_COLS PERSON_FROM " WHERE p.code = ?1",
	/* STMT_PEOPLE_BY_CODES is the backend's (a list in one value) */
	[STMT_PERSON_FIND_SAME] =
	    "SELECT " PERSON_COLS PERSON_FROM
	    " WHERE p.unit_id = ?1 AND p.name_lower = ?2"
	    " AND coalesce(p.birth_date, '') = ?3 AND p.code IS NULL LIMIT 1",
	[STMT_PERSON_UPDATE] = PERSON_UPDATE(""),
	[STMT_PERSON_SET_UNIT] =
	    "UPDATE people SET unit_id = ?2, unit_path = ?3, updated_at = ?4"
	    " WHERE id = ?1",
	[STMT_PERSON_SET_ACTIVE] =
	    "UPDATE people SET active = ?2, left_date = ?3, updated_at = ?4"
	    " WHERE id = ?1",
	[STMT_PEOPLE_REPATH] =
	    "UPDATE people SET unit_path = ?1 || substr(unit_path, ?2)"
	    " WHERE unit_path >= ?3 AND unit_path < ?4",
	[STMT_PEOPLE_MAX_ID] = "SELECT coalesce(max(id), 0) FROM people",
	/* STMT_PEOPLE_NEXT_IDS (?1 new ids) is the backend's */
	[STMT_PLACE_BULK] =
	    "INSERT INTO person_units (person_id, unit_id, from_date, note)"
	    " VALUES (?1, ?2, ?3, ?4)",
	/* a subtree read through the path index, then sorted */
	[STMT_PEOPLE_LIST_NAME] = PEOPLE_PAGE(PEOPLE_MATCH, BY_NAME),
	[STMT_PEOPLE_LIST_NAME_DESC] = PEOPLE_PAGE(PEOPLE_MATCH, BY_NAME_DESC),
	[STMT_PEOPLE_LIST_BIRTH] = PEOPLE_PAGE(PEOPLE_MATCH, BY_BIRTH),
	/* a large subtree: in name order, filtered, up to the page; the
	 * same text here, and a backend may steer its planner */
	[STMT_PEOPLE_WALK_NAME] = PEOPLE_PAGE(PEOPLE_MATCH, BY_NAME),
	[STMT_PEOPLE_WALK_NAME_DESC] = PEOPLE_PAGE(PEOPLE_MATCH, BY_NAME_DESC),
	/* the WALK_MATCH statements are the backend's: the exact test differs */
	[STMT_PEOPLE_WALK_BIRTH] = PEOPLE_PAGE(PEOPLE_MATCH, BY_BIRTH),
	/* the FIND statements are the backend's: name search differs */
	[STMT_PEOPLE_COUNT] = PEOPLE_COUNT_OF(PEOPLE_MATCH),
	[STMT_PLACE_INSERT] =
	    "INSERT INTO person_units (person_id, unit_id, from_date, note)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[STMT_PLACE_CLOSE] =
	    "UPDATE person_units SET to_date = ?2"
	    " WHERE person_id = ?1 AND to_date IS NULL",
	[STMT_PLACE_OPEN] =
	    "SELECT from_date FROM person_units"
	    " WHERE person_id = ?1 AND to_date IS NULL",
	[STMT_PLACE_LIST] =
	    "SELECT h.unit_id, u.name, u.code, h.from_date, h.to_date, h.note"
	    " FROM person_units h JOIN units u ON u.id = h.unit_id"
	    " WHERE h.person_id = ?1 ORDER BY h.from_date DESC, h.id DESC",

	[STMT_USER_INSERT] =
	    "INSERT INTO users (username, display_name, password_hash,"
	    " person_id, active, created_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)"
	    " RETURNING id",
	[STMT_USER_GET_BY_NAME] =
	    "SELECT id, username, display_name, password_hash, person_id,"
	    " active FROM users WHERE username = ?1",
	[STMT_USER_LIST] =
	    "SELECT u.id, u.username, u.display_name, u.active, r.role,"
	    " un.id, un.name, un.path FROM users u"
	    " LEFT JOIN roles r ON r.user_id = u.id"
	    " LEFT JOIN units un ON un.id = r.unit_id ORDER BY "
	    "u.username, r.id",
	[STMT_USER_SET_PASSWORD] =
	    "UPDATE users SET password_hash = ?2 WHERE id = ?1",
	[STMT_USER_SET_PERSON] =
	    "UPDATE users SET person_id = ?2 WHERE id = ?1",
	[STMT_ROLE_INSERT] =
	    "INSERT INTO roles (user_id, role, unit_id) VALUES (?1, ?2, ?3)",
	[STMT_ROLE_LIST] =
	    "SELECT r.role, r.unit_id, u.path, u.name FROM roles r"
	    " JOIN units u ON u.id = r.unit_id WHERE r.user_id = ?1"
	    " ORDER BY u.depth, r.id",
	[STMT_SESSION_INSERT] =
	    "INSERT INTO sessions (token_hash, user_id, csrf, created_at,"
	    " expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_SESSION_GET] =
	    "SELECT s.user_id, s.csrf, u.username, u.display_name, u.person_id"
	    " FROM sessions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.active = 1",
	[STMT_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[STMT_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?1",
	[STMT_TOKEN_INSERT] =
	    "INSERT INTO api_tokens (token_hash, user_id, name, created_at)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[STMT_TOKEN_GET] =
	    "SELECT t.user_id, '', u.username, u.display_name, u.person_id"
	    " FROM api_tokens t JOIN users u ON u.id = t.user_id"
	    " WHERE t.token_hash = ?1 AND u.active = 1",

	[STMT_AUDIT_INSERT] =
	    "INSERT INTO audit (at, user_id, username, action, entity,"
	    " entity_id, unit_path, summary, before_json, after_json)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[STMT_AUDIT_LIST] =
	    "SELECT id, at, username, action, entity, entity_id, summary,"
	    " before_json, after_json FROM audit"
	    " WHERE unit_path >= ?1 AND unit_path < ?2 AND id < ?3"
	    " AND (CAST(?4 AS TEXT) IS NULL OR entity = ?4)"
	    " ORDER BY id DESC LIMIT ?5",

	/* copying a whole store: parents before children (units by depth,
	 * people before the accounts that name them) */
	[STMT_COPY_UNITS_READ] =
	    "SELECT id, parent_id, path, depth, code, name, short_name, "
	    "kind, block, active, name_fold, sort_key, created_at, "
	    "updated_at FROM units ORDER BY depth, id",
	[STMT_COPY_UNITS_WRITE] =
	    "INSERT INTO units (id, parent_id, path, depth, code, name, "
	    "short_name, kind, block, active, name_fold, sort_key, "
	    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[STMT_COPY_STATS_READ] =
	    "SELECT unit_id, units, grassroots, people, members, women, "
	    "women_members, leaders, children FROM unit_stats ORDER BY "
	    "unit_id",
	[STMT_COPY_STATS_WRITE] =
	    "INSERT INTO unit_stats (unit_id, units, grassroots, people, "
	    "members, women, women_members, leaders, children) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[STMT_COPY_PEOPLE_READ] =
	    "SELECT id, code, unit_id, unit_path, family_name, "
	    "middle_name, given_name, full_name, name_fold, name_lower, "
	    "sort_key, gender, birth_date, position, is_leader, "
	    "is_member, joined_union, active, left_date, created_at, "
	    "updated_at FROM people ORDER BY id",
	[STMT_COPY_PEOPLE_WRITE] = COPY_PEOPLE_WRITE("", ""),
	[STMT_COPY_PLACES_READ] =
	    "SELECT id, person_id, unit_id, from_date, to_date, note FROM"
	    " person_units ORDER BY id",
	[STMT_COPY_PLACES_WRITE] =
	    "INSERT INTO person_units (id, person_id, unit_id, from_date,"
	    " to_date, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_COPY_USERS_READ] =
	    "SELECT id, username, display_name, password_hash, person_id,"
	    " active, created_at FROM users ORDER BY id",
	[STMT_COPY_USERS_WRITE] =
	    "INSERT INTO users (id, username, display_name, "
	    "password_hash, person_id, active, created_at) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_COPY_ROLES_READ] =
	    "SELECT id, user_id, role, unit_id FROM roles ORDER BY id",
	[STMT_COPY_ROLES_WRITE] =
	    "INSERT INTO roles (id, user_id, role, unit_id) VALUES (?1, "
	    "?2, ?3, ?4)",
	[STMT_COPY_SESSIONS_READ] =
	    "SELECT token_hash, user_id, csrf, created_at, expires_at "
	    "FROM sessions ORDER BY token_hash",
	[STMT_COPY_SESSIONS_WRITE] =
	    "INSERT INTO sessions (token_hash, user_id, csrf, created_at,"
	    " expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_COPY_TOKENS_READ] =
	    "SELECT token_hash, user_id, name, created_at FROM api_tokens"
	    " ORDER BY token_hash",
	[STMT_COPY_TOKENS_WRITE] =
	    "INSERT INTO api_tokens (token_hash, user_id, name, "
	    "created_at) VALUES (?1, ?2, ?3, ?4)",
	[STMT_COPY_AUDIT_READ] =
	    "SELECT id, at, user_id, username, action, entity, entity_id,"
	    " unit_path, summary, before_json, after_json FROM audit "
	    "ORDER BY id",
	[STMT_COPY_AUDIT_WRITE] =
	    "INSERT INTO audit (id, at, user_id, username, action, "
	    "entity, entity_id, unit_path, summary, before_json, "
	    "after_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11)",
	[STMT_COPY_COUNTS] =
	    "SELECT (SELECT count(*) FROM units),"
	    " (SELECT count(*) FROM unit_stats), (SELECT count(*) FROM people),"
	    " (SELECT count(*) FROM person_units), (SELECT count(*) FROM users),"
	    " (SELECT count(*) FROM roles), (SELECT count(*) FROM sessions),"
	    " (SELECT count(*) FROM api_tokens), (SELECT count(*) FROM audit)",
	/* STMT_COPY_PREPARE, _PENDING, _REBUILD, _ATTACH, _CHECKS, _FINISH,
	 * _ABANDON and _UNFINISHED are the backend's: before the rows; the
	 * indexes to build after them, and doing one step; the constraints
	 * put on them; the checks and statistics after that; the last
	 * transaction; undoing a failed copy; whether one is under way (see
	 * store_copy()) */
};
