/**
 * The classifier: a work order's or a citizen report's text → our class codes, top 3 with a
 * confidence, for the operator to confirm or correct. Trained from the city's labelled texts
 * (`classifier_examples`) and the operators' decisions, which count three times.
 *
 * The model lives in memory. It is trained on the first `classify` (not at start: a platform that
 * never classifies pays nothing), again by `retrain()` (admin, CLI), and when another process
 * recorded decisions (the `classifier.revision` setting moved; checked at most every few seconds,
 * the retrain runs in the background and the old model answers meanwhile). A decision is learnt at
 * once by this process's model too: one gradient step on it (logistic.ts `learnOne`).
 */
import type { ServiceDeps } from '../core/deps.js';
import { unprocessable } from '../core/errors.js';
import { getSetting, putSetting } from '../store/settings.js';
import type { CatalogService } from '../catalog/service.js';
import { learnOne, predictLogistic, trainLogistic, type LogisticModel } from './logistic.js';
import type { TrainingExample } from './model.js';
import { createClassifierRepo, type ExampleRow } from './repo.js';
import { textFeatures } from './segment.js';

/** One proposed class. */
export interface ProposedClass {
  code: string;
  name: string;
  /** 0…1 */
  confidence: number;
}

export interface Classification {
  /** The most likely classes first (at most 3); empty when there is no labelled text yet. */
  top: ProposedClass[];
  /** When the model that answered was trained (epoch ms); null without a model. */
  modelTrainedAt: number | null;
}

export interface ModelInfo {
  trainedAt: number | null;
  /** Texts the model was trained on. */
  examples: number;
  classes: number;
  /** Labelled texts in the store by origin: seed, import, decision. */
  stored: Record<string, number>;
  /** Operators' decisions on a proposal, and the share that kept the proposed class. */
  decisions: { proposed: number; kept: number; keptRate: number | null };
}

export interface DecisionInput {
  text: string;
  /** The class the operator chose. */
  code: string;
  /** The class the classifier proposed first (null when none). */
  proposedCode?: string | null;
  ref?: string | null;
  actorId?: string | null;
}

export interface ClassifierService {
  /** Top 3 classes (enabled ones only) of a text. */
  classify(text: string): Promise<Classification>;
  /** Keep an operator's confirmation or correction as a labelled text; the model learns it at once. */
  recordDecision(input: DecisionInput): Promise<void>;
  /** Train a new model from every stored labelled text. */
  retrain(): Promise<ModelInfo>;
  info(): Promise<ModelInfo>;
  /** Store labelled texts (origin `seed` or `import`); returns how many. The model is retrained at its next use. */
  addExamples(examples: readonly { text: string; code: string }[], origin: 'seed' | 'import'): Promise<number>;
  /** The demo city's labelled set, when the store has no labelled text yet. */
  seedDemo(): Promise<number>;
}

export interface ClassifierOptions {
  catalog: CatalogService;
  /** The demo city's labelled set (src/demo/labelled), handed in by the composition root. */
  demoExamples?: () => readonly { text: string; code: string }[];
  /** How often (ms) to look for decisions another process recorded; default 5000. */
  revisionCheckMs?: number;
}

/** A decision counts this many times against a text of the starting set. */
export const DECISION_WEIGHT = 3;
const REVISION_KEY = 'classifier.revision';
const MAX_TEXT = 4000;

export function createClassifierService(deps: ServiceDeps & ClassifierOptions): ClassifierService {
  const repo = createClassifierRepo(deps.db.kysely);
  const revisionCheckMs = deps.revisionCheckMs ?? 5000;
  let model: LogisticModel | null = null;
  let training: Promise<LogisticModel> | null = null;
  let knownRevision: number | undefined;
  let checkedAt = -Infinity;

  async function trainNow(): Promise<LogisticModel> {
    knownRevision = await getSetting<number>(deps.db.kysely, REVISION_KEY);
    checkedAt = deps.clock.now();
    const rows = await repo.all();
    const examples: TrainingExample[] = rows.map((r) => ({ features: textFeatures(r.text), code: r.code, weight: r.origin === 'decision' ? DECISION_WEIGHT : 1 }));
    const trained = trainLogistic(examples, deps.clock.now());
    deps.logger.info({ examples: trained.examples, classes: trained.classes.length }, 'classifier trained');
    model = trained;
    return trained;
  }

  function train(): Promise<LogisticModel> {
    training ??= trainNow().finally(() => {
      training = null;
    });
    return training;
  }

  async function current(): Promise<LogisticModel> {
    if (!model) return train();
    const now = deps.clock.now();
    if (now - checkedAt >= revisionCheckMs) {
      checkedAt = now;
      const revision = await getSetting<number>(deps.db.kysely, REVISION_KEY);
      if (revision !== knownRevision) void train().catch((e: unknown) => deps.logger.warn({ err: e }, 'classifier retrain failed'));
    }
    return model;
  }

  async function bumpRevision(): Promise<void> {
    const next = ((await getSetting<number>(deps.db.kysely, REVISION_KEY)) ?? 0) + 1;
    await putSetting(deps.db.kysely, REVISION_KEY, next, deps.clock.now());
    knownRevision = next;
  }

  function checkText(text: string): string {
    const t = text.trim();
    if (!t) throw unprocessable('TEXT_REQUIRED', '请填写诉求内容', 'The text is required');
    if (t.length > MAX_TEXT) throw unprocessable('TEXT_TOO_LONG', `诉求内容不能超过 ${MAX_TEXT} 字`, `The text may have at most ${MAX_TEXT} characters`);
    return t;
  }

  async function info(): Promise<ModelInfo> {
    const [stored, tally] = await Promise.all([repo.countByOrigin(), repo.decisionTally()]);
    return {
      trainedAt: model?.trainedAt ?? null,
      examples: model?.examples ?? 0,
      classes: model?.classes.length ?? 0,
      stored,
      decisions: { ...tally, keptRate: tally.proposed ? tally.kept / tally.proposed : null },
    };
  }

  async function addExamples(examples: readonly { text: string; code: string }[], origin: 'seed' | 'import'): Promise<number> {
    const now = deps.clock.now();
    const rows: ExampleRow[] = examples.map((e) => ({
      id: deps.ids.next(), text: e.text, code: e.code, origin, proposed_code: null, ref: null, actor_id: null, created_at: now,
    }));
    await repo.insert(rows);
    await bumpRevision();
    model = null;
    return rows.length;
  }

  return {
    async classify(text) {
      const t = checkText(text);
      const m = await current();
      const scored = predictLogistic(m, textFeatures(t), m.classes.length);
      const top: ProposedClass[] = [];
      for (const s of scored) {
        if (top.length === 3) break;
        const cls = await deps.catalog.getCategory(s.code).catch(() => null);
        if (cls?.enabled) top.push({ code: s.code, name: cls.name, confidence: s.confidence });
      }
      return { top, modelTrainedAt: m.classes.length ? m.trainedAt : null };
    },

    async recordDecision(input) {
      const text = checkText(input.text);
      const cls = await deps.catalog.getCategory(input.code);
      if (!cls.enabled) throw unprocessable('CATEGORY_DISABLED', `分类「${input.code}」已停用`, `Class '${input.code}' is disabled`);
      await repo.insert([{
        id: deps.ids.next(), text, code: cls.code, origin: 'decision', proposed_code: input.proposedCode ?? null,
        ref: input.ref ?? null, actor_id: input.actorId ?? null, created_at: deps.clock.now(),
      }]);
      await bumpRevision();
      if (model) learnOne(model, { features: textFeatures(text), code: cls.code, weight: DECISION_WEIGHT });
    },

    async retrain() {
      await train();
      return info();
    },

    info,
    addExamples,

    async seedDemo() {
      if (!deps.demoExamples) return 0;
      const stored = await repo.countByOrigin();
      if (Object.keys(stored).length) return 0;
      return addExamples(deps.demoExamples(), 'seed');
    },
  };
}
