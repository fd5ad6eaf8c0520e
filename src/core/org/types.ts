/** Roles: the identifiers the directory file uses (docs/operations.md). */
export const ROLES = [
  'district_head',
  'executive_deputy',
  'deputy_head',
  'party_group_member',
  'party_secretary',
  'unit_head',
  'unit_liaison',
  'office_staff',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES_ZH: Record<Role, string> = {
  district_head: '区长',
  executive_deputy: '常务副区长',
  deputy_head: '副区长',
  party_group_member: '党组成员',
  party_secretary: '区委主要领导',
  unit_head: '主要负责人',
  unit_liaison: '联络员',
  office_staff: '督查人员',
};

/** Exactly one person holds each of these at a time (docs/operations.md). */
export const SINGLE_HOLDER_ROLES = ['district_head', 'executive_deputy', 'party_secretary'] as const;
export type SingleHolderRole = (typeof SINGLE_HOLDER_ROLES)[number];

export const UNIT_KINDS = ['town', 'subdistrict', 'department', 'office'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export type UnitFunction = 'gov_office' | 'party_office';

export interface Person {
  id: string;
  name: string;
  unitId: string;
  post: string;
  roles: Role[];
  abPartnerId: string | null;
  feishuOpenId: string | null;
  feishuUserId: string | null;
  dingtalkUserId: string | null;
  active: boolean;
}

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  function: UnitFunction | null;
  headId: string | null;
  supervisingDeputyId: string | null;
  feishuChatId: string | null;
  dingtalkConversationId: string | null;
  active: boolean;
}

/** District government leaders (区政府领导): whose leave other leaders are told about (Art. 68). */
export function isGovernmentLeader(person: Person): boolean {
  return person.roles.some((r) => r === 'district_head' || r === 'executive_deputy' || r === 'deputy_head' || r === 'party_group_member');
}

export function hasRole(person: Person, role: Role): boolean {
  return person.roles.includes(role);
}
