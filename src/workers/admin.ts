import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { formatImportReport, importYear } from '../core/calendar/import-year';
import { UserError } from '../core/errors';
import { importOrg, OrgImportError, parseOrgFile } from '../core/org/import';

/** Directory files are small (2 000 people ≈ 300 KB of YAML); anything far larger is a mistake. */
export const MAX_ADMIN_BODY_BYTES = 2_000_000;

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** Compares digests of both strings, so neither the length nor a common prefix leaks through timing. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * The admin API: how the directory (and the calendar) get onto D1, where there is no start-up
 * file load. Mounted only when ADMIN_TOKEN is set; every request carries `Authorization: Bearer <ADMIN_TOKEN>`.
 * It runs the same validation and the same atomic import as `ORG_FILE` on Node.
 */
export function adminApi() {
  const api = new Hono<AppEnv>();

  api.use('*', async (c, next) => {
    const token = c.get('deps').config.adminToken;
    if (!token) return c.json({ error: '管理接口未启用：请先设置 ADMIN_TOKEN（wrangler secret put ADMIN_TOKEN）' }, 404);
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    if (!given || !(await sameSecret(given, token))) {
      return c.json({ error: '管理口令无效：请在请求头中携带 Authorization: Bearer <ADMIN_TOKEN>' }, 401);
    }
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_ADMIN_BODY_BYTES) return c.json({ error: `请求体过大（${length} 字节），上限 ${MAX_ADMIN_BODY_BYTES} 字节` }, 413);
    await next();
  });

  /** Body: the directory file itself (YAML or JSON, the format of db/demo-org.yaml). */
  api.put('/org', async (c) => {
    const deps = c.get('deps');
    const source = await c.req.text();
    if (source.length > MAX_ADMIN_BODY_BYTES) return c.json({ error: `请求体过大，上限 ${MAX_ADMIN_BODY_BYTES} 字节` }, 413);
    if (!source.trim()) return c.json({ error: '请求体为空：请以组织架构文件（YAML 或 JSON）作为请求体' }, 400);
    try {
      const summary = await importOrg(deps.db, parseOrgFile(source), deps.clock.now(), 'admin-api');
      return c.json(summary);
    } catch (error) {
      if (error instanceof OrgImportError) return c.json({ error: error.message, problems: error.problems }, 400);
      throw error;
    }
  });

  /**
   * Body: a year's State Council schedule (`{year, source_url, dates:[…]}`, see src/core/calendar/year-file.ts).
   * `?by=` names who imports (recorded); `?dry_run=1` validates and shows the diff without writing.
   */
  api.put('/calendar', async (c) => {
    const deps = c.get('deps');
    const by = c.req.query('by') ?? '';
    const dryRun = c.req.query('dry_run') === '1';
    try {
      const result = await importYear(deps.db, await c.req.text(), { by, now: deps.clock.now(), dryRun });
      return c.json({ year: result.year, applied: result.applied, dryRun: result.dryRun, report: formatImportReport(result) });
    } catch (error) {
      if (error instanceof UserError) return c.json({ error: error.message }, 400);
      throw error;
    }
  });

  return api;
}
