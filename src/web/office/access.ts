/**
 * Who may use the office dashboard: the government office's supervision staff (督查人员, who run
 * supervision, Art. 36, 40) and the district's leaders (Art. 8, 9, 11, 68), who see the whole ledger.
 */
import { hasRole, type Person, type Role } from '../../core/org/types';

export const OFFICE_ROLES: readonly Role[] = ['office_staff', 'district_head', 'executive_deputy', 'deputy_head', 'party_group_member', 'party_secretary'];

export function mayUseOffice(person: Person): boolean {
  return person.active && OFFICE_ROLES.some((role) => hasRole(person, role));
}

export const OFFICE_DENIED =
  '督办台仅供区政府办督查人员和区领导（区长、副区长、党组成员、区委主要领导）使用。如需查看本单位的督查事项，请在督办助手中发送 /台账。';
