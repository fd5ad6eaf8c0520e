import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../src/worker';
import type { WorkerEnv } from '../../src/workers/env';

export const ADMIN = { authorization: `Bearer ${env.ADMIN_TOKEN}` };

/**
 * Calls the real Worker entry's `fetch` with its own ExecutionContext and waits for everything it
 * handed to `waitUntil` (the deferred outbox delivery), as the runtime would before the isolate ends.
 */
export async function call(path: string, init: RequestInit = {}, bindings: Record<string, unknown> = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`https://duban.example${path}`, init), { ...env, ...bindings } as WorkerEnv, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

export const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Loads the demo organisation through the admin API, as an operator does after deploying. */
export async function loadDemoOrg() {
  const res = await call('/admin/org', { method: 'PUT', headers: ADMIN, body: env.DEMO_ORG_YAML });
  if (res.status !== 200) throw new Error(`demo org import failed: ${JSON.stringify(res.body)}`);
  return res.body;
}
