/*
 * date.c: calendar dates as people type them in Vietnam (dd/mm/yyyy) and
 * as spreadsheets store them (Excel serial day numbers), turned into the
 * one form thidua keeps ("YYYY-MM-DD"), and back for display.
 * Trusts nothing: every input is a NUL-terminated string from a user or a
 * file; every digit run is bounded before it is converted, so no input can
 * overflow an int.  Years outside 1900..2100 are refused.
 */
#include <string.h>

#include "table.h"

#define DATE_YEAR_MIN	1900
#define DATE_YEAR_MAX	2100
#define DATE_SERIAL_MAX	2958465		/* 9999-12-31 in Excel */

static int
date_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
date_valid(int y, int m, int d)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int n;

	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > 12)
		return 0;
	n = mdays[m - 1] + (m == 2 && date_leap(y));
	return d >= 1 && d <= n;
}

/*
 * Read between min and max decimal digits at *pp into *out and advance.
 * max is at most 9, so the value always fits an int.
 */
static int
date_digits(const char **pp, int min, int max, int *out)
{
	const char *p = *pp;
	int n = 0, v = 0;

	while (n < max && *p >= '0' && *p <= '9') {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (n < min)
		return 0;
	*pp = p;
	*out = v;
	return 1;
}

static void
date_put(char *out, int v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static void
date_iso(char out[11], int y, int m, int d)
{
	date_put(out, y, 4);
	out[4] = '-';
	date_put(out + 5, m, 2);
	out[7] = '-';
	date_put(out + 8, d, 2);
	out[10] = '\0';
}

/*
 * Civil date from days since 1970-01-01 (proleptic Gregorian), after
 * Howard Hinnant's civil_from_days.  Only called with small ranges.
 */
static void
date_civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/*
 * Excel's 1900 date system: 1 is 1900-01-01, and 60 is the 29 February
 * 1900 that never was (Lotus 1-2-3's bug, kept by Excel), so from 61 on
 * the serial is days since 1899-12-30.
 */
static int
date_serial(long serial, int *y, int *m, int *d)
{
	/* Days from 1970-01-01 back to 1899-12-30 and 1899-12-31. */
	const long base61 = -25569, base1 = -25568;

	if (serial < 1 || serial > DATE_SERIAL_MAX || serial == 60)
		return 0;
	date_civil(serial >= 61 ? base61 + serial : base1 + serial, y, m, d);
	return 1;
}

enum err
date_parse(const char *s, char out[11])
{
	const char *p = s, *q;
	int y, m, d, a;
	long serial;
	char sep;

	out[0] = '\0';
	if (s == NULL || *s == '\0')
		return ERR_INVAL;

	/* Count the leading digits to tell the three forms apart. */
	for (q = p; *q >= '0' && *q <= '9'; q++)
		if (q - p > 8)
			return ERR_INVAL;

	if (q - p == 4 && *q == '-') {
		/* yyyy-mm-dd */
		if (!date_digits(&p, 4, 4, &y) || *p++ != '-' ||
		    !date_digits(&p, 1, 2, &m) || *p++ != '-' ||
		    !date_digits(&p, 1, 2, &d) || *p != '\0')
			return ERR_INVAL;
	} else if ((q - p == 1 || q - p == 2) &&
	    (*q == '/' || *q == '-' || *q == '.')) {
		/* d/m/yyyy with one separator used twice */
		if (!date_digits(&p, 1, 2, &d))
			return ERR_INVAL;
		sep = *p++;
		if (!date_digits(&p, 1, 2, &m) || *p++ != sep ||
		    !date_digits(&p, 4, 4, &y) || *p != '\0')
			return ERR_INVAL;
	} else if (q > p && (*q == '\0' || *q == '.')) {
		/* An Excel serial; a fraction is the time of day, dropped. */
		if (!date_digits(&p, 1, 8, &a))
			return ERR_INVAL;
		if (*p == '.') {
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
		if (*p != '\0')
			return ERR_INVAL;
		serial = a;
		if (!date_serial(serial, &y, &m, &d))
			return ERR_INVAL;
	} else
		return ERR_INVAL;

	if (!date_valid(y, m, d))
		return ERR_INVAL;
	date_iso(out, y, m, d);
	return OK;
}

int
date_iso_parts(const char *iso, int *y, int *m, int *d)
{
	const char *p = iso;

	if (iso == NULL || strlen(iso) != 10)
		return 0;
	if (!date_digits(&p, 4, 4, y) || *p++ != '-' ||
	    !date_digits(&p, 2, 2, m) || *p++ != '-' ||
	    !date_digits(&p, 2, 2, d) || *p != '\0')
		return 0;
	return date_valid(*y, *m, *d);
}

void
date_format_vn(const char *iso, char out[11])
{
	int y, m, d;

	out[0] = '\0';
	if (!date_iso_parts(iso, &y, &m, &d))
		return;
	date_put(out, d, 2);
	out[2] = '/';
	date_put(out + 3, m, 2);
	out[5] = '/';
	date_put(out + 6, y, 4);
	out[10] = '\0';
}
