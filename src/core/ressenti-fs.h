/* ressenti-fs.h — file-system facts the library depends on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns TRUE when @path (which need not exist yet: its nearest existing
 * ancestor is used) lies on a network file system (NFS, SMB/CIFS, SSHFS,
 * 9p, AFS, Ceph, GlusterFS, WebDAV, …), where SQLite's WAL mode does not
 * work. The mount table is /proc/self/mountinfo, or the file named by the
 * RESSENTI_MOUNTINFO environment variable (used by the tests). On return
 * *fs_type (if not NULL) holds the file-system type found, or NULL. */
gboolean ressenti_fs_is_network (const char  *path,
                                 char       **fs_type);

/* fsync() the directory @path so that a rename inside it is durable. */
gboolean ressenti_fs_sync_dir   (const char  *path,
                                 GError     **error);

G_END_DECLS
