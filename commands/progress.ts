import { reportCommand } from './task-report';

/** `/进展`: a progress report (办理进展情况报告, Art. 40). */
export const progressCommand = reportCommand({
  name: 'progress',
  zh: '进展',
  kind: 'progress',
  summary: '报送办理进展（联络员报送须经单位主要负责人审签）',
  usage: '/进展 DB-2026-0001 已完成排查，正在整改',
});
