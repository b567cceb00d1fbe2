-- More types that run on a click, and an extension that a trailing dot or
-- space can no longer hide.
--
-- Windows drops the dots and spaces that end a file name when it saves one,
-- so `evil.bat.` is saved as `evil.bat`; the check read the extension after
-- the last dot and found none. The extension is now read from the name
-- without its trailing dots and spaces (the names migration that follows
-- also removes them from every new name, so stored names match what Windows
-- saves).
--
-- The deny-list is the table app.denied_file_types (kind 'extension' or
-- 'mime', lower case): an operator adds or deletes rows to change it, and
-- the next upload, rename or copy follows. Added here: Windows Script Host
-- scripts and scriptlets, shortcuts and Explorer command files, help files
-- that run script, ClickOnce, browser and packaged Windows applications,
-- Excel add-ins, macOS installers, and disk images, which Windows mounts on a double-click and which carry their
-- files past the "downloaded from the internet" warning.

insert into app.denied_file_types (kind, value)
select 'extension', unnest(array[
  'js', 'vb', 'ws', 'wsc', 'sct',
  'scf', 'url', 'website', 'shb', 'shs', 'desktop',
  'chm', 'hlp',
  'application', 'appref-ms', 'xbap', 'gadget', 'jnlp', 'xll',
  'msh', 'msh1', 'msh2', 'mshxml', 'msh1xml', 'msh2xml', 'ps1xml', 'ps2', 'ps2xml', 'psc1', 'psc2', 'psd1',
  'mst', 'msu', 'appx', 'appxbundle', 'msix', 'msixbundle', 'ade', 'adp', 'mde', 'pkg',
  'iso', 'img', 'vhd', 'vhdx', 'dmg'
])
union all
select 'mime', unnest(array[
  'application/x-ms-shortcut', 'application/x-mswinurl', 'application/vnd.ms-htmlhelp',
  'application/x-ms-application', 'application/x-ms-xbap', 'application/x-java-jnlp-file',
  'application/x-iso9660-image'
])
on conflict (kind, value) do nothing;
comment on table app.denied_file_types is
  'Extensions and MIME types the drive refuses to store (lower case); insert or delete rows to change the list.';

/* Refuses (PT415) a name whose extension, or a MIME type, is on the deny-list. */
create or replace function app.assert_allowed_type(file_name text, mime text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  -- The extension Windows sees: trailing dots and spaces are dropped when it saves a file.
  ext text := lower(substring(rtrim(file_name, '. ') from '\.([^.]+)$'));
begin
  if ext is not null and exists (select from app.denied_file_types where kind = 'extension' and value = ext) then
    raise exception using errcode = 'PT415',
      message = format('Files ending in ".%s" cannot be stored: executables and scripts are refused.', ext);
  end if;
  if exists (select from app.denied_file_types where kind = 'mime' and value = lower(mime)) then
    raise exception using errcode = 'PT415',
      message = format('Files of type %s cannot be stored: executables and scripts are refused.', lower(mime));
  end if;
end
$$;
