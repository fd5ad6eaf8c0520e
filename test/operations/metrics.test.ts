import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobRuns, outbox } from '../../db/schema';
import { resetMetrics } from '../../src/metrics';
import { makeHarness, type Harness } from '../helpers/harness';
import { sandboxUser } from '../helpers/sandbox';

const TOKEN = 'metrics-token-0123456789';
let h: Harness;

beforeEach(() => resetMetrics());
afterEach(() => h?.close());

const scrape = (token?: string) => h.app.request('/metrics', token ? { headers: { authorization: `Bearer ${token}` } } : {});

/** The value of one sample line, e.g. `duban_outbox_messages{status="sent"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics: behind METRICS_TOKEN', () => {
  it('does not exist when METRICS_TOKEN is unset: 404', async () => {
    h = await makeHarness();
    expect((await scrape()).status).toBe(404);
    expect((await scrape(TOKEN)).status).toBe(404);
  });

  it('answers 401 without a token or with a wrong one, naming the header to send', async () => {
    h = await makeHarness({ env: { METRICS_TOKEN: TOKEN } });
    for (const res of [await scrape(), await scrape('wrong-token-0123456789'), await h.app.request('/metrics', { headers: { authorization: TOKEN } })]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await res.text()).toContain('Authorization: Bearer <METRICS_TOKEN>');
    }
  });

  it('METRICS_TOKEN shorter than 16 characters is a configuration error', async () => {
    await expect(makeHarness({ env: { METRICS_TOKEN: 'short' } })).rejects.toThrow(/METRICS_TOKEN: 至少 16 个字符/);
  });
});

describe('GET /metrics: Prometheus text', () => {
  it('counts inbound events by platform and outcome, deliveries, their latency, the outbox and job runs', async () => {
    h = await makeHarness({ env: { METRICS_TOKEN: TOKEN } });
    const empty = await scrape(TOKEN);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const before = await empty.text();
    expect(sample(before, 'duban_outbox_messages{status="pending"}')).toBe(0);
    expect(before).toContain('# TYPE duban_delivery_latency_seconds histogram');

    await sandboxUser(h, 'tangwei').say('/帮助');
    const refused = await h.app.request('/sandbox/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"as":' });
    expect(refused.status).toBe(400);
    await h.db.insert(jobRuns).values({ job: 'daily-digest', localDate: '2026-11-26', startedAt: h.clock.now(), finishedAt: new Date('2026-11-26T01:00:05Z') });

    const text = await (await scrape(TOKEN)).text();
    expect(sample(text, 'duban_inbound_total{platform="sandbox",outcome="accepted"}')).toBe(1);
    expect(sample(text, 'duban_inbound_total{platform="sandbox",outcome="invalid"}')).toBe(1);
    const sent = sample(text, 'duban_deliveries_total{platform="sandbox",outcome="sent"}')!;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'duban_outbox_messages{status="sent"}')).toBe(sent);
    expect(sample(text, 'duban_outbox_messages{status="failed"}')).toBe(0);
    // The fixed clock: sent at the instant it was enqueued.
    expect(sample(text, 'duban_delivery_latency_seconds_bucket{platform="sandbox",le="0.05"}')).toBe(sent);
    expect(sample(text, 'duban_delivery_latency_seconds_count{platform="sandbox"}')).toBe(sent);
    expect(sample(text, 'duban_job_runs_total{job="daily-digest"}')).toBe(1);
    expect(sample(text, 'duban_job_last_run_timestamp_seconds{job="daily-digest"}')).toBe(Date.parse('2026-11-26T01:00:05Z') / 1000);
  });

  it('reports the age of the oldest pending outbox row, from the real clock', async () => {
    h = await makeHarness({ env: { METRICS_TOKEN: TOKEN } });
    const enqueued = new Date(h.clock.now().getTime() - 90_000);
    await h.db.insert(outbox).values({
      dedupeKey: 'metrics-test',
      platform: 'feishu',
      op: 'send',
      recipientType: 'person',
      recipientId: 'tangwei',
      payload: { kind: 'text', text: '测试' },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: enqueued,
      createdAt: enqueued,
    });
    const text = await (await scrape(TOKEN)).text();
    expect(sample(text, 'duban_outbox_messages{status="pending"}')).toBe(1);
    expect(sample(text, 'duban_outbox_oldest_pending_seconds')).toBe(90);
  });
});
