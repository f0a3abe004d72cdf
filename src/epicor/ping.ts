import type { EpicorConfig } from '../config';
import { createEpicorClient, type EpicorClient } from './client';
import { isEpicorError } from './errors';
import { Http } from './http';
import { TOUCH_POINT_CHECKS, touchPointChecks } from './ping-touch-points';

/** One line of `npm run ping`; shared with the WooCommerce checks. */
export interface CheckResult {
  system: 'Epicor' | 'WooCommerce';
  check: string;
  ok: boolean;
  /** Plain language, safe to print: never a secret. */
  reason: string;
}

const CHAIN = ['Epicor reachable', 'API key accepted', 'Credentials accepted', 'Company exists'] as const;
type CheckName = (typeof CHAIN)[number] | string;
/** The chain, then one probe per touch point (ping-touch-points.ts). */
export const EPICOR_CHECKS: string[] = [...CHAIN, ...TOUCH_POINT_CHECKS];

/**
 * Checks Epicor step by step, so an operator sees the first thing that is wrong. The first four are a
 * chain (no network, no auth; no auth, no company): after a failure the rest are marked skipped.
 * The rest probe every touch point read-only and are independent of each other.
 */
export async function epicorChecks(config: EpicorConfig, client?: EpicorClient): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const record = (check: CheckName, ok: boolean, reason: string) => results.push({ system: 'Epicor', check, ok, reason });
  const skipRest = (failed: CheckName) => {
    for (const check of EPICOR_CHECKS.slice(results.length)) record(check, false, `skipped: ${failed} failed`);
    return results;
  };

  const reachable = await reach(config);
  record('Epicor reachable', reachable.ok, reachable.reason);
  if (!reachable.ok) return skipRest('Epicor reachable');

  const epicor = client ?? createEpicorClient(config);
  try {
    // The PartSvc service document: needs the key, the credentials and the company, returns no data.
    const probe = await attempt(() => epicor.query('Erp.BO.PartSvc', ''));
    const who = config.auth === 'basic' ? 'user name and password' : config.auth === 'token' ? 'user name and password (token)' : 'OAuth2 client';
    if (!probe.ok && probe.category === 'auth') {
      if (/api[- ]?key/i.test(probe.reason)) {
        record('API key accepted', false, `the API key was rejected: ${probe.reason}`);
        return skipRest('API key accepted');
      }
      if (/user|password|credential|client|secret/i.test(probe.reason)) {
        record('API key accepted', true, 'accepted: Epicor refused the credentials, not the key');
        record('Credentials accepted', false, `the ${who} was rejected: ${probe.reason}`);
        return skipRest('Credentials accepted');
      }
      record('API key accepted', false, `API key or credentials rejected (Epicor does not say which): ${probe.reason}`);
      return skipRest('API key accepted');
    }
    if (!probe.ok && probe.category !== 'business' && probe.category !== 'not-found') {
      record('API key accepted', false, `could not check: ${probe.reason}`);
      return skipRest('API key accepted');
    }
    record('API key accepted', true, 'accepted');
    record('Credentials accepted', true, `${who} accepted`);
    if (!probe.ok) {
      record('Company exists', false, `company ${config.company} is not usable: ${probe.reason}`);
      return skipRest('Company exists');
    }
    record('Company exists', true, `company ${config.company} answered`);

    for (const r of await touchPointChecks(epicor, config.pageSize)) record(r.check, r.ok, r.reason);
    return results;
  } finally {
    if (!client) await epicor.close();
  }
}

type Attempt<T> = { ok: true; value: T } | { ok: false; category: string; reason: string };

async function attempt<T>(fn: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    // EpicorError messages are scrubbed of secrets; anything else is reported by type only.
    if (isEpicorError(err)) return { ok: false, category: err.category, reason: err.message };
    return { ok: false, category: 'unknown', reason: `unexpected ${err instanceof Error ? err.name : typeof err}` };
  }
}

/** Any HTTP answer, even 401, proves the network path; only transport failures count against it. */
async function reach(config: EpicorConfig): Promise<{ ok: boolean; reason: string }> {
  const http = new Http(config.timeoutMs, 1);
  const origin = new URL(config.baseUrl).origin;
  try {
    const res = await http.send({
      method: 'GET',
      url: `${config.baseUrl}/api/v2/odata/${encodeURIComponent(config.company)}/`,
      headers: { accept: 'application/json' },
      operation: 'GET service root',
      write: false,
    });
    return { ok: true, reason: `${origin} answered (HTTP ${res.status} without credentials)` };
  } catch (err) {
    return { ok: false, reason: `cannot reach ${origin}: ${isEpicorError(err) ? err.message : 'network error'}` };
  } finally {
    await http.close();
  }
}
