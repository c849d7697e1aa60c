/**
 * The demo's enforcement history: a handful of penalty cases at the stages an officer, a legal reviewer
 * and the head meet in their first minute (a fresh clue, a case under investigation, one in legal
 * review, one awaiting service, a summary penalty being paid) and a yard with old and new things, one of
 * them paid for and ready for release. Driven through the real services on a context of its own with a
 * clock moved back three weeks (as the simulator does), so the yard's ageing and the statutory clocks
 * read as they would. Runs once, on a store with no penalty cases.
 */
import { createContext, type AppContext } from '../app.js';
import { createLocalBus } from '../bus/local.js';
import type { Config } from '../core/config.js';
import { ManualClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { DAY_MS } from '../core/time.js';
import type { User } from '../auth/model.js';
import { demoSnapshot } from './video-snapshots.js';

type P = { id: string; version: number };

/** The head of the authority reads every case (the demo's `leader` is city-wide). */
async function systemReader(ctx: AppContext): Promise<User> {
  const leader = await ctx.auth.findByUsername('leader');
  if (!leader) throw new Error('demo enforcement: no account leader');
  return leader;
}

export async function seedDemoEnforcement(config: Config, logger: Logger): Promise<{ cases: number; impounds: number }> {
  const now = Date.now();
  const clock = new ManualClock(now - 20 * DAY_MS);
  const ctx: AppContext = await createContext({ ...config, timers: false }, { clock, logger, seed: false, migrate: false, subscribers: false, bus: createLocalBus(logger) });
  try {
    const e = ctx.enforcement;
    const { total } = await e.list(await systemReader(ctx), { limit: 1, offset: 0 });
    if (total > 0) return { cases: 0, impounds: 0 };
    const who = async (u: string): Promise<User> => {
      const user = await ctx.auth.findByUsername(u);
      if (!user) throw new Error(`demo enforcement: no account ${u}`);
      return user;
    };
    const [enforcer, enforcer2, leader] = [await who('enforcer'), await who('enforcer2'), await who('leader')];
    const officerIds = [enforcer.id, enforcer2.id];
    const grid = (await ctx.geo.listGrids({ limit: 40, districtCode: '350203' }));
    const at = (i: number) => grid[i % grid.length]!.label;
    const photo = (await ctx.files.saveBuffer(demoSnapshot({ x: 0.3, y: 0.3, w: 0.4, h: 0.4 }, 7), { uploadedBy: enforcer.id })).sha256;
    const act = async (u: User, p: P, action: string, body: Record<string, unknown> = {}) => e.act(u, p.id, action, body, p.version);
    const clue = async (summary: string, address: string, i: number) => {
      const { lon, lat } = at(i);
      return (await e.openClue({ source: 'patrol', summary, address, lon, lat, evidence: [photo] }, { actorId: enforcer.id, role: 'enforcer' })).penaltyCase as P;
    };
    const file = async (p: P, name: string, idNumber: string, phone: string) =>
      act(leader, p, 'file', { violationCode: 'GG-001', party: { kind: 'person', name, idNumber, phone }, officerIds, opinion: '同意立案', occurredAt: new Date(clock.now() - 2 * DAY_MS).toISOString() });
    const toNotice = async (p: P, areaM2: number, flags?: Record<string, boolean>) => {
      p = await act(enforcer, p, 'record_evidence', { kind: 'inspection', note: '现场检查，拍照取证', files: [photo], officerIds });
      p = await act(enforcer, p, 'finish_investigation', { summary: '事实清楚，证据确凿' });
      p = await act(enforcer, p, 'propose', { facts: { areaM2, firstTime: true }, ...(flags ? { flags } : {}) });
      return act(enforcer, p, 'notify');
    };
    const impound = async (i: number, body: Record<string, unknown>) => {
      const { lon, lat } = at(i);
      return ctx.enforcement.impounds.create(enforcer, {
        measure: 'seizure', address: '思明区中山路', lon, lat, photos: [photo], officerIds, ...body,
      } as Parameters<typeof ctx.enforcement.impounds.create>[1]);
    };

    // Three weeks ago: two outdoor-advertising cases to the notice, an e-bike taken in.
    let awaiting = await toNotice(await file(await clue('中山路骑楼擅自设置大型户外广告牌，约30平方米', '思明区中山路 88 号', 1), '郑建国', '350203198507154321', '13900001111'), 30);
    const complex = await toNotice(await file(await clue('商场外墙擅自设置大型LED广告屏，涉及多个产权人', '思明区湖滨南路 200 号', 2), '厦门某商贸有限公司法人代表 林某', '350203197811112222', '13900002222'), 60, { complex: true });
    await impound(3, { kind: 'vehicle', party: { kind: 'person', name: '吴六', phone: '13900003333' }, reason: '违规停放电动自行车占用盲道，经责令拒不驶离', items: [{ name: '电动自行车', quantity: 1, unit: '辆', identifier: '车架号 XM2026D0001', condition: '红色，后视镜缺失' }], yard: '思明区电动车暂扣场', location: 'A-12' });

    // Twelve days ago: one decided and its decision made, one to legal review; a shop's stall taken in on a summary penalty.
    clock.set(now - 12 * DAY_MS);
    awaiting = await act(enforcer, awaiting, 'submit');
    awaiting = await act(leader, awaiting, 'decide', { outcome: 'penalty' });
    await e.documents.issue(enforcer, awaiting.id, 'decision');
    await act(enforcer, await act(enforcer, complex, 'submit'), 'request_legal_review', { note: '涉及多个产权人，案情复杂' });
    const shop = await act(enforcer, await clue('水果店店外占道经营，摆放货架和遮阳伞', '思明区大同路 15 号', 4), 'summary', { violationCode: 'SR-001', party: { kind: 'org', name: '鲜丰水果店' }, fineFen: 2_000_00, facts: '店外占道经营约 8 平方米，经劝导未改正' });
    await impound(4, { kind: 'goods', penaltyCaseId: shop.id, party: { kind: 'org', name: '鲜丰水果店', phone: '13900004444' }, reason: '占道经营的物品，经责令拒不改正', items: [{ name: '水果货架', quantity: 2, unit: '个' }, { name: '遮阳伞', quantity: 1, unit: '把' }], yard: '思明区物品仓库' });

    // This week: a case under investigation, a dog taken in, the shop's fine paid (its things ready for release), a fresh clue.
    clock.set(now - 3 * DAY_MS);
    await file(await clue('沿街商铺擅自设置落地灯箱广告', '思明区思明南路 120 号', 5), '黄小明', '350203199505053333', '13900005555');
    await impound(6, { kind: 'dog', reason: '未束犬链，经劝阻拒不改正', items: [{ name: '犬只（金毛）', quantity: 1, unit: '只', identifier: '芯片 900000000000777' }], yard: '思明区犬只留检所' });
    clock.set(now - DAY_MS);
    const paid = (await e.store.load(shop.id))!;
    await act(enforcer, paid, 'pay', { amountFen: 2_000_00, receiptNo: 'FS2026-0001' });
    await ctx.enforcement.impounds.onPaid(shop.id);
    await clue('夜间占道烧烤，油烟扰民', '思明区曾厝垵', 7);
    return { cases: 5, impounds: 3 };
  } finally {
    await ctx.close();
  }
}
