/**
 * End-to-end smoke of the Cloudflare deployment, offline: the real Worker under `wrangler dev` on a
 * local D1, a loopback fake of the Feishu Open API, and Feishu's side of the conversation signed and
 * encrypted as Feishu does. Exits non-zero on the first failed check.
 *
 *   npx tsx scripts/workers-smoke.ts            (npm run smoke:workers; part of .ci/run)
 *
 * Steps: migrations applied with `wrangler d1 migrations apply --local` → `wrangler dev` started →
 * directory loaded through the admin API → sandbox `/帮助` → signed Feishu event → reply delivered by
 * waitUntil → a reply the fake refuses once is left pending → the scheduled handler (Cron Trigger)
 * runs the due job and sweeps it out → D1 checked with `wrangler d1 execute --local`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeFeishu, type FakeFeishu } from '../test/fakes/feishu-api';
import { encryptLikeFeishu, ENCRYPT_KEY, messageEvent, signLikeFeishu, VERIFICATION_TOKEN } from '../test/feishu/helpers';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const ADMIN_TOKEN = `smoke-${randomBytes(12).toString('hex')}`;
/** Offline and non-interactive (CI has no network): no Request.cf download, no metrics, no prompts. */
const ENV = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' };

class SmokeFailure extends Error {}

function check(condition: unknown, what: string, detail?: unknown): asserts condition {
  if (!condition) throw new SmokeFailure(`✗ ${what}${detail === undefined ? '' : `\n  got: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
  console.log(`✓ ${what}`);
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function wrangler(args: string[], state: string): string {
  const run = spawnSync(WRANGLER, [...args, '--persist-to', state], { cwd: ROOT, env: ENV, encoding: 'utf8' });
  if (run.status !== 0) throw new SmokeFailure(`✗ wrangler ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** `wrangler d1 execute DB --local --command …` → the rows of the (single) statement. */
function d1(sql: string, state: string): Array<Record<string, unknown>> {
  const out = wrangler(['d1', 'execute', 'DB', '--local', '--json', '--command', sql], state);
  return (JSON.parse(out) as Array<{ results: Array<Record<string, unknown>> }>)[0]!.results;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new SmokeFailure(`✗ timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function request(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, body };
}

/** Posts an event to the Worker as Feishu does: encrypted, then signed on the raw body. */
function deliverFeishu(base: string, payload: unknown) {
  const body = JSON.stringify({ encrypt: encryptLikeFeishu(ENCRYPT_KEY, JSON.stringify(payload)) });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  return request(base, '/webhooks/feishu', {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signLikeFeishu(timestamp, nonce, ENCRYPT_KEY, body),
    },
    body,
  });
}

async function smoke(state: string, fake: FakeFeishu, base: string) {
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  await waitFor('wrangler dev to answer /healthz', async () => ((await request(base, '/healthz')).status === 200 ? true : undefined), 90_000);
  check(true, `wrangler dev serves the Worker at ${base}`);

  const org = await request(base, '/admin/org', { method: 'PUT', headers: admin, body: readFileSync(join(ROOT, 'db/demo-org.yaml'), 'utf8') });
  check(org.status === 200 && org.body.people > 0, 'PUT /admin/org loads the demo directory onto D1', org.body);
  const refused = await request(base, '/admin/org', { method: 'PUT', headers: { authorization: 'Bearer wrong' }, body: 'units: []' });
  check(refused.status === 401, 'the admin API refuses a wrong token', refused);

  const help = await request(base, '/sandbox/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as: 'linxiaomei', chat: 'p2p', text: '/帮助' }),
  });
  check(
    help.status === 200 && JSON.stringify(help.body.replies?.[0]?.message).includes('/帮助（/help）'),
    'sandbox /帮助 answers with the command list',
    help.body,
  );

  const first = await deliverFeishu(base, messageEvent({ openId: 'ou_demo_linxiaomei', text: '/帮助', messageId: 'om_smoke_1' }));
  check(first.status === 200, 'a signed, encrypted Feishu message event is answered 200', first);
  const replied = await waitFor('the reply at the fake Feishu API', async () => fake.calls('reply').find((r) => r.path.includes('om_smoke_1')), 15_000);
  check(
    String(replied.body?.content).includes('/帮助（/help）') && typeof replied.body?.uuid === 'string',
    'the reply reached the Feishu API through waitUntil, with a uuid',
  );
  const forged = await request(base, '/webhooks/feishu', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': '1', 'x-lark-request-nonce': 'n', 'x-lark-signature': 'f'.repeat(64) },
    body: JSON.stringify({ encrypt: 'AAAA' }),
  });
  check(forged.status === 401, 'a forged signature gets 401', forged);

  // The fake refuses the next reply once: the row stays pending until the Cron Trigger's sweep.
  fake.fail('reply', { kind: 'server_error', status: 500 });
  const second = await deliverFeishu(base, messageEvent({ openId: 'ou_demo_hejun', text: '/帮助', messageId: 'om_smoke_2' }));
  check(second.status === 200, 'a second event is answered 200 while the Feishu API fails');
  const pending = await waitFor(
    'the refused reply to be recorded',
    async () => {
      const rows = d1("SELECT status, attempts, last_error FROM outbox WHERE reply_to = 'om_smoke_2'", state);
      return rows[0]?.attempts === 1 ? rows[0] : undefined;
    },
    15_000,
  );
  check(pending.status === 'pending', 'the refused reply is kept pending for a retry', pending);

  // The first retry is due 2 s after the failure (outbox backoff); the sweep must find it due.
  await new Promise((r) => setTimeout(r, 2_500));
  // 03:05 Beijing on 2026-01-03: the 03:00 prune job is due; `time` sets the controller's scheduledTime.
  const scheduledAt = Date.parse('2026-01-02T19:05:00Z');
  const cron = await request(base, `/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('*/5 * * * *')}&time=${scheduledAt}`);
  check(cron.status === 200, 'the scheduled handler runs (Cron Trigger */5 * * * *)', cron);

  const swept = d1("SELECT status, attempts FROM outbox WHERE reply_to = 'om_smoke_2'", state);
  check(swept[0]?.status === 'sent' && swept[0]?.attempts === 2, 'D1: the sweep delivered the pending reply on its second attempt', swept);
  check(fake.calls('reply').filter((r) => r.path.includes('om_smoke_2')).length === 2, 'the fake Feishu API saw the reply twice (refused, then accepted)');
  const runs = d1('SELECT job, local_date FROM job_runs', state);
  check(
    runs.some((r) => r.job === 'prune-inbound-events' && r.local_date === '2026-01-03'),
    'D1: the due job was claimed for its Beijing date',
    runs,
  );
  const rows = d1('SELECT platform, status, count(*) AS n FROM outbox GROUP BY platform, status ORDER BY platform, status', state);
  check(
    rows.every((r) => r.status === 'sent'),
    'D1: every outbox row is sent, none failed or left pending',
    rows,
  );
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  // wrangler leads its own process group (spawned detached): workerd goes down with it.
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function main() {
  const state = mkdtempSync(join(tmpdir(), 'duban-workers-smoke-'));
  const fake = await startFakeFeishu();
  const [port, inspector] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  let dev: ChildProcess | undefined;
  let log = '';
  try {
    wrangler(['d1', 'migrations', 'apply', 'DB', '--local'], state);
    const applied = d1('SELECT name FROM d1_migrations ORDER BY id', state);
    check(applied.length > 0, `wrangler d1 migrations apply --local applied ${applied.map((m) => m.name).join(', ')}`);

    const vars = {
      ADMIN_TOKEN,
      SANDBOX: '1',
      FEISHU_APP_ID: 'cli_smoke',
      FEISHU_APP_SECRET: 'smoke-secret',
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      FEISHU_BASE_URL: fake.url,
    };
    dev = spawn(
      WRANGLER,
      [
        'dev',
        '--port',
        String(port),
        '--ip',
        '127.0.0.1',
        '--inspector-port',
        String(inspector),
        '--persist-to',
        state,
        '--show-interactive-dev-session=false',
        '--log-level',
        'warn',
        ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
      ],
      { cwd: ROOT, env: ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    dev.stdout!.on('data', (d) => (log += d));
    dev.stderr!.on('data', (d) => (log += d));
    dev.once('exit', (code) => {
      if (code) log += `\nwrangler dev exited with ${code}`;
    });

    await smoke(state, fake, base);
    console.log('workers smoke: all checks passed');
  } catch (error) {
    console.error(error instanceof SmokeFailure ? error.message : error);
    if (log) console.error(`--- wrangler dev output ---\n${log.slice(-4000)}`);
    process.exitCode = 1;
  } finally {
    if (dev) await stop(dev);
    await fake.close();
    rmSync(state, { recursive: true, force: true });
  }
}

await main();
