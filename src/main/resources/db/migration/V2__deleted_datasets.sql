-- Deleting a dataset answers at once: its row is marked (and renamed, so the name is free again) and its
-- samples are removed in the background, a slice at a time. Every query of live datasets filters on this.
ALTER TABLE dataset ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
