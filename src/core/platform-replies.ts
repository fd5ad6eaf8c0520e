import type { Directory } from './org/directory';
import { hasRole } from './org/types';

/**
 * To someone whose platform account is not in the directory: whom to ask (the government office
 * keeps the directory), named from the directory itself so it stays right after a re-import.
 */
export function strangerReply(dir: Directory, platformName: '飞书' | '钉钉'): string {
  const office = dir.officeUnit('gov_office');
  const staff = office
    ? dir
        .members(office.id)
        .filter((p) => hasRole(p, 'office_staff'))
        .map((p) => p.name)
    : [];
  const contact = office ? `${office.name}${staff.length ? `（${staff.join('、')}）` : ''}` : '系统管理员';
  return `您好！您的${platformName}账号尚未登记在督办助手的通讯录中，暂时无法为您办理。请联系${contact}登记后再试。`;
}

/** To a picture, voice message, file or sticker sent to the bot. */
export const NOT_TEXT_HINT = '我只能识别文字命令，图片、语音、文件等暂时无法处理。请发送 /帮助 查看全部命令，例如 /请假、/督办。';
