/*
 * handlers.h: the handlers the route table names, and the helpers pages
 * share.  Pages live in page_*.c, the JSON API in api.c.
 */
#ifndef THIDUA_HANDLERS_H
#define THIDUA_HANDLERS_H

#include "html.h"
#include "http.h"
#include "json.h"

typedef void (*handler_fn)(struct req *);

/* pages */
void	page_home(struct req *);
void	page_login(struct req *);
void	page_login_post(struct req *);
void	page_logout(struct req *);
void	page_asset(struct req *);
void	page_health(struct req *);
void	page_units(struct req *);
void	page_unit(struct req *);
void	page_unit_create(struct req *);
void	page_unit_update(struct req *);
void	page_unit_move(struct req *);
void	page_unit_active(struct req *);
void	page_unit_export(struct req *);
void	page_people(struct req *);
void	page_people_export(struct req *);
void	page_person_new(struct req *);
void	page_person_create(struct req *);
void	page_person(struct req *);
void	page_person_edit(struct req *);
void	page_person_update(struct req *);
void	page_person_transfer(struct req *);
void	page_person_leave(struct req *);
void	page_import(struct req *);
void	page_import_post(struct req *);
void	page_import_job(struct req *);
void	page_import_commit(struct req *);
void	page_import_template(struct req *);
void	page_audit(struct req *);

/* API */
void	api_me(struct req *);
void	api_units(struct req *);
void	api_unit_create(struct req *);
void	api_unit_get(struct req *);
void	api_unit_update(struct req *);
void	api_unit_move(struct req *);
void	api_unit_stats(struct req *);
void	api_people(struct req *);
void	api_person_create(struct req *);
void	api_person_get(struct req *);
void	api_person_update(struct req *);
void	api_person_transfer(struct req *);
void	api_person_leave(struct req *);
void	api_person_history(struct req *);
void	api_import(struct req *);
void	api_export(struct req *);
void	api_audit(struct req *);

/* page chrome (layout.c) */
enum nav { NAV_NONE, NAV_HOME, NAV_UNITS, NAV_PEOPLE, NAV_IMPORT, NAV_AUDIT };
void	layout_begin(struct req *, struct html *, const char *title, enum nav);
void	layout_end(struct req *, struct html *);
/* A hidden CSRF field for forms that change state. */
void	layout_csrf(struct req *, struct html *);
/* A notice from ?ok= or ?err= after a redirect. */
void	layout_flash(struct req *, struct html *);
/* Problems of a form, listed. */
void	layout_problems(struct html *, const struct problems *);
/* dd/mm/yyyy from YYYY-MM-DD into the arena ("" for ""). */
const char *layout_date(struct req *, const char *iso);
/* "dd/mm/yyyy HH:MM", Vietnam's time (UTC+7, no daylight saving), from
 * a stored "YYYY-MM-DDTHH:MM:SSZ". */
const char *layout_time(struct req *, const char *utc);
/* Select with options value/label pairs; selected is the current value. */
void	layout_select(struct html *, const char *name, const char *label,
	    const char *const *values, const char *const *labels, size_t n,
	    const char *selected);
void	layout_input(struct html *, const char *name, const char *label,
	    const char *type, const char *value, const char *error, int required);
/* Open a list table and its body: <table class="list CLS"><thead>…
 * </thead><tbody>.  A head starting with '#' is a number column (the
 * '#' is not shown).  Close with two html_close(). */
void	layout_table(struct html *, const char *cls, const char *const *heads,
	    size_t n);
/* Figures of a subtree as cards. */
void	layout_figures(struct html *, const struct figures *);
/* "2.925/2.959 (98,9%)" */
const char *layout_ratio(struct req *, int64_t part, int64_t whole);

/* Import jobs (jobs.c). */
struct job_view {
	int64_t			 id;
	int			 state;	/* 0 running, 1 done */
	int			 dry_run, good_rows;
	enum import_kind	 kind;
	size_t			 done;	/* rows so far */
	enum err		 result;
	const struct import_report *rep;
	char			 filename[128];
	size_t			 size;
};
/* Start an import in the background with its own store connection. */
enum err jobs_start(struct req *, enum import_kind, const char *data,
	    size_t len, const char *filename, const struct import_opts *,
	    int64_t * /* OUT */ id);
/* Call fn with the job's state, if the job belongs to the user. */
enum err jobs_view(int64_t id, int64_t user_id,
	    void (*fn)(const struct job_view *, void *), void *arg);
/* Run a checked job again for real. */
enum err jobs_commit(struct req *, int64_t id, int good_rows,
	    int64_t * /* OUT */ newid);

#endif
