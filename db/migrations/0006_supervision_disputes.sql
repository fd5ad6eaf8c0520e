CREATE TABLE `supervision_disputes` (
	`id` integer PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`raised_by` text NOT NULL,
	`reason` text NOT NULL,
	`addressee_id` text,
	`status` text NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`decision_note` text,
	`created_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `supervision_disputes_item` ON `supervision_disputes` (`item_id`);