import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify, parse } from 'yaml';
import { count } from 'drizzle-orm';
import { openSqlite } from '../../db/open-sqlite';
import { auditLog, people, units } from '../../db/schema';
import { loadDirectory } from '../../src/core/org/directory';
import { importOrg, OrgImportError, parseOrgFile, type OrgData } from '../../src/core/org/import';
import { DEMO_ORG_FILE } from '../../src/node/deps';

const demoSource = readFileSync(DEMO_ORG_FILE, 'utf8');
const demo = () => parse(demoSource) as { units: any[]; people: any[] };
const now = new Date('2026-11-26T01:00:00Z');
let close = () => {};
afterEach(() => close());

function open() {
  const opened = openSqlite(':memory:');
  close = opened.close;
  return opened.db;
}

function importErrors(source: string): string[] {
  try {
    parseOrgFile(source);
  } catch (error) {
    expect(error).toBeInstanceOf(OrgImportError);
    return (error as OrgImportError).problems;
  }
  throw new Error('expected OrgImportError');
}

describe('directory file validation (docs/operations.md)', () => {
  it('accepts the shipped demo organisation', () => {
    const org = parseOrgFile(demoSource);
    expect(org.units.map((u) => u.name)).toEqual(
      expect.arrayContaining(['兴隆镇', '城东街道', '城西街道', '司法局', '财政局', '住建局', '教育局', '发改局', '区委办', '区政府办']),
    );
    expect(org.people.filter((p) => p.roles.includes('office_staff'))).toHaveLength(3);
  });

  it('accepts JSON as well as YAML', () => {
    expect(parseOrgFile(JSON.stringify(demo())).people).toHaveLength(demo().people.length);
  });

  it.each<[string, (org: { units: any[]; people: any[] }) => void, string]>([
    [
      'an unknown role',
      (o) => {
        o.people[3].roles = ['vice_king'];
      },
      'people 第 4 行 字段 roles.0',
    ],
    [
      'a missing name',
      (o) => {
        delete o.people[0].name;
      },
      'people 第 1 行 字段 name',
    ],
    [
      'an unknown field',
      (o) => {
        o.people[1].mobile = '123';
      },
      '未知字段 mobile',
    ],
    [
      'an unknown unit kind',
      (o) => {
        o.units[4].kind = 'village';
      },
      'units 第 5 行 字段 kind',
    ],
    [
      'a person in a unit that does not exist',
      (o) => {
        o.people[12].unit = 'nowhere';
      },
      '单位「nowhere」不存在',
    ],
    [
      'two district heads',
      (o) => {
        o.people[1].roles.push('district_head');
      },
      'district_head（区长）须恰好一人担任，现有 2 人',
    ],
    [
      'no party secretary',
      (o) => {
        o.people[6].roles = [];
      },
      'party_secretary（区委主要领导）须恰好一人担任，现有 0 人',
    ],
    [
      'a one-sided A/B partner',
      (o) => {
        o.people[3].ab_partner = 'zhoumin';
      },
      'AB角须互为对方',
    ],
    [
      'a unit head from another unit',
      (o) => {
        o.units[4].head = 'gaoyan';
      },
      'units 第 5 行（兴隆镇） 字段 head：高岩 不属于本单位',
    ],
    [
      'a department without a supervising deputy',
      (o) => {
        delete o.units[8].supervising_deputy;
      },
      '必须指定分管副区长',
    ],
    [
      'a supervising deputy who is not a deputy',
      (o) => {
        o.units[8].supervising_deputy = 'majun';
      },
      '马军 不是副区长',
    ],
    [
      'a duplicated person id',
      (o) => {
        o.people[13].id = 'majun';
      },
      '重复的人员 id「majun」',
    ],
    [
      'a duplicated open_id',
      (o) => {
        o.people[13].feishu_open_id = 'ou_demo_majun';
      },
      'feishu_open_id：与 马军 重复',
    ],
  ])('rejects %s, naming the row and field', (_what, change, expected) => {
    const org = demo();
    change(org);
    const problems = importErrors(stringify(org));
    expect(problems.join('\n')).toContain(expected);
  });

  it('lists every bad row, not only the first', () => {
    const org = demo();
    delete org.people[0].name;
    delete org.people[2].post;
    expect(importErrors(stringify(org))).toHaveLength(2);
  });

  it('rejects a file that is not YAML or lacks the sections', () => {
    expect(importErrors('units: [unclosed')[0]).toContain('不是有效的 YAML/JSON');
    expect(importErrors('people: []')[0]).toContain('units');
  });
});

describe('directory import', () => {
  it('writes units and people with their roles and platform ids', async () => {
    const db = open();
    const summary = await importOrg(db, parseOrgFile(demoSource), now);
    expect(summary).toMatchObject({ units: 12, people: 28, deactivatedPeople: [] });
    const dir = await loadDirectory(db);
    expect(dir.holder('district_head')?.name).toBe('陈志远');
    expect(dir.holder('executive_deputy')?.name).toBe('刘建国');
    expect(dir.holder('party_secretary')?.name).toBe('郑国华');
    expect(dir.officeUnit('gov_office')?.name).toBe('区政府办');
    expect(dir.byFeishuOpenId('ou_demo_majun')?.name).toBe('马军');
    expect(dir.liaisons('xlz').map((p) => p.name)).toEqual(['宋佳']);
    expect(dir.person('wangli')?.abPartnerId).toBe('liujianguo');
  });

  it('writes nothing when the file is bad', async () => {
    const db = open();
    const org = demo();
    org.people[0].roles = ['emperor'];
    expect(() => parseOrgFile(stringify(org))).toThrow(OrgImportError);
    expect((await db.select({ n: count() }).from(people))[0]!.n).toBe(0);
    expect((await db.select({ n: count() }).from(units))[0]!.n).toBe(0);
  });

  it('re-import updates in place and deactivates people who vanished, keeping their rows', async () => {
    const db = open();
    await importOrg(db, parseOrgFile(demoSource), now);
    const org = demo();
    org.people = org.people.filter((p) => p.id !== 'songjia');
    const majun = org.people.find((p) => p.id === 'majun');
    majun.post = '镇党委副书记、镇长';
    org.people.push({ id: 'zhouxin', name: '周鑫', unit: 'xlz', post: '党政办科员', roles: ['unit_liaison'], feishu_open_id: 'ou_demo_songjia' });
    const summary = await importOrg(db, parseOrgFile(stringify(org)) as OrgData, new Date('2026-12-01T01:00:00Z'));
    expect(summary.deactivatedPeople).toEqual(['宋佳']);
    const dir = await loadDirectory(db);
    expect(dir.person('songjia')).toBeUndefined();
    expect(dir.person('majun')?.post).toBe('镇党委副书记、镇长');
    expect(dir.liaisons('xlz').map((p) => p.name)).toEqual(['周鑫']);
    // The platform id moved to the new person; the old row stays for history.
    expect(dir.byFeishuOpenId('ou_demo_songjia')?.name).toBe('周鑫');
    const [kept] = await db
      .select()
      .from(people)
      .where((await import('drizzle-orm')).eq(people.id, 'songjia'));
    expect(kept).toMatchObject({ name: '宋佳', active: false });
    expect((await db.select({ n: count() }).from(auditLog))[0]!.n).toBe(2);
  });

  it('importing the same file twice changes nothing', async () => {
    const db = open();
    await importOrg(db, parseOrgFile(demoSource), now);
    const before = await db.select().from(people);
    const summary = await importOrg(db, parseOrgFile(demoSource), now);
    expect(summary.deactivatedPeople).toEqual([]);
    expect(await db.select().from(people)).toEqual(before);
  });
});

describe('the directory at start', () => {
  it('loads the demo organisation into an empty database, and keeps a CLI import on restart', async () => {
    const { loadStartupOrg } = await import('../../src/node/deps');
    const db = open();
    expect(await loadStartupOrg(db, undefined, now)).toContain('demo');
    const org = demo();
    org.people = org.people.filter((p) => p.id !== 'songjia');
    await importOrg(db, parseOrgFile(stringify(org)), now);
    expect(await loadStartupOrg(db, undefined, now)).toContain('kept');
    expect((await loadDirectory(db)).person('songjia')).toBeUndefined();
  });

  it('re-imports ORG_FILE on every start when it is set', async () => {
    const { loadStartupOrg } = await import('../../src/node/deps');
    const db = open();
    await importOrg(db, parseOrgFile(stringify({ ...demo(), people: demo().people.filter((p) => p.id !== 'songjia') })), now);
    expect(await loadStartupOrg(db, DEMO_ORG_FILE, now)).toContain('28 people');
    expect((await loadDirectory(db)).person('songjia')?.name).toBe('宋佳');
  });
});
