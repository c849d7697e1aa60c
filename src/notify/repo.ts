/** How far each user has read their notifications: the only SQL of src/notify. */
import type { Executor } from '../store/db.js';

export async function readUntil(db: Executor, userId: string): Promise<number> {
  const r = await db.selectFrom('notification_cursors').select('read_until').where('user_id', '=', userId).executeTakeFirst();
  return r ? Number(r.read_until) : 0;
}

export async function markReadUntil(db: Executor, userId: string, until: number): Promise<void> {
  await db.insertInto('notification_cursors').values({ user_id: userId, read_until: until })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ read_until: until })).execute();
}
