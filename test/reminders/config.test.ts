import { describe, expect, it } from 'vitest';
import { md, mdSource, type Md } from '../../src/core/messages';
import { ConfigError, parseConfig } from '../../src/config';
import { digestCard } from '../../src/core/reminders/digest-card';
import type { Digest } from '../../src/core/reminders/digest';
import type { Person } from '../../src/core/org/types';

function problem(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('quiet rules in the configuration', () => {
  it('DAILY_PUSH_AT must lie inside 08:00–20:00 Beijing time', () => {
    expect(parseConfig({ DAILY_PUSH_AT: '08:00' }).dailyPushAt).toBe('08:00');
    expect(parseConfig({ DAILY_PUSH_AT: '19:59' }).dailyPushAt).toBe('19:59');
    expect(problem({ DAILY_PUSH_AT: '07:30' })).toBe('DAILY_PUSH_AT: 必须在 08:00 至 19:59 之间（08:00–20:00 以外不推送），例如 09:00（当前值 "07:30"）');
    expect(problem({ DAILY_PUSH_AT: '20:00' })).toContain('DAILY_PUSH_AT: 必须在 08:00 至 19:59 之间');
  });

  it('ESCALATE_ON_HOLIDAYS is off unless set to 1', () => {
    expect(parseConfig({}).escalateOnHolidays).toBe(false);
    expect(parseConfig({ ESCALATE_ON_HOLIDAYS: '1' }).escalateOnHolidays).toBe(true);
    expect(problem({ ESCALATE_ON_HOLIDAYS: 'yes' })).toBe('ESCALATE_ON_HOLIDAYS: 只能是 0 或 1（当前值 "yes"）');
  });
});

describe('digest card', () => {
  it('cuts a long section at 10 lines and names the command that lists all', () => {
    const digest: Digest = {
      person: { id: 'linxiaomei' } as Person,
      provisional: false,
      todo: [],
      sections: [{ key: 'overdue', title: '🔴 已逾期', lines: Array.from({ length: 12 }, (_, i) => md`事项 ${i + 1}`), more: '/台账 灯=红' }],
    };
    const card = digestCard(digest, '2026-11-26');
    expect(card).toMatchObject({ title: '每日提醒 · 2026-11-26（周四）', colour: 'red' });
    const text = mdSource((card.blocks[0] as { text: Md }).text);
    expect(text).toContain('**🔴 已逾期（12）**');
    expect(text).toContain('- 事项 10');
    expect(text).not.toContain('- 事项 11');
    expect(text).toContain('…另有 2 项，发送 /台账 灯=红 查看全部');
  });
});
