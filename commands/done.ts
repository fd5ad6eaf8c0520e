import { reportCommand } from './task-report';

/** `/办结`: the completion report (办理结果报告, Art. 40); accepted by the office, the item is completed. */
export const doneCommand = reportCommand({
  name: 'done',
  zh: '办结',
  kind: 'completion',
  summary: '报送办理结果（办结报告，经审核通过后事项办结）',
  usage: '/办结 DB-2026-0001 已全部整改到位，群众满意',
});
