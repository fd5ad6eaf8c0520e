import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../src/core/org/directory';
import {
  APPROVAL_CHAINS,
  approvalChainFor,
  checkNotice,
  latestFilingDate,
  NOT_COVERED_MESSAGE,
  otherGovernmentLeaders,
  requesterRankOf,
  scopeFromWord,
  WITHIN_CITY_MESSAGE,
} from '../../src/core/leave/policy';
import { makeHarness, type Harness } from '../helpers/harness';
import { directory } from './helpers';

let h: Harness;
let dir: Directory;
beforeAll(async () => {
  h = await makeHarness();
  dir = await directory(h);
});
afterAll(() => h.close());

const person = (id: string) => dir.person(id)!;

describe('Art. 68 destinations', () => {
  it.each([
    ['出国(境)', 'abroad'],
    ['出国', 'abroad'],
    ['出境', 'abroad'],
    ['出省', 'out_of_province'],
    ['省内其他市(地)', 'other_city'],
    ['省内其他市', 'other_city'],
    ['离开市域', 'other_city'],
    ['市内', 'within_city'],
  ])('“%s” is the scope %s', (word, scope) => {
    expect(scopeFromWord(word)).toBe(scope);
  });

  it('travel inside the city needs no leave, and the message cites the article', () => {
    expect(WITHIN_CITY_MESSAGE).toMatch(/^依据《工作规则》第六十八条，市内外出无需请假/);
  });
});

describe('Art. 68 advance notice', () => {
  it.each([
    // [filed on, start, end, on time, latest compliant date]
    ['2026-11-26', '2026-11-27', '2026-11-27', true, '2026-11-26'], // same-day trip, exactly 1 day ahead
    ['2026-11-27', '2026-11-27', '2026-11-27', false, '2026-11-26'], // same-day trip, filed on the day: one day short
    ['2026-11-25', '2026-11-27', '2026-11-27', true, '2026-11-26'],
    ['2026-11-25', '2026-11-28', '2026-11-30', true, '2026-11-25'], // multi-day, exactly 3 days ahead
    ['2026-11-26', '2026-11-28', '2026-11-30', false, '2026-11-25'], // multi-day, 2 days ahead: one day short
    ['2026-11-26', '2026-11-27', '2026-11-28', false, '2026-11-24'], // a two-day trip is "外出1天以上"
    ['2026-12-29', '2027-01-01', '2027-01-03', true, '2026-12-29'], // calendar days: holidays do not matter
  ])('filed %s for %s–%s: on time %s, latest %s', (filed, start, end, onTime, latest) => {
    expect(checkNotice(filed, start, end)).toMatchObject({ onTime, latest });
    expect(latestFilingDate(start, end)).toBe(latest);
  });
});

describe('Art. 68 who files', () => {
  it.each([
    ['chenzhiyuan', 'district_head'], // 区长 (also a party group member: the head's chain applies)
    ['liujianguo', 'government_leader'], // 常务副区长
    ['zhaoming', 'government_leader'], // 副区长
    ['zhoumin', 'government_leader'], // 党组成员
    ['majun', 'unit_head'], // 镇长
    ['gaoyan', 'unit_head'], // 街道办事处主任
    ['dengpeng', 'unit_head'], // 局长
    ['huanghai', 'unit_head'], // 区政府办主任: head of a government department (Art. 8)
  ])('%s files as %s', (id, rank) => {
    expect(requesterRankOf(person(id), dir)).toBe(rank);
  });

  it.each(['songjia', 'linxiaomei', 'zhengguohua', 'wufang'])('%s is not covered by Art. 68 and is refused with the reason', (id) => {
    expect(requesterRankOf(person(id), dir)).toBeUndefined();
    expect(NOT_COVERED_MESSAGE).toContain('依据《工作规则》第六十八条');
    expect(NOT_COVERED_MESSAGE).toContain('第八条');
  });
});

describe('Art. 68 approval chains', () => {
  it('the head: the party secretary approves, then the government office records the report to the city', () => {
    expect(approvalChainFor(person('chenzhiyuan'), 'district_head', dir)).toEqual([
      { template: 'party_secretary_approval', addresseeId: 'zhengguohua' },
      { template: 'city_report', addresseeId: null },
    ]);
    expect(APPROVAL_CHAINS.district_head).toMatchObject({ copyOnFiling: [], notifyOtherLeadersOnApproval: true });
  });

  it.each(['liujianguo', 'zhaoming', 'zhoumin'])('%s: the head consents, then the party secretary approves', (id) => {
    expect(approvalChainFor(person(id), 'government_leader', dir)).toEqual([
      { template: 'head_consent', addresseeId: 'chenzhiyuan' },
      { template: 'party_secretary_approval', addresseeId: 'zhengguohua' },
    ]);
    expect(APPROVAL_CHAINS.government_leader.notifyOtherLeadersOnApproval).toBe(true);
  });

  it.each([
    ['majun', 'zhaoming'],
    ['gaoyan', 'sunqiang'],
    ['tangwei', 'wangli'],
    ['fenglei', 'liujianguo'],
  ])('unit head %s: the supervising deputy %s, then the head approves; the slip is copied to 区委办 and 区政府办', (id, deputy) => {
    expect(approvalChainFor(person(id), 'unit_head', dir)).toEqual([
      { template: 'supervising_deputy_review', addresseeId: deputy },
      { template: 'head_approval', addresseeId: 'chenzhiyuan' },
    ]);
    expect(APPROVAL_CHAINS.unit_head).toMatchObject({ copyOnFiling: ['party_office', 'gov_office'], notifyOtherLeadersOnApproval: false });
  });

  it('other district government leaders are everyone of them but the requester', () => {
    expect(
      otherGovernmentLeaders(dir, 'zhaoming')
        .map((p) => p.id)
        .sort(),
    ).toEqual(['chenzhiyuan', 'liujianguo', 'sunqiang', 'wangli', 'zhoumin']);
  });
});
