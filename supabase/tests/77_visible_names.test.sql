-- Names show what they are: every name (files, folders, tags) refuses
-- control, format and separator characters with a 400 saying which kind and
-- where, is NFC-normalised, and a file or folder name loses its trailing dots
-- and spaces as Windows would drop them.
begin;
select plan(61);

select tests.create_user('names-ada@example.com', 'Ada') as ada \gset

-- The detail of the error a statement raises (pgTAP's throws_ok checks the message only).
create function pg_temp.detail_of(statement text) returns text language plpgsql as $$
declare
  detail text;
begin
  execute statement;
  return null;
exception when others then
  get stacked diagnostics detail = pg_exception_detail;
  return detail;
end
$$;
grant execute on function pg_temp.detail_of(text) to authenticated;

-- Each class of character, by code point.
select throws_ok(format($$select app.check_name(%L)$$, 'a' || chr(code) || 'b'), 'PT400',
  'A name cannot contain control characters.', format('the control character U+%s is refused', upper(lpad(to_hex(code), greatest(length(to_hex(code)), 4), '0'))))
from unnest(array[x'01'::int, x'09'::int, x'1f'::int, x'7f'::int, x'85'::int, x'9b'::int]) code;
select throws_ok(format($$select app.check_name(%L)$$, 'a' || chr(code) || 'b'), 'PT400',
  'A name cannot contain text-direction controls: they can disguise what it says.',
  format('the text-direction control U+%s is refused', upper(lpad(to_hex(code), greatest(length(to_hex(code)), 4), '0'))))
from unnest(array[x'202a'::int, x'202b'::int, x'202c'::int, x'202d'::int, x'202e'::int,
                  x'2066'::int, x'2067'::int, x'2068'::int, x'2069'::int, x'200e'::int, x'200f'::int, x'061c'::int]) code;
select throws_ok(format($$select app.check_name(%L)$$, 'a' || chr(code) || 'b'), 'PT400',
  'A name cannot contain invisible formatting characters.',
  format('the invisible formatting character U+%s is refused', upper(lpad(to_hex(code), greatest(length(to_hex(code)), 4), '0'))))
from unnest(array[x'200b'::int, x'200c'::int, x'200d'::int, x'2060'::int, x'feff'::int, x'00ad'::int,
                  x'180e'::int, x'e0001'::int, x'e0041'::int]) code;
select throws_ok(format($$select app.check_name(%L)$$, 'a' || chr(code) || 'b'), 'PT400',
  'A name cannot contain line or paragraph separators.',
  format('the separator U+%s is refused', upper(lpad(to_hex(code), greatest(length(to_hex(code)), 4), '0'))))
from unnest(array[x'2028'::int, x'2029'::int]) code;
select is(pg_temp.detail_of($$select app.check_name(U&'x\202Egpj.html')$$), 'It contains U+202E at character 2.',
  'the error names the character and where it is');
select is(pg_temp.detail_of($$select app.check_name(U&'flag\+0E0067')$$), 'It contains U+E0067 at character 5.',
  'a character beyond U+FFFF is named in full');

-- Ordinary names in any script pass, NFC-normalised.
select is(app.check_name(U&'cafe\0301.txt'), U&'caf\00E9.txt', 'a decomposed accent is stored composed (NFC)');
select is(app.check_name(U&'\05D3\05D5\05D7.pdf'), U&'\05D3\05D5\05D7.pdf', 'a right-to-left name passes');
select is(app.check_name(U&'\+01F4C1 Photos'), U&'\+01F4C1 Photos', 'an emoji passes');
select is(app.check_name(U&'\6587\4EF6.txt'), U&'\6587\4EF6.txt', 'a CJK name passes');

-- Joiners doing their visible job pass; anywhere else they are refused.
select is(app.check_name(U&'\+01F469\200D\+01F4BB notes.txt'), U&'\+01F469\200D\+01F4BB notes.txt',
  'a zero-width joiner inside an emoji sequence passes');
select is(app.check_name(U&'\0645\06CC\200C\062E\0648\0627\0647\0645.txt'), U&'\0645\06CC\200C\062E\0648\0627\0647\0645.txt',
  'a zero-width non-joiner between Persian letters passes');
select is(app.check_name(U&'\0915\094D\200D\0937'), U&'\0915\094D\200D\0937', 'a zero-width joiner after a Devanagari virama passes');
select is(pg_temp.detail_of($$select app.check_name(U&'pay\200Dpal.com')$$), 'It contains U+200D at character 4.',
  'a zero-width joiner between Latin letters is refused');
select throws_ok($$select app.check_name(U&'\0645\06CC\200C.txt')$$, 'PT400', 'A name cannot contain invisible formatting characters.',
  'a non-joiner before a Latin letter is refused');
select is(pg_temp.detail_of($$select app.check_name(U&'\+01F469\200D\+01F4BB \200B.txt')$$), 'It contains U+200B at character 5.',
  'a refused character is placed right after an allowed joiner');

-- Trailing dots and spaces go, as Windows drops them.
select is(app.check_name('report.'), 'report', 'a trailing dot is dropped');
select is(app.check_name('evil.bat. . '), 'evil.bat', 'trailing dots and spaces are dropped together');
select is(app.check_name('.profile'), '.profile', 'a leading dot stays');
select throws_ok($$select app.check_name('...')$$, 'PT400', 'A name cannot be only dots and spaces.', 'a name of dots only is refused');
select throws_ok($$select app.check_name('..')$$, 'PT400', 'A name cannot be "." or "..".', '".." is still refused as such');
select throws_ok($$select app.check_name('CON.')$$, 'PT400', '"CON" is a reserved name.', 'a reserved name does not hide behind a dot');

-- Every path that takes a name uses it.
select tests.authenticate_as(:'ada');
select throws_ok($$select app.begin_upload(U&'x\202Egpj.html', 10, 'image/jpeg')$$, 'PT400', null,
  'an upload named x<U+202E>gpj.html is refused');
select throws_ok($$select app.begin_upload(null, 10, 'text/plain', null, U&'docs\200B/a.txt')$$, 'PT400', null,
  'a folder in an upload path is checked');
select is(app.begin_upload('notes.txt.', 10, 'text/plain') ->> 'name', 'notes.txt', 'an upload is stored under the name Windows would save');
select throws_ok($$select api.create_folder(U&'Inbox\2028')$$, 'PT400', null, 'a new folder''s name is checked');
select (api.create_folder('Work')).id as work \gset
select throws_ok(format($$select api.rename_folder(%L, U&'W\00ADork')$$, :'work'), 'PT400', null, 'a folder rename is checked');
select is((api.rename_folder(:'work', 'Work. ')).name, 'Work', 'a renamed folder loses its trailing dot');
select app.begin_upload('a.txt', 3, 'text/plain') ->> 'id' as up \gset
select app.record_upload_bytes(:'up', 3, repeat('a', 64), 'text/plain');
select app.complete_upload(:'up') ->> 'id' as a \gset
select throws_ok(format($$select api.rename_file(%L, U&'x\202Etxt.exe')$$, :'a'), 'PT400', null, 'a file rename is checked');
select throws_ok(format($$select api.copy_file(%L, null, U&'copy\FEFF.txt')$$, :'a'), 'PT400', null, 'a copy''s name is checked');
select throws_ok(format($$select api.add_tags(%L, array[U&'in\2066voice'])$$, :'a'), 'PT400',
  'A tag cannot contain text-direction controls: they can disguise what it says.', 'a new tag is checked');
select throws_ok(format($$select api.add_tags(%L, array[U&'zero\200Bwidth'])$$, :'a'), 'PT400',
  'A tag cannot contain invisible formatting characters.', 'a zero-width character in a tag is refused');
select is(jsonb_array_length(api.add_tags(:'a', array[U&'cafe\0301', U&'caf\00E9'])), 1, 'a tag typed decomposed or composed is one tag');
select ok(api.add_tags(:'a', array[E'tax\t2024']) @> '[{"name": "tax2024"}]', 'a tab in a tag is still removed, as before');
select throws_ok($$select api.rename_tag((select id from api.tags limit 1), U&'new\202Dname')$$, 'PT400', null,
  'a tag rename is checked');
select throws_ok($$select api.search_files(tags => array[U&'caf\00E9\200D'])$$, 'PT400', null, 'a tag filter is checked');
select tests.clear_authentication();

select * from finish();
rollback;
