import type { Role } from '../src/core/org/types';

/** Who uses which commands (`/帮助` lists each person theirs; the core still checks every action). */

/** A unit's head and liaison: 签收, 计划, 报送, 延期, 周报 (Art. 40 承办落实). */
export const UNIT_ROLES: readonly Role[] = ['unit_head', 'unit_liaison'];

/** The office registers and issues items; district leaders approve and look them up (Art. 40 督查交办). */
export const SUPERVISION_ROLES: readonly Role[] = ['office_staff', 'district_head', 'executive_deputy', 'deputy_head', 'party_group_member', 'party_secretary'];

export const OFFICE_ROLES: readonly Role[] = ['office_staff'];
