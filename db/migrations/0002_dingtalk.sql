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
