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
--> statement-breakpoint
CREATE TABLE `leave_requests` (
	`id` integer PRIMARY KEY NOT NULL,
	`requester_id` text NOT NULL,
	`filed_by_id` text NOT NULL,
	`rank` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`scope` text NOT NULL,
	`purpose` text NOT NULL,
	`destination` text NOT NULL,
	`reason` text NOT NULL,
	`emergency` integer DEFAULT false NOT NULL,
	`emergency_report` text,
	`status` text NOT NULL,
	`current_step` integer,
	`returned_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE INDEX `leave_requests_requester` ON `leave_requests` (`requester_id`,`status`);--> statement-breakpoint
CREATE INDEX `leave_requests_dates` ON `leave_requests` (`status`,`start_date`,`end_date`);--> statement-breakpoint
CREATE TABLE `leave_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`template` text NOT NULL,
	`addressee_id` text,
	`resolved_approver_id` text,
	`delegation` text,
	`status` text NOT NULL,
	`decided_by_id` text,
	`reason` text,
	`decided_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leave_steps_request_idx` ON `leave_steps` (`request_id`,`idx`);--> statement-breakpoint
CREATE TABLE `meeting_absences` (
	`id` integer PRIMARY KEY NOT NULL,
	`requester_id` text NOT NULL,
	`meeting` text NOT NULL,
	`meeting_date` text NOT NULL,
	`addressee_id` text NOT NULL,
	`resolved_decider_id` text,
	`delegation` text,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`decided_by_id` text,
	`decision_reason` text,
	`decided_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `meeting_absences_requester` ON `meeting_absences` (`requester_id`);--> statement-breakpoint
CREATE TABLE `dingtalk_api_usage` (
	`month` text PRIMARY KEY NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dingtalk_quota_warnings` (
	`month` text NOT NULL,
	`percent` integer NOT NULL,
	`calls` integer NOT NULL,
	`warned_at` integer NOT NULL,
	PRIMARY KEY(`month`, `percent`)
);
--> statement-breakpoint
CREATE TABLE `ledger_export_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`filters` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `supervision_acks` (
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`person_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`item_id`, `unit_id`)
);
--> statement-breakpoint
CREATE TABLE `supervision_extensions` (
	`id` integer PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_due` text NOT NULL,
	`previous_due` text NOT NULL,
	`reason` text NOT NULL,
	`progress` text NOT NULL,
	`next_steps` text NOT NULL,
	`decider_id` text,
	`status` text NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`decision_note` text,
	`created_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `supervision_extensions_item` ON `supervision_extensions` (`item_id`);--> statement-breakpoint
CREATE TABLE `supervision_items` (
	`id` text PRIMARY KEY NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`source` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`reference` text,
	`received_on` text,
	`meeting_on` text,
	`assigned_on` text,
	`lead_unit_id` text NOT NULL,
	`assisting_unit_ids` text NOT NULL,
	`responsible_person` text,
	`due_on` text NOT NULL,
	`due_provisional` integer NOT NULL,
	`due_explicit` integer NOT NULL,
	`due_article` integer NOT NULL,
	`due_explanation` text NOT NULL,
	`satisfied_by_progress` integer NOT NULL,
	`due_met_at` integer,
	`complex` integer DEFAULT false NOT NULL,
	`long_running` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`approval_leader_id` text,
	`assigning_leader_id` text,
	`reply_text` text,
	`publish` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`issued_at` integer,
	`completed_at` integer,
	`archived_at` integer,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supervision_items_year_seq` ON `supervision_items` (`year`,`seq`);--> statement-breakpoint
CREATE INDEX `supervision_items_status` ON `supervision_items` (`status`);--> statement-breakpoint
CREATE INDEX `supervision_items_lead_unit` ON `supervision_items` (`lead_unit_id`);--> statement-breakpoint
CREATE TABLE `supervision_milestones` (
	`item_id` text NOT NULL,
	`seq` integer NOT NULL,
	`due_on` text NOT NULL,
	`title` text NOT NULL,
	PRIMARY KEY(`item_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `supervision_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`author_id` text NOT NULL,
	`text` text NOT NULL,
	`submitted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `supervision_plans_item` ON `supervision_plans` (`item_id`);--> statement-breakpoint
CREATE TABLE `supervision_reports` (
	`id` integer PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`author_id` text NOT NULL,
	`text` text NOT NULL,
	`round` integer NOT NULL,
	`late` integer NOT NULL,
	`status` text NOT NULL,
	`signed_off_by` text,
	`signed_off_at` integer,
	`sent_back_reason` text,
	`received_by` text,
	`received_at` integer,
	`reviewed_by` text,
	`reviewed_at` integer,
	`return_reason` text,
	`forwarded_to` text,
	`requested_due` text,
	`created_at` integer NOT NULL,
	`submitted_at` integer,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `supervision_reports_item` ON `supervision_reports` (`item_id`);--> statement-breakpoint
CREATE INDEX `supervision_reports_status` ON `supervision_reports` (`status`);--> statement-breakpoint
CREATE TABLE `supervision_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reminder_pauses` (
	`person_id` text PRIMARY KEY NOT NULL,
	`until` text NOT NULL,
	`set_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `weekly_report_weeks` (
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`week_start` text NOT NULL,
	`due_on` text NOT NULL,
	`report_id` integer NOT NULL,
	`late` integer NOT NULL,
	`submitted_at` integer NOT NULL,
	PRIMARY KEY(`item_id`, `unit_id`, `week_start`, `report_id`)
);
--> statement-breakpoint
CREATE INDEX `weekly_report_weeks_item` ON `weekly_report_weeks` (`item_id`);