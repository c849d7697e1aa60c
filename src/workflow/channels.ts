/**
 * Intake channels as small plug-ins (FixMyStreet's send methods, the other way round): each channel
 * says which sources it brings reports from, whether a report from a source needs an on-site check
 * (核实) before it is accepted, who may use it, the schema of its payload — the one place its input is
 * validated — and how a payload becomes a report with an external reference. Pure.
 */
import type { TObject } from 'typebox';
import { forbidden } from '../core/errors.js';
import type { Role } from '../auth/roles.js';
import type { FieldRefusal } from './actions.js';
import { checkBody } from './body.js';

export interface IntakeChannel<Report, Payload = Record<string, unknown>> {
  name: string;
  zh: string;
  en: string;
  /** The sources reports come from through this channel (a source belongs to one channel). */
  sources: readonly string[];
  /** Roles that may use it. */
  roles: readonly Role[];
  /** Must an inspector confirm a report of this source on site (核实) before it is accepted? */
  needsCheck(source: string): boolean;
  /** The payload: members, required ones, limits (also the API's documentation of the channel). */
  payload: TObject;
  refusals?: Readonly<Record<string, FieldRefusal>>;
  /** The report a valid payload becomes; `externalRef` is the channel's own id of it, if any. */
  toReport(payload: Payload, actor: { id: string }): Report & { source: string; externalRef: string | null };
}

/** The channel a source's reports come through, or undefined. */
export function channelOf<C extends IntakeChannel<unknown, never>>(channels: readonly C[], source: string): C | undefined {
  return channels.find((c) => c.sources.includes(source));
}

/**
 * The channel a report of this source comes through for this actor: a source may come through
 * several (a citizen's call typed in by an operator, the public's own channel), one per role. When
 * none of the actor's roles may use any of them, the first by source, which then refuses the actor.
 */
export function channelFor<C extends IntakeChannel<unknown, never>>(channels: readonly C[], source: string, roles: readonly string[]): C | undefined {
  return channels.find((c) => c.sources.includes(source) && c.roles.some((r) => roles.includes(r))) ?? channelOf(channels, source);
}

/** Who may use the channel, then its payload checked against its schema (400/422 as for actions); returns the report. */
export function receive<Report, Payload>(channel: IntakeChannel<Report, Payload>, actor: { id: string; roles: readonly string[] }, raw: unknown): Report & { source: string; externalRef: string | null } {
  if (!channel.roles.some((r) => actor.roles.includes(r))) {
    throw forbidden('FORBIDDEN_SOURCE', `您不能通过“${channel.zh}”上报`, `Your roles may not report through ${channel.en}`, { channel: channel.name });
  }
  const payload = checkBody<Payload & object>(channel.name, { zh: channel.zh, body: channel.payload, refusals: channel.refusals }, raw);
  return channel.toReport(payload, actor);
}
