// SPDX-License-Identifier: MIT
/*
 * Message translation for the library. The "alinea" domain is bound once,
 * lazily, to the installed locale folder, or to $ALINEA_LOCALEDIR when set
 * (the test suite points it at the build tree). Choosing the language is
 * left to the program, which calls setlocale().
 */
#include "internal.h"

#include <libintl.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_once_t bound = PTHREAD_ONCE_INIT;

static void bind_domain(void)
{
	const char *dir = getenv("ALINEA_LOCALEDIR");

	bindtextdomain("alinea", dir && *dir ? dir : ALN_LOCALEDIR);
	bind_textdomain_codeset("alinea", "UTF-8");
}

const char *aln__gettext(const char *msgid)
{
	pthread_once(&bound, bind_domain);
	return dgettext("alinea", msgid);
}
