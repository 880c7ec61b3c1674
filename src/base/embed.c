/*
 * embed.c: look-up in the table of embedded files.
 */
#include <string.h>

#include "embed.h"

const struct embedded *
embed_find(const char *name)
{
	const struct embedded *e;

	for (e = embedded; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}
