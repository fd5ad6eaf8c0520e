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