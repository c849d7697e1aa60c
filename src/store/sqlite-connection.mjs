/**
 * The settings of every SQLite connection CityLoop opens on a database (the main one in db.ts and the
 * writer thread's), in one place. Plain JavaScript so the writer thread can load it; typed by
 * sqlite-connection.d.mts.
 */
/**
 * `synchronous` (a setting, CITYLOOP_SQLITE_SYNCHRONOUS): NORMAL — in WAL mode a killed process loses
 * nothing committed, a power cut or OS crash may lose the last commits (never corrupts); FULL — the WAL
 * is synced at every commit, so a commit that was acknowledged survives a power cut too.
 */
export function configureConnection(db, file, synchronous = 'NORMAL') {
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') throw new Error(`synchronous must be NORMAL or FULL, got ${synchronous}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 64 MiB of page cache (the default is 2 MiB): a city's hot pages — open cases, the log's tail, its indexes — stay in memory.
  db.pragma('cache_size = -65536');
  if (file !== ':memory:') {
    // Checkpoints run on the checkpointer thread (checkpointer.ts), never inside a connection's COMMIT.
    db.pragma('wal_autocheckpoint = 0');
    // A WAL file grown by a burst is cut back to 64 MiB when it starts over.
    db.pragma('journal_size_limit = 67108864');
  }
}
