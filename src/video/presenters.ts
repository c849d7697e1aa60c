/** What video answers carry, member by member (TypeBox), and the functions that fill them. */
import { Type } from 'typebox';
import type { Algorithm, Camera, ReviewItem } from './model.js';
import type { ItemEvent } from './stream.js';

const BoxOut = Type.Object({ x: Type.Number(), y: Type.Number(), w: Type.Number(), h: Type.Number() });
const WindowOut = Type.Object({ from: Type.String(), to: Type.String() });

export const AlgorithmView = Type.Object({
  code: Type.String(), name: Type.String(), vendor: Type.String(), version: Type.String(), categoryCode: Type.String(), minConfidence: Type.Number(),
  dwellSeconds: Type.Integer(), roiPolicy: Type.String(), nonContact: Type.Boolean(), selfCorrectSeconds: Type.Integer(), dedupSeconds: Type.Integer(),
  defaultSchedule: Type.Array(WindowOut), enabled: Type.Boolean(), updatedAt: Type.Number(),
});
export const presentAlgorithm = (a: Algorithm) => ({ ...a });

export const ReviewView = Type.Object({
  legalReviewDate: Type.Union([Type.String(), Type.Null()]), legalResult: Type.Union([Type.String(), Type.Null()]),
  technicalReviewDate: Type.Union([Type.String(), Type.Null()]), technicalResult: Type.Union([Type.String(), Type.Null()]),
  signPhoto: Type.Union([Type.String(), Type.Null()]), publishedLocation: Type.Union([Type.String(), Type.Null()]),
});

export const CameraView = Type.Object({
  code: Type.String(), name: Type.String(), owner: Type.String(), lon: Type.Number(), lat: Type.Number(), address: Type.Union([Type.String(), Type.Null()]),
  direction: Type.Union([Type.Integer(), Type.Null()]), gridCode: Type.String(), streetCode: Type.String(), districtCode: Type.String(),
  algorithms: Type.Array(Type.Object({ code: Type.String(), schedule: Type.Union([Type.Array(WindowOut), Type.Null()]), minConfidence: Type.Union([Type.Number(), Type.Null()]) })),
  rois: Type.Array(Type.Object({ name: Type.String(), points: Type.Array(Type.Array(Type.Number())), algorithms: Type.Array(Type.String()) })),
  online: Type.Boolean(), review: ReviewView, reviewPassed: Type.Boolean({ description: 'Art. 41 record complete and passed: its evidence may support a penalty' }),
  suppressed: Type.Array(Type.String(), { description: 'Algorithms suppressed on this camera (precision below the floor)' }),
  updatedAt: Type.Number(),
});
export const presentCamera = (c: Camera, suppressed: ReadonlySet<string>) => ({
  code: c.code, name: c.name, owner: c.owner, lon: c.lon, lat: c.lat, address: c.address, direction: c.direction, gridCode: c.gridCode,
  streetCode: c.streetCode, districtCode: c.districtCode, algorithms: c.algorithms, rois: c.rois, online: c.online, review: c.review,
  reviewPassed: c.reviewPassed, suppressed: c.algorithms.map((a) => a.code).filter((a) => suppressed.has(`${c.code}\u0000${a}`)), updatedAt: c.updatedAt,
});

export const ItemView = Type.Object({
  id: Type.String(), version: Type.Integer(), state: Type.String(), cameraCode: Type.String(), algorithmCode: Type.String(), categoryCode: Type.String(),
  districtCode: Type.String(), streetCode: Type.String(), lon: Type.Number(), lat: Type.Number(), firstAt: Type.Number(), lastAt: Type.Number(),
  sightings: Type.Integer(), bestConfidence: Type.Number(), box: BoxOut, snapshot: Type.Union([Type.String(), Type.Null()]), snapshots: Type.Array(Type.String()),
  cameras: Type.Array(Type.String()), plate: Type.Union([Type.String(), Type.Null()]), watchUntil: Type.Union([Type.Number(), Type.Null()]),
  caseId: Type.Union([Type.String(), Type.Null()]), verdict: Type.Union([Type.String(), Type.Null()]), verdictNote: Type.Union([Type.String(), Type.Null()]),
  verdictAt: Type.Union([Type.Number(), Type.Null()]), reviewerId: Type.Union([Type.String(), Type.Null()]), auto: Type.Boolean(), createdAt: Type.Number(), updatedAt: Type.Number(),
});
export const presentItem = (r: ReviewItem) => {
  const { lastHash: _h, ...rest } = r;
  return rest;
};

export const ItemEventView = Type.Object({
  seq: Type.Integer(), type: Type.String(), at: Type.Number(), actorId: Type.String(), role: Type.String(), attachments: Type.Array(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()), hash: Type.String(),
});
export const presentEvent = (e: ItemEvent) => ({ seq: e.seq, type: e.type, at: e.at, actorId: e.actorId, role: e.role, attachments: e.attachments, data: e.data, hash: e.hash });

export const PolicyView = Type.Object({
  autoAcceptFloor: Type.Union([Type.Number(), Type.Null()]), suppressFloor: Type.Number(), minVerdicts: Type.Integer(), radiusM: Type.Number(),
});

const Trend = Type.Array(Type.Object({ day: Type.String(), accepted: Type.Integer(), falses: Type.Integer(), precision: Type.Union([Type.Number(), Type.Null()]) }));
const Agg = Type.Object({ code: Type.String(), accepted: Type.Integer(), falses: Type.Integer(), precision: Type.Union([Type.Number(), Type.Null()]), suppressedPairs: Type.Integer() });
export const PrecisionView = Type.Object({
  since: Type.Number(), days: Type.Integer(), policy: PolicyView,
  pairs: Type.Array(Type.Object({
    camera: Type.String(), algorithm: Type.String(), accepted: Type.Integer(), falses: Type.Integer(), duplicates: Type.Integer(),
    precision: Type.Union([Type.Number(), Type.Null()]), suppressed: Type.Boolean(), trend: Trend,
  })),
  algorithms: Type.Array(Agg),
  cameras: Type.Array(Agg),
});

const Counts = Type.Record(Type.String(), Type.Integer());
export const CountersView = Type.Object({
  from: Type.String(), to: Type.String(), totals: Counts,
  algorithms: Type.Array(Type.Object({ code: Type.String(), counts: Counts })),
  cameras: Type.Array(Type.Object({ code: Type.String(), counts: Counts })),
});

export const NoticeView = Type.Object({
  id: Type.String(), camera: Type.String(), algorithm: Type.String(), type: Type.String(), data: Type.Record(Type.String(), Type.Unknown()), actorId: Type.String(), at: Type.Number(),
});
