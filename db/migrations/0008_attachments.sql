CREATE TABLE `attachment_downloads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_key` text NOT NULL,
	`platform` text NOT NULL,
	`message_id` text NOT NULL,
	`resource_key` text NOT NULL,
	`resource_type` text NOT NULL,
	`file_name` text,
	`person_id` text NOT NULL,
	`item_id` text,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`reply_to` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachment_downloads_source_key_unique` ON `attachment_downloads` (`source_key`);--> statement-breakpoint
CREATE INDEX `attachment_downloads_due` ON `attachment_downloads` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` text,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`sha256` text NOT NULL,
	`name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`uploader_id` text NOT NULL,
	`source_key` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_source_key_unique` ON `attachments` (`source_key`);--> statement-breakpoint
CREATE INDEX `attachments_item` ON `attachments` (`item_id`);--> statement-breakpoint
CREATE INDEX `attachments_target` ON `attachments` (`target_kind`,`target_id`);--> statement-breakpoint
ALTER TABLE `supervision_reports` ADD `evidence_requested` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `supervision_reports` ADD `attachment_count` integer DEFAULT 0 NOT NULL;