import { md, type Card } from '../messages';
import type { SupervisionItem } from '../supervision/types';

export const WEEKLY_USAGE = '/周报 DB-2026-0001 本周进展…';

/** The weekly report form for one item (`/周报 编号` without text). */
export function weeklyFormCard(item: SupervisionItem): Card {
  return {
    title: `报送周报 · ${item.id}`,
    colour: 'blue',
    blocks: [
      { type: 'markdown', text: md`**${item.id}** ${item.title}` },
      {
        type: 'form',
        name: 'weekly',
        inputs: [{ kind: 'textarea', name: 'text', label: '本周办理进展', required: true }],
        submit: { label: '提交', action: 'weekly.submit', payload: { item: item.id }, style: 'primary' },
      },
      { type: 'note', text: md`依据《工作规则》第四十条，长期性督办事项实行周报制。也可直接发送：/周报 ${item.id} 本周进展…` },
    ],
  };
}
