/**
 * What `serve` runs for the hub: MQTT ingest (the embedded broker, or the external one with
 * MQTT_URL), the flusher (batched writes every second) and the sweeper (reload when another process
 * changed devices or rules, silence alarms, the escalation ladder and cases, raw retention). Timers
 * run only where config.timers is on; each step is safe with several processes.
 */
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { connectExternalBroker, startEmbeddedBroker, type MqttIngest } from './mqtt.js';
import type { IotService } from './service.js';

export async function startIotRuntime(iot: IotService, config: Config, logger: Logger): Promise<{ mqtt: MqttIngest | null; stop(): Promise<void> }> {
  let mqtt: MqttIngest | null = null;
  if (config.mqtt) {
    try {
      mqtt = config.mqttUrl ? await connectExternalBroker(iot, logger, config.mqttUrl) : await startEmbeddedBroker(iot, logger, { port: config.mqttPort, host: config.host });
    } catch (err) {
      // The platform still serves (HTTP ingest works); the log says why devices cannot connect.
      logger.error({ err }, `MQTT ingest not started (${config.mqttUrl ? 'external broker unreachable' : `port ${config.mqttPort} unavailable`}): devices cannot publish over MQTT until it is fixed`);
    }
  }
  let flushing = false;
  const flush = setInterval(() => {
    if (flushing) return;
    flushing = true;
    iot.flush().catch((err: unknown) => logger.warn({ err }, 'IoT flush failed')).finally(() => { flushing = false; });
  }, 1_000);
  let sweeping = false;
  let lastPrune = 0;
  const sweep = config.timers ? setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    (async () => {
      await iot.reloadIfChanged();
      await iot.sweep();
      if (Date.now() - lastPrune > 3_600_000) {
        lastPrune = Date.now();
        await iot.prune();
      }
    })().catch((err: unknown) => logger.warn({ err }, 'IoT sweep failed')).finally(() => { sweeping = false; });
  }, 10_000) : null;
  flush.unref();
  sweep?.unref();
  return {
    mqtt,
    async stop() {
      clearInterval(flush);
      if (sweep) clearInterval(sweep);
      await mqtt?.close();
      await iot.flush().catch(() => undefined);
    },
  };
}
