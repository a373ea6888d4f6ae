/* ressenti-fs.c — file-system facts the library depends on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "ressenti-fs.h"

/* File systems whose files live on another machine (or are shared between
 * machines), as /proc/self/mountinfo names them. SQLite's write-ahead log
 * keeps its index in shared memory, which only works when every process
 * using the database runs on the same host. */
static const char * const network_fs_types[] = {
  "nfs", "nfs4",
  "cifs", "smb3", "smbfs", "ncpfs", "ncp",
  "9p", "afs", "coda",
  "ceph", "fuse.ceph", "fuse.ceph-fuse",
  "glusterfs", "fuse.glusterfs",
  "lustre", "gpfs", "beegfs", "orangefs", "pvfs2",
  "ocfs2", "gfs2",                 /* cluster file systems on shared disks */
  "sshfs", "fuse.sshfs",
  "davfs", "fuse.davfs2",
  "fuse.s3fs", "fuse.rclone", "fuse.gcsfuse", "fuse.juicefs",
  "fuse.gvfsd-fuse",               /* GNOME's SMB, SFTP and WebDAV mounts */
  NULL,
};

/* Magic numbers of statfs(2), used only when the mount table cannot be
 * read (no /proc). */
static const struct
{
  unsigned long  magic;
  const char    *name;
} network_fs_magics[] = {
  { 0x6969, "nfs" },
  { 0x517B, "smbfs" },
  { 0xFF534D42, "cifs" },
  { 0xFE534D42, "smb3" },
  { 0x564C, "ncpfs" },
  { 0x01021997, "9p" },
  { 0x5346414F, "afs" },
  { 0x73757245, "coda" },
  { 0x00C36400, "ceph" },
  { 0x0BD00BD0, "lustre" },
  { 0x47504653, "gpfs" },
  { 0x7461636F, "ocfs2" },
  { 0x01161970, "gfs2" },
};

static gboolean
is_network_type (const char *type)
{
  return type != NULL && g_strv_contains (network_fs_types, type);
}

/* Undoes the octal escapes (\040 for a space, \011, \012, \134) that
 * mountinfo uses in paths. */
static char *
unescape_mount_field (const char *field)
{
  GString *out = g_string_sized_new (strlen (field));

  for (const char *p = field; *p != '\0'; p++)
    {
      if (p[0] == '\\'
          && p[1] >= '0' && p[1] <= '3'
          && p[2] >= '0' && p[2] <= '7'
          && p[3] >= '0' && p[3] <= '7')
        {
          g_string_append_c (out, (char) ((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0')));
          p += 3;
        }
      else
        {
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

/* The canonical (symlink-free) path of @path or, if it does not exist yet,
 * of its nearest existing ancestor: no mount point can hide below a
 * directory that does not exist. */
static char *
canonical_existing_ancestor (const char *path)
{
  g_autofree char *current = g_canonicalize_filename (path, NULL);

  for (;;)
    {
      char *resolved = realpath (current, NULL);
      g_autofree char *parent = NULL;

      if (resolved != NULL)
        {
          char *result = g_strdup (resolved);

          free (resolved);
          return result;
        }
      parent = g_path_get_dirname (current);
      if (g_str_equal (parent, current))
        return g_strdup ("/");
      g_free (current);
      current = g_steal_pointer (&parent);
    }
}

static gboolean
mount_point_contains (const char *mount_point,
                      const char *path)
{
  size_t len = strlen (mount_point);

  if (g_str_equal (mount_point, "/"))
    return TRUE;
  return strncmp (path, mount_point, len) == 0
         && (path[len] == '\0' || path[len] == '/');
}

/* Finds, in the text of a mountinfo file, the type of the file system
 * mounted at the longest mount point containing @path. When the same
 * point is mounted twice, the later line (mounted on top) wins. */
static char *
lookup_fs_type (const char *mountinfo,
                const char *path)
{
  g_auto(GStrv) lines = g_strsplit (mountinfo, "\n", -1);
  g_autofree char *best_type = NULL;
  size_t best_len = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      guint n_fields = g_strv_length (fields);
      g_autofree char *mount_point = NULL;
      guint sep;

      /* Fields: id, parent id, major:minor, root, mount point, options,
       * optional fields…, "-", type, source, super options. */
      if (n_fields < 8)
        continue;
      for (sep = 6; sep < n_fields && !g_str_equal (fields[sep], "-"); sep++)
        ;
      if (sep + 1 >= n_fields)
        continue;

      mount_point = unescape_mount_field (fields[4]);
      if (mount_point_contains (mount_point, path) && strlen (mount_point) >= best_len)
        {
          best_len = strlen (mount_point);
          g_free (best_type);
          best_type = unescape_mount_field (fields[sep + 1]);
        }
    }
  return g_steal_pointer (&best_type);
}

static char *
statfs_network_type (const char *path)
{
  struct statfs buf;

  if (statfs (path, &buf) != 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (network_fs_magics); i++)
    if ((unsigned long) buf.f_type == network_fs_magics[i].magic)
      return g_strdup (network_fs_magics[i].name);
  return NULL;
}

gboolean
ressenti_fs_is_network (const char  *path,
                        char       **fs_type)
{
  const char *mountinfo_path = g_getenv ("RESSENTI_MOUNTINFO");
  g_autofree char *canonical = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *type = NULL;
  gboolean network;

  g_return_val_if_fail (path != NULL, FALSE);

  if (mountinfo_path == NULL || *mountinfo_path == '\0')
    mountinfo_path = "/proc/self/mountinfo";

  canonical = canonical_existing_ancestor (path);
  if (g_file_get_contents (mountinfo_path, &contents, NULL, NULL))
    {
      type = lookup_fs_type (contents, canonical);
      network = is_network_type (type);
    }
  else
    {
      /* Without a mount table, the kernel's magic number still tells
       * the usual network file systems apart. */
      type = statfs_network_type (canonical);
      network = type != NULL;
    }

  if (fs_type != NULL)
    *fs_type = g_steal_pointer (&type);
  return network;
}

gboolean
ressenti_fs_sync_dir (const char  *path,
                      GError     **error)
{
  int fd;
  int saved_errno;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not open the folder “%s” to save it to disk: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save the folder “%s” to disk: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  /* The data is already on disk: a failing close() loses nothing. */
  close (fd);
  return TRUE;
}
