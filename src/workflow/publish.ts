/**
 * A workflow's events as domain events on the bus (src/bus): `<stream name>.<event type>`, id
 * `<record id>.<seq>`, published from the store's after-commit hook. Cases publish their own richer
 * payload (src/cases/events.ts); a workflow without one publishes the event's data.
 */
import type { DomainEvent, EventBus } from '../bus/bus.js';
import type { AfterCommit } from './store.js';
import type { StoredEvent, StreamRecord } from './stream.js';

export function publishTo<R extends StreamRecord, E extends StoredEvent, A>(bus: Pick<EventBus, 'publish'>, streamName: string): AfterCommit<R, E, A> {
  return (record, events) => {
    const out: DomainEvent[] = events.map(({ event }) => ({
      name: `${streamName}.${event.type}`, id: `${record.id}.${event.seq}`, at: event.at, data: { id: record.id, seq: event.seq, ...(event.data as object) },
    }));
    bus.publish(out);
  };
}
