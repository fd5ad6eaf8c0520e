ALTER TABLE `supervision_extensions` ADD `attachment_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `supervision_plans` ADD `attachment_count` integer DEFAULT 0 NOT NULL;