import { importOrg, parseOrgFile } from '../core/org/import';
import type { CliCommand } from './types';

/** `org import <file.yaml>`: load or update the organisation directory (docs/operations.md). */
export const orgImport: CliCommand = {
  path: ['org', 'import'],
  summary: '导入或更新组织架构（单位、人员、角色、AB角）',
  usage: '<file.yaml> [--by <姓名>]',
  positionals: ['file.yaml'],
  options: { by: { type: 'string' } },
  details: [
    '文件格式见 db/demo-org.yaml（YAML 或 JSON）。按 id 原地更新；文件中不再出现的人员和单位被停用（不删除历史）。',
    '文件有错时逐行列出问题，不写入任何数据。',
    '',
    '选项：',
    '  --by <姓名>   导入人，记入审计日志（默认当前系统用户）',
    '',
    '注意：设置了 ORG_FILE 时，服务每次启动都会重新导入该文件，请让 ORG_FILE 指向同一个文件；未设置时，启动只在通讯录为空时载入演示组织。',
  ],
  async run(ctx, { positionals: [file], options }) {
    const org = parseOrgFile(ctx.readFile(file!));
    const summary = await importOrg(await ctx.db(), org, ctx.now, typeof options.by === 'string' ? options.by : ctx.actor);
    ctx.out(
      [
        `已导入组织架构：${summary.units} 个单位，${summary.people} 人。`,
        `停用人员：${summary.deactivatedPeople.join('、') || '无'}`,
        `撤销单位：${summary.deactivatedUnits.join('、') || '无'}`,
      ].join('\n'),
    );
    return 0;
  },
};
