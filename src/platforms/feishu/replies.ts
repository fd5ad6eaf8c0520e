import type { Directory } from '../../core/org/directory';
import { hasRole } from '../../core/org/types';

/**
 * To someone whose Feishu account is not in the directory: whom to ask (the government office keeps
 * the directory), named from the directory itself so it stays right after a re-import.
 */
export function strangerReply(dir: Directory): string {
  const office = dir.officeUnit('gov_office');
  const staff = office ? dir.members(office.id).filter((p) => hasRole(p, 'office_staff')).map((p) => p.name) : [];
  const contact = office ? `${office.name}${staff.length ? `（${staff.join('、')}）` : ''}` : '系统管理员';
  return `您好！您的飞书账号尚未登记在督办助手的通讯录中，暂时无法为您办理。请联系${contact}登记后再试。`;
}

/** To a picture, file or sticker sent to the bot. */
export const NOT_TEXT_HINT = '我只能识别文字命令。请发送 /帮助 查看全部命令，例如 /请假、/督办。';
