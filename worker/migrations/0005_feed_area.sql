-- The town or region a feed serves (`Raleigh, NC, USA`): the place given to
-- its online meetings that name none, so that readers of the Meeting Guide
-- re-export, which need a place for every meeting, keep them.
ALTER TABLE feeds ADD COLUMN area TEXT NOT NULL DEFAULT '';
