/** NATS JetStream for the bus tests: a unique subject prefix (so its own stream) per suite, removed afterwards. */
import { describe } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { streamNameOf } from '../../src/bus/jetstream.js';

export const NATS_URL = process.env.CITYLOOP_TEST_NATS_URL;
const inCi = process.env.CI === 'true';

let counter = 0;
/** A subject prefix no other run uses: other engineers' tests share the server. */
export function uniquePrefix(label = 't'): string {
  counter += 1;
  return `${label}${process.pid}x${Date.now().toString(36)}x${counter}`;
}

/** Deletes the stream (and with it its consumers) of a prefix. */
export async function dropStream(prefix: string): Promise<void> {
  if (!NATS_URL) return;
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(streamNameOf(prefix)).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

/** A suite that needs NATS: skipped (and saying how to run it) without CITYLOOP_TEST_NATS_URL, except under CI=true. */
export function describeNats(name: string, body: () => void): void {
  if (NATS_URL) {
    describe(name, body);
    return;
  }
  if (inCi) {
    describe(name, () => {
      throw new Error('CI=true but CITYLOOP_TEST_NATS_URL is not set: the NATS bus tests must run in CI');
    });
    return;
  }
  describe.skip(`${name} — skipped: set CITYLOOP_TEST_NATS_URL=nats://127.0.0.1:4222 to run`, body);
}
