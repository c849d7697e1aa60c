/** The hash chain of a case's event log: the kit's chain (src/workflow/chain.ts) over `caseId`. */
import { chainOf, type ChainedFields } from '../workflow/chain.js';

export { GENESIS_HASH, canonicalJson, type ChainBreak, type ChainReport } from '../workflow/chain.js';

/** The fields of a case event that are hashed. */
export interface ChainedEventFields extends ChainedFields {
  caseId: string;
}

export const CASE_CHAIN = chainOf('caseId');
export const canonicalEvent = (e: ChainedEventFields, dataJson?: string): string => CASE_CHAIN.canonicalEvent(e, dataJson);
export const hashEvent = (e: ChainedEventFields, dataJson?: string): string => CASE_CHAIN.hashEvent(e, dataJson);
export const verifyChain = (events: ReadonlyArray<ChainedEventFields & { hash: string }>) => CASE_CHAIN.verifyChain(events);
