-- The deny-list: types that run on a click are refused however their name
-- ends, and the list is rows of app.denied_file_types an operator changes.
begin;
select plan(33);

select tests.create_user('types-ada@example.com', 'Ada') as ada \gset
select tests.authenticate_as(:'ada');

-- A trailing dot or space does not hide an extension (Windows drops them when it saves).
select throws_ok($$select app.assert_allowed_type('evil.bat.', 'text/plain')$$, 'PT415',
  'Files ending in ".bat" cannot be stored: executables and scripts are refused.', 'a trailing dot does not hide ".bat"');
select throws_ok($$select app.assert_allowed_type('evil.bat. . ', 'text/plain')$$, 'PT415', null,
  'trailing dots and spaces together do not hide ".bat"');
select throws_ok($$select app.assert_allowed_type('evil.EXE...', 'text/plain')$$, 'PT415', null,
  'trailing dots do not hide an upper-case ".EXE"');
select throws_ok($$select app.begin_upload('evil.bat.', 10, 'text/plain')$$, 'PT415', null,
  'an upload named "evil.bat." is refused');
select throws_ok($$select app.begin_upload(null, 10, 'text/plain', null, 'docs/evil.cmd. ')$$, 'PT415', null,
  'an upload path ending in "evil.cmd. " is refused');

-- The review's list, and the other click-to-run types added with it.
select throws_ok(format($$select app.assert_allowed_type(%L, 'application/octet-stream')$$, 'x.' || ext), 'PT415', null,
  format('".%s" is refused', ext))
from unnest(array['js', 'jse', 'vbs', 'vbe', 'wsf', 'hta', 'scf', 'url', 'lnk', 'iso', 'img', 'chm',
                  'wsc', 'sct', 'appref-ms', 'vhdx', 'msix', 'dmg']) ext;
select throws_ok($$select app.assert_allowed_type('link', 'application/x-ms-shortcut')$$, 'PT415',
  'Files of type application/x-ms-shortcut cannot be stored: executables and scripts are refused.',
  'a shortcut is refused by its MIME type');
select throws_ok($$select app.assert_allowed_type('disk', 'application/x-iso9660-image')$$, 'PT415', null,
  'a disk image is refused by its MIME type');

-- Documents still pass, with or without an extension.
select lives_ok($$select app.assert_allowed_type('notes.txt', 'text/plain')$$, 'a text file passes');
select lives_ok($$select app.assert_allowed_type('archive.tar.gz', 'application/gzip')$$, 'an archive passes');
select lives_ok($$select app.assert_allowed_type('README', 'text/plain')$$, 'a name without an extension passes');
select lives_ok($$select app.assert_allowed_type('script.js.txt', 'text/plain')$$, 'only the last extension counts');
select lives_ok($$select app.assert_allowed_type('photo.jpeg', 'image/jpeg')$$, 'a photo passes');

-- The list is the table: an operator deletes a row to allow a type, inserts one to refuse it.
select tests.clear_authentication();
delete from app.denied_file_types where kind = 'extension' and value = 'js';
insert into app.denied_file_types (kind, value) values ('extension', 'py');
select tests.authenticate_as(:'ada');
select lives_ok($$select app.assert_allowed_type('app.js', 'text/javascript')$$, 'a type deleted from the list is allowed');
select throws_ok($$select app.assert_allowed_type('tool.py', 'text/plain')$$, 'PT415', null, 'a type added to the list is refused');
select ok(exists (select from app.denied_file_types where kind = 'extension' and value = 'exe'), 'a signed-in user reads the list');

select * from finish();
rollback;
