-- 0011: an approval pins everything that goes out, not only the text. Forward only.
--
-- When an editor approves, the section, tags, photos with every credit and caption, the lead
-- photo, the embargo and the related stories are kept here as JSON (newsroom_core::export::
-- ApprovalPin). Exports and pushes send this pin with the approved revision's text; what
-- changed since is shown as "changed since approval". Cleared whenever the approval no longer
-- holds. Stories approved before this migration have none and go out as they are now.
ALTER TABLE articles ADD COLUMN approved_pin TEXT;
