-- Names show what they are: no invisible characters, no text-direction
-- tricks, no trailing dots or spaces.
--
-- `x<U+202E>gpj.html` is shown as "xlmth.jpg" but is an HTML page; a
-- zero-width space makes two names that look the same; a C1 control or a
-- line separator breaks a listing. Every name a user gives (files and
-- folders through app.check_name, which uploads, paths, renames, copies and
-- new folders use; tags through app.clean_tag_names, which adding, renaming
-- and filtering by tags use) now passes one helper, app.assert_visible_text,
-- which refuses with a 400 naming the kind of character, and in `details`
-- its code point and position:
--
--   control characters   Cc: U+0001-U+001F, U+007F-U+009F (C0, DEL, C1)
--   text-direction       the bidirectional embeddings, overrides and
--   controls             isolates (U+202A-U+202E, U+2066-U+2069) and marks
--                        (U+200E, U+200F, U+061C)
--   invisible formatting the rest of Unicode 15.1's Cf: zero-width space,
--   characters           non-joiner and joiner, word joiner and invisible
--                        operators, BOM, soft hyphen, Arabic and other
--                        format signs, language tags
--   line and paragraph   U+2028, U+2029
--   separators
--
-- Joiners in their place pass: U+200D inside an emoji sequence (a family,
-- a profession) and U+200C/U+200D between letters of the scripts that need
-- them (Persian, the Indic scripts); as the web draws such names plainly.
--
-- File and folder names are also stored as Windows will save them: trailing
-- dots and spaces are dropped (`report.` is stored as `report`), so the
-- extension the deny-list checks is the one a downloaded file gets. Names
-- were already NFC-normalised; tags now are too, so `café` typed either way
-- is one tag. Tags keep their old handling of control characters (removed,
-- as the database's locale classes them) and whitespace (collapsed to one
-- space); what is left is checked.

/*
 * Raises PT400 when `value` holds a character that is invisible or changes
 * how the text around it is shown (see the list above). `what` starts the
 * message ("A name", "A tag"). Immutable, so a CHECK or an index could use it.
 */
create or replace function app.assert_visible_text(value text, what text default 'A name')
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
  -- Joiners doing their visible job stand in for a plain character: a
  -- zero-width joiner inside an emoji sequence, and a (non-)joiner between
  -- letters of the scripts that need one (Arabic and Persian, Syriac, the
  -- Indic scripts, Myanmar, Khmer, Mongolian). Either changes how the text
  -- is drawn, visibly, so it cannot make two names look the same.
  checked text := regexp_replace(regexp_replace(value,
    '([\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf\u2934\u2935'
    '\u2b05-\u2b55\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff])\u200d'
    '(?=[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf\u2934\u2935'
    '\u2b05-\u2b55\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff])', '\1_', 'g'),
    '([\u0620-\u06ff\u0710-\u074f\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\u1000-\u109f\u1780-\u17ff\u1820-\u18af'
    '\ufb50-\ufdff\ufe70-\ufefc])[\u200c\u200d]'
    '(?=[\u0620-\u06ff\u0710-\u074f\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\u1000-\u109f\u1780-\u17ff\u1820-\u18af'
    '\ufb50-\ufdff\ufe70-\ufefc])', '\1_', 'g');
  bad text := substring(checked from
    '[\u0001-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e'
    '\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb'
    '\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a'
    '\U000e0001\U000e0020-\U000e007f]');
  hex text;
  found_at text;
begin
  if bad is null then
    return;
  end if;
  hex := to_hex(ascii(bad));
  found_at := format('It contains U+%s at character %s.', upper(lpad(hex, greatest(length(hex), 4), '0')), strpos(checked, bad));
  if bad ~ '[\u0001-\u001f\u007f-\u009f]' then
    raise exception using errcode = 'PT400', message = format('%s cannot contain control characters.', what),
      detail = found_at;
  end if;
  if bad ~ '[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]' then
    raise exception using errcode = 'PT400',
      message = format('%s cannot contain text-direction controls: they can disguise what it says.', what),
      detail = found_at;
  end if;
  if bad ~ '[\u2028\u2029]' then
    raise exception using errcode = 'PT400', message = format('%s cannot contain line or paragraph separators.', what),
      detail = found_at;
  end if;
  raise exception using errcode = 'PT400', message = format('%s cannot contain invisible formatting characters.', what),
    detail = found_at;
end
$$;
comment on function app.assert_visible_text(text, text) is
  'Refuses (PT400) control, format (bidi, zero-width) and line/paragraph separator characters in a name.';
revoke execute on function app.assert_visible_text(text, text) from public;
grant execute on function app.assert_visible_text(text, text) to authenticated, service_role;

/*
 * A valid file or folder name, normalised (NFC, outer spaces trimmed,
 * trailing dots and spaces dropped), or an error saying what is wrong: no
 * separators, no invisible or control characters, not "." or "..", no
 * Windows reserved names, at most 255 bytes.
 */
create or replace function app.check_name(raw text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  n text := btrim(normalize(coalesce(raw, ''), nfc));
begin
  if n = '' then
    raise exception using errcode = 'PT400', message = 'A name cannot be empty.';
  end if;
  if n in ('.', '..') then
    raise exception using errcode = 'PT400', message = 'A name cannot be "." or "..".';
  end if;
  -- Windows drops them when it saves a file: keep the name it will save.
  n := rtrim(n, '. ');
  if n = '' then
    raise exception using errcode = 'PT400', message = 'A name cannot be only dots and spaces.';
  end if;
  if octet_length(n) > 255 then
    raise exception using errcode = 'PT400', message = 'A name can be at most 255 bytes long.';
  end if;
  if strpos(n, '/') > 0 or strpos(n, E'\\') > 0 then
    raise exception using errcode = 'PT400', message = 'A name cannot contain "/" or "\".';
  end if;
  perform app.assert_visible_text(n, 'A name');
  if upper(split_part(n, '.', 1)) ~ '^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$' then
    raise exception using errcode = 'PT400', message = format('"%s" is a reserved name.', n);
  end if;
  return n;
end
$$;

/*
 * Normalised, de-duplicated tag names from user input; raises a 400-class
 * error naming the first bad one.
 */
create or replace function app.clean_tag_names(names text[])
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  result text[] := '{}'::text[];
  raw text;
  tag text;
begin
  if names is null then
    return result;
  end if;
  if cardinality(names) > 50 then
    raise exception using errcode = 'P0001', message = 'A file can carry at most 50 tags.';
  end if;
  foreach raw in array names loop
    tag := app.normalize_tag(normalize(raw, nfc));
    if tag is null or char_length(tag) < 1 or char_length(tag) > 50 then
      raise exception using errcode = '22023', message = 'A tag is 1 to 50 characters long.',
        detail = format('Refused tag: %s', left(coalesce(raw, 'null'), 60));
    end if;
    perform app.assert_visible_text(tag, 'A tag');
    if not tag = any(result) then
      result := result || tag;
    end if;
  end loop;
  return result;
end
$$;
