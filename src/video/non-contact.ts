/**
 * Non-contact enforcement (非现场执法) on the video side: the classes a city punishes without contact,
 * as data (setting `video.non_contact_classes`: class, the violation in the discretion benchmark, who
 * the party usually is), and the checks before a detection may support a penalty: the class is on the
 * list and its algorithm marked for it, and the camera passed its art. 41 review. Pure.
 */
import { Type, type Static } from 'typebox';
import { unprocessable } from '../core/errors.js';
import type { Algorithm, Camera, Sighting } from './model.js';

export const NON_CONTACT_KEY = 'video.non_contact_classes';

export const NonContactClassSchema = Type.Object({
  categoryCode: Type.String({ pattern: '^E\\d{4}$', title: '事件小类' }),
  name: Type.String({ minLength: 1, maxLength: 60, title: '名称' }),
  violationCode: Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()], { title: '裁量基准违法行为编码' }),
  party: Type.Enum(['shop', 'vehicle', 'person'], { title: '通常当事人' }),
}, { additionalProperties: false });
export type NonContactClass = Static<typeof NonContactClassSchema>;
export const NonContactClassesBody = Type.Object({ classes: Type.Array(NonContactClassSchema, { maxItems: 100 }) }, { additionalProperties: false });

/** The demo city's list (field notes §C: Xiamen punishes 14 types without contact; these are the ones on the demo shelf). */
export const DEFAULT_NON_CONTACT_CLASSES: NonContactClass[] = [
  { categoryCode: 'E0504', name: '店外经营', violationCode: 'SR-001', party: 'shop' },
  { categoryCode: 'E0507', name: '乱堆物堆料', violationCode: 'SR-001', party: 'shop' },
  { categoryCode: 'E0511', name: '沿街晾挂', violationCode: null, party: 'shop' },
  { categoryCode: 'E0202', name: '违规广告牌匾', violationCode: 'GG-001', party: 'shop' },
  { categoryCode: 'E0112', name: '渣土车未覆盖', violationCode: 'ZT-001', party: 'vehicle' },
  { categoryCode: 'E0108', name: '大件垃圾偷倒', violationCode: 'SR-002', party: 'person' },
];

/** The class entry when the item may be punished without contact; a 422 saying why not otherwise. */
export function nonContactClassOf(classes: readonly NonContactClass[], alg: Algorithm | undefined, categoryCode: string): NonContactClass {
  const cls = classes.find((c) => c.categoryCode === categoryCode);
  if (!cls) {
    throw unprocessable('VIDEO_NOT_NON_CONTACT', `该类别（${categoryCode}）不在非现场执法事项清单中，请按现场执法办理`, `Class ${categoryCode} is not on the non-contact enforcement list`, { categoryCode });
  }
  if (!alg?.nonContact) {
    throw unprocessable('VIDEO_NOT_NON_CONTACT', `算法 ${alg?.name ?? ''} 未标注可用于非现场执法，其识别结果不能直接作为处罚线索`, 'The algorithm is not marked for non-contact enforcement', { algorithm: alg?.code ?? null });
  }
  return cls;
}

/** Art. 41: a camera's record may support a penalty only after its legal and technical review, signed and published. */
export function requireReviewed(cam: Camera | undefined, code: string): Camera {
  if (!cam?.reviewPassed) {
    throw unprocessable(
      'VIDEO_CAMERA_NOT_REVIEWED',
      `摄像头 ${cam?.name ?? code} 未通过法制和技术审核（或未设置明显标识、未公布设置地点），其记录不能作为行政处罚证据（行政处罚法第四十一条）`,
      `Camera ${code} has no passed legal and technical review (or no sign, or no published location): its record cannot support a penalty (art. 41)`,
      { camera: code },
    );
  }
  return cam;
}

/** The snapshots that may go to the penalty case: only those of reviewed cameras, in order, at most `max`. */
export function penaltyEvidence(sightings: readonly Sighting[], reviewed: (camera: string) => boolean, max = 50): string[] {
  const out: string[] = [];
  for (const s of sightings) if (s.snapshot && reviewed(s.camera) && !out.includes(s.snapshot)) out.push(s.snapshot);
  return out.slice(0, max);
}
