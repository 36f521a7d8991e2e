-- §4.3 item 3: the working group inspects on its own initiative or on the CSRC's work
-- arrangement (根据中国证监会科技监管局工作安排); an arranged inspection names the arrangement
-- (its document or notice) and the CSRC reads it. Earlier inspections were the working group's.
ALTER TABLE inspections ADD COLUMN origin TEXT NOT NULL DEFAULT 'working_group'
  CHECK (origin IN ('working_group', 'csrc'));
ALTER TABLE inspections ADD COLUMN csrc_reference TEXT;
CREATE INDEX inspections_origin ON inspections (origin, id);
