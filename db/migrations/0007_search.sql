-- Search over the ledger (督查台账): one FTS5 row per supervision item, rowid = the item's rowid, holding
-- what people look an item up by: number, title, content (and the 答复), 文号 (the item's and its 来文's),
-- units, 责任人 and the text of every report that reached the office (a liaison's draft awaiting the
-- unit head's sign-off is not yet reported, Art. 40). The trigram tokenizer finds Chinese substrings of 3+ characters
-- (shorter queries use LIKE over the same columns). Triggers rebuild an item's row in the same
-- transaction as any write that changes what it holds, on better-sqlite3 and D1 alike.
CREATE VIRTUAL TABLE ledger_search USING fts5(item_id, title, content, reference, units, responsible, reports, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER ledger_search_item_insert AFTER INSERT ON supervision_items BEGIN
  DELETE FROM ledger_search WHERE rowid IN (SELECT i.rowid FROM supervision_items i WHERE i.id = NEW.id);
  INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
    SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
      coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
      coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
      coalesce(i.responsible_person, ''),
      coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
    FROM supervision_items i WHERE i.id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER ledger_search_item_update AFTER UPDATE OF title, content, reply_text, reference, lead_unit_id, assisting_unit_ids, responsible_person ON supervision_items BEGIN
  DELETE FROM ledger_search WHERE rowid IN (SELECT i.rowid FROM supervision_items i WHERE i.id = NEW.id);
  INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
    SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
      coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
      coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
      coalesce(i.responsible_person, ''),
      coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
    FROM supervision_items i WHERE i.id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER ledger_search_item_delete AFTER DELETE ON supervision_items BEGIN
  DELETE FROM ledger_search WHERE rowid = OLD.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER ledger_search_report_insert AFTER INSERT ON supervision_reports BEGIN
  DELETE FROM ledger_search WHERE rowid IN (SELECT i.rowid FROM supervision_items i WHERE i.id = NEW.item_id);
  INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
    SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
      coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
      coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
      coalesce(i.responsible_person, ''),
      coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
    FROM supervision_items i WHERE i.id = NEW.item_id;
END;
--> statement-breakpoint
CREATE TRIGGER ledger_search_report_update AFTER UPDATE OF text, item_id, status ON supervision_reports BEGIN
  DELETE FROM ledger_search WHERE rowid IN (SELECT i.rowid FROM supervision_items i WHERE i.id IN (OLD.item_id, NEW.item_id));
  INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
    SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
      coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
      coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
      coalesce(i.responsible_person, ''),
      coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
    FROM supervision_items i WHERE i.id IN (OLD.item_id, NEW.item_id);
END;
--> statement-breakpoint
CREATE TRIGGER ledger_search_report_delete AFTER DELETE ON supervision_reports BEGIN
  DELETE FROM ledger_search WHERE rowid IN (SELECT i.rowid FROM supervision_items i WHERE i.id = OLD.item_id);
  INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
    SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
      coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
      coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
      coalesce(i.responsible_person, ''),
      coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
    FROM supervision_items i WHERE i.id = OLD.item_id;
END;
--> statement-breakpoint
CREATE TRIGGER ledger_search_document_insert AFTER INSERT ON documents WHEN NEW.item_id IS NOT NULL BEGIN
  DELETE FROM ledger_search WHERE rowid IN (SELECT i.rowid FROM supervision_items i WHERE i.id = NEW.item_id);
  INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
    SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
      coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
      coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
      coalesce(i.responsible_person, ''),
      coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
    FROM supervision_items i WHERE i.id = NEW.item_id;
END;
--> statement-breakpoint
CREATE TRIGGER ledger_search_document_update AFTER UPDATE OF item_id, title, reference, sender ON documents BEGIN
  DELETE FROM ledger_search WHERE rowid IN (SELECT i.rowid FROM supervision_items i WHERE i.id IN (OLD.item_id, NEW.item_id));
  INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
    SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
      coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
      coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
      coalesce(i.responsible_person, ''),
      coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
    FROM supervision_items i WHERE i.id IN (OLD.item_id, NEW.item_id);
END;
--> statement-breakpoint
CREATE TRIGGER ledger_search_document_delete AFTER DELETE ON documents WHEN OLD.item_id IS NOT NULL BEGIN
  DELETE FROM ledger_search WHERE rowid IN (SELECT i.rowid FROM supervision_items i WHERE i.id = OLD.item_id);
  INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
    SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
      coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
      coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
      coalesce(i.responsible_person, ''),
      coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
    FROM supervision_items i WHERE i.id = OLD.item_id;
END;
--> statement-breakpoint
CREATE TRIGGER ledger_search_unit_rename AFTER UPDATE OF name ON units WHEN OLD.name IS NOT NEW.name BEGIN
  DELETE FROM ledger_search WHERE rowid IN (SELECT i.rowid FROM supervision_items i WHERE i.lead_unit_id = NEW.id OR NEW.id IN (SELECT value FROM json_each(i.assisting_unit_ids)));
  INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
    SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
      coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
      coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
      coalesce(i.responsible_person, ''),
      coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
    FROM supervision_items i WHERE i.lead_unit_id = NEW.id OR NEW.id IN (SELECT value FROM json_each(i.assisting_unit_ids));
END;
--> statement-breakpoint
-- Items written before this migration.
INSERT INTO ledger_search(rowid, item_id, title, content, reference, units, responsible, reports)
  SELECT i.rowid, i.id, i.title, i.content || coalesce(' ' || i.reply_text, ''),
    coalesce(i.reference, '') || coalesce(' ' || (SELECT group_concat(coalesce(d.reference, '') || ' ' || d.title || ' ' || coalesce(d.sender, ''), ' ') FROM documents d WHERE d.item_id = i.id), ''),
    coalesce((SELECT group_concat(u.name, ' ') FROM units u WHERE u.id = i.lead_unit_id OR u.id IN (SELECT value FROM json_each(i.assisting_unit_ids))), ''),
    coalesce(i.responsible_person, ''),
    coalesce((SELECT group_concat(r.text, ' ') FROM supervision_reports r WHERE r.item_id = i.id AND r.status NOT IN ('awaiting_signoff', 'sent_back')), '')
  FROM supervision_items i WHERE 1;
