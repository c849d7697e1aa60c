/**
 * The standard document set (法律文书格式范本, field-notes §D.2) as specs built from a case: which
 * documents exist, their 文号 series, when each may be issued, and what each says — the fields in
 * their places, the legal basis cited, the rights and remedies stated (复议 60 days, 诉讼 6 months).
 * Pure.
 */
import { conflict } from '../../core/errors.js';
import { toShanghaiIso } from '../../core/time.js';
import { yuan, yuanInWords, type PenaltyCase } from '../model.js';
import type { Block, DocSpec } from './render.js';

export const DOCUMENT_KINDS = [
  'filing_approval', 'inspection_record', 'interview_record', 'rectification_order', 'prior_notice', 'hearing_notice', 'decision',
  'no_penalty_decision', 'summary_decision', 'service_receipt', 'demand', 'court_application', 'closing_report',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

interface KindInfo { title: string; series: string; ready(p: PenaltyCase): boolean }

const filed = (p: PenaltyCase) => p.filedAt !== null && p.procedure === 'general';
export const KINDS: Record<DocumentKind, KindInfo> = {
  filing_approval: { title: '立案审批表', series: '立', ready: filed },
  inspection_record: { title: '现场检查（勘验）笔录', series: '检', ready: (p) => p.evidence.some((e) => e.kind === 'inspection') },
  interview_record: { title: '询问笔录', series: '询', ready: (p) => p.evidence.some((e) => e.kind === 'interview') },
  rectification_order: { title: '责令改正通知书', series: '责改', ready: filed },
  prior_notice: { title: '行政处罚事先告知书', series: '罚告', ready: (p) => p.notice !== null },
  hearing_notice: { title: '听证通知书', series: '听', ready: (p) => p.hearing?.at != null },
  decision: { title: '行政处罚决定书', series: '罚', ready: (p) => p.decision?.outcome === 'penalty' && p.procedure === 'general' },
  no_penalty_decision: { title: '不予行政处罚决定书', series: '不罚', ready: (p) => p.decision?.outcome === 'no_penalty' },
  summary_decision: { title: '当场行政处罚决定书', series: '当罚', ready: (p) => p.procedure === 'summary' && p.decision !== null },
  service_receipt: { title: '送达回证', series: '送', ready: (p) => p.decision !== null && p.decision.outcome !== 'transfer' },
  demand: { title: '催告书', series: '催', ready: (p) => p.demand !== null },
  court_application: { title: '强制执行申请书', series: '强申', ready: (p) => p.demand !== null },
  closing_report: { title: '行政处罚案件结案报告', series: '结', ready: (p) => p.closedAt !== null && (p.state === 'closed' || p.state === 'archived') },
};

export const AUTHORITY = '厦门市城市管理行政执法局';
const DISTRICT_ABBR: Record<string, string> = { '350203': '思', '350205': '海', '350206': '湖', '350211': '集', '350212': '同', '350213': '翔' };

/** 文号: 厦思城罚〔2026〕123号 (city, district, 城 for 城市管理, the series, the year, the number). */
export function docNoOf(p: PenaltyCase, kind: DocumentKind, year: string, n: number): string {
  return `厦${DISTRICT_ABBR[p.place.districtCode ?? ''] ?? ''}城${KINDS[kind].series}〔${year}〕${n}号`;
}

export function checkReady(p: PenaltyCase, kind: DocumentKind): void {
  if (!KINDS[kind].ready(p)) throw conflict('DOCUMENT_NOT_READY', `本案当前不能制作${KINDS[kind].title}`, `The case is not at a stage where a ${kind} can be issued`, { kind, state: p.state });
}

const day = (t: number | null | undefined): string => {
  if (t === null || t === undefined) return '—';
  const [y, m, d] = toShanghaiIso(t).slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};
const minute = (t: number | null | undefined): string => (t == null ? '—' : `${day(t)} ${toShanghaiIso(t).slice(11, 16)}`);

function partyRows(p: PenaltyCase): Array<[string, string]> {
  const a = p.party;
  if (!a) return [['当事人', '—']];
  const rows: Array<[string, string]> = [['当事人', a.name], [a.kind === 'person' ? '身份证号码' : '统一社会信用代码', a.idNumber ?? '—']];
  if (a.kind === 'org') rows.push(['法定代表人', a.legalRep ?? '—']);
  rows.push(['住所（地址）', a.address ?? '—'], ['联系电话', a.phone ?? '—']);
  return rows;
}

const officers = (p: PenaltyCase): string => p.officers.map((o) => `${o.name}（执法证号：${o.certNo}）`).join('、') || '—';
const fine = (p: PenaltyCase): number => p.decision?.fineFen ?? p.proposal?.fineFen ?? 0;
const amount = (fen: number): string => `${yuan(fen)}（大写：人民币${yuanInWords(fen)}）`;
const facts = (p: PenaltyCase): string => `经查，当事人${p.party?.name ?? ''}于${day(p.occurredAt)}在${p.place.address}${p.violationName ? `，存在“${p.violationName}”的行为` : `，${p.summary}`}。${p.evidence.length ? `以上事实有现场检查笔录、询问笔录、现场照片等证据${p.evidence.length}份为证（证据以SHA-256存证）。` : ''}`;
const REMEDIES = '当事人如不服本决定，可以在收到本决定书之日起六十日内向厦门市人民政府申请行政复议，或者在六个月内直接向有管辖权的人民法院提起行政诉讼。行政复议和行政诉讼期间，本决定不停止执行，法律另有规定的除外。';
const sign = (at: number): Block => ({ kind: 'sign', lines: [AUTHORITY, day(at)] });

/** The document a case reads as now. */
export function specOf(p: PenaltyCase, kind: DocumentKind, docNo: string, version: number, at: number): DocSpec {
  const base = { authority: AUTHORITY, title: KINDS[kind].title, docNo, version, at, foot: `案号 ${p.code}` };
  const basis = p.proposal?.basis ?? '';
  switch (kind) {
    case 'filing_approval':
      return { ...base, blocks: [
        { kind: 'fields', rows: [['案由', p.violationName ?? p.summary], ['案件来源', p.source], ...partyRows(p), ['违法行为发生时间', day(p.occurredAt)], ['发生地点', p.place.address], ['承办人员', officers(p)], ['立案时间', day(p.filedAt)], ['办案期限', `自立案之日起九十日内作出处理决定（${day(p.clock.stage === 'decision' ? p.clock.dueAt : null)}前）`]] },
        { kind: 'para', heading: '案情摘要', text: p.summary },
        { kind: 'para', heading: '立案依据', text: '《中华人民共和国行政处罚法》第五十四条：行政机关发现公民、法人或者其他组织有依法应当给予行政处罚的行为的，必须全面、客观、公正地调查，收集有关证据。符合立案标准的，行政机关应当及时立案。' },
        { kind: 'para', heading: '负责人审批意见', text: '同意立案。' }, sign(p.filedAt ?? at),
      ] };
    case 'inspection_record':
    case 'interview_record': {
      const k = kind === 'inspection_record' ? 'inspection' : 'interview';
      const recs = p.evidence.filter((e) => e.kind === k);
      return { ...base, blocks: [
        { kind: 'fields', rows: [['案由', p.violationName ?? p.summary], ...partyRows(p), ['地点', p.place.address], ['执法人员', officers(p)]] },
        { kind: 'para', text: '执法人员已向当事人出示行政执法证件，告知其有申请回避的权利（《中华人民共和国行政处罚法》第五十五条）。' },
        ...recs.map((e, i): Block => ({ kind: 'para', heading: `记录${i + 1}（${minute(e.at)}）`, text: `${e.note ?? ''}（证据文件SHA-256：${e.sha256}）` })),
        { kind: 'sign', lines: ['执法人员签名：__________  __________', '当事人签名：__________', day(at)] },
      ] };
    }
    case 'rectification_order':
      return { ...base, blocks: [
        { kind: 'fields', rows: partyRows(p) },
        { kind: 'para', text: `${facts(p)}上述行为违反了${basis || '有关法律法规的规定'}。根据《中华人民共和国行政处罚法》第二十八条第一款，责令你（单位）立即（或于收到本通知书之日起七日内）改正上述违法行为。逾期不改正的，本机关将依法处理。` },
        sign(at),
      ] };
    case 'prior_notice': {
      const n = p.notice!;
      return { ...base, blocks: [
        { kind: 'fields', rows: partyRows(p) },
        { kind: 'para', text: `${facts(p)}你（单位）的上述行为违反了有关规定，依据${basis}，本机关拟对你（单位）作出如下行政处罚：罚款${amount(fine(p))}。${p.proposal?.tier ? `（裁量档次：${p.proposal.tier}；基准幅度 ${yuan(p.proposal.rangeMinFen)}至${yuan(p.proposal.rangeMaxFen)}）` : ''}` },
        { kind: 'para', heading: '陈述、申辩和听证的权利', text: `根据《中华人民共和国行政处罚法》第四十四条、第四十五条${n.hearingRight ? '、第六十三条、第六十四条' : ''}的规定，你（单位）享有陈述、申辩${n.hearingRight ? '和要求听证' : ''}的权利。你（单位）可在收到本告知书之日起五个工作日内（即${day(n.rightsUntil - 1)}前）向本机关提出陈述、申辩${n.hearingRight ? '或者书面提出听证申请' : ''}。逾期未提出的，视为放弃上述权利。` },
        sign(n.at),
      ] };
    }
    case 'hearing_notice': {
      const h = p.hearing!;
      return { ...base, blocks: [
        { kind: 'fields', rows: [...partyRows(p), ['听证时间', minute(h.at)], ['案由', p.violationName ?? p.summary]] },
        { kind: 'para', text: `根据你（单位）的申请，本机关定于${minute(h.at)}举行听证。请你（单位）准时出席，可以委托一至二人代理。听证由非本案调查人员主持；你（单位）认为主持人与本案有直接利害关系的，有权申请回避（《中华人民共和国行政处罚法》第六十四条）。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利。` },
        sign(at),
      ] };
    }
    case 'decision':
    case 'summary_decision': {
      const payDays = p.procedure === 'summary' ? '十五日' : '十五日';
      return { ...base, blocks: [
        { kind: 'fields', rows: partyRows(p) },
        { kind: 'para', heading: '违法事实和证据', text: facts(p) },
        { kind: 'para', heading: '处罚依据和种类', text: `你（单位）的上述行为违反了有关规定。依据${basis || '有关法律法规'}${p.proposal?.tier ? `及本机关行政处罚裁量基准（${p.proposal.tier}）` : ''}，本机关决定对你（单位）作出如下行政处罚：罚款${amount(fine(p))}。${p.proposal?.lenience ? `（适用包容审慎清单：${p.proposal.lenience.circumstance}）` : ''}` },
        { kind: 'para', heading: '履行方式和期限', text: `请你（单位）自收到本决定书之日起${payDays}内，到指定银行或者通过电子支付系统缴纳罚款。到期不缴纳罚款的，本机关将依据《中华人民共和国行政处罚法》第七十二条第一款第（一）项的规定，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额，并依法申请人民法院强制执行。` },
        { kind: 'para', heading: '救济途径和期限', text: REMEDIES },
        sign(p.decidedAt ?? at),
      ] };
    }
    case 'no_penalty_decision':
      return { ...base, blocks: [
        { kind: 'fields', rows: partyRows(p) },
        { kind: 'para', heading: '违法事实', text: facts(p) },
        { kind: 'para', heading: '不予处罚的理由和依据', text: `${p.proposal?.lenience ? `${p.proposal.lenience.circumstance}。` : ''}依据《中华人民共和国行政处罚法》第三十三条第一款，决定不予行政处罚。` },
        { kind: 'para', heading: '救济途径和期限', text: REMEDIES },
        sign(p.decidedAt ?? at),
      ] };
    case 'service_receipt':
      return { ...base, blocks: [
        { kind: 'fields', rows: [['送达文书', `${p.decision?.outcome === 'penalty' ? '行政处罚决定书' : '不予行政处罚决定书'}（${p.documents.filter((d) => d.kind === 'decision' || d.kind === 'no_penalty_decision').at(-1)?.docNo ?? '—'}）`], ['受送达人', p.party?.name ?? '—'], ['送达地点', p.party?.address ?? p.place.address], ['送达方式', p.service?.method ?? '直接送达 / 留置送达 / 邮寄送达 / 电子送达'], ['送达时间', minute(p.service?.at ?? null)], ['送达人', officers(p)]] },
        { kind: 'para', text: '受送达人拒绝签收的，送达人可以邀请有关基层组织或者所在单位的代表到场，说明情况，在送达回证上记明拒收事由和日期，由送达人、见证人签名或者盖章，把文书留在受送达人的住所，即视为送达（《中华人民共和国民事诉讼法》第八十九条）。' },
        { kind: 'sign', lines: ['受送达人签名：__________', '见证人签名：__________', day(at)] },
      ] };
    case 'demand': {
      const d = p.demand!;
      const pm = p.payment;
      return { ...base, blocks: [
        { kind: 'fields', rows: partyRows(p) },
        { kind: 'para', text: `本机关于${day(p.decidedAt)}作出${p.documents.find((x) => x.kind === 'decision')?.docNo ?? ''}行政处罚决定，对你（单位）处以罚款${amount(fine(p))}，该决定已于${day(p.service?.at)}送达。你（单位）至今未履行（已缴${yuan(pm?.paidFen ?? 0)}）。根据《中华人民共和国行政强制法》第三十五条、第五十四条，现催告你（单位）于收到本催告书之日起十个工作日内（${day(d.courtFrom - 1)}前）履行缴纳义务，加处罚款每日按罚款数额的百分之三计算，不超过罚款数额。逾期仍不履行的，本机关将依法申请人民法院强制执行。你（单位）有权进行陈述和申辩。` },
        sign(d.at),
      ] };
    }
    case 'court_application':
      return { ...base, blocks: [
        { kind: 'fields', rows: [['申请人', AUTHORITY], ['被申请人', p.party?.name ?? '—'], ['被申请人住所', p.party?.address ?? '—'], ['受理法院', p.court?.court ?? '—']] },
        { kind: 'para', heading: '申请事项', text: `请求人民法院强制执行本机关${p.documents.find((x) => x.kind === 'decision')?.docNo ?? ''}行政处罚决定：罚款${amount(fine(p))}及加处罚款${yuan(p.payment?.surchargeFen ?? 0)}。` },
        { kind: 'para', heading: '事实和理由', text: `${facts(p)}本机关于${day(p.decidedAt)}作出处罚决定并依法送达，被申请人在法定期限内未申请行政复议或者提起行政诉讼，又不履行。本机关已于${day(p.demand?.at)}送达催告书，催告期满仍未履行。根据《中华人民共和国行政强制法》第五十三条、第五十四条，特申请强制执行。` },
        sign(p.court?.at ?? at),
      ] };
    case 'closing_report':
      return { ...base, blocks: [
        { kind: 'fields', rows: [['案由', p.violationName ?? p.summary], ...partyRows(p), ['立案时间', day(p.filedAt)], ['决定时间', day(p.decidedAt)], ['处理结果', p.decision ? (p.decision.outcome === 'penalty' ? `罚款${amount(p.decision.fineFen)}` : p.decision.outcome === 'no_penalty' ? '不予行政处罚' : `移送${p.decision.transferTo ?? ''}`) : '—'], ['执行情况', p.payment ? `已缴纳${yuan(p.payment.paidFen)}${p.payment.surchargeFen ? `（含加处罚款${yuan(p.payment.surchargeFen)}）` : ''}` : p.court ? `已申请${p.court.court}强制执行` : '无需执行'], ['结案时间', day(p.closedAt)], ['承办人员', officers(p)]] },
        { kind: 'para', heading: '结案理由', text: '本案处罚决定已执行完毕（或已依法申请人民法院强制执行），符合结案条件，建议结案。' },
        sign(p.closedAt ?? at),
      ] };
  }
}
