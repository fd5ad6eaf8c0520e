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
CREATE INDEX `meeting_absences_requester` ON `meeting_absences` (`requester_id`);