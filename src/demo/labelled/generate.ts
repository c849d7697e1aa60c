/**
 * The demo city's labelled set of 12345 work-order texts (≥ 2 000), deterministic for a seed.
 * Each text is put together the way hotline texts come: a register (an operator's third-person
 * summary, an angry, elderly or polite caller, a web message, an SMS), a place (exact, a crossing,
 * a landmark, vague), sometimes a time, the problem in one of the class's own phrasings, the class's
 * details and consequences, something any caller adds, a demand — in varying order, with the slips
 * of real transcripts. A real city replaces it with its own labelled orders.
 */
import { mulberry32, type Rng } from '../geo-partition.js';
import { COMPONENT_TEXTS } from './components.js';
import { ENVIRONMENT_TEXTS } from './events-environment.js';
import { STREET_TEXTS } from './events-street.js';
import { COMMUNITIES, DEMANDS, FILLERS, GENERAL_ADDS, LANDMARKS, OPENERS, PLACES, ROADS, SLIPS, TIMES } from './frames.js';
import type { ClassTexts, LabelledText } from './shape.js';

export type { LabelledText } from './shape.js';

/** Every class of the labelled set. */
export const LABELLED_CLASSES: readonly ClassTexts[] = [...COMPONENT_TEXTS, ...ENVIRONMENT_TEXTS, ...STREET_TEXTS];

type Register = keyof typeof OPENERS;
const REGISTERS: [Register, number][] = [['operator', 0.34], ['angry', 0.14], ['elderly', 0.14], ['polite', 0.18], ['web', 0.1], ['sms', 0.1]];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

function register(rng: Rng): Register {
  let r = rng();
  for (const [name, p] of REGISTERS) {
    if ((r -= p) < 0) return name;
  }
  return 'operator';
}

/** Expands `[a|b|c]` to one alternative each. */
export function expand(pattern: string, rng: Rng): string {
  return pattern.replace(/\[([^\]]+)\]/g, (_, alts: string) => pick(rng, alts.split('|')));
}

function place(rng: Rng): string {
  const road = pick(rng, ROADS);
  let road2 = pick(rng, ROADS);
  if (road2 === road) road2 = ROADS[(ROADS.indexOf(road) + 1) % ROADS.length]!;
  return pick(rng, PLACES)
    .replace('{r}', road).replace('{r2}', road2).replace('{c}', pick(rng, COMMUNITIES)).replace('{l}', pick(rng, LANDMARKS))
    .replace('{n}', String(1 + Math.floor(rng() * 399)));
}

function slip(text: string, rng: Rng): string {
  const candidates = SLIPS.filter(([right]) => text.includes(right));
  if (!candidates.length) return text;
  const [right, wrong] = pick(rng, candidates);
  return text.replace(right, wrong);
}

/** One work-order text of a class, written from its phrasing number `k`. */
function writeOne(cls: ClassTexts, k: number, rng: Rng): string {
  const reg = register(rng);
  const where = place(rng);
  const problem = expand(cls.says[k]!, rng);
  const when = rng() < 0.45 ? pick(rng, TIMES) : '';
  const own = rng() < 0.7 ? pick(rng, cls.adds) : '';
  const own2 = rng() < 0.2 ? pick(rng, cls.adds.filter((a) => a !== own)) : '';
  const any = rng() < 0.3 ? pick(rng, GENERAL_ADDS) : '';
  if (reg === 'sms') {
    // 12345#地址#内容: short, no niceties.
    const parts = [where, problem, own].filter(Boolean);
    return pick(rng, OPENERS.sms) + parts.join(rng() < 0.5 ? '#' : ' ') + pick(rng, DEMANDS.sms);
  }
  const filler = reg === 'elderly' || reg === 'angry' ? (rng() < 0.4 ? pick(rng, FILLERS) : '') : '';
  // Place first ("在X，…"), place inside ("X那里…"), or place last ("…，地点在X").
  const order = rng();
  let body: string;
  if (order < 0.45) body = `${when ? when + '，' : ''}${reg === 'operator' ? '' : '在'}${where}，${filler}${problem}`;
  else if (order < 0.8) body = `${filler}${where}${pick(rng, ['那里', '这边', '这里', ''])}${when ? '，' + when : ''}${problem}`;
  else body = `${when ? when + '，' : ''}${filler}${problem}，${pick(rng, ['地点在', '位置：', '就在', '具体在'])}${where}`;
  const tail = [own, own2, any].filter(Boolean).join('，');
  let text = `${pick(rng, OPENERS[reg])}${body}${tail ? '，' + tail : ''}。${pick(rng, DEMANDS[reg])}`;
  if (reg === 'operator' && rng() < 0.3) text = text.replace(/我家|我们家/g, '来电人家').replace(/我/g, '来电人');
  if (rng() < 0.22) text = slip(text, rng);
  if (rng() < 0.08) text = slip(text, rng);
  if (reg === 'angry' && rng() < 0.3) text = text.replace(/。/g, '！');
  if (rng() < 0.07) text = text.replace(/[，。]/g, ' ').trim();
  return text;
}

/**
 * The set: `perClass` texts a class (default 50 → 2 150 texts over 43 classes), each class's
 * phrasings used in turn so every phrasing appears, in a shuffled order.
 */
export function labelledSet(opts: { seed?: number; perClass?: number } = {}): LabelledText[] {
  const rng = mulberry32(opts.seed ?? 12345);
  const perClass = opts.perClass ?? 50;
  const out: LabelledText[] = [];
  const seen = new Set<string>();
  for (const cls of LABELLED_CLASSES) {
    for (let i = 0, tries = 0; i < perClass && tries < perClass * 5; tries++) {
      const k = i % cls.says.length;
      const text = writeOne(cls, k, rng);
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ text, code: cls.code, phrasing: k });
      i++;
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
