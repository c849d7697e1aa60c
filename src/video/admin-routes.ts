/**
 * HTTP for the video shelf and register: algorithms, cameras and their art. 41 review, the public list
 * of reviewed cameras, sources (API keys), the intake policy, precision, counters and notices.
 */
import { Type } from 'typebox';
import type { Api } from '../http/types.js';
import type { AppContext } from '../app.js';
import { requireUser } from '../http/auth-hook.js';
import { badRequest } from '../core/errors.js';
import { shanghaiDate } from '../core/time.js';
import { AlgorithmInput, CameraInput, PolicyInput, ReviewInput } from './schemas.js';
import { AlgorithmView, CameraView, CountersView, NoticeView, PolicyView, PrecisionView, presentAlgorithm, presentCamera } from './presenters.js';

const Err = Type.Ref('Error');
const tags = ['video'];
const Code = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

const PublicCamera = Type.Object({ code: Type.String(), location: Type.String(), lon: Type.Number(), lat: Type.Number(), districtCode: Type.String(), reviewedOn: Type.Union([Type.String(), Type.Null()]) });

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export async function videoAdminRoutes(app: Api, ctx: AppContext): Promise<void> {
  const suppressed = () => ctx.video.core.engine.registry.suppressed;

  app.get('/api/v1/video/algorithms', {
    schema: { tags, summary: '算法仓 · The algorithm shelf', response: { 200: Type.Object({ algorithms: Type.Array(AlgorithmView) }), 401: Err, 403: Err } },
  }, async (req) => ({ algorithms: ctx.video.algorithms(requireUser(req)).map(presentAlgorithm) }));

  app.put('/api/v1/video/algorithms/:code', {
    schema: { tags, summary: '上架/修改算法 · Put an algorithm on the shelf', params: Code, body: AlgorithmInput, response: { 200: Type.Object({ algorithm: AlgorithmView }), 400: Err, 401: Err, 403: Err, 422: Err } },
  }, async (req) => ({ algorithm: presentAlgorithm(await ctx.video.putAlgorithm(requireUser(req), req.params.code, req.body)) }));

  app.get('/api/v1/video/cameras', {
    schema: { tags, summary: '摄像头登记 · The camera register (in your area)', response: { 200: Type.Object({ cameras: Type.Array(CameraView) }), 401: Err, 403: Err } },
  }, async (req) => ({ cameras: ctx.video.cameras(requireUser(req)).map((c) => presentCamera(c, suppressed())) }));

  app.get('/api/v1/video/cameras/:code', {
    schema: { tags, summary: '摄像头 · A camera', params: Code, response: { 200: Type.Object({ camera: CameraView }), 401: Err, 403: Err, 404: Err } },
  }, async (req) => ({ camera: presentCamera(ctx.video.camera(requireUser(req), req.params.code), suppressed()) }));

  app.put('/api/v1/video/cameras/:code', {
    schema: { tags, summary: '登记/修改摄像头 · Register a camera (place resolved to the grid)', params: Code, body: CameraInput, response: { 200: Type.Object({ camera: CameraView }), 400: Err, 401: Err, 403: Err, 422: Err } },
  }, async (req) => ({ camera: presentCamera(await ctx.video.putCamera(requireUser(req), req.params.code, req.body), suppressed()) }));

  app.put('/api/v1/video/cameras/:code/review', {
    schema: {
      tags, summary: '法制和技术审核记录 · The camera’s art. 41 review record',
      description: 'A camera without a passed legal and technical review, a sign photo and a published location may raise cases, but its evidence cannot support a penalty.',
      params: Code, body: ReviewInput, response: { 200: Type.Object({ camera: CameraView }), 400: Err, 401: Err, 403: Err, 404: Err, 422: Err },
    },
  }, async (req) => ({ camera: presentCamera(await ctx.video.putReview(requireUser(req), req.params.code, req.body), suppressed()) }));

  app.get('/api/v1/public/video-cameras', {
    schema: { tags, summary: '公示：非现场执法摄像头设置地点 · Public: where the reviewed cameras are (no login)', response: { 200: Type.Object({ cameras: Type.Array(PublicCamera) }) } },
  }, async () => ({ cameras: ctx.video.publicCameras() }));

  app.get('/public/video-cameras', { schema: { hide: true } }, async (_req, reply) => {
    const rows = ctx.video.publicCameras().map((c) => `<tr><td>${esc(c.code)}</td><td>${esc(c.location)}</td><td>${c.lon.toFixed(5)}, ${c.lat.toFixed(5)}</td><td>${esc(c.reviewedOn ?? '')}</td></tr>`).join('');
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>非现场执法电子技术监控设备设置地点公示</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;color:#1f1f1f}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.4rem .6rem;text-align:left}th{background:#f5f5f5}</style></head>
<body><h1>非现场执法电子技术监控设备设置地点公示</h1><p>依据《中华人民共和国行政处罚法》第四十一条，以下设备已经法制和技术审核，设置明显标识，设置地点向社会公布。共 ${ctx.video.publicCameras().length} 处。</p>
<table><thead><tr><th>编号</th><th>设置地点</th><th>坐标（WGS-84）</th><th>审核日期</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
    return reply.header('content-type', 'text/html; charset=utf-8').send(html);
  });

  app.get('/api/v1/video/sources', {
    schema: { tags, summary: '接入方 · Sources that post detections', response: { 200: Type.Object({ sources: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), active: Type.Boolean(), createdAt: Type.Number() })) }), 401: Err, 403: Err } },
  }, async (req) => ({ sources: await ctx.video.sources(requireUser(req)) }));

  app.post('/api/v1/video/sources', {
    schema: {
      tags, summary: '新增接入方（密钥只显示一次） · Add a source; its API key is shown once',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.String(), name: Type.String(), apiKey: Type.String() }), 400: Err, 401: Err, 403: Err, 422: Err },
    },
  }, async (req, reply) => reply.status(201).send(await ctx.video.createSource(requireUser(req), req.body.name)));

  app.post('/api/v1/video/sources/:id/active', {
    schema: {
      tags, summary: '启用/停用接入方 · Enable or disable a source', params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }), response: { 204: Type.Null(), 400: Err, 401: Err, 403: Err, 404: Err },
    },
  }, async (req, reply) => {
    await ctx.video.setSourceActive(requireUser(req), req.params.id, req.body.active);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/video/policy', { schema: { tags, summary: '识别策略 · Intake policy', response: { 200: PolicyView, 401: Err, 403: Err } } },
    async (req) => ctx.video.policy(requireUser(req)));
  app.put('/api/v1/video/policy', {
    schema: { tags, summary: '设置识别策略（自动受理、自动抑制） · Set the policy: auto-accept and suppression floors', body: PolicyInput, response: { 200: PolicyView, 400: Err, 401: Err, 403: Err, 422: Err } },
  }, async (req) => ctx.video.setPolicy(requireUser(req), req.body));

  app.get('/api/v1/video/precision', {
    schema: {
      tags, summary: '识别精度（按算法×摄像头，含趋势） · Precision per algorithm × camera with daily trends',
      querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })) }),
      response: { 200: PrecisionView, 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => ctx.video.precision(requireUser(req), req.query.days ?? 30));

  app.get('/api/v1/video/counters', {
    schema: {
      tags, summary: '接收与过滤计数 · What happened to the detections that arrived, per algorithm and camera',
      querystring: Type.Object({ from: Type.Optional(Type.String({ pattern: DATE })), to: Type.Optional(Type.String({ pattern: DATE })) }),
      response: { 200: CountersView, 400: Err, 401: Err, 403: Err },
    },
  }, async (req) => {
    const today = shanghaiDate(ctx.clock.now());
    const from = req.query.from ?? today;
    const to = req.query.to ?? today;
    if (from > to) throw badRequest('VALIDATION_FAILED', '开始日期晚于结束日期', 'from is after to', [{ in: 'query', field: 'from', problem: 'after to' }]);
    return ctx.video.counters(requireUser(req), from, to);
  });

  app.get('/api/v1/video/notices', {
    schema: {
      tags, summary: '抑制与恢复通知 · Suppressions and restorations of pairs',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
      response: { 200: Type.Object({ notices: Type.Array(NoticeView) }), 401: Err, 403: Err },
    },
  }, async (req) => ({ notices: await ctx.video.notices(requireUser(req), req.query.limit ?? 50) }));

  app.post('/api/v1/video/pairs/restore', {
    schema: {
      tags, summary: '恢复被抑制的算法×摄像头 · Lift a suppression (precision counts afresh)',
      body: Type.Object({ camera: Type.String({ minLength: 1, maxLength: 64 }), algorithm: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), 400: Err, 401: Err, 403: Err, 404: Err },
    },
  }, async (req, reply) => {
    await ctx.video.restorePair(requireUser(req), req.body.camera, req.body.algorithm);
    return reply.status(204).send(null);
  });
}
