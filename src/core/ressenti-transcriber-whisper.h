/* ressenti-transcriber-whisper.h — voice notes transcribed by whisper.cpp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built only with the meson feature "libwhisper". The model file is the
 * one chosen in Preferences; it is loaded for each note (notes are few
 * and short, and a model kept in memory would hold hundreds of megabytes
 * for nothing the rest of the time).
 */
#pragma once

#include "ressenti-transcriber.h"

G_BEGIN_DECLS

#define RESSENTI_TYPE_TRANSCRIBER_WHISPER (ressenti_transcriber_whisper_get_type ())
G_DECLARE_FINAL_TYPE (RessentiTranscriberWhisper, ressenti_transcriber_whisper, RESSENTI, TRANSCRIBER_WHISPER, GObject)

RessentiTranscriberWhisper *ressenti_transcriber_whisper_new (const char *model_path);

G_END_DECLS
