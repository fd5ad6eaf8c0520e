/**
 * Outbox delivery against the rate-limited fake: sustained rate as a fraction of Feishu's 50/s per
 * app, and whether anything was lost or delivered twice (both must be 0).
 */
import { startChild } from '../lib/child';
import { startLimitedFake } from './limited-fake';

export interface OutboxFigures {
  messages: number;
  delivered: number;
  lost: number;
  duplicated: number;
  failed: number;
  /** From the first accepted message to the last, seconds. */
  spanSec: number;
  sustainedPerSec: number;
  limitPerSec: number;
  fractionOfLimit: number;
  attempts: number;
  rateLimited: number;
  uuidRepeats: number;
  sweeps: number;
  drainReport: { sent: number; failed: number; retrying: number; deferred: number };
}

const APP_LIMIT_PER_SEC = 50;

export async function benchOutbox(options: { messages: number; log(line: string): void; profileDir?: string }): Promise<OutboxFigures> {
  const fake = await startLimitedFake();
  const child = startChild(new URL('./child.ts', import.meta.url), {
    env: { BENCH_FAKE_URL: fake.url, BENCH_MESSAGES: String(options.messages) },
    nodeArgs: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}/outbox`] : [],
  });
  try {
    await child.ready;
    // Three times the time the limit allows, plus a margin: enough for retries, bounded if something hangs.
    const timeoutMs = Math.ceil((options.messages / APP_LIMIT_PER_SEC) * 3_000) + 30_000;
    const run = await child.request<{ sweeps: number; totals: OutboxFigures['drainReport']; pending: number; failed: number; elapsedMs: number }>('deliver', {
      timeoutMs,
    });
    const seen = new Map<number, number>();
    for (const m of fake.messages) {
      const i = Number(/#(\d+)#/.exec(m.text)?.[1]);
      if (Number.isInteger(i)) seen.set(i, (seen.get(i) ?? 0) + 1);
    }
    let lost = 0;
    for (let i = 0; i < options.messages; i++) if (!seen.has(i)) lost++;
    const duplicated = [...seen.values()].reduce((sum, n) => sum + (n - 1), 0);
    const times = fake.messages.map((m) => m.at);
    const spanSec = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
    const sustainedPerSec = spanSec > 0 ? (fake.messages.length - 1) / spanSec : 0;
    const figures: OutboxFigures = {
      messages: options.messages,
      delivered: seen.size,
      lost,
      duplicated,
      failed: run.failed,
      spanSec,
      sustainedPerSec,
      limitPerSec: APP_LIMIT_PER_SEC,
      fractionOfLimit: sustainedPerSec / APP_LIMIT_PER_SEC,
      attempts: fake.stats.attempts,
      rateLimited: fake.stats.rateLimited,
      uuidRepeats: fake.stats.uuidRepeats,
      sweeps: run.sweeps,
      drainReport: run.totals,
    };
    options.log(
      `  outbox: ${figures.delivered}/${figures.messages} delivered in ${spanSec.toFixed(1)} s = ${sustainedPerSec.toFixed(1)}/s (${(100 * figures.fractionOfLimit).toFixed(0)} % of ${APP_LIMIT_PER_SEC}/s); lost ${lost}, duplicated ${duplicated}, 429s ${fake.stats.rateLimited}`,
    );
    return figures;
  } finally {
    await child.stop();
    await fake.close();
  }
}
