/**
 * Seals: the heads of every stream of the installation (each stream's last event: kind, id, seq,
 * hash) gathered into a Merkle tree whose root is written, at intervals, as an event of the seal
 * chain — itself hash-chained like every stream. A seal kept outside the platform (an export file,
 * a timestamp authority's token over its hash) then proves which records existed, and how far each
 * had come, at that time: a record deleted, cut back or rewritten since fails against it.
 * Pure apart from node:crypto.
 */
import { hash as digest } from 'node:crypto';
import { canonicalJson, chainOf, GENESIS_HASH, type ChainBreak, type ChainedFields } from '../workflow/chain.js';

/** The seal chain's stream key (its events are hashed with `chainId`), and the one chain of an installation. */
export const SEAL_CHAIN = chainOf('chainId');
export const CITY_CHAIN_ID = 'city';
export const SEAL_EVENT = 'sealed';

/** A sealed head: [kind, stream id, seq of its last event, that event's hash]. */
export type Head = readonly [kind: string, id: string, version: number, hash: string];

const sha = (s: string): string => digest('sha256', s, 'hex');

/** A leaf of the tree: SHA-256 of "0" and the head's canonical JSON (RFC 6962's leaf/node separation, in hex). */
export const leafHash = (h: Head): string => sha(`0${canonicalJson(h)}`);
/** An inner node: SHA-256 of "1", the left and the right child's hex hashes. */
export const nodeHash = (left: string, right: string): string => sha(`1${left}${right}`);
/** The root of no heads. */
export const EMPTY_ROOT = sha('');

/** Heads in tree order: by kind, then id (code-unit order, as JavaScript compares strings). */
export function sortHeads<T extends Head>(heads: T[]): T[] {
  return heads.sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/** The Merkle root of heads already in tree order: pairs hashed level by level, an odd last node carried up as it is. */
export function merkleRoot(sorted: readonly Head[]): string {
  if (sorted.length === 0) return EMPTY_ROOT;
  let level = sorted.map(leafHash);
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** What a seal event says. */
export interface SealData {
  /** Merkle root over every sealed head (merkleRoot). */
  root: string;
  /** How many heads the tree has. */
  streams: number;
  /** Heads per stream kind. */
  kinds: Record<string, number>;
  /** Heads that moved since the previous seal (new streams included). */
  changed: number;
  /** Heads this seal would not move: the stream no longer continues its sealed head (see seal.ts). */
  refused: number;
}

/** A seal event as stored: the chain's hashed members plus its hash. */
export interface SealEvent extends ChainedFields {
  chainId: string;
  data: SealData;
  hash: string;
}

export function makeSealEvent(prev: { version: number; lastHash: string }, data: SealData, actor: { id: string; role: string }, at: number): SealEvent {
  const e: SealEvent = {
    chainId: CITY_CHAIN_ID, seq: prev.version + 1, type: SEAL_EVENT, data, actorId: actor.id, role: actor.role, at,
    lon: null, lat: null, attachments: [], prevHash: prev.version === 0 ? GENESIS_HASH : prev.lastHash, hash: '',
  };
  e.hash = SEAL_CHAIN.hashEvent(e);
  return e;
}

/** What can be wrong, by kind, named for a person. */
export const PROBLEM_KINDS = {
  row_forged: { zh: '数据行与其流转记录不符：数据行被改动（列表、地图和评价显示的是伪造内容）', en: 'the row does not match its events: the row was edited (lists, the map and evaluation show a forgery)' },
  chain_broken: { zh: '流转记录的哈希链断裂：有记录被改动、删除、插入或调换', en: 'the hash chain of its events breaks: an event was altered, deleted, inserted or reordered' },
  truncated: { zh: '流转记录被截断：封存后的最后若干条记录被删除，数据行被回退', en: 'the log was cut back: events sealed earlier are gone and the row was wound back' },
  rewritten: { zh: '已封存的流转记录被改写：封存时的记录与现存记录不符', en: 'a sealed event was rewritten: the event the seal recorded is not the one stored now' },
  deleted: { zh: '整条记录被删除：封存时存在的记录已不存在', en: 'the whole record was deleted: it existed when sealed and is gone' },
  seal_chain_broken: { zh: '封存链断裂：封存记录被改动或删除', en: 'the seal chain breaks: a seal was altered or deleted' },
  seal_heads_mismatch: { zh: '封存清单与最近一次封存的根哈希不符：封存清单被改动', en: 'the sealed heads do not give the last seal’s root: the list of sealed heads was edited' },
  seal_export_mismatch: { zh: '与外部保存的封存文件不符：封存链被整体改写', en: 'does not match a seal kept outside the platform: the seal chain was rewritten' },
} as const;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** The three things the report counts, by problem kind. */
export const CATEGORY_OF: Record<ProblemKind, 'forged' | 'truncated' | 'deleted' | 'seal'> = {
  row_forged: 'forged', chain_broken: 'forged', rewritten: 'forged', truncated: 'truncated', deleted: 'deleted',
  seal_chain_broken: 'seal', seal_heads_mismatch: 'seal', seal_export_mismatch: 'seal',
};

export interface Problem {
  problem: ProblemKind;
  /** The stream kind (`case` …); absent for a problem of the seals themselves. */
  kind?: string;
  id?: string;
  /** The record's human name (案卷编号) when known. */
  code?: string;
  /** The event number where it breaks, when there is one. */
  seq?: number;
  /** The chain's own break, for row and chain problems. */
  breaksAt?: ChainBreak;
  /** When the head this problem contradicts was sealed (the record was intact then). */
  sealedAt?: number;
  sealSeq?: number;
  message: string;
  messageEn: string;
}

export function describeProblem(p: Omit<Problem, 'message' | 'messageEn'>): Problem {
  const k = PROBLEM_KINDS[p.problem];
  const who = p.kind ? `${p.kind} ${p.code ?? p.id}` : 'seals';
  const whoZh = p.kind ? `${p.code ?? p.id}` : '封存链';
  const at = p.seq === undefined ? '' : `第 ${p.seq} 条：`;
  const sealed = p.sealedAt === undefined ? '' : `（${new Date(p.sealedAt + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} 封存时完好）`;
  const sealedEn = p.sealedAt === undefined ? '' : ` (intact when sealed at ${new Date(p.sealedAt).toISOString()})`;
  return { ...p, message: `${whoZh} ${at}${k.zh}${sealed}`, messageEn: `${who}${p.seq === undefined ? '' : ` event ${p.seq}`}: ${k.en}${sealedEn}` };
}

/** The file a seal is handed out as (`cityloop seal --export`, `GET /api/v1/integrity/seals/latest/export`). */
export interface SealExport {
  format: 'cityloop-seal';
  version: 1;
  /** The seal event, as hashed. */
  seal: SealEvent;
  /** The exact text whose SHA-256 is `seal.hash` (canonical JSON, keys sorted). */
  canonical: string;
  /** Every head the seal's root covers, in tree order; empty when exported without them. */
  heads: Head[];
  /** How to check this file without the platform. */
  howToCheck: string;
  /** An RFC 3161 timestamp token over the seal's hash (base64 DER), when a timestamp authority is configured. */
  timestampToken?: string;
}

export const HOW_TO_CHECK = 'sha256(canonical) must equal seal.hash, and canonical must be the canonical JSON of seal (keys sorted, no spaces). '
  + 'Each head [kind,id,seq,hash] is a leaf sha256("0"+JSON of the head); inner nodes are sha256("1"+left+right) over hex hashes, pairs level by level in the listed order, '
  + 'an odd last node carried up unchanged; the top must equal seal.data.root. `cityloop seal check FILE` does both. Keep each file: a later seal chain must contain this seal with the same hash.';

/** Checks an export on its own (no database): the seal's hash, and the root of its heads. Returns the problems found (none: intact). */
export function checkExport(x: SealExport): string[] {
  const out: string[] = [];
  if (x.format !== 'cityloop-seal' || x.version !== 1) return ['not a cityloop seal file (format/version)'];
  const canonical = SEAL_CHAIN.canonicalEvent(x.seal);
  if (canonical !== x.canonical) out.push('canonical text does not match the seal');
  if (SEAL_CHAIN.hashEvent(x.seal) !== x.seal.hash) out.push('seal.hash is not the SHA-256 of the seal');
  if (x.heads.length > 0) {
    const sorted = sortHeads([...x.heads]);
    if (sorted.some((h, i) => h !== x.heads[i])) out.push('heads are not in tree order');
    if (x.heads.length !== x.seal.data.streams) out.push(`the seal covers ${x.seal.data.streams} heads, the file lists ${x.heads.length}`);
    else if (merkleRoot(x.heads) !== x.seal.data.root) out.push('the heads do not give the seal’s root');
  }
  return out;
}
