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
