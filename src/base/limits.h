/*
 * limits.h: every hard limit on input, in one place.  Lower limits apply
 * before login.
 */
#ifndef THIDUA_LIMITS_H
#define THIDUA_LIMITS_H

#define LIM_HEADER_BYTES	(16 * 1024)	/* all request headers */
#define LIM_URL_BYTES		4096
#define LIM_BODY_ANON		(8 * 1024)	/* body before login */
#define LIM_BODY_FORM		(256 * 1024)	/* a form or JSON body */
#define LIM_UPLOAD		(32 * 1024 * 1024) /* an imported file */
#define LIM_FIELDS		64		/* fields in a form */
#define LIM_FIELD_BYTES		(4 * 1024)	/* one ordinary field */
#define LIM_IMPORT_ROWS		1000000		/* rows in one import */
#define LIM_IMPORT_COLS		64		/* columns in one import row */
#define LIM_CELL_BYTES		4096		/* one cell of CSV/XLSX */
#define LIM_XLSX_XML		(256 * 1024 * 1024) /* an inflated XLSX part */
#define LIM_XLSX_STRINGS	2000000		/* shared strings */
#define LIM_PAGE_SIZE		200		/* rows in one page of a list */
#define LIM_EXPORT_ROWS		2000000		/* rows in one export */
#define LIM_NAME		200		/* a name, in bytes */
#define LIM_REPORT_ERRORS	1000		/* problems listed per import */

#endif
