/** One store per connection (SQLite database or PostgreSQL pool) and stream table, made on first use. */
export function storePerTable<C extends object, S>(stores: WeakMap<C, Map<string, S>>, conn: C, table: string, make: () => S): S {
  let byTable = stores.get(conn);
  if (!byTable) {
    byTable = new Map();
    stores.set(conn, byTable);
  }
  let s = byTable.get(table);
  if (!s) {
    s = make();
    byTable.set(table, s);
  }
  return s;
}
