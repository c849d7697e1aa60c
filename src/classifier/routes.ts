/**
 * HTTP for the classifier: propose classes for a text, keep an operator's decision, and (admin)
 * see and retrain the model. Route = authenticate → validate → authorize → one service call → present.
 */
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app.js';
import { authorize } from '../auth/policy.js';
import { requireUser } from '../http/auth-hook.js';
import type { Api } from '../http/types.js';
import type { ModelInfo } from './service.js';

const Err = Type.Ref('Error');
const tags = ['classifier'];
const Text = Type.String({ minLength: 1, maxLength: 4000, title: '诉求内容', description: 'The work order’s or report’s text' });
const Code = Type.String({ minLength: 3, maxLength: 8, pattern: '^[CE][0-9]+$', examples: ['C0101', 'E0505'] });

const ClassificationView = Type.Object({
  top: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), confidence: Type.Number({ minimum: 0, maximum: 1 }) }), {
    description: 'Most likely first, at most 3; empty when the city has no labelled texts yet',
  }),
  modelTrainedAt: Type.Union([Type.Number(), Type.Null()], { description: 'epoch ms' }),
});

const ModelView = Type.Object({
  trainedAt: Type.Union([Type.Number(), Type.Null()]),
  examples: Type.Integer({ description: 'Texts the model in memory was trained on' }),
  classes: Type.Integer(),
  stored: Type.Record(Type.String(), Type.Integer(), { description: 'Labelled texts in the store by origin: seed, import, decision' }),
  decisions: Type.Object({
    proposed: Type.Integer({ description: 'Decisions taken on a proposal' }),
    kept: Type.Integer({ description: 'Of those, how many kept the first proposed class' }),
    keptRate: Type.Union([Type.Number(), Type.Null()]),
  }),
});

const presentModel = (m: ModelInfo): Static<typeof ModelView> => ({
  trainedAt: m.trainedAt, examples: m.examples, classes: m.classes, stored: m.stored, decisions: m.decisions,
});

export async function classifierRoutes(app: Api, ctx: AppContext): Promise<void> {
  const { classifier } = ctx;

  app.post(
    '/api/v1/classifier/classify',
    {
      schema: {
        tags,
        summary: 'Propose classes for a text 智能分类: top 3 with a confidence',
        body: Type.Object({ text: Text }, { additionalProperties: false }),
        response: { 200: ClassificationView, 400: Err, 401: Err, 403: Err, 422: Err },
      },
    },
    async (req) => {
      authorize(requireUser(req), 'classifier.use');
      const c = await classifier.classify(req.body.text);
      return { top: c.top.map((t) => ({ code: t.code, name: t.name, confidence: t.confidence })), modelTrainedAt: c.modelTrainedAt };
    },
  );

  app.post(
    '/api/v1/classifier/decisions',
    {
      schema: {
        tags,
        summary: 'Keep an operator’s confirmation or correction 分类确认/纠正 (the model learns it)',
        body: Type.Object(
          {
            text: Text,
            code: Code,
            proposedCode: Type.Optional(Type.Union([Code, Type.Null()])),
            ref: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()], { description: 'The work order or case it was made on' })),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), 400: Err, 401: Err, 403: Err, 404: Err, 422: Err },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      authorize(user, 'classifier.use');
      await classifier.recordDecision({ ...req.body, actorId: user.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/classifier',
    { schema: { tags, summary: 'The classification model: when trained, on what, how often operators kept its proposal', response: { 200: ModelView, 401: Err, 403: Err } } },
    async (req) => {
      authorize(requireUser(req), 'classifier.admin');
      return presentModel(await classifier.info());
    },
  );

  app.post(
    '/api/v1/classifier/retrain',
    { schema: { tags, summary: 'Retrain the model from every labelled text and decision 重新训练', response: { 200: ModelView, 401: Err, 403: Err } } },
    async (req) => {
      authorize(requireUser(req), 'classifier.admin');
      return presentModel(await classifier.retrain());
    },
  );
}
