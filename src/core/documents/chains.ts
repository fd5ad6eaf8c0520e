/**
 * The sign-off chains of Art. 61 (来文) and Art. 62 (发文), each with the sentence of the article
 * that sets it: shown on the card that applies it.
 */
import { UserError } from '../errors';
import type { Directory } from '../org/directory';
import type { DocumentKind, StepRole } from './types';

export const ART61_OPINION = '需提报意见类文件按副区长、区长顺序报区政府领导审定';
export const ART61_INSTRUCTION = '需领导批示类文件按区长、副区长顺序报区政府领导审定';
export const ART61_FORWARD = '区政府办公室根据区政府领导批示意见将文件转相关部门办理，并做好督办、反馈';
export const ART62_HEAD = '区政府制定的政府规章、发布的命令、向区人民代表大会或其常务委员会提出的议案，报区长签署';
export const ART62_GOVERNMENT = '以区政府名义发文，由部门草拟后报区政府办公室登记、审核，再分别经分管副区长、常务副区长审阅后，报区长审签';
export const ART62_OFFICE = '以区政府办公室名义发文，按程序报负责常务工作的副区长审签';

/** The operative sentence and article of each kind's chain. */
export const RULE_OF: Record<DocumentKind, { article: number; sentence: string }> = {
  opinion: { article: 61, sentence: ART61_OPINION },
  instruction: { article: 61, sentence: ART61_INSTRUCTION },
  regulation: { article: 62, sentence: ART62_HEAD },
  order: { article: 62, sentence: ART62_HEAD },
  motion: { article: 62, sentence: ART62_HEAD },
  government: { article: 62, sentence: ART62_GOVERNMENT },
  office: { article: 62, sentence: ART62_OFFICE },
};

export interface PlannedStep {
  role: StepRole;
  /** null: the government office (any office staff) signs this step. */
  addresseeId: string | null;
}

/** The 文号 prefix of a signed outgoing document: in the office's name or the government's. */
export const numberPrefix = (kind: DocumentKind) => (kind === 'office' ? '牡东政办发' : '牡东政发');
export const formatNumber = (kind: DocumentKind, year: number, seq: number) => `${numberPrefix(kind)}〔${year}〕${seq}号`;

function holder(dir: Directory, role: 'district_head' | 'executive_deputy', zh: string): string {
  const person = dir.holder(role);
  if (!person) throw new UserError(`通讯录中没有${zh}，无法按规定顺序报送，请先维护通讯录。`);
  return person.id;
}

/**
 * The steps of one round. Incoming: the deputy in charge and the head in the order of the kind;
 * outgoing: per Art. 62 — the drafting unit's supervising deputy is skipped when he is the
 * executive deputy, who reads it next anyway.
 */
export function planChain(dir: Directory, kind: DocumentKind, facts: { deputyId?: string | null; unitId?: string | null }): PlannedStep[] {
  const head = () => ({ role: 'district_head' as const, addresseeId: holder(dir, 'district_head', '区长') });
  const executive = () => ({ role: 'executive_deputy' as const, addresseeId: holder(dir, 'executive_deputy', '常务副区长') });
  switch (kind) {
    case 'opinion':
      return [{ role: 'deputy', addresseeId: facts.deputyId! }, head()];
    case 'instruction':
      return [head(), { role: 'deputy', addresseeId: facts.deputyId! }];
    case 'regulation':
    case 'order':
    case 'motion':
      return [head()];
    case 'office':
      return [executive()];
    case 'government': {
      const supervising = facts.unitId ? (dir.unit(facts.unitId)?.supervisingDeputyId ?? null) : null;
      const exec = executive();
      return [
        { role: 'office_review', addresseeId: null },
        ...(supervising && supervising !== exec.addresseeId ? [{ role: 'supervising_deputy' as const, addresseeId: supervising }] : []),
        exec,
        head(),
      ];
    }
  }
}
