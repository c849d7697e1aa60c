/**
 * The shapes the console reads, named from the server's OpenAPI document. Nothing here is written by
 * hand: every type is a path into `generated/openapi.d.ts` (`npm run gen:api`), so a response schema
 * the console depends on cannot change without `npm run typecheck` (and so `npm test`) failing.
 */
import type { paths } from './generated/openapi.js';

export type { paths };

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R } ? R : never;

/** The JSON body of a path's success answer (200, else 201). */
export type Ok<P extends keyof paths, M extends Method = 'get'> =
  Responses<P, M> extends { 200: infer R } ? JsonOf<R> : Responses<P, M> extends { 201: infer R } ? JsonOf<R> : never;

/** A path's JSON request body. */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** A path's query parameters. */
export type QueryOf<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

// Cases
/** A case as every list, the worklist and every action answer it. */
export type CaseView = Ok<'/api/v1/cases'>['items'][number];
/** GET /cases/{id}: the case, its timeline, suspected duplicates and the actions this user may take. */
export type CaseDetail = Ok<'/api/v1/cases/{id}'>;
export type CaseEvent = CaseDetail['timeline'][number];
export type CasePage = Ok<'/api/v1/cases'>;
export type CaseSearch = QueryOf<'/api/v1/cases'>;
export type MapPoint = Ok<'/api/v1/cases/map'>['points'][number];
export type IntegrityReport = Ok<'/api/v1/cases/{id}/verify'>;
export type ActionBody = BodyOf<'/api/v1/cases/{id}/actions/{action}', 'post'>;
export type ReportBody = BodyOf<'/api/v1/reports', 'post'>;

// Session
export type Me = Ok<'/api/v1/me'>;
export type LoginAnswer = Ok<'/api/v1/auth/login', 'post'>;
export type PublicConfig = Ok<'/api/v1/config/public'>;

// Catalog, geography, accounts
export type Unit = Ok<'/api/v1/catalog/units'>['items'][number];
export type ClassItem = Ok<'/api/v1/catalog/categories'>['items'][number];
export type ResponsibilityItem = Ok<'/api/v1/catalog/responsibility'>['items'][number];
export type Area = Ok<'/api/v1/geo/districts'>['items'][number];
export type AdminUser = Ok<'/api/v1/users'>['items'][number];
export type UserBody = BodyOf<'/api/v1/users', 'post'>;
export type UserPatch = BodyOf<'/api/v1/users/{id}', 'patch'>;
export type Scope = AdminUser['scope'];
export type CalendarDays = Ok<'/api/v1/calendar/days'>;

// Notifications, files, evaluation
export type Notification = Ok<'/api/v1/notifications'>['items'][number];
export type UploadedFile = Ok<'/api/v1/files', 'post'>;
export type Evaluation = Ok<'/api/v1/evaluation'>;

// Video AI (视频AI)
export type VideoItem = Ok<'/api/v1/video/items'>['items'][number];
export type VideoItemDetail = Ok<'/api/v1/video/items/{id}'>;
export type VideoCamera = Ok<'/api/v1/video/cameras'>['cameras'][number];
export type VideoAlgorithm = Ok<'/api/v1/video/algorithms'>['algorithms'][number];
export type VideoAlgorithmInput = BodyOf<'/api/v1/video/algorithms/{code}', 'put'>;
export type VideoPrecision = Ok<'/api/v1/video/precision'>;
export type VideoCounters = Ok<'/api/v1/video/counters'>;
export type VideoNotice = Ok<'/api/v1/video/notices'>['notices'][number];
