import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { cast, clickButton, item, latestCard, supervisionHarness } from './helpers';

let h: Harness;
afterEach(() => h?.close());

const inputsOf = (card: any) =>
  card.blocks.find((b: any) => b.type === 'form').inputs as Array<{ name: string; kind: string; multiple?: boolean; options?: Array<{ value: string }> }>;

/** `/督办 新建`, then the source chosen: the registration form for that source (it replaces the first card). */
async function formFor(source: string) {
  const { office } = cast(h);
  await office.say('/督办 新建');
  const first = await latestCard(office, '登记督查事项');
  const next = await clickButton(office, first, '下一步', { source });
  expect(next.toast.kind, next.toast.text).not.toBe('error');
  return { ...first, message: { kind: 'card', card: next.card } };
}

describe('Art. 40 办理期限: the registration form asks only for what the source’s rule needs', () => {
  it.each([
    { source: '领导批示', shows: ['received', 'due'], hides: ['meeting', 'assigned', 'complex'] },
    { source: '常务会议', shows: ['meeting'], hides: ['received', 'assigned', 'complex', 'due'] },
    { source: '人大建议', shows: ['assigned', 'complex'], hides: ['received', 'meeting', 'due'] },
    { source: '区政府文件', shows: ['due'], hides: ['received', 'meeting', 'assigned', 'complex'] },
  ])('$source: shows $shows, not $hides', async ({ source, shows, hides }) => {
    h = await supervisionHarness('2026-09-24T17:00:00');
    const names = inputsOf((await formFor(source)).message.card).map((i) => i.name);
    for (const name of shows) expect(names).toContain(name);
    for (const name of hides) expect(names).not.toContain(name);
    expect(names).not.toContain('source');
  });

  it('协办 is a multi-select of the units, like 主办; two units chosen are both registered', async () => {
    h = await supervisionHarness('2026-09-24T17:00:00');
    const form = await formFor('领导批示');
    const inputs = inputsOf(form.message.card);
    const lead = inputs.find((i) => i.name === 'lead')!;
    const assisting = inputs.find((i) => i.name === 'assisting')!;
    expect(assisting).toMatchObject({ kind: 'select', multiple: true });
    expect(assisting.options!.map((o) => o.value)).toEqual(lead.options!.map((o) => o.value));
    const done = await clickButton(cast(h).office, form, '登记', {
      title: '冬季供暖投诉处理',
      lead: '住建局',
      assisting: '兴隆镇,城东街道',
      received: '2026-09-24',
    });
    expect(done.toast.text).toContain('已登记督查事项 DB-2026-0001');
    expect((await item(h, 'DB-2026-0001')).assistingUnitIds).toHaveLength(2);
  });
});
