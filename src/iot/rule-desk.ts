/**
 * The IoT service's rules desk: the alarm rules as data — list, versions, a new version of a default
 * rule, an override for one device or owner. The engine applies a saved rule at once; other processes
 * pick it up through the revision `bump` writes. Split from service.ts, which owns the engine.
 */
import type { ServiceDeps } from '../core/deps.js';
import { conflict, notFound } from '../core/errors.js';
import type { User } from '../auth/model.js';
import { authorize, CITY_WIDE } from '../auth/policy.js';
import type { createEngine } from './engine.js';
import { checkRuleBody, type Rule, type RuleBody } from './rules.js';
import * as repo from './repo.js';

export interface RuleDeskParts {
  deps: ServiceDeps;
  engine: ReturnType<typeof createEngine>;
  reloadRules: () => Promise<void>;
  /** Tells other processes that devices or rules changed. */
  bump: () => Promise<void>;
}

export function createRuleDesk(c: RuleDeskParts) {
  return {
    listRules(user: User): Rule[] {
      authorize(user, 'iot.read');
      return c.engine.rules();
    },
    async ruleVersions(user: User, id: string) {
      authorize(user, 'iot.read');
      return repo.ruleVersions(c.deps.db.kysely, id);
    },
    /** A new version of a rule (validated; the engine applies it at once, other processes within seconds). */
    async saveRule(user: User, id: string, body: RuleBody, expectedVersion: number, enabled = true): Promise<Rule> {
      authorize(user, 'iot.admin', CITY_WIDE);
      const cur = await repo.getRule(c.deps.db.kysely, id);
      if (!cur) throw notFound('RULE_NOT_FOUND', '规则不存在', 'No such rule', { id });
      checkRuleBody(body);
      if (body.key !== cur.key || body.deviceType !== cur.body.deviceType) throw conflict('RULE_KEY_FIXED', '规则标识和设备类型不能修改', 'A rule’s key and device type cannot change', { id });
      const next: Rule = { ...cur, body, enabled, version: expectedVersion + 1, updatedAt: c.deps.clock.now(), updatedBy: user.id };
      if (!(await repo.saveRuleVersion(c.deps.db.kysely, next, expectedVersion))) throw conflict('RULE_VERSION_CONFLICT', '规则已被他人修改，请刷新后重试', 'The rule was changed by someone else; reload and try again', { id, expectedVersion });
      await c.reloadRules();
      await c.bump();
      return next;
    },
    /** An override of a default rule for one device or one owner (kind:id). */
    async overrideRule(user: User, scope: { kind: 'device' | 'owner'; ref: string }, body: RuleBody): Promise<Rule> {
      authorize(user, 'iot.admin', CITY_WIDE);
      checkRuleBody(body);
      const rule: Rule = { id: c.deps.ids.next(), key: body.key, scope, version: 1, enabled: true, body, updatedAt: c.deps.clock.now(), updatedBy: user.id };
      try {
        await repo.insertRule(c.deps.db.kysely, rule);
      } catch {
        throw conflict('RULE_EXISTS', '该对象已有此规则的覆盖，请修改它', 'An override of this rule exists for it; edit that one', { key: body.key, scope });
      }
      await c.reloadRules();
      await c.bump();
      return rule;
    },
  };
}
