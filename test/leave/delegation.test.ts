import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absences, absentRefusal, awayOn, resolveApprover, standInPhrase } from '../../src/core/leave/delegation';
import { buildDirectory, type Directory } from '../../src/core/org/directory';
import { makeHarness, type Harness } from '../helpers/harness';
import { directory } from './helpers';

let h: Harness;
let dir: Directory;
beforeAll(async () => {
  h = await makeHarness();
  dir = await directory(h);
});
afterAll(() => h.close());

const away = (...ids: string[]) => new Set(ids);

describe('Art. 9 acting head', () => {
  it('a step addressed to the head goes to the executive deputy while the head is away, labelled 代行区长职务', () => {
    expect(resolveApprover(dir, away('chenzhiyuan'), 'chenzhiyuan', 'majun')).toMatchObject({
      addresseeId: 'chenzhiyuan',
      approverId: 'liujianguo',
      reason: 'acting_head',
      label: '代行区长职务',
      skipped: [{ personId: 'chenzhiyuan', cause: 'away' }],
    });
  });

  it('the head present decides directly, with no label', () => {
    expect(resolveApprover(dir, away(), 'chenzhiyuan', 'majun')).toMatchObject({ approverId: 'chenzhiyuan', reason: 'direct', label: null, skipped: [] });
  });

  it('head and executive deputy both away: the government office routes by hand', () => {
    expect(resolveApprover(dir, away('chenzhiyuan', 'liujianguo'), 'chenzhiyuan', 'majun')).toMatchObject({
      approverId: null,
      reason: 'office_routing',
      label: '无人可代批，由区政府办转办',
    });
  });
});

describe('Art. 9 the head entrusts a deputy (受区长委托)', () => {
  it('the head away with 王丽 entrusted: his matters go to her, labelled 受区长委托代行区长职务', () => {
    expect(resolveApprover(dir, absences(['chenzhiyuan'], 'wangli'), 'chenzhiyuan', 'majun')).toMatchObject({
      approverId: 'wangli',
      reason: 'head_entrustee',
      label: '受区长委托代行区长职务',
    });
  });

  it('the executive deputy entrusted (the default) is the plain acting head', () => {
    expect(resolveApprover(dir, absences(['chenzhiyuan'], 'liujianguo'), 'chenzhiyuan', 'majun')).toMatchObject({
      approverId: 'liujianguo',
      reason: 'acting_head',
    });
  });

  it('the entrusted deputy away too: the executive deputy acts', () => {
    expect(resolveApprover(dir, absences(['chenzhiyuan', 'wangli'], 'wangli'), 'chenzhiyuan', 'majun')).toMatchObject({
      approverId: 'liujianguo',
      reason: 'acting_head',
    });
  });

  it('the entrustee never decides their own matter', () => {
    expect(resolveApprover(dir, absences(['chenzhiyuan'], 'wangli'), 'chenzhiyuan', 'wangli')).toMatchObject({
      approverId: 'liujianguo',
      reason: 'acting_head',
    });
  });

  it('the entrustment changes nothing for matters addressed to a deputy', () => {
    expect(resolveApprover(dir, absences(['zhaoming', 'sunqiang', 'chenzhiyuan'], 'wangli'), 'zhaoming', 'majun')).toMatchObject({
      approverId: 'liujianguo',
      reason: 'executive_deputy',
    });
  });

  it('an away head’s leave carries the entrustee into the day’s absence facts, until he reports back', () => {
    const leaves = [{ personId: 'chenzhiyuan', start: '2026-12-01', end: '2026-12-03', returnedOn: '2026-12-03', entrusteeId: 'wangli' }];
    expect(awayOn(leaves, '2026-12-02').headEntrusteeId).toBe('wangli');
    expect(awayOn(leaves, '2026-12-03').headEntrusteeId).toBeNull();
  });
});

describe('Art. 9, 11 who acts, in words', () => {
  it.each([
    [['zhaoming'], 'zhaoming', '由AB角 孙强 负责其分管工作（第十一条）'],
    [['zhaoming', 'sunqiang'], 'zhaoming', '由常务副区长 刘建国 负责其分管工作（第十一条）'],
    [['zhaoming', 'sunqiang', 'liujianguo'], 'zhaoming', '由区长 陈志远 负责其分管工作（第九条）'],
    [['zhaoming', 'sunqiang', 'liujianguo', 'chenzhiyuan'], 'zhaoming', '代理人均不在岗，由区政府办转办（第九条、第十一条）'],
    [['chenzhiyuan'], 'chenzhiyuan', '由常务副区长 刘建国 代行区长职务（第九条）'],
  ])('away %j: %s → %s', (ids, personId, phrase) => {
    expect(standInPhrase(dir, resolveApprover(dir, away(...ids), personId, ''))).toBe(phrase);
  });

  it('the absent addressee is told who acts for them and how to take the matter back (销假)', () => {
    const acting = resolveApprover(dir, away('zhaoming'), 'zhaoming', '');
    expect(absentRefusal(dir, away('zhaoming'), dir.person('zhaoming')!, acting)).toBe(
      '依据第十一条：您正在请假外出，期间由 孙强（AB角代批） 代为处理本事项，您的操作未生效。如已提前返回，请先发送 /销假 后再处理。',
    );
    expect(absentRefusal(dir, away(), dir.person('zhaoming')!, acting)).toBeUndefined();
  });
});

describe('Art. 11 A/B partners', () => {
  it('a step addressed to a deputy goes to the A/B partner while the deputy is away, labelled AB角代批', () => {
    expect(resolveApprover(dir, away('zhaoming'), 'zhaoming', 'majun')).toMatchObject({ approverId: 'sunqiang', reason: 'ab_partner', label: 'AB角代批' });
  });

  it('partner also away: next in chain is the executive deputy', () => {
    expect(resolveApprover(dir, away('zhaoming', 'sunqiang'), 'zhaoming', 'majun')).toMatchObject({
      approverId: 'liujianguo',
      reason: 'executive_deputy',
      label: '常务副区长代批',
      skipped: [
        { personId: 'zhaoming', cause: 'away' },
        { personId: 'sunqiang', cause: 'away' },
      ],
    });
  });

  it('partner and executive deputy away: then the head', () => {
    expect(resolveApprover(dir, away('zhaoming', 'sunqiang', 'liujianguo'), 'zhaoming', 'majun')).toMatchObject({
      approverId: 'chenzhiyuan',
      reason: 'district_head',
      label: '区长代批',
    });
  });

  it('everyone in the chain away: the government office routes by hand', () => {
    expect(resolveApprover(dir, away('zhaoming', 'sunqiang', 'liujianguo', 'chenzhiyuan'), 'zhaoming', 'majun')).toMatchObject({
      approverId: null,
      reason: 'office_routing',
    });
  });

  it('the executive deputy away: their partner 王丽, then (the executive deputy is skipped once) the head', () => {
    expect(resolveApprover(dir, away('liujianguo'), 'liujianguo', 'fenglei')).toMatchObject({ approverId: 'wangli', reason: 'ab_partner' });
    const both = resolveApprover(dir, away('liujianguo', 'wangli'), 'liujianguo', 'fenglei');
    expect(both).toMatchObject({ approverId: 'chenzhiyuan', reason: 'district_head' });
    expect(both.skipped.map((s) => s.personId)).toEqual(['liujianguo', 'wangli']);
  });
});

describe('Art. 68 self-approval never', () => {
  it('the executive deputy acting for the head never approves their own request: the office routes it', () => {
    expect(resolveApprover(dir, away('chenzhiyuan'), 'chenzhiyuan', 'liujianguo')).toMatchObject({
      approverId: null,
      reason: 'office_routing',
      skipped: [
        { personId: 'chenzhiyuan', cause: 'away' },
        { personId: 'liujianguo', cause: 'requester' },
      ],
    });
  });

  it('a deputy who would cover as A/B partner for their own request is skipped to the next in chain', () => {
    expect(resolveApprover(dir, away('zhaoming'), 'zhaoming', 'sunqiang')).toMatchObject({ approverId: 'liujianguo', reason: 'executive_deputy' });
  });

  it('an addressee who is the requester is skipped even when present', () => {
    const selfSupervised = buildDirectory(
      dir.people.map((p) => ({ ...p })),
      dir.units.map((u) => (u.id === 'xlz' ? { ...u, supervisingDeputyId: 'zhaoming' } : u)),
    );
    expect(resolveApprover(selfSupervised, away(), 'zhaoming', 'zhaoming')).toMatchObject({
      approverId: 'sunqiang',
      reason: 'ab_partner',
      skipped: [{ personId: 'zhaoming', cause: 'requester' }],
    });
  });
});

describe('delegation edge cases', () => {
  it('nobody holds the post: the government office routes by hand', () => {
    expect(resolveApprover(dir, away(), null, 'majun')).toMatchObject({ approverId: null, reason: 'office_routing' });
  });

  it('an addressee who left the directory is skipped to their delegates', () => {
    const without = buildDirectory(
      dir.people.map((p) => (p.id === 'zhaoming' ? { ...p, active: false } : p)),
      [...dir.units],
    );
    expect(resolveApprover(without, away(), 'zhaoming', 'majun')).toMatchObject({
      approverId: null,
      reason: 'office_routing',
      skipped: [{ personId: 'zhaoming', cause: 'not_in_directory' }],
    });
  });

  it('the party secretary has no delegate under these rules', () => {
    expect(resolveApprover(dir, away('zhengguohua'), 'zhengguohua', 'zhaoming')).toMatchObject({ approverId: null, reason: 'office_routing' });
  });
});

describe('who is away on a date', () => {
  const leaves = [
    { personId: 'a', start: '2026-12-01', end: '2026-12-03', returnedOn: null, entrusteeId: null },
    { personId: 'b', start: '2026-12-01', end: '2026-12-05', returnedOn: '2026-12-02', entrusteeId: null },
  ];
  it.each([
    ['2026-11-30', []],
    ['2026-12-01', ['a', 'b']],
    ['2026-12-02', ['a']], // b reported back on the 2nd: present that day
    ['2026-12-03', ['a']],
    ['2026-12-04', []],
  ])('%s: %j', (date, ids) => {
    expect([...awayOn(leaves, date)].sort()).toEqual(ids);
  });
});
