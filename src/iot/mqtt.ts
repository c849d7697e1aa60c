/**
 * MQTT ingest. Devices publish JSON readings to `cityloop/devices/{deviceId}/telemetry` (one
 * reading or an array), username = device id, password = device secret.
 *
 * - Embedded (default): an aedes broker inside the platform. CONNECT is checked against the device
 *   registry; a device may publish only to its own topic. The reading is ingested inside
 *   `authorizePublish`, whose callback — and so the QoS 1 PUBACK — waits while the pipeline is full:
 *   publishers slow down instead of memory growing.
 * - External (`MQTT_URL`): the platform subscribes (QoS 1, as a shared subscription so several
 *   processes split the devices) to a broker such as Mosquitto, which then checks the devices'
 *   credentials; the PUBACK to the broker waits the same way.
 */
import net from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from '../core/logger.js';
import type { IngestResult } from './service.js';

export const TOPIC = /^cityloop\/devices\/([^/]{1,64})\/telemetry$/;
export const SUBSCRIPTION = 'cityloop/devices/+/telemetry';

export interface IngestPort {
  authenticate(deviceId: string, secret: string): boolean;
  ingestBuffer(deviceId: string, buf: Buffer, path: 'mqtt' | 'http'): IngestResult | Promise<IngestResult>;
  reject(reason: 'bad_credentials' | 'malformed' | 'unknown_device'): void;
}

export interface MqttIngest {
  /** The port the embedded broker listens on (undefined for an external broker). */
  port?: number;
  close(): Promise<void>;
}

const settle = (r: IngestResult | Promise<IngestResult>, done: () => void, fail: (e: unknown) => void): void => {
  if (r instanceof Promise) r.then(done, fail);
  else done();
};

/** The embedded broker on `port` (0: any free port). */
export async function startEmbeddedBroker(hub: IngestPort, logger: Logger, opts: { port: number; host?: string }): Promise<MqttIngest> {
  const deviceOf = new WeakMap<object, string>();
  const broker = await Aedes.createBroker({
    id: 'cityloop',
    authenticate(client, username, password, done) {
      const ok = typeof username === 'string' && password !== undefined && hub.authenticate(username, password.toString('utf8'));
      if (!ok) {
        hub.reject('bad_credentials');
        const err = Object.assign(new Error('bad device id or secret'), { returnCode: 4 as const });
        done(err as never, false);
        return;
      }
      deviceOf.set(client, username);
      done(null, true);
    },
    authorizePublish(client, packet, callback) {
      if (!client) return callback(null);
      const m = TOPIC.exec(packet.topic);
      const device = deviceOf.get(client);
      if (!m || !device || m[1] !== device) {
        hub.reject('bad_credentials');
        return callback(new Error('a device publishes only to its own telemetry topic'));
      }
      const buf = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      try {
        settle(hub.ingestBuffer(device, buf, 'mqtt'), () => callback(null), (e) => {
          logger.warn({ err: e, device }, 'MQTT ingest failed');
          callback(null);
        });
      } catch (e) {
        logger.warn({ err: e, device }, 'MQTT ingest failed');
        callback(null);
      }
    },
    authorizeSubscribe(_client, sub, callback) {
      // Devices need no subscriptions to telemetry; commands may come later on their own topics.
      if (TOPIC.test(sub.topic) || sub.topic.includes('#') || sub.topic.includes('+')) return callback(new Error('not allowed'));
      callback(null, sub);
    },
  });
  broker.on('clientError', (client, err) => logger.debug({ client: client?.id, err: err.message }, 'MQTT client error'));
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  logger.info(`MQTT broker (embedded) listening on port ${port}: devices publish to cityloop/devices/{id}/telemetry`);
  return {
    port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Subscribes to an external broker (Mosquitto, EMQX). */
export async function connectExternalBroker(hub: IngestPort, logger: Logger, url: string, opts: { clientId?: string; group?: string } = {}): Promise<MqttIngest> {
  const mqtt = (await import('mqtt')).default; // the client only for an external broker, not at every start
  const client = await mqtt.connectAsync(url, {
    clientId: opts.clientId ?? `cityloop-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    clean: true, reconnectPeriod: 2_000, protocolVersion: 5,
  });
  const original = client.handleMessage.bind(client);
  // The PUBACK to the broker is sent after this callback: it waits while the pipeline is full.
  client.handleMessage = (packet, done) => {
    const m = TOPIC.exec(packet.topic);
    if (!m) {
      hub.reject('malformed');
      return original(packet, done);
    }
    const buf = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    try {
      settle(hub.ingestBuffer(m[1]!, buf, 'mqtt'), () => done(), (e) => {
        logger.warn({ err: e }, 'MQTT ingest failed');
        done();
      });
    } catch (e) {
      logger.warn({ err: e }, 'MQTT ingest failed');
      done();
    }
  };
  client.on('error', (err) => logger.warn({ err: err.message }, 'MQTT (external) error'));
  const topic = `$share/${opts.group ?? 'cityloop'}/${SUBSCRIPTION}`;
  await client.subscribeAsync(topic, { qos: 1 });
  logger.info(`MQTT: subscribed to ${SUBSCRIPTION} on ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
  return {
    async close() {
      await client.endAsync();
    },
  };
}
