CREATE TABLE `meeting_matters` (
	`id` integer PRIMARY KEY NOT NULL,
	`meeting_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`unit_id` text NOT NULL,
	`touches_rules` integer DEFAULT false NOT NULL,
	`legality_reviewed` integer DEFAULT false NOT NULL,
	`due_on` text,
	`item_id` text,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `meeting_matters_meeting` ON `meeting_matters` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`meeting_date` text NOT NULL,
	`host_id` text NOT NULL,
	`entrusted` integer DEFAULT false NOT NULL,
	`attendee_ids` text NOT NULL,
	`minutes_status` text DEFAULT 'none' NOT NULL,
	`minutes_text` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `meetings_date` ON `meetings` (`kind`,`meeting_date`);--> statement-breakpoint
CREATE TABLE `seal_uses` (
	`id` integer PRIMARY KEY NOT NULL,
	`seal` text NOT NULL,
	`purpose` text NOT NULL,
	`copies` integer NOT NULL,
	`requester_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`decided_at` integer
);
--> statement-breakpoint
CREATE INDEX `seal_uses_created` ON `seal_uses` (`created_at`);--> statement-breakpoint
CREATE TABLE `signoff_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`round` integer NOT NULL,
	`idx` integer NOT NULL,
	`stage` text NOT NULL,
	`addressee_id` text,
	`status` text NOT NULL,
	`decided_by_id` text,
	`delegation` text,
	`note` text,
	`created_at` integer NOT NULL,
	`decided_at` integer
);
--> statement-breakpoint
CREATE INDEX `signoff_steps_subject` ON `signoff_steps` (`subject_type`,`subject_id`,`round`);--> statement-breakpoint
CREATE INDEX `signoff_steps_status` ON `signoff_steps` (`status`);--> statement-breakpoint
CREATE TABLE `unit_meetings` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`title` text NOT NULL,
	`meeting_date` text NOT NULL,
	`year` integer NOT NULL,
	`override_reason` text,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `unit_meetings_year` ON `unit_meetings` (`unit_id`,`year`);