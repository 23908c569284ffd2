/* SPDX-License-Identifier: MIT */
/*
 * libalinea: read multilingual documents, segment them into sentences,
 * align them and keep the result in a translation memory. Including this
 * header gives the whole public API.
 */
#ifndef ALINEA_H
#define ALINEA_H

#include "alinea/common.h"
#include "alinea/document.h"
#include "alinea/align.h"
#include "alinea/error.h"
#include "alinea/lang.h"
#include "alinea/names.h"
#include "alinea/memory.h"
#include "alinea/term.h"
#include "alinea/text.h"
#include "alinea/tmx.h"
#include "alinea/unit.h"

#endif
