/**
 * Whom the district head entrusts while away (Art. 9: "区长外出期间，受区长委托，由负责常务工作的副区长
 * 代行区长职务"): the executive deputy unless he names another deputy when filing. Stored with the
 * request; the resolver uses it for his window.
 */
import { citing, UserError } from '../errors';
import type { FormInput } from '../messages';
import type { Directory } from '../org/directory';
import { hasRole, type Person } from '../org/types';

/** The `/请假` key that names the entrustee: `委托=王丽`. */
export const ENTRUST_KEY = '委托';

function deputies(dir: Directory): Person[] {
  return dir.people.filter((p) => hasRole(p, 'executive_deputy') || hasRole(p, 'deputy_head'));
}

/**
 * The entrustee stored with `requester`'s request: null for anyone but the head; for the head the
 * deputy named (by name or id), else the executive deputy.
 */
export function entrusteeFor(dir: Directory, requester: Person, named: string | undefined): string | null {
  const choice = named?.trim();
  if (!hasRole(requester, 'district_head')) {
    if (choice) throw new UserError(citing(9, `只有区长外出时委托副区长代行区长职务，${requester.name}的请假无需填写「${ENTRUST_KEY}」。`));
    return null;
  }
  const executive = dir.holder('executive_deputy');
  if (!choice) return executive?.id ?? null;
  const matches = deputies(dir).filter((p) => p.name === choice || p.id === choice);
  if (matches.length !== 1) {
    const list = deputies(dir)
      .map((p) => `${p.name}（${p.post}）`)
      .join('、');
    throw new UserError(citing(9, `「${choice}」不是副区长，区长外出期间只能委托副区长代行区长职务。可选：${list}。`));
  }
  return matches[0]!.id;
}

/** The form field for the head's own leave form (default: the executive deputy). */
export function entrusteeInput(dir: Directory, requester: Person | undefined): FormInput[] {
  if (!requester || !hasRole(requester, 'district_head')) return [];
  const executive = dir.holder('executive_deputy');
  return [
    {
      kind: 'select',
      name: 'entrustee',
      label: '外出期间委托代行区长职务（第九条）',
      initial: executive?.id,
      options: deputies(dir).map((p) => ({ label: `${p.name}（${p.post}）`, value: p.id })),
    },
  ];
}
