import { afterEach, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { dayRun, issueItem, remindersHarness, user } from './helpers';
let h: Harness;
afterEach(() => h?.close());
it('smoke', async () => {
  h = await remindersHarness('2026-09-28T08:30:00');
  const id = await issueItem(h, '来源=领导批示 标题=冬季供暖投诉处理 主办=住建局 收文日期=2026-09-28');
  console.log(id, (await user(h, 'zhangli').say(`/签收 ${id}`)).map(r=>JSON.stringify(r.message).slice(0,200)));
  for (const d of ['09-28','09-29','09-30','10-01','10-08','10-09','10-10','10-11','10-12']) {
    console.log(d, await dayRun(h, `2026-${d}T09:00:00`));
  }
  const inbox = await user(h, 'zhaoming').inbox();
  for (const m of inbox.slice(-3)) console.log(JSON.stringify(m.message, null, 1).slice(0, 3000));
});
