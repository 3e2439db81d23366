/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The wizard's language, switched at run time. Works where no Japanese locale is generated
 * (LANG=C.UTF-8): messages follow LANGUAGE, which gettext honours in any locale but plain "C".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * Sets up gettext for the app, names every language (bc_language_native_name) and picks the
 * language the environment asks for: the first of the desktop's languages the wizard speaks,
 * matched whole ("pt_BR", "zh_TW") or by its language ("de" of "de_AT"); else English. Call
 * once, before any thread starts: it sets LANGUAGE.
 */
void bc_language_init (const char *localedir);

/** The languages the wizard speaks: codes ("en", "ja", …), NULL-terminated, English first. */
const char *const *bc_language_list (void);

/**
 * The language's own name, as its speakers write it in a list of languages ("日本語",
 * "Français", "Português (Brasil)"): iso-codes's name of the language (and of its territory,
 * when the code has one) in that language's own iso-codes catalogue. Made once by
 * bc_language_init (); CODE itself before that, and for a language the wizard does not speak.
 */
const char *bc_language_native_name (const char *code);

/** The code of the language in use. */
const char *bc_language_get (void);

/** Switches the messages to CODE. Returns FALSE for a language the wizard does not speak. */
gboolean bc_language_set (const char *code);

G_END_DECLS
