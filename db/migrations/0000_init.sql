CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`unit_id` text NOT NULL,
	`post` text NOT NULL,
	`roles` text NOT NULL,
	`ab_partner_id` text,
	`feishu_open_id` text,
	`feishu_user_id` text,
	`dingtalk_user_id` text,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_feishu_open_id_unique` ON `people` (`feishu_open_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_dingtalk_user_id_unique` ON `people` (`dingtalk_user_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`function` text,
	`head_id` text,
	`supervising_deputy_id` text,
	`feishu_chat_id` text,
	`dingtalk_conversation_id` text,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_name_unique` ON `units` (`name`);--> statement-breakpoint
CREATE TABLE `calendar_days` (
	`date` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`source_url` text NOT NULL,
	`imported_at` integer NOT NULL,
	`imported_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `concurrency_guard` (
	`ok` integer NOT NULL,
	CONSTRAINT "concurrency_guard" CHECK("concurrency_guard"."ok" = 1)
);
--> statement-breakpoint
CREATE TABLE `delivered_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` integer NOT NULL,
	`platform` text NOT NULL,
	`platform_message_id` text NOT NULL,
	`recipient_type` text NOT NULL,
	`recipient_id` text NOT NULL,
	`subject` text,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `delivered_messages_subject` ON `delivered_messages` (`subject`);--> statement-breakpoint
CREATE INDEX `delivered_messages_pmid` ON `delivered_messages` (`platform`,`platform_message_id`);--> statement-breakpoint
CREATE TABLE `inbound_events` (
	`key` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `inbound_events_received_at` ON `inbound_events` (`received_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`platform` text NOT NULL,
	`op` text NOT NULL,
	`recipient_type` text NOT NULL,
	`recipient_id` text NOT NULL,
	`reply_to` text,
	`subject` text,
	`payload` text NOT NULL,
	`urgent` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `sandbox_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`recipient_type` text NOT NULL,
	`recipient_id` text NOT NULL,
	`payload` text NOT NULL,
	`urgent` integer DEFAULT false NOT NULL,
	`sent_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sandbox_messages_recipient` ON `sandbox_messages` (`recipient_type`,`recipient_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`action` text NOT NULL,
	`detail` text,
	`source_message` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `job_runs` (
	`job` text NOT NULL,
	`local_date` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	PRIMARY KEY(`job`, `local_date`)
);
