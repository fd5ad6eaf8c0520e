CREATE TABLE `document_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`round` integer NOT NULL,
	`idx` integer NOT NULL,
	`role` text NOT NULL,
	`addressee_id` text,
	`status` text NOT NULL,
	`decided_by_id` text,
	`delegation` text,
	`comment` text,
	`decided_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `document_steps_round_idx` ON `document_steps` (`document_id`,`round`,`idx`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY NOT NULL,
	`direction` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`reference` text,
	`sender` text,
	`upper_level` integer DEFAULT false NOT NULL,
	`received_on` text,
	`proposal` text,
	`unit_id` text,
	`deputy_id` text,
	`status` text NOT NULL,
	`round` integer DEFAULT 1 NOT NULL,
	`current_step` integer,
	`number_prefix` text,
	`number_year` integer,
	`number_seq` integer,
	`item_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `documents_status` ON `documents` (`direction`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `documents_number` ON `documents` (`number_prefix`,`number_year`,`number_seq`);