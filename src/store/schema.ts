/**
 * The database as Kysely sees it: the union of every capability's tables.
 * Each capability declares its own tables in its `tables.ts`; this file only composes them.
 */
import type { AuthTables } from '../auth/tables.js';
import type { CalendarTables } from '../calendar/tables.js';
import type { CaseTables } from '../cases/tables.js';
import type { CatalogTables } from '../catalog/tables.js';
import type { EnforcementTables } from '../enforcement/tables.js';
import type { EvaluationTables } from '../evaluation/tables.js';
import type { FileTables } from '../files/tables.js';
import type { GeoTables } from '../geo/tables.js';
import type { NotifyTables } from '../notify/tables.js';
import type { ClassifierTables } from '../classifier/tables.js';
import type { HotlineTables } from '../hotline/tables.js';
import type { StoreTables } from './settings.js';
import type { VideoTables } from '../video/tables.js';
import type { PatrolTables } from '../patrol/tables.js';
import type { CommandTables } from '../command/tables.js';
import type { IntegrityTables } from '../integrity/tables.js';

import type { PublicChannelTables } from '../open311/tables.js';
import type { IotTables } from '../iot/tables.js';
import type { SuggestionTables } from '../suggestions/tables.js';
import type { PartyNoticeTables } from '../enforcement/party-notice-tables.js';

export interface Database extends StoreTables, AuthTables, CalendarTables, CaseTables, CatalogTables, EvaluationTables, FileTables, GeoTables, NotifyTables, VideoTables, ClassifierTables, PatrolTables, CommandTables, EnforcementTables, PublicChannelTables, IotTables, IntegrityTables, HotlineTables, SuggestionTables, PartyNoticeTables {}
