CREATE TABLE `dingtalk_signature_pairs` (
	`pair` text PRIMARY KEY NOT NULL,
	`body_hash` text NOT NULL,
	`message_id` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dingtalk_signature_pairs_expires_at` ON `dingtalk_signature_pairs` (`expires_at`);--> statement-breakpoint
ALTER TABLE `ledger_export_tokens` ADD `used_at` integer;