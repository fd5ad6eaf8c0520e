import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/** Units of the district (docs/operations.md): towns, subdistricts, departments, offices. */
export const units = sqliteTable('units', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: ['town', 'subdistrict', 'department', 'office'] }).notNull(),
  /** `gov_office` (区政府办) or `party_office` (区委办); null for ordinary units. */
  function: text('function', { enum: ['gov_office', 'party_office'] }),
  headId: text('head_id'),
  supervisingDeputyId: text('supervising_deputy_id'),
  feishuChatId: text('feishu_chat_id'),
  dingtalkConversationId: text('dingtalk_conversation_id'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** People are never deleted: a person who leaves the directory is deactivated (docs/operations.md). */
export const people = sqliteTable('people', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  unitId: text('unit_id').notNull(),
  post: text('post').notNull(),
  roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
  abPartnerId: text('ab_partner_id'),
  feishuOpenId: text('feishu_open_id').unique(),
  feishuUserId: text('feishu_user_id'),
  dingtalkUserId: text('dingtalk_user_id').unique(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
