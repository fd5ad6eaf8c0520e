import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/outbox/rate-limit';
import { FEISHU_LIMITS } from '../../src/platforms/feishu/api';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 26, 1, 0, 0) + ms);

describe('Feishu rate limits as a sliding window on the injected clock', () => {
  it('lets 5 calls a second reach one recipient and says when the sixth may go', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    for (let i = 0; i < 5; i++) expect(limiter.take('person:majun', at(i * 100))).toBe(0);
    expect(limiter.take('person:majun', at(500))).toBe(500);
    expect(limiter.take('person:songjia', at(500))).toBe(0);
    expect(limiter.take('person:majun', at(1_000))).toBe(0);
  });

  it('lets 50 calls a second through for the whole app', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    for (let i = 0; i < 50; i++) expect(limiter.take(`t${i}`, at(0))).toBe(0);
    expect(limiter.take('t50', at(10))).toBe(990);
    expect(limiter.take('t50', at(1_000))).toBe(0);
  });

  it('lets 1000 calls a minute through for the whole app', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    for (let i = 0; i < 1_000; i++) expect(limiter.take(`t${i}`, at(Math.floor(i / 50) * 1_000))).toBe(0);
    // 20 seconds used 1000 calls: the next one waits until the first second of the minute has passed.
    expect(limiter.take('late', at(20_000))).toBe(40_000);
    expect(limiter.take('late', at(60_000))).toBe(0);
  });

  it('a refused call takes nothing from the budget', () => {
    const limiter = createRateLimiter({ app: [{ limit: 1, windowMs: 1_000 }], perTarget: [] });
    expect(limiter.take('a', at(0))).toBe(0);
    for (let i = 0; i < 10; i++) expect(limiter.take('a', at(999))).toBe(1);
    expect(limiter.take('a', at(1_000))).toBe(0);
  });

  it('counts a call from when it was answered: calls in flight that arrive late cannot put the 51st inside Feishu’s second', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    for (let i = 0; i < 50; i++) expect(limiter.take(`t${i}`, at(0))).toBe(0);
    for (let i = 0; i < 50; i++) limiter.answered(`t${i}`, at(0), at(300 + i));
    expect(limiter.take('t50', at(1_000))).toBe(300);
    expect(limiter.take('t50', at(1_299))).toBe(1);
    expect(limiter.take('t50', at(1_300))).toBe(0);
  });

  it('pauses everything until a 429’s reset has passed', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    limiter.pauseUntil(at(3_000));
    expect(limiter.take('any', at(1_000))).toBe(2_000);
    expect(limiter.take('any', at(3_000))).toBe(0);
  });
});

describe('rate limits as a schedule: slots planned for rows that cannot go yet', () => {
  const ms = (t: number) => t - at(0).getTime();

  it('gives the 51st call of a second the next second, and spreads the ones after it 20 ms apart', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    for (let i = 0; i < 50; i++) expect(ms(limiter.takeSlot(`t${i}`, at(0)))).toBe(0);
    expect([50, 51, 52].map((i) => ms(limiter.takeSlot(`t${i}`, at(0))))).toEqual([1_000, 1_020, 1_040]);
  });

  it('plans a later call to one recipient after an earlier one: theirs arrive in order', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    const slots = Array.from({ length: 12 }, () => ms(limiter.takeSlot('person:majun', at(0))));
    expect(slots).toEqual([...slots].sort((a, b) => a - b));
    expect(slots).toEqual([0, 0, 0, 0, 0, 1_000, 1_020, 1_040, 1_060, 1_080, 2_000, 2_020]);
  });

  it('plans nothing inside a 429’s pause', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    limiter.pauseUntil(at(3_000));
    expect(ms(limiter.takeSlot('any', at(1_000)))).toBe(3_000);
  });

  it('a row due at its slot goes when the answers left it room; when late answers did not, it is given a later one', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    for (let i = 0; i < 50; i++) limiter.takeSlot(`t${i}`, at(0));
    const slot = limiter.takeSlot('t50', at(0));
    expect(ms(slot)).toBe(1_000);
    // The first 50 were answered from 100 ms on: Feishu may have counted them that late.
    for (let i = 0; i < 50; i++) limiter.answered(`t${i}`, at(0), at(100 + i));
    limiter.release('t50', slot);
    expect(limiter.take('t50', at(1_000))).toBeGreaterThan(0);
    const again = limiter.takeSlot('t50', at(1_000));
    expect(ms(again)).toBeGreaterThan(1_000);
    limiter.release('t50', again);
    expect(limiter.take('t50', at(ms(again)))).toBe(0);
  });

  it('says when the app has room next and how many calls are planned ahead, planning nothing', () => {
    const limiter = createRateLimiter(FEISHU_LIMITS);
    for (let i = 0; i < 52; i++) limiter.takeSlot(`t${i}`, at(0));
    expect(limiter.plannedAfter(at(0))).toBe(2);
    expect(ms(limiter.nextAppSlot(at(0)))).toBe(1_040);
    expect(ms(limiter.nextAppSlot(at(0)))).toBe(1_040);
    expect(limiter.plannedAfter(at(1_020))).toBe(0);
  });

  it('a released slot is free for the next call', () => {
    const limiter = createRateLimiter({ app: [{ limit: 1, windowMs: 1_000 }], perTarget: [] });
    const first = limiter.takeSlot('a', at(0));
    expect(ms(limiter.takeSlot('b', at(0)))).toBe(1_000);
    limiter.release('a', first);
    expect(ms(limiter.takeSlot('c', at(0)))).toBe(0);
  });
});
